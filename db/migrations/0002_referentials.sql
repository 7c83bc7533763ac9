CREATE TYPE "public"."criterion_tier" AS ENUM('critical', 'core', 'advanced');--> statement-breakpoint
CREATE TYPE "public"."referential_status" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TABLE "referential_chapters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"title" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referential_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"standard_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"tier" "criterion_tier" NOT NULL,
	"text" jsonb NOT NULL,
	"guidance" jsonb NOT NULL,
	"methods" text[] NOT NULL,
	"evidence" jsonb NOT NULL,
	"na_allowed" boolean NOT NULL,
	"isqua" integer[] NOT NULL,
	"replaces" text[],
	"search_fr" text NOT NULL,
	"search_en" text NOT NULL,
	CONSTRAINT "referential_criteria_critical_no_na" CHECK (not ("referential_criteria"."tier" = 'critical' and "referential_criteria"."na_allowed"))
);
--> statement-breakpoint
CREATE TABLE "referential_levels" (
	"version_id" uuid NOT NULL,
	"code" text NOT NULL,
	"rank" integer NOT NULL,
	"name" jsonb NOT NULL,
	"colour" text NOT NULL,
	"critical_min_value" integer NOT NULL,
	"global_min_percent" integer NOT NULL,
	"chapter_min_percent" integer NOT NULL,
	"advanced_min_percent" integer,
	CONSTRAINT "referential_levels_version_id_code_pk" PRIMARY KEY("version_id","code")
);
--> statement-breakpoint
CREATE TABLE "referential_scale_values" (
	"version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"value" integer NOT NULL,
	"label" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "referential_scale_values_version_id_value_pk" PRIMARY KEY("version_id","value")
);
--> statement-breakpoint
CREATE TABLE "referential_standards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"chapter_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"title" jsonb NOT NULL,
	"intent" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referential_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" text NOT NULL,
	"status" "referential_status" DEFAULT 'draft' NOT NULL,
	"illustrative" boolean NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"effective_date" date NOT NULL,
	"review_by" date NOT NULL,
	"approval_body" jsonb NOT NULL,
	"development_notes" jsonb NOT NULL,
	"changelog" jsonb NOT NULL,
	"validity_years" integer NOT NULL,
	"not_applicable_label" jsonb NOT NULL,
	"not_applicable_description" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"source_yaml" text NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"retired_at" timestamp with time zone,
	"retired_by" uuid,
	CONSTRAINT "referential_versions_published_at" CHECK (("referential_versions"."status" = 'draft') = ("referential_versions"."published_at" is null)),
	CONSTRAINT "referential_versions_retired_at" CHECK (("referential_versions"."status" = 'retired') = ("referential_versions"."retired_at" is not null)),
	CONSTRAINT "referential_versions_validity_years" CHECK ("referential_versions"."validity_years" between 1 and 10)
);
--> statement-breakpoint
ALTER TABLE "referential_chapters" ADD CONSTRAINT "referential_chapters_version_id_referential_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."referential_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_criteria" ADD CONSTRAINT "referential_criteria_version_id_referential_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."referential_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_criteria" ADD CONSTRAINT "referential_criteria_standard_id_referential_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."referential_standards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_levels" ADD CONSTRAINT "referential_levels_version_id_referential_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."referential_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_scale_values" ADD CONSTRAINT "referential_scale_values_version_id_referential_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."referential_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_standards" ADD CONSTRAINT "referential_standards_version_id_referential_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."referential_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_standards" ADD CONSTRAINT "referential_standards_chapter_id_referential_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."referential_chapters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD CONSTRAINT "referential_versions_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD CONSTRAINT "referential_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD CONSTRAINT "referential_versions_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "referential_chapters_code_unique" ON "referential_chapters" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_chapters_position_unique" ON "referential_chapters" USING btree ("version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_criteria_code_unique" ON "referential_criteria" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_criteria_position_unique" ON "referential_criteria" USING btree ("standard_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_levels_rank_unique" ON "referential_levels" USING btree ("version_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_scale_values_position_unique" ON "referential_scale_values" USING btree ("version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_standards_code_unique" ON "referential_standards" USING btree ("version_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_standards_position_unique" ON "referential_standards" USING btree ("chapter_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "referential_versions_code_version_unique" ON "referential_versions" USING btree ("code","version");