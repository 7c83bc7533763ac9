/**
 * Agreement between the hospital's self-rating and the auditors' rating of the same criteria, on the version's
 * ordinal scale. Pure. Definitions as in the statistics literature:
 * - share of identical ratings over the pairs rated on both sides;
 * - Cohen's weighted kappa with linear weights (Cohen 1968; Cicchetti & Allison 1971): disagreement weight
 *   |i − j| / (k − 1) between categories i and j of a k-point scale, κw = 1 − Σ w·observed / Σ w·expected, where
 *   the expected table is the product of the two raters' margins. κw = 1 for perfect agreement, 0 for agreement no
 *   better than chance; undefined (null) when the expected disagreement is zero (every rating in one category);
 * - the mean signed gap self − audit in scale points: positive when the hospital rates itself more generously.
 * A pair with N/A on either side, or with a side not rated, is left out and counted apart.
 */
import type { RatingValue } from "#app/domain/process/rating-input.ts";

export interface RatingPair {
  code: string;
  chapterCode: string;
  self: RatingValue | null;
  audit: RatingValue | null;
}

export interface AgreementFigures {
  /** Pairs rated on the scale on both sides (what the figures are computed on). */
  compared: number;
  /** Pairs left out because one side (or both) is N/A. */
  withNa: number;
  /** Pairs left out because one side is not rated yet. */
  unrated: number;
  identical: number;
  /** identical / compared, or null when nothing is compared. */
  identicalShare: number | null;
  /** Cohen's linearly weighted kappa, or null when it is not defined (nothing compared, or no variation at all). */
  weightedKappa: number | null;
  /** Mean of self − audit over the compared pairs, in scale points, or null when nothing is compared. */
  meanSignedGap: number | null;
}

/**
 * Cohen's weighted kappa with linear weights, for a square table of counts over the ordered categories
 * (`table[i][j]`: first rater in category i, second in category j). Null when it is not defined.
 */
export function linearWeightedKappa(table: readonly (readonly number[])[]): number | null {
  const k = table.length;
  if (k < 2) return null;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const count = table[i]![j]!;
      rows[i]! += count;
      cols[j]! += count;
      n += count;
    }
  }
  if (n === 0) return null;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = Math.abs(i - j) / (k - 1);
      observed += weight * table[i]![j]!;
      expected += (weight * rows[i]! * cols[j]!) / n;
    }
  }
  if (expected === 0) return null;
  return 1 - observed / expected;
}

/** The figures over a set of pairs; `scaleValues` are the version's scale values (any order, N/A excluded). */
export function agreementFigures(pairs: readonly RatingPair[], scaleValues: readonly number[]): AgreementFigures {
  const categories = [...scaleValues].sort((a, b) => a - b);
  const index = new Map(categories.map((value, i) => [value, i]));
  const table = categories.map(() => categories.map(() => 0));
  let compared = 0;
  let withNa = 0;
  let unrated = 0;
  let identical = 0;
  let gapSum = 0;
  for (const pair of pairs) {
    if (pair.self === null || pair.audit === null) {
      if (pair.self === "NA" || pair.audit === "NA") withNa++;
      else unrated++;
      continue;
    }
    if (pair.self === "NA" || pair.audit === "NA") {
      withNa++;
      continue;
    }
    const i = index.get(pair.self);
    const j = index.get(pair.audit);
    if (i === undefined || j === undefined) {
      unrated++;
      continue;
    }
    table[i]![j]!++;
    compared++;
    if (pair.self === pair.audit) identical++;
    gapSum += pair.self - pair.audit;
  }
  return {
    compared,
    withNa,
    unrated,
    identical,
    identicalShare: compared ? identical / compared : null,
    weightedKappa: compared ? linearWeightedKappa(table) : null,
    meanSignedGap: compared ? gapSum / compared : null,
  };
}

export interface ChapterAgreement extends AgreementFigures {
  chapterCode: string;
}

/** The figures per chapter, in the order chapters first appear in `pairs` (referential order), and overall. */
export function agreementByChapter(
  pairs: readonly RatingPair[],
  scaleValues: readonly number[],
): { overall: AgreementFigures; chapters: ChapterAgreement[] } {
  const byChapter = new Map<string, RatingPair[]>();
  for (const pair of pairs) {
    let list = byChapter.get(pair.chapterCode);
    if (!list) byChapter.set(pair.chapterCode, (list = []));
    list.push(pair);
  }
  return {
    overall: agreementFigures(pairs, scaleValues),
    chapters: [...byChapter].map(([chapterCode, list]) => ({ chapterCode, ...agreementFigures(list, scaleValues) })),
  };
}

export interface Disagreement {
  code: string;
  chapterCode: string;
  self: number;
  audit: number;
  /** self − audit, in scale points. */
  gap: number;
}

/**
 * The compared pairs whose ratings differ, largest absolute gap first; at equal gaps, over-rating by the hospital
 * first, then referential order (the order of `pairs`).
 */
export function largestDisagreements(pairs: readonly RatingPair[], limit = Infinity): Disagreement[] {
  const out: (Disagreement & { order: number })[] = [];
  pairs.forEach((pair, order) => {
    if (typeof pair.self !== "number" || typeof pair.audit !== "number" || pair.self === pair.audit) return;
    out.push({ code: pair.code, chapterCode: pair.chapterCode, self: pair.self, audit: pair.audit, gap: pair.self - pair.audit, order });
  });
  out.sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || b.gap - a.gap || a.order - b.order);
  return out.slice(0, limit).map(({ order: _order, ...d }) => d);
}
