CREATE TYPE "public"."action_status" AS ENUM('planned', 'in_progress', 'done');--> statement-breakpoint
CREATE TYPE "public"."process_state" AS ENUM('self_assessment', 'submitted', 'audit_scheduled', 'audit_in_progress', 'audit_submitted', 'decided', 'withdrawn');--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner" text DEFAULT '' NOT NULL,
	"due_date" date,
	"status" "action_status" DEFAULT 'planned' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chapter_assignments" (
	"process_id" uuid NOT NULL,
	"chapter_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chapter_assignments_process_id_chapter_id_user_id_pk" PRIMARY KEY("process_id","chapter_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "criterion_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" uuid NOT NULL,
	"original_name" text NOT NULL,
	"stored_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" uuid NOT NULL,
	"evidence_file_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"linked_by" uuid NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" uuid,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "labelling_processes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"establishment_id" uuid NOT NULL,
	"referential_version_id" uuid NOT NULL,
	"state" "process_state" DEFAULT 'self_assessment' NOT NULL,
	"self_assessment_due" date,
	"planned_visit" date,
	"opened_by" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"process_id" uuid NOT NULL,
	"from_state" "process_state",
	"to_state" "process_state" NOT NULL,
	"actor_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment" text
);
--> statement-breakpoint
CREATE TABLE "self_assessment_ratings" (
	"process_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"rating" text,
	"justification" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "self_assessment_ratings_process_id_criterion_id_pk" PRIMARY KEY("process_id","criterion_id"),
	CONSTRAINT "self_assessment_ratings_rating_format" CHECK ("self_assessment_ratings"."rating" is null or "self_assessment_ratings"."rating" ~ '^(NA|[0-9]+)$')
);
--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_criterion_id_referential_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."referential_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chapter_assignments" ADD CONSTRAINT "chapter_assignments_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chapter_assignments" ADD CONSTRAINT "chapter_assignments_chapter_id_referential_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."referential_chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chapter_assignments" ADD CONSTRAINT "chapter_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chapter_assignments" ADD CONSTRAINT "chapter_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_comments" ADD CONSTRAINT "criterion_comments_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_comments" ADD CONSTRAINT "criterion_comments_criterion_id_referential_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."referential_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criterion_comments" ADD CONSTRAINT "criterion_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_evidence_file_id_evidence_files_id_fk" FOREIGN KEY ("evidence_file_id") REFERENCES "public"."evidence_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_criterion_id_referential_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."referential_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_linked_by_users_id_fk" FOREIGN KEY ("linked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_links" ADD CONSTRAINT "evidence_links_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_processes" ADD CONSTRAINT "labelling_processes_establishment_id_establishments_id_fk" FOREIGN KEY ("establishment_id") REFERENCES "public"."establishments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_processes" ADD CONSTRAINT "labelling_processes_referential_version_id_referential_versions_id_fk" FOREIGN KEY ("referential_version_id") REFERENCES "public"."referential_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelling_processes" ADD CONSTRAINT "labelling_processes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_transitions" ADD CONSTRAINT "process_transitions_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "process_transitions" ADD CONSTRAINT "process_transitions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_criterion_id_referential_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."referential_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD CONSTRAINT "self_assessment_ratings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_items_process_idx" ON "action_items" USING btree ("process_id","criterion_id");--> statement-breakpoint
CREATE INDEX "criterion_comments_process_criterion_idx" ON "criterion_comments" USING btree ("process_id","criterion_id");--> statement-breakpoint
CREATE INDEX "evidence_files_process_idx" ON "evidence_files" USING btree ("process_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_files_stored_name_unique" ON "evidence_files" USING btree ("stored_name");--> statement-breakpoint
CREATE INDEX "evidence_links_process_criterion_idx" ON "evidence_links" USING btree ("process_id","criterion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_links_active_unique" ON "evidence_links" USING btree ("evidence_file_id","criterion_id") WHERE "evidence_links"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "labelling_processes_establishment_idx" ON "labelling_processes" USING btree ("establishment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "labelling_processes_one_open" ON "labelling_processes" USING btree ("establishment_id") WHERE "labelling_processes"."state" not in ('decided', 'withdrawn');--> statement-breakpoint
CREATE INDEX "process_transitions_process_idx" ON "process_transitions" USING btree ("process_id");