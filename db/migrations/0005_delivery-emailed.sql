-- A delivery is done once it is in an email; the email says whether it went. Rows that were 'sent' were in a sent email.
ALTER TYPE "public"."delivery_status" RENAME VALUE 'sent' TO 'emailed';
