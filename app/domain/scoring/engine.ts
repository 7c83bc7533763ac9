// The scoring engine: the only place where scores and levels are computed (DOMAIN.md, "Scores and level rules").
//
// - Exact arithmetic: weights are integers per mille, a score is the rational sumPerMille / count, and
//   thresholds are compared in integers (`100 × Σweights ≥ percent × 1000 × n`), so 65 % counts as 65 %.
// - N/A leaves the criterion out of every score: rating a criterion N/A equals removing it from the version.
//   N/A is allowed exactly where the version allows it (`na_allowed`); on a critical criterion the validator allows
//   that only when the criterion depends on a service, whose absence the auditor confirms. The engine scores the
//   ratings it is given: the audit's, where a refused N/A is a scale value.
// - A chapter with no applicable criterion is left out of the chapter condition (shown "not_applicable");
//   a tier floor (`tier_min_percent`, e.g. core criteria at least 70 %) over a tier with no applicable criterion
//   is "not_applicable" and counts as held.
// - The explanation is structured data (condition, actual value, threshold, status); pages turn it into
//   sentences through the locale files.
//
// Provisional results (some applicable criteria unrated; `final: false`):
// - `level` is computed on the rated criteria only, as DOMAIN.md says. An unrated critical criterion does not
//   fail the critical condition yet ("every critical criterion rated at least X" holds vacuously over the rated
//   ones); it is listed in the condition's `unrated`. A percentage over nothing rated does not hold: a chapter,
//   the global score or a floored tier with nothing rated yet are "not_rated".
// - So that a provisional result never claims a level the unrated criteria could still block, it also gives
//   `securedLevel`: the level reached if every unrated criterion got the lowest scale value, never above `level`
//   (a 0 % threshold holds over the lowest values, not yet over nothing rated). Any actual
//   completion scores at least as well (N/A is never worse than the lowest value: removing the lowest weight
//   cannot lower a mean, and an emptied chapter or tier only drops a condition). In a final result
//   `securedLevel === level`.
//
// Invalid ratings are rejected: `scoreRatings` throws a `RatingsError` listing every problem (unknown
// criterion, value not on the scale, N/A where not allowed); `checkRatings` returns the same list without
// throwing, for forms.
//
// Speed: `prepareVersion` indexes a version once; `scoreRatings` then runs in one pass over the criteria
// (a Map of ratings is a little faster than a record).
// Browser-safe: no imports besides the referential schema's constants and types.
import type { FloorTier, LevelCode, LevelConditions, ReferentialVersion, Service, Tier } from "#app/domain/referential/schema.ts";
import { FLOOR_TIERS } from "#app/domain/referential/vocabulary.ts";

/** An exact score: the mean weight is sumPerMille / count (per mille). count = number of rated applicable criteria. */
export interface Score {
  sumPerMille: number;
  count: number;
}

/** True when the score reaches `percent` %, compared exactly in integers. False when nothing is rated. */
export function percentAtLeast(score: Score, percent: number): boolean {
  return score.count > 0 && 100 * score.sumPerMille >= percent * 1000 * score.count;
}

/**
 * Percent with one decimal for display only (format it with Intl.NumberFormat). Rounded down so a displayed
 * value never seems to reach a threshold the exact score misses. Null when nothing is rated.
 */
export function percentForDisplay(score: Score): number | null {
  if (score.count === 0) return null;
  // Tenths of a percent equal the mean in per mille.
  const tenths = (score.sumPerMille - (score.sumPerMille % score.count)) / score.count;
  return tenths / 10;
}

/** Exact comparison of two scores' means (negative, zero, positive). Scores with nothing rated compare as 0. */
export function compareScores(a: Score, b: Score): number {
  if (a.count === 0 || b.count === 0) return a.count === b.count ? 0 : a.count === 0 ? -1 : 1;
  return a.sumPerMille * b.count - b.sumPerMille * a.count;
}

// ---------------------------------------------------------------------------------------------------------
// Ratings

/** A scale value, or "NA" (not applicable). An absent (or undefined/null) entry means not rated yet. */
export type Rating = number | "NA";
export type Ratings = ReadonlyMap<string, Rating | null | undefined> | Readonly<Record<string, Rating | null | undefined>>;

export type RatingProblemReason = "unknown_criterion" | "not_on_scale" | "na_not_allowed";
export interface RatingProblem {
  code: string;
  rating: unknown;
  reason: RatingProblemReason;
}

export class RatingsError extends Error {
  readonly problems: RatingProblem[];
  constructor(problems: RatingProblem[]) {
    super(`invalid ratings: ${problems.map((p) => `${p.code}=${String(p.rating)} (${p.reason})`).join(", ")}`);
    this.name = "RatingsError";
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Prepared version

export interface PreparedCriterion {
  code: string;
  tier: Tier;
  naAllowed: boolean;
  /** The service the criterion depends on (its N/A says the hospital lacks it), or null. */
  service: Service | null;
  chapterIndex: number;
  standardIndex: number;
}

export interface PreparedVersion {
  version: ReferentialVersion;
  criteria: PreparedCriterion[];
  criterionIndex: ReadonlyMap<string, number>;
  chapterCodes: string[];
  standards: { code: string; chapterIndex: number }[];
  weightByValue: ReadonlyMap<number, number>;
  lowestValue: number;
  lowestWeight: number;
  /** Lowest first, as in the version. */
  levels: { code: LevelCode; conditions: LevelConditions }[];
}

/** Index a version once; score any number of assessments against it. */
export function prepareVersion(version: ReferentialVersion): PreparedVersion {
  const criteria: PreparedCriterion[] = [];
  const criterionIndex = new Map<string, number>();
  const standards: { code: string; chapterIndex: number }[] = [];
  version.chapters.forEach((chapter, chapterIndex) => {
    for (const standard of chapter.standards) {
      const standardIndex = standards.push({ code: standard.code, chapterIndex }) - 1;
      for (const criterion of standard.criteria) {
        criterionIndex.set(criterion.code, criteria.length);
        criteria.push({ code: criterion.code, tier: criterion.tier, naAllowed: criterion.na_allowed, service: criterion.service ?? null, chapterIndex, standardIndex });
      }
    }
  });
  const weightByValue = new Map(version.scale.values.map((v) => [v.value, v.weight] as const));
  let lowest = version.scale.values[0];
  for (const v of version.scale.values) if (!lowest || v.value < lowest.value) lowest = v;
  return {
    version,
    criteria,
    criterionIndex,
    chapterCodes: version.chapters.map((c) => c.code),
    standards,
    weightByValue,
    lowestValue: lowest?.value ?? 0,
    lowestWeight: lowest?.weight ?? 0,
    levels: version.levels.map((l) => ({ code: l.code, conditions: l.conditions })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Result shapes

export type CriterionStatus = "rated" | "not_applicable" | "unrated";
export interface CriterionScore {
  code: string;
  tier: Tier;
  status: CriterionStatus;
  /** The scale value, "NA", or null when not rated. */
  rating: Rating | null;
  /** Weight of the rating; null when N/A or not rated. */
  weightPerMille: number | null;
}

/** Scores of a group of criteria (standard, chapter, tier). */
export interface GroupScore {
  /** "not_applicable" when the group has no applicable criterion. */
  status: "applicable" | "not_applicable";
  applicable: number;
  rated: number;
  score: Score;
}
export interface StandardScore extends GroupScore {
  code: string;
  chapterCode: string;
}
export interface ChapterScore extends GroupScore {
  code: string;
}

export interface Completeness {
  /** Applicable criteria rated. */
  rated: number;
  /** Criteria that are not N/A. */
  applicable: number;
  notApplicable: number;
  total: number;
}

/**
 * held: the condition holds; failed: it does not; not_applicable: it does not apply (counts as held);
 * not_rated: a percentage over nothing rated yet (does not hold).
 */
export type ConditionStatus = "held" | "failed" | "not_applicable" | "not_rated";

export interface CriticalCondition {
  kind: "critical";
  status: ConditionStatus;
  held: boolean;
  /** Every critical criterion must be rated at least this scale value. */
  minValue: number;
  /** Critical criteria rated below minValue. */
  failing: { code: string; value: number }[];
  /** Critical criteria not rated yet: they do not fail the condition in a provisional result. */
  unrated: string[];
}
export interface GlobalCondition {
  kind: "global";
  status: ConditionStatus;
  held: boolean;
  minPercent: number;
  score: Score;
}
export interface ChapterCheck {
  chapterCode: string;
  status: ConditionStatus;
  score: Score;
}
export interface ChaptersCondition {
  kind: "chapters";
  status: ConditionStatus;
  held: boolean;
  minPercent: number;
  /** Every chapter, in version order; not applicable chapters are shown as such. */
  chapters: ChapterCheck[];
  /** Codes of the chapters that do not hold (failed or not rated yet). */
  failing: string[];
}
/** A floor on one tier's score (`tier_min_percent`); not_applicable when no criterion of the tier applies. */
export interface TierCondition {
  kind: "tier";
  tier: FloorTier;
  status: ConditionStatus;
  held: boolean;
  minPercent: number;
  score: Score;
}
export type LevelCondition = CriticalCondition | GlobalCondition | ChaptersCondition | TierCondition;

export interface LevelEvaluation {
  level: LevelCode;
  /** All of the level's conditions hold. */
  reached: boolean;
  conditions: LevelCondition[];
}

export interface NextLevel {
  level: LevelCode;
  /** The next level's conditions that do not hold, with actual values and thresholds. */
  unmet: LevelCondition[];
}

export interface ScoringResult {
  /** Every applicable criterion is rated. */
  final: boolean;
  completeness: Completeness;
  /** Highest level whose conditions all hold, on the rated criteria; null = not labelled. */
  level: LevelCode | null;
  /** Level kept whatever the unrated criteria receive (see top of file); equals `level` when final. */
  securedLevel: LevelCode | null;
  /** Every level, lowest first, with every condition. */
  levels: LevelEvaluation[];
  /** The level above `level` and what it still needs; null when the top level is reached. */
  next: NextLevel | null;
  global: Score;
  tiers: Record<Tier, GroupScore>;
  chapters: ChapterScore[];
  standards: StandardScore[];
  criteria: CriterionScore[];
}

// ---------------------------------------------------------------------------------------------------------
// Scoring

/** Every problem in a set of ratings, without throwing. Empty when the ratings can be scored. */
export function checkRatings(prepared: PreparedVersion, ratings: Ratings): RatingProblem[] {
  const problems: RatingProblem[] = [];
  forEachRating(ratings, (code, rating) => {
    const index = prepared.criterionIndex.get(code);
    const criterion = index === undefined ? undefined : prepared.criteria[index];
    if (!criterion) problems.push({ code, rating, reason: "unknown_criterion" });
    else if (rating === "NA") {
      if (!criterion.naAllowed) problems.push({ code, rating, reason: "na_not_allowed" });
    } else if (typeof rating !== "number" || !prepared.weightByValue.has(rating)) problems.push({ code, rating, reason: "not_on_scale" });
  });
  return problems;
}

function forEachRating(ratings: Ratings, visit: (code: string, rating: unknown) => void) {
  if (ratings instanceof Map) {
    for (const [code, rating] of ratings) if (rating !== undefined && rating !== null) visit(code, rating);
  } else {
    const record = ratings as Readonly<Record<string, unknown>>;
    for (const code of Object.keys(record)) {
      const rating = record[code];
      if (rating !== undefined && rating !== null) visit(code, rating);
    }
  }
}

function entryCount(ratings: Ratings): number {
  return ratings instanceof Map ? ratings.size : Object.keys(ratings).length;
}

/** Score one assessment. Throws `RatingsError` when a rating is invalid (see `checkRatings`). */
export function scoreRatings(prepared: PreparedVersion, ratings: Ratings): ScoringResult {
  // Ratings are checked on the way; the full `checkRatings` pass runs only when something looks wrong
  // (an invalid rating, or entries that match no criterion), which keeps the common case to one pass.
  const lookup: (code: string) => unknown = ratings instanceof Map ? (code) => ratings.get(code) : (code) => (ratings as Readonly<Record<string, unknown>>)[code];
  let ratingsSeen = 0;
  let suspect = false;

  // Literal objects rather than spreads: spread objects are much slower to build and to read in V8.
  const chapters: ChapterScore[] = prepared.chapterCodes.map((code) => ({ code, status: "applicable", applicable: 0, rated: 0, score: { sumPerMille: 0, count: 0 } }));
  const standards: StandardScore[] = prepared.standards.map((s) => ({
    code: s.code,
    chapterCode: prepared.chapterCodes[s.chapterIndex] ?? "",
    status: "applicable",
    applicable: 0,
    rated: 0,
    score: { sumPerMille: 0, count: 0 },
  }));
  const tiers: Record<Tier, GroupScore> = { critical: emptyGroup(), core: emptyGroup(), advanced: emptyGroup() };
  const global: Score = { sumPerMille: 0, count: 0 };
  const completeness: Completeness = { rated: 0, applicable: 0, notApplicable: 0, total: prepared.criteria.length };
  const criticalRated: { code: string; value: number }[] = [];
  const criticalUnrated: string[] = [];
  const criteria: CriterionScore[] = [];

  for (const criterion of prepared.criteria) {
    const found = lookup(criterion.code);
    const rating: Rating | null = found === "NA" || (typeof found === "number" && prepared.weightByValue.has(found)) ? found : null;
    if (found !== undefined && found !== null) {
      ratingsSeen++;
      if (rating === null || (rating === "NA" && !criterion.naAllowed)) suspect = true;
    }
    if (rating === "NA") {
      completeness.notApplicable++;
      criteria.push({ code: criterion.code, tier: criterion.tier, status: "not_applicable", rating, weightPerMille: null });
      continue;
    }
    const chapter = chapters[criterion.chapterIndex];
    const standard = standards[criterion.standardIndex];
    const tier = tiers[criterion.tier];
    if (!chapter || !standard) throw new Error(`prepared version is inconsistent at ${criterion.code}`);
    completeness.applicable++;
    chapter.applicable++;
    standard.applicable++;
    tier.applicable++;
    if (rating === null) {
      if (criterion.tier === "critical") criticalUnrated.push(criterion.code);
      criteria.push({ code: criterion.code, tier: criterion.tier, status: "unrated", rating, weightPerMille: null });
      continue;
    }
    const weight = prepared.weightByValue.get(rating) ?? 0; // checked above
    completeness.rated++;
    addRated(chapter, weight);
    addRated(standard, weight);
    addRated(tier, weight);
    global.sumPerMille += weight;
    global.count++;
    if (criterion.tier === "critical") criticalRated.push({ code: criterion.code, value: rating });
    criteria.push({ code: criterion.code, tier: criterion.tier, status: "rated", rating, weightPerMille: weight });
  }
  if (suspect || ratingsSeen !== entryCount(ratings)) {
    const problems = checkRatings(prepared, ratings);
    if (problems.length > 0) throw new RatingsError(problems);
  }
  for (const group of chapters) if (group.applicable === 0) group.status = "not_applicable";
  for (const group of standards) if (group.applicable === 0) group.status = "not_applicable";
  for (const group of Object.values(tiers)) if (group.applicable === 0) group.status = "not_applicable";

  const final = completeness.rated === completeness.applicable;
  const levels = evaluateLevels(prepared, { global, chapters, tiers, criticalRated, criticalUnrated });
  const level = highestReached(levels);
  // Never above `level`: over the worst completion a 0 % threshold holds, where over nothing rated it does not yet.
  const securedLevel = final ? level : lowerLevel(levels, level, highestReached(evaluateLevels(prepared, worstCompletion(prepared, global, chapters, tiers, criticalRated, criticalUnrated))));
  const reachedIndex = levels.findIndex((l) => l.level === level);
  const nextEvaluation = levels[reachedIndex + 1];
  const next = nextEvaluation ? { level: nextEvaluation.level, unmet: nextEvaluation.conditions.filter((c) => !c.held) } : null;

  return { final, completeness, level, securedLevel, levels, next, global, tiers, chapters, standards, criteria };
}

/** Convenience for one-off scoring; prefer `prepareVersion` once + `scoreRatings` for many assessments. */
export function scoreAssessment(version: ReferentialVersion, ratings: Ratings): ScoringResult {
  return scoreRatings(prepareVersion(version), ratings);
}

function emptyGroup(): GroupScore {
  return { status: "applicable", applicable: 0, rated: 0, score: { sumPerMille: 0, count: 0 } };
}

function addRated(group: GroupScore, weight: number) {
  group.rated++;
  group.score.sumPerMille += weight;
  group.score.count++;
}

interface Tally {
  global: Score;
  chapters: readonly ChapterScore[];
  tiers: Readonly<Record<Tier, GroupScore>>;
  criticalRated: readonly { code: string; value: number }[];
  criticalUnrated: readonly string[];
}

/** The tally if every unrated applicable criterion got the lowest scale value. */
function worstCompletion(
  prepared: PreparedVersion,
  global: Score,
  chapters: readonly ChapterScore[],
  tiers: Readonly<Record<Tier, GroupScore>>,
  criticalRated: readonly { code: string; value: number }[],
  criticalUnrated: readonly string[],
): Tally {
  const complete = <G extends GroupScore>(group: G): G => {
    const unrated = group.applicable - group.rated;
    return { ...group, rated: group.applicable, score: { sumPerMille: group.score.sumPerMille + unrated * prepared.lowestWeight, count: group.applicable } };
  };
  const applicable = chapters.reduce((n, c) => n + c.applicable, 0);
  return {
    global: { sumPerMille: global.sumPerMille + (applicable - global.count) * prepared.lowestWeight, count: applicable },
    chapters: chapters.map(complete),
    tiers: { critical: complete(tiers.critical), core: complete(tiers.core), advanced: complete(tiers.advanced) },
    criticalRated: [...criticalRated, ...criticalUnrated.map((code) => ({ code, value: prepared.lowestValue }))],
    criticalUnrated: [],
  };
}

function evaluateLevels(prepared: PreparedVersion, tally: Tally): LevelEvaluation[] {
  return prepared.levels.map(({ code, conditions }) => {
    const list: LevelCondition[] = [
      criticalCondition(conditions.critical_min_value, tally),
      // The global score never counts as not applicable (applicable = 1): a level needs a rated criterion.
      percentCondition("global", conditions.global_min_percent, tally.global, 1),
      chaptersCondition(conditions.chapter_min_percent, tally.chapters),
    ];
    for (const tier of FLOOR_TIERS) {
      const minPercent = conditions.tier_min_percent?.[tier];
      if (minPercent !== undefined) list.push(tierCondition(tier, minPercent, tally.tiers[tier]));
    }
    return { level: code, reached: list.every((c) => c.held), conditions: list };
  });
}

function highestReached(levels: readonly LevelEvaluation[]): LevelCode | null {
  for (let i = levels.length - 1; i >= 0; i--) {
    const evaluation = levels[i];
    if (evaluation?.reached) return evaluation.level;
  }
  return null;
}

/** The lower of two levels (null, no level, the lowest), in the version's order. */
function lowerLevel(levels: readonly LevelEvaluation[], a: LevelCode | null, b: LevelCode | null): LevelCode | null {
  const rank = (code: LevelCode | null) => (code === null ? -1 : levels.findIndex((l) => l.level === code));
  return rank(a) <= rank(b) ? a : b;
}

function percentStatus(score: Score, applicable: number, minPercent: number): ConditionStatus {
  if (applicable === 0) return "not_applicable";
  if (score.count === 0) return "not_rated";
  return percentAtLeast(score, minPercent) ? "held" : "failed";
}

function isHeld(status: ConditionStatus): boolean {
  return status === "held" || status === "not_applicable";
}

function criticalCondition(minValue: number, tally: Tally): CriticalCondition {
  const failing = tally.criticalRated.filter((c) => c.value < minValue);
  const status: ConditionStatus =
    failing.length > 0 ? "failed" : tally.criticalRated.length === 0 && tally.criticalUnrated.length === 0 ? "not_applicable" : "held";
  return { kind: "critical", status, held: isHeld(status), minValue, failing, unrated: [...tally.criticalUnrated] };
}

function percentCondition(kind: "global", minPercent: number, score: Score, applicable: number): GlobalCondition {
  const status = percentStatus(score, applicable, minPercent);
  return { kind, status, held: isHeld(status), minPercent, score: { ...score } };
}

function tierCondition(tier: FloorTier, minPercent: number, group: GroupScore): TierCondition {
  const status = percentStatus(group.score, group.applicable, minPercent);
  return { kind: "tier", tier, status, held: isHeld(status), minPercent, score: { ...group.score } };
}

function chaptersCondition(minPercent: number, chapters: readonly ChapterScore[]): ChaptersCondition {
  const checks = chapters.map((c) => ({ chapterCode: c.code, status: percentStatus(c.score, c.applicable, minPercent), score: { ...c.score } }));
  const failing = checks.filter((c) => !isHeld(c.status)).map((c) => c.chapterCode);
  const status: ConditionStatus = checks.some((c) => c.status === "failed")
    ? "failed"
    : checks.some((c) => c.status === "not_rated")
      ? "not_rated"
      : checks.every((c) => c.status === "not_applicable")
        ? "not_applicable"
        : "held";
  return { kind: "chapters", status, held: isHeld(status), minPercent, chapters: checks, failing };
}
