CREATE TYPE "public"."chat_reply_time" AS ENUM('minutes', 'hour', 'hours', 'day');--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "email" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD COLUMN "via_identity" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_sign_in_tokens" ADD COLUMN "visitor_customer_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "pending_email" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "blocked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "chat_greeting" text DEFAULT 'Hi there! Ask us anything, we''re happy to help.' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "chat_reply_time" "chat_reply_time" DEFAULT 'hours' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "identity_secret" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_sign_in_tokens" ADD CONSTRAINT "customer_sign_in_tokens_visitor_customer_id_customers_id_fk" FOREIGN KEY ("visitor_customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_workspace_external_id_idx" ON "customers" USING btree ("workspace_id","external_id") WHERE "customers"."external_id" is not null;