ALTER TABLE "users" ADD COLUMN "email_off_by_admin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "new_member_bubble" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "new_member_sound" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "new_member_email_choice" "email_choice" DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "item_default_visibility" "message_visibility" DEFAULT 'public' NOT NULL;