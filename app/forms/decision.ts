import { DECISION_OUTCOMES, type DecisionInput } from "#app/domain/label/decision.ts";
import { LEVEL_CODES } from "#app/domain/referential/schema.ts";
import { text, z } from "./validation.ts";

const isoDate = z.union([z.literal(""), z.iso.date()]).transform((v) => (v === "" ? null : v));
const FIELDS = {
  outcome: z.enum(DECISION_OUTCOMES),
  level: z.union([z.literal(""), z.enum(LEVEL_CODES)]).transform((v) => (v === "" ? null : v)),
  levelJustification: text(5000, { multiline: true }),
  mentionFr: text(300),
  mentionEn: text(300),
  decidedOn: isoDate,
  validFrom: isoDate,
  validUntil: isoDate,
  conditions: text(5000, { multiline: true }),
  revisitOn: isoDate,
  reasons: text(5000, { multiline: true }),
  committeeMembers: text(2000, { multiline: true }),
  signerName: text(200),
  signerTitle: text(200),
} as const;

export type DecisionField = keyof typeof FIELDS;
export type DecisionTyped = Record<DecisionField, string>;

/**
 * The committee's decision as posted: each field checked on its own (a wrong one is named, what was typed is kept);
 * the rules between fields (a level other than the computed one needs a justification…) are the domain's.
 */
export function parseDecisionForm(formData: FormData): { typed: DecisionTyped; input: DecisionInput | null; problems: Partial<Record<DecisionField, string>> } {
  const typed = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, String(formData.get(name) ?? "")])) as DecisionTyped;
  const problems: Partial<Record<DecisionField, string>> = {};
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(FIELDS) as [DecisionField, z.ZodType][]) {
    const parsed = schema.safeParse(typed[name]);
    if (parsed.success) values[name] = parsed.data;
    else problems[name] = parsed.error.issues[0]?.message ?? "invalid";
  }
  if (values.decidedOn === null) problems.decidedOn ??= "required";
  return { typed, input: Object.keys(problems).length ? null : (values as unknown as DecisionInput), problems };
}

export const annulSchema = z.object({ intent: z.literal("annul"), reason: text(2000, { multiline: true }).min(1) });
export const labelStatusSchema = z.object({ intent: z.enum(["suspended", "lifted", "revoked"]), reason: text(2000, { multiline: true }).min(1) });
