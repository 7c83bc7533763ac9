// The audit workbook (audit/export.xlsx): the self-assessment workbook's format (app/domain/process/rating-workbook.ts)
// with the auditors' columns beside the hospital's. Its About sheet names it, and hidden columns carry each audit
// rating's version and a fingerprint of what was exported, as the self-assessment template does for its import.
import { ratingFingerprint, SHEETS } from "#app/domain/process/rating-workbook.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";

export const AUDIT_TEMPLATE_MARKER = "label-aphp:audit-ratings";
export const AUDIT_TEMPLATE_VERSION = 1;

export const AUDIT_SHEETS = {
  ratings: { fr: "Cotations de l'audit", en: "Audit ratings" },
  about: SHEETS.about,
} as const;

/** Columns of the audit ratings sheet, in order: the hospital's side first (keys as in the self-assessment sheet). */
export const AUDIT_RATING_COLUMNS = [
  { key: "chapter", fr: "Chapitre", en: "Chapter", width: 30 },
  { key: "code", fr: "Code", en: "Code", width: 9 },
  { key: "tier", fr: "Niveau d'exigence", en: "Tier", width: 13 },
  { key: "criterion", fr: "Critère", en: "Criterion", width: 60 },
  { key: "rating", fr: "Auto-évaluation", en: "Self-assessment", width: 12 },
  { key: "justification", fr: "Justification de l'établissement", en: "Hospital's justification", width: 50 },
  { key: "auditRating", fr: "Cotation de l'audit", en: "Audit rating", width: 12 },
  { key: "finding", fr: "Constat", en: "Finding", width: 60 },
  { key: "classification", fr: "Classement", en: "Classification", width: 18 },
  { key: "methods", fr: "Méthodes", en: "Methods", width: 28 },
  { key: "changedAt", fr: "Dernière modification", en: "Last changed", width: 18 },
  { key: "changedBy", fr: "Modifiée par", en: "Changed by", width: 20 },
  { key: "version", fr: "version", en: "version", width: 8, hidden: true },
  { key: "fingerprint", fr: "empreinte", en: "fingerprint", width: 14, hidden: true },
] as const;

/** A fingerprint of an exported audit rating (rating, finding, classification, methods): tells an edited row. */
export function auditFingerprint(audit: { rating: RatingValue | null; finding: string; classification: string | null; methods: readonly string[] } | null): string {
  if (!audit) return ratingFingerprint(null, "");
  return ratingFingerprint(audit.rating, [audit.finding, audit.classification ?? "", audit.methods.join(",")].join("\u0000"));
}
