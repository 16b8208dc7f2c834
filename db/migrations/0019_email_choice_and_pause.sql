CREATE TYPE "public"."email_choice" AS ENUM('all', 'direct', 'none');--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notify_sound" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_choice" "email_choice" DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "notifications_paused_until" timestamp with time zone;--> statement-breakpoint
-- Email off becomes the choice None; on stays All messages.
UPDATE "users" SET "email_choice" = 'none' WHERE NOT "notify_email";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "notify_email";