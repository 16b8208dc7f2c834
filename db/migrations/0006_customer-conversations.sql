CREATE TYPE "public"."message_visibility" AS ENUM('public', 'internal');--> statement-breakpoint
CREATE TABLE "customer_sign_in_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_sign_in_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "notify_email" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "recipient_customer_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "from_name" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "visibility" "message_visibility" DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "customer_facing" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "customer_email_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_sign_in_tokens" ADD CONSTRAINT "customer_sign_in_tokens_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_sign_in_tokens_recent_idx" ON "customer_sign_in_tokens" USING btree ("workspace_id","created_at");--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_recipient_customer_id_customers_id_fk" FOREIGN KEY ("recipient_customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_customer_view_idx" ON "conversations" USING btree ("workspace_id","kind","status","last_message_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_message_customer_channel_idx" ON "deliveries" USING btree ("message_id","recipient_customer_id","channel");--> statement-breakpoint
CREATE INDEX "deliveries_customer_batch_idx" ON "deliveries" USING btree ("recipient_customer_id","conversation_id") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_one_recipient" CHECK (num_nonnulls("deliveries"."recipient_user_id", "deliveries"."recipient_customer_id") = 1);