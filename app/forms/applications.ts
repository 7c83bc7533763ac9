import { checkboxField, emailField, languageField, text, z } from "./validation.ts";

/** The public application form (/apply). Messages are keys under `validation.`. */
export const applicationSchema = z.object({
  establishmentName: text(200).min(1),
  countryCode: z.string().trim().regex(/^[A-Z]{2}$/, { error: "choice" }),
  city: text(120).min(1),
  contactName: text(200).min(1),
  contactEmail: emailField,
  language: languageField,
  motivation: text(5000, { multiline: true }).min(1),
  cooperationLink: text(500).optional(),
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

/** The honeypot: a field people never see; only robots fill it in. */
export const HONEYPOT_FIELD = "website";

export const acceptApplicationSchema = z.object({
  intent: z.literal("accept"),
  referentialVersionId: z.uuid({ error: "choice" }),
  /** For a hospital already in the registry that had a process: start from its ratings. */
  carryOver: checkboxField,
});

export const declineApplicationSchema = z.object({
  intent: z.literal("decline"),
  reason: text(2000, { multiline: true }).min(1, { error: "reason_required" }),
});

export const decideApplicationSchema = z.discriminatedUnion("intent", [acceptApplicationSchema, declineApplicationSchema]);
