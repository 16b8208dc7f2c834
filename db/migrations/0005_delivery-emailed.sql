-- A delivery is done once it is in an email; the email says whether it went. Rows that were 'sent' were in a sent email.
ALTER TYPE "public"."delivery_status" RENAME VALUE 'sent' TO 'emailed';
--> statement-breakpoint
-- Deliveries already in an email that had not gone yet: the new code never revisits them.
UPDATE "deliveries" SET "status" = 'emailed' WHERE "status" = 'pending' AND "email_id" IS NOT NULL;
