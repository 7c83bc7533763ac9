CREATE TYPE "public"."application_status" AS ENUM('pending', 'accepted', 'declined');--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"establishment_name" text NOT NULL,
	"search_key" text NOT NULL,
	"country_code" text NOT NULL,
	"city" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"language" "language" NOT NULL,
	"motivation" text NOT NULL,
	"cooperation_link" text,
	"status" "application_status" DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"establishment_id" uuid,
	"process_id" uuid,
	"client_address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "applications_decline_reason" CHECK ("applications"."status" <> 'declined' or "applications"."decline_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_country_code_countries_iso_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("iso") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_establishment_id_establishments_id_fk" FOREIGN KEY ("establishment_id") REFERENCES "public"."establishments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_process_id_labelling_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."labelling_processes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "applications_client_address_idx" ON "applications" USING btree ("client_address","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_pending_search_key_unique" ON "applications" USING btree ("search_key") WHERE "applications"."status" = 'pending';