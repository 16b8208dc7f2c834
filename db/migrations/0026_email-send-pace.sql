CREATE TABLE "email_send_pace" (
	"provider" text PRIMARY KEY NOT NULL,
	"next_slot_at" timestamp with time zone NOT NULL
);
