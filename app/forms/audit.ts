import { text, z } from "./validation.ts";

const isoDate = z.union([z.literal(""), z.iso.date()]).transform((v) => (v === "" ? null : v));
const optionalId = z.union([z.literal(""), z.uuid()]).transform((v) => (v === "" ? null : v));

/**
 * The visit's schedule and team as posted: dates, one lead, co-auditors, and for each chapter the member given it
 * (fields `chapter-<code>`). The rules (end after start, a lead, not twice on the team) are the domain's.
 */
export function parseScheduleForm(formData: FormData) {
  const chapters: Record<string, string[]> = {};
  for (const [name, value] of formData) {
    if (!name.startsWith("chapter-") || typeof value !== "string" || value === "") continue;
    const code = name.slice("chapter-".length);
    if (/^[0-9A-Za-z.]{1,20}$/.test(code) && z.uuid().safeParse(value).success) chapters[code] = [value];
  }
  const parsed = z
    .object({
      startsOn: isoDate,
      endsOn: isoDate,
      leadId: optionalId,
      coAuditorIds: z.array(z.uuid()).max(50),
    })
    .safeParse({
      startsOn: formData.get("startsOn") ?? "",
      endsOn: formData.get("endsOn") ?? "",
      leadId: formData.get("leadId") ?? "",
      coAuditorIds: formData.getAll("coAuditorIds"),
    });
  return parsed.success ? { ok: true as const, value: { ...parsed.data, chapters } } : { ok: false as const };
}

export const auditSummarySchema = z.object({
  intent: z.literal("summary"),
  summaryFr: text(20000, { multiline: true }).default(""),
  summaryEn: text(20000, { multiline: true }).default(""),
  baseVersion: z.coerce.number().int().min(0),
});

export const auditIntentSchema = z.object({ intent: z.enum(["summary", "submit"]) });
