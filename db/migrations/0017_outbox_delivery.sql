-- Outbox delivered at least once (issue 20): a sender claims a message with a lease that expires, counts the try,
-- and after a refusal or a timeout waits (exponential backoff) before the next; after the last allowed try the message
-- is a dead letter the DRI may send again. A message that failed before this migration was never retried: it becomes
-- a dead letter with one try, so the DRI sees it and decides.
ALTER TABLE "outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."sent_at" is null and "outbox"."dead_at" is null;--> statement-breakpoint
UPDATE "outbox" SET "dead_at" = now(), "attempts" = 1 WHERE "sent_at" IS NULL AND "send_error" IS NOT NULL;