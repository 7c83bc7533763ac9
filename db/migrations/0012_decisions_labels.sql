CREATE TYPE "public"."decision_outcome" AS ENUM('awarded', 'deferred', 'refused');--> statement-breakpoint
CREATE TYPE "public"."label_event_kind" AS ENUM('suspended', 'lifted', 'revoked', 'annulled');--> statement-breakpoint
CREATE TYPE "public"."label_level" AS ENUM('bronze', 'silver', 'gold');--> statement-breakpoint
ALTER TYPE "public"."process_state" ADD VALUE 'deferred' BEFORE 'decided';--> statement-breakpoint
CREATE TABLE "audit_rounds" (
	"process_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"summary_fr" text NOT NULL,
	"summary_en" text NOT NULL,
	"submitted_at" timestamp with time zone,
	"team" jsonb NOT NULL,
	"ratings" jsonb NOT NULL,
	"archived_by" uuid,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_rounds_process_id_round_pk" PRIMARY KEY("process_id","round")
);
--> statement-breakpoint
CREATE TABLE "decision_annulments" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"annulled_by" uuid,
	"annulled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "label_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"label_id" uuid NOT NULL,
	"kind" "label_event_kind" NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labelling_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" uuid NOT NULL,
	"audit_round" integer DEFAULT 1 NOT NULL,
	"outcome" "decision_outcome" NOT NULL,
	"level" "label_level",
	"computed_level" "label_level",
	"level_justification" text DEFAULT '' NOT NULL,
	"mention_fr" text DEFAULT '' NOT NULL,
	"mention_en" text DEFAULT '' NOT NULL,
	"decided_on" date NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"conditions" text DEFAULT '' NOT NULL,
	"revisit_on" date,
	"reasons" text DEFAULT '' NOT NULL,
	"committee_members" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_title" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labelling_decisions_award" CHECK ("labelling_decisions"."outcome" <> 'awarded' or ("labelling_decisions"."level" is not null and "labelling_decisions"."valid_from" is not null and "labelling_decisions"."valid_until" > "labelling_decisions"."valid_from")),
	CONSTRAINT "labelling_decisions_deferral" CHECK ("labelling_decisions"."outcome" <> 'deferred' or ("labelling_decisions"."revisit_on" is not null and "labelling_decisions"."conditions" <> '')),
	CONSTRAINT "labelling_decisions_refusal" CHECK ("labelling_decisions"."outcome" <> 'refused' or "labelling_decisions"."reasons" <> '')
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"establishment_id" uuid NOT NULL,
	"referential_version_id" uuid NOT NULL,
	"level" "label_level" NOT NULL,
	"mention_fr" text DEFAULT '' NOT NULL,
	"mention_en" text DEFAULT '' NOT NULL,
	"certificate_number" text NOT NULL,
	"decided_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labels_validity" CHECK ("labels"."valid_until" > "labels"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "referential_accreditations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referential_version_id" uuid NOT NULL,
	"body" text NOT NULL,
	"accredited_on" date NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_visits" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_rounds" ADD CONSTRAINT "audit_rounds_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_rounds" ADD CONSTRAINT "audit_rounds_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_annulments" ADD CONSTRAINT "decision_annulments_decision_id_labelling_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."labelling_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_annulments" ADD CONSTRAINT "decision_annulments_annulled_by_users_id_fk" FOREIGN KEY ("annulled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "label_events" ADD CONSTRAINT "label_events_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "label_events" ADD CONSTRAINT "label_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_decisions" ADD CONSTRAINT "labelling_decisions_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_decisions" ADD CONSTRAINT "labelling_decisions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_decision_id_labelling_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."labelling_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_establishment_id_establishments_id_fk" FOREIGN KEY ("establishment_id") REFERENCES "public"."establishments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_referential_version_id_referential_versions_id_fk" FOREIGN KEY ("referential_version_id") REFERENCES "public"."referential_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_accreditations" ADD CONSTRAINT "referential_accreditations_referential_version_id_referential_versions_id_fk" FOREIGN KEY ("referential_version_id") REFERENCES "public"."referential_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_accreditations" ADD CONSTRAINT "referential_accreditations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "label_events_label_idx" ON "label_events" USING btree ("label_id");--> statement-breakpoint
CREATE INDEX "labelling_decisions_process_idx" ON "labelling_decisions" USING btree ("process_id");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_decision_unique" ON "labels" USING btree ("decision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_certificate_number_unique" ON "labels" USING btree ("certificate_number");--> statement-breakpoint
CREATE INDEX "labels_establishment_idx" ON "labels" USING btree ("establishment_id");--> statement-breakpoint
CREATE INDEX "referential_accreditations_version_idx" ON "referential_accreditations" USING btree ("referential_version_id");--> statement-breakpoint
-- A recorded decision is final, and so are its annulment, the label it created, the label's events and the
-- earlier audit rounds: the database refuses to change or delete them (same refusal as the audit trail).
CREATE TRIGGER labelling_decisions_no_update_delete BEFORE UPDATE OR DELETE ON labelling_decisions FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER labelling_decisions_no_truncate BEFORE TRUNCATE ON labelling_decisions FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER decision_annulments_no_update_delete BEFORE UPDATE OR DELETE ON decision_annulments FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER decision_annulments_no_truncate BEFORE TRUNCATE ON decision_annulments FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER labels_no_update_delete BEFORE UPDATE OR DELETE ON labels FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER labels_no_truncate BEFORE TRUNCATE ON labels FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER label_events_no_update_delete BEFORE UPDATE OR DELETE ON label_events FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER label_events_no_truncate BEFORE TRUNCATE ON label_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_rounds_no_update_delete BEFORE UPDATE OR DELETE ON audit_rounds FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_rounds_no_truncate BEFORE TRUNCATE ON audit_rounds FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
