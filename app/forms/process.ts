import { checkboxField, text, z } from "./validation.ts";

const isoDate = z.iso.date({ error: "date" });

export const openProcessSchema = z
  .object({
    establishmentId: z.uuid(),
    referentialVersionId: z.uuid(),
    selfAssessmentDue: isoDate.optional(),
    plannedVisit: isoDate.optional(),
    /** Start from the previous process's ratings (the box is shown, ticked, when the establishment had one). */
    carryOver: checkboxField,
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

/** Confirming a carried-over rating as it stands: the version the page showed (a colleague's save since is a conflict). */
export const confirmCarriedSchema = z.object({
  intent: z.literal("confirm-carried"),
  baseVersion: z.coerce.number().int().min(1),
});

/** Confirming a chapter's carried-over ratings: each as `code@version`, as the list showed them. */
export const confirmChapterSchema = z.object({
  intent: z.literal("confirm-chapter"),
  confirm: z
    .array(z.string().regex(/^[0-9A-Za-z.]{1,20}@[0-9]{1,9}$/))
    .max(1000)
    .transform((items) => items.map((item) => ({ code: item.split("@")[0]!, version: Number(item.split("@")[1]) }))),
});

/** The rating form (the rules of the scale are checked by the domain, with the version's data). */
export const ratingFormSchema = z.object({
  rating: z.string().max(10).default(""),
  justification: z.string().max(5000).default(""),
  baseVersion: z.coerce.number().int().min(0),
  /** A change queued in the browser (offline): sent twice, applied once. */
  idempotencyKey: z.string().uuid().optional(),
});
