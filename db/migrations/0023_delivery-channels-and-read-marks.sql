ALTER TYPE "public"."delivery_channel" ADD VALUE 'push';--> statement-breakpoint
ALTER TYPE "public"."delivery_channel" ADD VALUE 'live';--> statement-breakpoint
CREATE TABLE "read_marks" (
	"workspace_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "read_marks_participant_id_seq_pk" PRIMARY KEY("participant_id","seq")
);
--> statement-breakpoint
ALTER TABLE "read_marks" ADD CONSTRAINT "read_marks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "read_marks" ADD CONSTRAINT "read_marks_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "read_marks_workspace_idx" ON "read_marks" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "deliveries_leased_idx" ON "deliveries" USING btree ("channel","due_at") WHERE "deliveries"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "deliveries_problems_idx" ON "deliveries" USING btree ("workspace_id","channel","created_at") WHERE "deliveries"."last_error" is not null and "deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
-- Every way a read position moves (reading, replying, joining) leaves a mark of when (db/schema.ts, readMarks).
CREATE FUNCTION "record_read_mark"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "read_marks" ("workspace_id", "participant_id", "seq")
  VALUES (NEW."workspace_id", NEW."id", NEW."last_read_seq")
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "participants_read_marks_update" AFTER UPDATE OF "last_read_seq" ON "participants"
FOR EACH ROW WHEN (NEW."last_read_seq" > OLD."last_read_seq") EXECUTE FUNCTION "record_read_mark"();--> statement-breakpoint
CREATE TRIGGER "participants_read_marks_insert" AFTER INSERT ON "participants"
FOR EACH ROW WHEN (NEW."last_read_seq" > 0) EXECUTE FUNCTION "record_read_mark"();
