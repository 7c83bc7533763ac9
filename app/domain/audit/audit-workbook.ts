// The audit workbook (audit/export.xlsx): the self-assessment workbook's format (app/domain/process/rating-workbook.ts)
// with the auditors' columns beside the hospital's. Its About sheet names it, and hidden columns carry each audit
// rating's version and a fingerprint of what was exported, as the self-assessment template does for its import.
import { RATING_COLUMNS, ratingFingerprint, SHEETS, type RatingColumn } from "#app/domain/process/rating-workbook.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";

export const AUDIT_TEMPLATE_MARKER = "label-aphp:audit-ratings";
export const AUDIT_TEMPLATE_VERSION = 1;

export const AUDIT_SHEETS = {
  ratings: { fr: "Cotations de l'audit", en: "Audit ratings" },
  about: SHEETS.about,
} as const;

const selfColumn = (key: RatingColumn) => RATING_COLUMNS.find((c) => c.key === key)!;

/**
 * Columns of the audit ratings sheet, in order: the hospital's side first (keys as in the self-assessment sheet,
 * its rating and justification headed as the hospital's), then the audit's; hidden ones carry the audit rating's
 * version and fingerprint.
 */
export const AUDIT_RATING_COLUMNS = [
  ...(["chapter", "code", "tier", "criterion"] as const).map(selfColumn),
  { key: "rating", fr: "Auto-évaluation", en: "Self-assessment", width: 12 },
  { key: "justification", fr: "Justification de l'établissement", en: "Hospital's justification", width: 50 },
  { key: "auditRating", fr: "Cotation de l'audit", en: "Audit rating", width: 12 },
  { key: "finding", fr: "Constat", en: "Finding", width: 60 },
  { key: "classification", fr: "Classement", en: "Classification", width: 18 },
  { key: "methods", fr: "Méthodes", en: "Methods", width: 28 },
  ...(["changedAt", "changedBy", "version", "fingerprint"] as const).map(selfColumn),
];

/** A fingerprint of an exported audit rating (rating, finding, classification, methods): tells an edited row. */
export function auditFingerprint(audit: { rating: RatingValue | null; finding: string; classification: string | null; methods: readonly string[] } | null): string {
  if (!audit) return ratingFingerprint(null, "");
  return ratingFingerprint(audit.rating, [audit.finding, audit.classification ?? "", audit.methods.join(",")].join("\u0000"));
}
