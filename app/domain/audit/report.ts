/**
 * What the audit report says in words beside its figures: how strong a kappa is, why it is not defined, which way
 * the hospital's ratings lean, what a critical criterion's audit rating allows, and the findings in the report's
 * order. Pure: the pages and the generated documents word them through the locale files.
 */
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { LevelCode, LevelConditions } from "#app/domain/referential/schema.ts";
import type { Translate } from "#app/domain/scoring/explanation.ts";
import type { AgreementFigures } from "./agreement.ts";
import { FINDING_CLASSIFICATIONS, type FindingClassification } from "./visit.ts";

/** Landis & Koch (1977), the usual reading of a kappa: < 0 poor, up to 0.20 slight, 0.40 fair, 0.60 moderate, 0.80 substantial, above almost perfect. */
export const KAPPA_STRENGTHS = ["poor", "slight", "fair", "moderate", "substantial", "almost_perfect"] as const;
export type KappaStrength = (typeof KAPPA_STRENGTHS)[number];

export function kappaStrength(kappa: number): KappaStrength {
  if (kappa < 0) return "poor";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost_perfect";
}

/**
 * Why κ is not defined, or null when it is: no pair rated on the scale on both sides, or every compared rating in
 * one and the same category on both sides (nothing varies, so chance agreement is total).
 */
export function kappaUndefinedReason(figures: Pick<AgreementFigures, "compared" | "weightedKappa">): "nothing_compared" | "no_variation" | null {
  if (figures.weightedKappa !== null) return null;
  return figures.compared === 0 ? "nothing_compared" : "no_variation";
}

/**
 * Which way the mean signed gap (self − audit) leans, at the two decimals it is shown with: "over" when the
 * hospital rates itself more generously than the auditors, "under" when more strictly; null when nothing is compared.
 */
export function gapDirection(meanSignedGap: number | null): "over" | "under" | "none" | null {
  if (meanSignedGap === null) return null;
  const shown = Math.round(meanSignedGap * 100);
  return shown > 0 ? "over" : shown < 0 ? "under" : "none";
}

/**
 * The levels a critical criterion's rating keeps out of reach: those asking every critical criterion to be rated
 * higher. Not rated: every level. N/A (allowed only where the criterion depends on a service the hospital lacks): none,
 * the criterion is left out as the engine leaves it out.
 */
export function levelsBlockedByCritical(rating: RatingValue | null, levels: readonly { code: LevelCode; conditions: Pick<LevelConditions, "critical_min_value"> }[]): LevelCode[] {
  if (rating === "NA") return [];
  return levels.filter((l) => rating === null || rating < l.conditions.critical_min_value).map((l) => l.code);
}

/** A finding's group in the report: its classification, or "observation" for a note at the top of the scale without one. */
export type FindingGroup = FindingClassification | "observation";
export const FINDING_GROUPS: readonly FindingGroup[] = [...FINDING_CLASSIFICATIONS, "observation"];

/**
 * Findings by chapter (in `chapterOrder`), then by group (strengths, recommendations, non-conformities, other
 * observations), each group in the order given. Chapters and groups without a finding are left out.
 */
export function groupFindings<T extends { chapterCode: string; classification: FindingClassification | null }>(
  findings: readonly T[],
  chapterOrder: readonly string[],
): { chapterCode: string; groups: { group: FindingGroup; findings: T[] }[] }[] {
  return chapterOrder
    .map((chapterCode) => {
      const inChapter = findings.filter((f) => f.chapterCode === chapterCode);
      const groups = FINDING_GROUPS.map((group) => ({ group, findings: inChapter.filter((f) => (f.classification ?? "observation") === group) })).filter((g) => g.findings.length > 0);
      return { chapterCode, groups };
    })
    .filter((c) => c.groups.length > 0);
}

/** A long text cut at a word boundary for a list ("…" added), whole when short enough. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

type FormatNumber = (value: number, options?: Intl.NumberFormatOptions) => string;

/**
 * The agreement figures as the pages and the documents word them (audit:comparison keys): the share of identical
 * ratings with its counts, κ with its strength or why it is not defined, the mean gap with its sign and meaning,
 * and the pairs left out.
 */
export function agreementInWords(figures: AgreementFigures, t: Translate, formatNumber: FormatNumber) {
  const none = t("audit:comparison.nothingCompared");
  const kappa = figures.weightedKappa;
  const undefinedReason = kappaUndefinedReason(figures);
  const direction = gapDirection(figures.meanSignedGap);
  return {
    identical:
      figures.identicalShare === null
        ? none
        : t("audit:comparison.identicalShare", { percent: formatNumber(figures.identicalShare, { style: "percent", maximumFractionDigits: 0 }), identical: figures.identical, compared: figures.compared }),
    kappa:
      kappa === null
        ? t(`audit:comparison.kappaUndefined.${undefinedReason}`)
        : t("audit:comparison.kappaValue", { value: formatNumber(kappa, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), strength: t(`audit:comparison.kappaStrength.${kappaStrength(kappa)}`) }),
    gap:
      figures.meanSignedGap === null || direction === null
        ? none
        : `${t("audit:comparison.gapValue", { value: formatNumber(figures.meanSignedGap, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" }) })} — ${t(`audit:comparison.gapMeaning.${direction}`)}`,
    leftOut: t("audit:comparison.leftOutCounts", { na: figures.withNa, unrated: figures.unrated }),
  };
}

/** One criterion's gap in words: "hospital 2 points higher" / "lower" (audit:comparison keys). */
export function gapInWords(gap: number, t: Translate): string {
  return t(gap > 0 ? "audit:comparison.gapAbove" : "audit:comparison.gapBelow", { count: Math.abs(gap) });
}
