import { emailField, languageField, z } from "./validation.ts";

/** The public application form (/apply). Messages are keys under `validation.`. */
export const applicationSchema = z.object({
  establishmentName: z.string().trim().min(1).max(200),
  countryCode: z.string().trim().regex(/^[A-Z]{2}$/, { error: "choice" }),
  city: z.string().trim().min(1).max(120),
  contactName: z.string().trim().min(1).max(200),
  contactEmail: emailField,
  language: languageField,
  motivation: z.string().trim().min(1).max(5000),
  cooperationLink: z.string().trim().max(500).optional(),
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

/** The honeypot: a field people never see; only robots fill it in. */
export const HONEYPOT_FIELD = "website";

export const acceptApplicationSchema = z.object({
  intent: z.literal("accept"),
  referentialVersionId: z.uuid({ error: "choice" }),
});

export const declineApplicationSchema = z.object({
  intent: z.literal("decline"),
  reason: z.string().trim().min(1, { error: "reason_required" }).max(2000),
});

export const decideApplicationSchema = z.discriminatedUnion("intent", [acceptApplicationSchema, declineApplicationSchema]);
