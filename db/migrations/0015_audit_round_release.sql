-- An archived audit round remembers when its report was released, so the hospital's staff keep reading the report of
-- a deferred round once the revisit starts the next one (the visit's own release is reset for the new round).
ALTER TABLE "audit_rounds" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
-- Rounds archived before: each was deferred by a committee decision, and recording a decision releases the report.
-- audit_rounds is append-only (trigger); this one-off backfill lifts the row trigger for its own statement only.
ALTER TABLE "audit_rounds" DISABLE TRIGGER "audit_rounds_no_update_delete";--> statement-breakpoint
UPDATE "audit_rounds" r SET "released_at" = d."recorded_at"
  FROM "labelling_decisions" d
  WHERE d."process_id" = r."process_id" AND d."audit_round" = r."round" AND d."outcome" = 'deferred';--> statement-breakpoint
ALTER TABLE "audit_rounds" ENABLE TRIGGER "audit_rounds_no_update_delete";
