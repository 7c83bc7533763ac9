CREATE TYPE "public"."audit_team_role" AS ENUM('lead', 'co_auditor');--> statement-breakpoint
CREATE TYPE "public"."finding_classification" AS ENUM('strength', 'recommendation', 'non_conformity');--> statement-breakpoint
CREATE TABLE "audit_chapter_assignments" (
	"process_id" uuid NOT NULL,
	"chapter_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "audit_chapter_assignments_process_id_chapter_id_user_id_pk" PRIMARY KEY("process_id","chapter_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "audit_ratings" (
	"process_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"rating" text,
	"finding" text DEFAULT '' NOT NULL,
	"classification" "finding_classification",
	"methods" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_ratings_process_id_criterion_id_pk" PRIMARY KEY("process_id","criterion_id"),
	CONSTRAINT "audit_ratings_rating_format" CHECK ("audit_ratings"."rating" is null or "audit_ratings"."rating" ~ '^(NA|[0-9]+)$')
);
--> statement-breakpoint
CREATE TABLE "audit_team_members" (
	"process_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "audit_team_role" NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_team_members_process_id_user_id_pk" PRIMARY KEY("process_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "audit_visits" (
	"process_id" uuid PRIMARY KEY NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"summary_fr" text DEFAULT '' NOT NULL,
	"summary_en" text DEFAULT '' NOT NULL,
	"summary_version" integer DEFAULT 0 NOT NULL,
	"scheduled_by" uuid,
	"scheduled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	CONSTRAINT "audit_visits_dates" CHECK ("audit_visits"."ends_on" >= "audit_visits"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "audit_chapter_assignments" ADD CONSTRAINT "audit_chapter_assignments_process_id_audit_visits_process_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."audit_visits"("process_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_chapter_assignments" ADD CONSTRAINT "audit_chapter_assignments_chapter_id_referential_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."referential_chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_chapter_assignments" ADD CONSTRAINT "audit_chapter_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_ratings" ADD CONSTRAINT "audit_ratings_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_ratings" ADD CONSTRAINT "audit_ratings_criterion_id_referential_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."referential_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_ratings" ADD CONSTRAINT "audit_ratings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_team_members" ADD CONSTRAINT "audit_team_members_process_id_audit_visits_process_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."audit_visits"("process_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_team_members" ADD CONSTRAINT "audit_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_visits" ADD CONSTRAINT "audit_visits_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_visits" ADD CONSTRAINT "audit_visits_scheduled_by_users_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_visits" ADD CONSTRAINT "audit_visits_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_visits" ADD CONSTRAINT "audit_visits_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_team_members_user_idx" ON "audit_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_team_members_one_lead" ON "audit_team_members" USING btree ("process_id") WHERE "audit_team_members"."role" = 'lead';