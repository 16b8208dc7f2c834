DROP INDEX "conversations_workspace_idx";--> statement-breakpoint
CREATE INDEX "conversations_workspace_newest_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id");