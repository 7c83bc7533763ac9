import { text, z } from "./validation.ts";

const isoDate = z.iso.date({ error: "date" });

export const openProcessSchema = z
  .object({
    establishmentId: z.uuid(),
    referentialVersionId: z.uuid(),
    selfAssessmentDue: isoDate.optional(),
    plannedVisit: isoDate.optional(),
  })
  .refine((v) => !v.selfAssessmentDue || !v.plannedVisit || v.plannedVisit >= v.selfAssessmentDue, {
    path: ["plannedVisit"],
    error: "visit_before_due",
  });

export const transitionSchema = z.object({
  intent: z.enum(["reopen", "withdraw"]),
  reason: text(2000, { multiline: true }).min(1, { error: "reason_required" }),
});

export const commentSchema = z.object({
  intent: z.literal("comment"),
  body: text(5000, { multiline: true }).min(1),
});

/** The rating form (the rules of the scale are checked by the domain, with the version's data). */
export const ratingFormSchema = z.object({
  rating: z.string().max(10).default(""),
  justification: z.string().max(5000).default(""),
  baseVersion: z.coerce.number().int().min(0),
});
