-- Deliveries become channel-neutral: a generic status, attempts, last error, sent time and what carried them.
ALTER TABLE "deliveries" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "carrier_id" uuid;--> statement-breakpoint
UPDATE "deliveries" SET "carrier_id" = "email_id" WHERE "email_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_email_id_email_outbox_id_fk";--> statement-breakpoint
-- The partial indexes compare the old status type: they go first, and come back keyed by channel.
DROP INDEX "deliveries_pending_due_idx";--> statement-breakpoint
DROP INDEX "deliveries_email_idx";--> statement-breakpoint
DROP INDEX "deliveries_batch_idx";--> statement-breakpoint
DROP INDEX "deliveries_customer_batch_idx";--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "status" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "status" SET DEFAULT 'pending'::text;--> statement-breakpoint
DROP TYPE "public"."delivery_status";--> statement-breakpoint
CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'queued', 'sent', 'cancelled', 'failed');--> statement-breakpoint
-- An 'emailed' delivery is 'sent' once its email went and 'queued' while it is still to go (its
-- retries stay on the email); a failed one keeps its email's error. Pending and cancelled stay as they are.
UPDATE "deliveries" SET
  "status" = CASE o."status" WHEN 'sent' THEN 'sent' WHEN 'failed' THEN 'failed' ELSE 'queued' END,
  "sent_at" = o."sent_at",
  "attempts" = o."attempts",
  "last_error" = CASE WHEN o."status" = 'failed' THEN o."last_error" END
FROM "email_outbox" o
WHERE o."id" = "deliveries"."carrier_id" AND "deliveries"."status" IN ('emailed', 'failed');--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "status" SET DEFAULT 'pending'::"public"."delivery_status";--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "status" SET DATA TYPE "public"."delivery_status" USING "status"::"public"."delivery_status";--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("channel","due_at") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_carrier_idx" ON "deliveries" USING btree ("carrier_id");--> statement-breakpoint
CREATE INDEX "deliveries_batch_idx" ON "deliveries" USING btree ("channel","recipient_user_id","conversation_id") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_customer_batch_idx" ON "deliveries" USING btree ("channel","recipient_customer_id","conversation_id") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "deliveries" DROP COLUMN "email_id";--> statement-breakpoint
-- A system line in a customer conversation is the team's (appendMessage now makes it internal itself).
UPDATE "messages" SET "visibility" = 'internal'
FROM "conversations" c
WHERE c."id" = "messages"."conversation_id" AND c."kind" = 'customer'
  AND "messages"."author_kind" = 'system' AND "messages"."visibility" = 'public';
