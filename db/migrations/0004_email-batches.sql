CREATE TABLE "email_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "email_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_idempotency_key_unique";--> statement-breakpoint
DROP INDEX "email_outbox_pending_idx";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
-- Emails already written become batches of one, keeping their state and schedule.
-- The batch id is the email's old idempotency key, so an email in flight keeps its key.
INSERT INTO "email_batches" ("id", "status", "attempts", "next_attempt_at", "last_error", "created_at")
  SELECT "idempotency_key"::uuid, "status", "attempts", "next_attempt_at", "last_error", "created_at" FROM "email_outbox";--> statement-breakpoint
UPDATE "email_outbox" SET "batch_id" = "idempotency_key"::uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ALTER COLUMN "batch_id" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "email_batches_pending_idx" ON "email_batches" USING btree ("next_attempt_at") WHERE "email_batches"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_batch_id_email_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."email_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_outbox_batch_idx" ON "email_outbox" USING btree ("batch_id");--> statement-breakpoint
ALTER TABLE "email_outbox" DROP COLUMN "idempotency_key";--> statement-breakpoint
ALTER TABLE "email_outbox" DROP COLUMN "next_attempt_at";