CREATE TYPE "public"."item_kind" AS ENUM('ticket', 'task');--> statement-breakpoint
CREATE TYPE "public"."item_status" AS ENUM('open', 'in_progress', 'resolved', 'closed');--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" "item_kind" NOT NULL,
	"status" "item_status" DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"assignee_user_id" uuid,
	"requester_customer_id" uuid,
	"created_by_user_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_conversation_id_unique" UNIQUE("conversation_id"),
	CONSTRAINT "items_ticket_requester" CHECK (("items"."kind" = 'ticket') = ("items"."requester_customer_id" is not null))
);
--> statement-breakpoint
DROP INDEX "conversations_customer_view_idx";--> statement-breakpoint
DROP INDEX "participants_user_view_idx";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "on_item" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "on_item" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "last_item_number" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_requester_customer_id_customers_id_fk" FOREIGN KEY ("requester_customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "items_workspace_number_idx" ON "items" USING btree ("workspace_id","number");--> statement-breakpoint
CREATE INDEX "items_workspace_kind_idx" ON "items" USING btree ("workspace_id","kind","number");--> statement-breakpoint
CREATE INDEX "items_workspace_status_idx" ON "items" USING btree ("workspace_id","status","number");--> statement-breakpoint
CREATE INDEX "items_assignee_idx" ON "items" USING btree ("assignee_user_id","number");--> statement-breakpoint
CREATE INDEX "participants_user_items_idx" ON "participants" USING btree ("user_id","last_message_at","conversation_id") WHERE "participants"."on_item";--> statement-breakpoint
CREATE INDEX "conversations_customer_view_idx" ON "conversations" USING btree ("workspace_id","kind","status","last_message_at","id") WHERE not "conversations"."on_item";--> statement-breakpoint
CREATE INDEX "participants_user_view_idx" ON "participants" USING btree ("user_id","kind","last_message_at","conversation_id") WHERE not "participants"."on_item";