/** Rules of one self-assessment rating, from the version's data (scale, na_allowed, service). Pure. */
import type { Scale, Service } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { hasControlCharacters, normaliseText } from "#app/domain/text.ts";

export type RatingValue = number | "NA";

export interface RatingRules {
  /** The scale's values, e.g. [3, 2, 1, 0]. */
  scaleValues: number[];
  naAllowed: boolean;
  /** The service the criterion depends on: its N/A says the hospital does not have it. */
  service?: Service | null | undefined;
}

export type RatingProblem =
  | "rating_off_scale"
  | "na_not_allowed"
  | "justification_required"
  /** N/A on a service-dependent criterion without the justification that the service does not exist. */
  | "service_absence_required"
  | "justification_too_long"
  | "justification_control_characters";

export const JUSTIFICATION_MAX = 5000;

/** "3" → 3, "NA" → "NA", "" → null (not rated), anything else → undefined (invalid). */
export function parseRating(raw: string | null | undefined): RatingValue | null | undefined {
  if (raw === null || raw === undefined || raw === "") return null;
  if (raw === "NA") return "NA";
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** A justification as the app keeps it, whoever sends it (the form, the autosave, an imported workbook). */
export function normaliseJustification(text: string): string {
  return normaliseText(text, { multiline: true }).trim();
}

/** A justification is required for N/A and for any rating below the top of the scale. */
export function justificationRequired(rating: RatingValue | null, rules: RatingRules): boolean {
  if (rating === null) return false;
  return rating === "NA" || rating < Math.max(...rules.scaleValues);
}

/** Problems with a rating and its justification, keyed by field; empty when the pair may be saved. */
export function checkRating(
  rating: RatingValue | null | undefined,
  justification: string,
  rules: RatingRules,
): Partial<Record<"rating" | "justification", RatingProblem>> {
  const problems: Partial<Record<"rating" | "justification", RatingProblem>> = {};
  if (rating === undefined || (typeof rating === "number" && !rules.scaleValues.includes(rating))) {
    problems.rating = "rating_off_scale";
  } else if (rating === "NA" && !rules.naAllowed) {
    problems.rating = "na_not_allowed";
  }
  if (justification.length > JUSTIFICATION_MAX) problems.justification = "justification_too_long";
  else if (hasControlCharacters(justification, { multiline: true })) problems.justification = "justification_control_characters";
  else if (rating !== undefined && justificationRequired(rating, rules) && justification.trim() === "") {
    // On a service-dependent criterion, N/A is a statement that the service does not exist: the message says so.
    problems.justification = rating === "NA" && rules.service ? "service_absence_required" : "justification_required";
  }
  return problems;
}

/** How a rating is stored (text column) and read back. */
export function ratingToText(rating: RatingValue | null): string | null {
  return rating === null ? null : String(rating);
}

/**
 * A rating in words, as every page and document shows it: "2 · Largement conforme", "NA · Non applicable"
 * (`naWord`: "NA" in French, "N/A" in English); null when not rated.
 */
export function ratingInWords(rating: RatingValue | null, scale: Scale, language: Language, naWord: string): string | null {
  if (rating === null) return null;
  if (rating === "NA") return `${naWord} · ${scale.not_applicable.label[language]}`;
  const value = scale.values.find((v) => v.value === rating);
  return `${rating} · ${value?.label[language] ?? ""}`;
}
