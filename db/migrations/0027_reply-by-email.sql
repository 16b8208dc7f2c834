CREATE TYPE "public"."inbound_outcome" AS ENUM('posted', 'refused', 'automatic', 'empty', 'expired');--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_email_id" text NOT NULL,
	"message_id_header" text,
	"workspace_id" uuid,
	"conversation_id" uuid,
	"posted_message_id" uuid,
	"outcome" "inbound_outcome" NOT NULL,
	"reason" text,
	"from_address" text NOT NULL,
	"subject" text NOT NULL,
	"text" text,
	"html" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_emails_provider_email_id_unique" UNIQUE("provider_email_id")
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_posted_message_id_messages_id_fk" FOREIGN KEY ("posted_message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_message_id_header_idx" ON "inbound_emails" USING btree ("message_id_header") WHERE "inbound_emails"."message_id_header" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_posted_message_idx" ON "inbound_emails" USING btree ("posted_message_id") WHERE "inbound_emails"."posted_message_id" is not null;