-- Idempotent saves (issue 17, offline site visit): a queued change sent twice is applied once.
CREATE TABLE "idempotent_saves" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"result" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "idempotent_saves" ADD CONSTRAINT "idempotent_saves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotent_saves_at_idx" ON "idempotent_saves" USING btree ("at");