// The auditors' scoring: the filters of the criteria list (in the URL) and the audit rating form. The rules of the
// scale, the finding and the classification are the domain's (checkAuditRating), with the version's data.
import { FINDING_MAX } from "#app/domain/audit/visit.ts";
import { z } from "./validation.ts";

/** The list's filters from a URL's query (plain code, for the pages' JavaScript too: see the domain). */
export { readScoringFilters } from "#app/domain/audit/scoring-list.ts";

export const auditRatingFormSchema = z.object({
  rating: z.string().max(10).default(""),
  // Generous bounds: the domain says "too long" under the field, with the limit.
  finding: z.string().max(FINDING_MAX * 2).default(""),
  classification: z.string().max(40).default(""),
  methods: z.array(z.string().max(40)).max(20).default([]),
  baseVersion: z.coerce.number().int().min(0),
  /** A change queued in the browser (offline): sent twice, applied once. */
  idempotencyKey: z.string().uuid().optional(),
});

export type AuditRatingForm = z.infer<typeof auditRatingFormSchema>;

/** The posted audit rating (the plain form and the autosave post the same fields; methods once per box ticked). */
export function readAuditRatingForm(form: FormData) {
  return auditRatingFormSchema.safeParse({
    rating: form.get("rating") ?? undefined,
    finding: form.get("finding") ?? undefined,
    classification: form.get("classification") ?? undefined,
    methods: form.getAll("methods"),
    baseVersion: form.get("baseVersion"),
    idempotencyKey: form.get("idempotencyKey") ?? undefined,
  });
}

/** What was typed, to show it back under a refusal (whatever it holds; bounded like the fields). */
export function typedAuditRating(form: FormData) {
  const text = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, max) : "";
  };
  return {
    rating: text("rating", 10),
    finding: text("finding", FINDING_MAX),
    classification: text("classification", 40),
    methods: form
      .getAll("methods")
      .filter((m): m is string => typeof m === "string")
      .slice(0, 20),
  };
}
