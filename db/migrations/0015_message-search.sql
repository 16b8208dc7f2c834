ALTER TABLE "messages" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "conversations_subject_search_idx" ON "conversations" USING gin (to_tsvector('simple', coalesce("subject", '')));--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "messages_workspace_newest_idx" ON "messages" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "participants_customer_list_idx" ON "participants" USING btree ("customer_id","last_message_at","conversation_id") WHERE "participants"."customer_id" is not null;