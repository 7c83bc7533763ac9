// The audit workbook (audit/export.xlsx): the self-assessment workbook's format (app/domain/process/rating-workbook.ts)
// with the auditors' columns beside the hospital's. Its About sheet names it, and hidden columns carry each audit
// rating's version and a fingerprint of what was exported, as the self-assessment template does for its import;
// a filled-in copy is read back through the same reading (readTemplateWorkbook), each row checked like a save.
import { RATING_COLUMNS, ratingFingerprint, readRatingCell, SHEETS, type RatingColumn, type WorkbookTemplate } from "#app/domain/process/rating-workbook.ts";
import { normaliseJustification, type RatingValue } from "#app/domain/process/rating-input.ts";
import type { Service } from "#app/domain/referential/schema.ts";
import { METHODS } from "#app/domain/referential/vocabulary.ts";
import { checkAuditRating, normaliseMethods, type AuditRatingProblem, type FindingClassification } from "./visit.ts";

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

// ─── Reading a filled-in audit workbook ─────────────────────────────────────────────────────────────────────

/** What an audit row says: the auditors' rating, finding, its classification and the methods used. */
export interface AuditFields {
  rating: RatingValue | null;
  finding: string;
  classification: FindingClassification | null;
  methods: string[];
}

export const AUDIT_EMPTY: AuditFields = { rating: null, finding: "", classification: null, methods: [] };

/** A row's problems: an audit save's, a classification or method the app does not know, a colleague's rating. */
export type AuditImportProblem = AuditRatingProblem | "classification_unknown" | "rated_by_colleague";

/** What the rules need of a criterion: N/A allowed, the service it depends on and the hospital's rating. */
export interface AuditRowRules {
  naAllowed: boolean;
  service?: Service | null;
  selfRating: RatingValue | null;
}

/** The words the export writes for classifications and methods (both languages), for reading them back. */
export interface AuditWords {
  classifications: Record<FindingClassification, readonly string[]>;
  methods: Record<string, readonly string[]>;
}

const fold = (text: string) => text.normalize("NFC").trim().toLowerCase();

function wordsTo<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, labels] of Object.entries(words) as [K, readonly string[]][]) for (const label of [key, ...labels]) map.set(fold(label), key);
  return map;
}

/** The audit workbook as an import template: every row checked like an audit save in the app (checkAuditRating). */
export function auditTemplate(scaleValues: readonly number[], words: AuditWords): WorkbookTemplate<AuditFields, AuditRowRules, AuditImportProblem> {
  const classifications = wordsTo(words.classifications);
  const methods = wordsTo(words.methods);
  return {
    marker: AUDIT_TEMPLATE_MARKER,
    version: AUDIT_TEMPLATE_VERSION,
    sheet: AUDIT_SHEETS.ratings,
    columns: AUDIT_RATING_COLUMNS,
    required: ["auditRating", "finding", "classification", "methods"],
    readRow(at, criterion) {
      const problems: { problem: AuditImportProblem; value?: string }[] = [];
      const ratingText = at("auditRating");
      const rating = readRatingCell(ratingText);
      const finding = normaliseJustification(at("finding"));
      const classificationText = at("classification").trim();
      const classification = classificationText === "" ? null : classifications.get(fold(classificationText));
      if (classification === undefined) problems.push({ problem: "classification_unknown", value: classificationText });
      // A method the app does not know stays as typed, for checkAuditRating to refuse it.
      const methodTexts = at("methods").split(/[,;\n]/).map((m) => m.trim()).filter((m) => m !== "");
      const read = normaliseMethods(methodTexts.map((m) => methods.get(fold(m)) ?? m));
      const found = checkAuditRating(
        { rating, finding, classification: classification === undefined ? null : classification, methods: read },
        { scaleValues, naAllowed: criterion.naAllowed, service: criterion.service, selfRating: criterion.selfRating },
      );
      if (found.rating) problems.push({ problem: found.rating, value: ratingText.trim() });
      if (found.finding) problems.push({ problem: found.finding });
      if (found.classification && classification !== undefined) problems.push({ problem: found.classification });
      if (found.methods) problems.push({ problem: found.methods, value: read.filter((m) => !(METHODS as readonly string[]).includes(m)).join(", ") });
      if (problems.length || rating === undefined || classification === undefined) return { problems };
      const fields: AuditFields = { rating, finding, classification, methods: read };
      return { fields, fingerprint: auditFingerprint(fields) };
    },
  };
}
