-- Rating guidance and ISQua principles 1–2 (issue 19): what earns each scale value on a criterion, and a version's
-- glossary, references, tier and rules rationale and development-and-review section. Additive and nullable: versions
-- whose files leave them out (2019, 2024) keep their rows and content hash. The freeze triggers of migration 0003 cover
-- the new columns (row triggers on the content tables; the version row compares every column but the retirement's).
ALTER TABLE "referential_criteria" ADD COLUMN "rating_guidance" jsonb;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD COLUMN "glossary" jsonb;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD COLUMN "reference_list" jsonb;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD COLUMN "tier_rationale" jsonb;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD COLUMN "rules_rationale" jsonb;--> statement-breakpoint
ALTER TABLE "referential_versions" ADD COLUMN "development" jsonb;