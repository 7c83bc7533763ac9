-- Referential rules (issue 16): criteria may depend on a service (N/A on a critical criterion only then), a level may
-- set a floor on the core tier's score, and a renewal process starts from its previous process's ratings, each marked
-- carried over until someone confirms or changes it. Additive: no existing row changes.
CREATE TYPE "public"."criterion_service" AS ENUM('emergency', 'intensive_care', 'surgery', 'maternity', 'neonatal_care', 'transfusion', 'imaging', 'laboratory', 'high_risk_procedures');--> statement-breakpoint
ALTER TABLE "referential_criteria" DROP CONSTRAINT "referential_criteria_critical_no_na";--> statement-breakpoint
ALTER TABLE "labelling_processes" ADD COLUMN "renews_process_id" uuid;--> statement-breakpoint
ALTER TABLE "referential_criteria" ADD COLUMN "service" "criterion_service";--> statement-breakpoint
ALTER TABLE "referential_levels" ADD COLUMN "core_min_percent" integer;--> statement-breakpoint
ALTER TABLE "self_assessment_ratings" ADD COLUMN "carried_over_from" text[];--> statement-breakpoint
ALTER TABLE "labelling_processes" ADD CONSTRAINT "labelling_processes_renews_process_id_labelling_processes_id_fk" FOREIGN KEY ("renews_process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referential_criteria" ADD CONSTRAINT "referential_criteria_critical_na_needs_service" CHECK (not ("referential_criteria"."tier" = 'critical' and "referential_criteria"."na_allowed" and "referential_criteria"."service" is null));--> statement-breakpoint
ALTER TABLE "referential_criteria" ADD CONSTRAINT "referential_criteria_service_allows_na" CHECK ("referential_criteria"."service" is null or "referential_criteria"."na_allowed");