import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_LEVELS, DEFAULT_SCALE, makeVersion, withoutCriterion, type CriterionSpec } from "#app/domain/referential/fixtures.ts";
import { allCriteria, type FloorTier, type Level, type LevelCode, type ReferentialVersion, type Tier } from "#app/domain/referential/schema.ts";
import {
  checkRatings,
  compareScores,
  percentAtLeast,
  percentForDisplay,
  prepareVersion,
  RatingsError,
  scoreAssessment,
  scoreRatings,
  type ChaptersCondition,
  type CriticalCondition,
  type LevelCondition,
  type Rating,
  type ScoringResult,
  type TierCondition,
} from "./engine.ts";

/** Ratings in version order: `rate(version, [3, 2, "NA", null])`; null = not rated. */
function rate(version: ReferentialVersion, values: (Rating | null)[]): Record<string, Rating> {
  const ratings: Record<string, Rating> = {};
  allCriteria(version).forEach((criterion, i) => {
    const value = values[i];
    if (value !== null && value !== undefined) ratings[criterion.code] = value;
  });
  return ratings;
}

function condition<K extends LevelCondition["kind"]>(result: ScoringResult, level: LevelCode, kind: K) {
  const found = result.levels.find((l) => l.level === level)?.conditions.find((c) => c.kind === kind);
  if (!found) throw new Error(`no ${kind} condition for ${level}`);
  return found as Extract<LevelCondition, { kind: K }>;
}

function tierCondition(result: ScoringResult, level: LevelCode, tier: FloorTier): TierCondition {
  const found = result.levels.find((l) => l.level === level)?.conditions.find((c): c is TierCondition => c.kind === "tier" && c.tier === tier);
  if (!found) throw new Error(`no ${tier} floor for ${level}`);
  return found;
}

/** `critical:held`, `tier.core:failed`…: a level's conditions at a glance. */
const statuses = (result: ScoringResult) =>
  result.levels.map((l) => [l.level, l.reached, l.conditions.map((c) => `${c.kind === "tier" ? `tier.${c.tier}` : c.kind}:${c.status}`)]);

const repeat = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe("exact scores", () => {
  it("counts eight criteria rated 3,2,2,2,2,2,1,1 as exactly 65 %", () => {
    const score = { sumPerMille: 1000 + 5 * 700 + 2 * 350, count: 8 };
    expect(percentAtLeast(score, 65)).toBe(true);
    expect(percentAtLeast(score, 66)).toBe(false);
    expect(percentForDisplay(score)).toBe(65);
    // Why integers: floating point puts the same ratings just below the threshold.
    expect(([1, 0.7, 0.7, 0.7, 0.7, 0.7, 0.35, 0.35].reduce((a, b) => a + b) / 8) * 100).toBeLessThan(65);
  });

  it("rounds displayed percentages down and treats nothing rated as no score", () => {
    expect(percentForDisplay({ sumPerMille: 2000, count: 3 })).toBe(66.6);
    expect(percentForDisplay({ sumPerMille: 0, count: 0 })).toBeNull();
    expect(percentAtLeast({ sumPerMille: 0, count: 0 }, 0)).toBe(false);
    expect(compareScores({ sumPerMille: 1000, count: 3 }, { sumPerMille: 700, count: 2 })).toBeLessThan(0);
  });

  it("passes 65 % for a chapter rated 3,2,2,2,2,2,1,1: Silver reached exactly at every threshold", () => {
    // Chapter 1: eight criteria at exactly 65 %. Chapter 2: 4 × 3 (one critical) and 4 × 2 = 85 %.
    // Global: (5200 + 6800) / 16 = 750 ‰ = exactly 75 %. Core criteria: (5200 + 5800) / 15 = 733 ‰ (Silver asks 70 %).
    const version = makeVersion({ chapters: [[repeat(8, "core")], [["critical", ...repeat<CriterionSpec>(7, "core")]]] });
    const result = scoreAssessment(version, rate(version, [3, 2, 2, 2, 2, 2, 1, 1, 3, 3, 3, 3, 2, 2, 2, 2]));
    expect(result.chapters.map((c) => c.score)).toEqual([
      { sumPerMille: 5200, count: 8 },
      { sumPerMille: 6800, count: 8 },
    ]);
    expect(result.global).toEqual({ sumPerMille: 12000, count: 16 });
    expect(result.level).toBe("silver");
    expect(condition(result, "silver", "chapters").chapters[0]).toEqual({ chapterCode: "1", status: "held", score: { sumPerMille: 5200, count: 8 } });
    expect(condition(result, "silver", "global")).toMatchObject({ status: "held", minPercent: 75 });
    // Gold fails on the global score, chapter 1 and the core floor; no advanced criterion exists, so that floor does not apply.
    expect(result.next).toEqual({
      level: "gold",
      unmet: [
        { kind: "global", status: "failed", held: false, minPercent: 85, score: { sumPerMille: 12000, count: 16 } },
        {
          kind: "chapters",
          status: "failed",
          held: false,
          minPercent: 75,
          failing: ["1"],
          chapters: [
            { chapterCode: "1", status: "failed", score: { sumPerMille: 5200, count: 8 } },
            { chapterCode: "2", status: "held", score: { sumPerMille: 6800, count: 8 } },
          ],
        },
        { kind: "tier", tier: "core", status: "failed", held: false, minPercent: 80, score: { sumPerMille: 11000, count: 15 } },
      ],
    });
    expect(tierCondition(result, "gold", "advanced")).toMatchObject({ status: "not_applicable", held: true });
  });

  it("reaches Bronze exactly at its thresholds, and not one step below", () => {
    // Critical at exactly 2; chapter 2 at exactly 50 % (3, 0); global (700 + 1000 + 0 + 700) / 4 = exactly 60 %.
    const version = makeVersion({ chapters: [[["critical"]], [["core", "core"]], [["core"]]] });
    const result = scoreAssessment(version, rate(version, [2, 3, 0, 2]));
    expect(result.global).toEqual({ sumPerMille: 2400, count: 4 });
    expect(result.level).toBe("bronze");
    expect(result.final).toBe(true);
    expect(result.next?.level).toBe("silver");
    expect(result.next?.unmet).toEqual([
      { kind: "critical", status: "failed", held: false, minValue: 3, failing: [{ code: "1.1.1", value: 2 }], unrated: [] },
      { kind: "global", status: "failed", held: false, minPercent: 75, score: { sumPerMille: 2400, count: 4 } },
      {
        kind: "chapters",
        status: "failed",
        held: false,
        minPercent: 65,
        failing: ["2"],
        chapters: [
          { chapterCode: "1", status: "held", score: { sumPerMille: 700, count: 1 } },
          { chapterCode: "2", status: "failed", score: { sumPerMille: 1000, count: 2 } },
          { chapterCode: "3", status: "held", score: { sumPerMille: 700, count: 1 } },
        ],
      },
      { kind: "tier", tier: "core", status: "failed", held: false, minPercent: 70, score: { sumPerMille: 1700, count: 3 } },
    ]);

    const below = scoreAssessment(version, rate(version, [2, 3, 0, 1]));
    expect(below.level).toBeNull();
    expect(below.next?.level).toBe("bronze");
    expect(below.next?.unmet.map((c) => c.kind)).toEqual(["global", "chapters"]);
    expect(condition(below, "bronze", "chapters").failing).toEqual(["3"]);
  });

  it("reaches Gold exactly at 85 % global, 75 % in a chapter and 60 % on advanced criteria (core criteria at 89 %)", () => {
    const version = makeVersion({
      chapters: [
        [["critical", "core", "core", "core"]], // 3,3,3,0 = 75 %
        [["advanced", "advanced", "advanced", "advanced", "core", "core", "core"]], // advanced 3,2,2,0 = 60 %
        [repeat(13, "core")], // 12 × 3 and one 0
      ],
    });
    const ratings: Rating[] = [3, 3, 3, 0, 3, 2, 2, 0, 3, 3, 3, ...repeat<Rating>(12, 3), 0];
    const result = scoreAssessment(version, rate(version, ratings));
    expect(result.global).toEqual({ sumPerMille: 20400, count: 24 }); // 850 ‰
    expect(result.tiers.advanced.score).toEqual({ sumPerMille: 2400, count: 4 }); // 600 ‰
    expect(tierCondition(result, "gold", "core")).toMatchObject({ status: "held", score: { sumPerMille: 17000, count: 19 } });
    expect(result.level).toBe("gold");
    expect(result.next).toBeNull();
    expect(result.levels.every((l) => l.reached)).toBe(true);

    const justBelow = scoreAssessment(version, rate(version, ratings.map((r, i) => (i === 11 ? 2 : r))));
    expect(justBelow.global).toEqual({ sumPerMille: 20100, count: 24 });
    expect(justBelow.level).toBe("silver");
    expect(justBelow.next?.unmet.map((c) => c.kind)).toEqual(["global"]);
  });
});

describe("level rules", () => {
  it("lets a single critical criterion rated 2 block Silver", () => {
    const version = makeVersion({ chapters: [[["critical", "core", "core"]], [["critical", "core", "advanced"]]] });
    const result = scoreAssessment(version, rate(version, [3, 3, 3, 2, 3, 3]));
    expect(result.global).toEqual({ sumPerMille: 5700, count: 6 }); // 95 %
    expect(result.level).toBe("bronze");
    expect(result.next?.level).toBe("silver");
    expect(result.next?.unmet).toEqual([
      { kind: "critical", status: "failed", held: false, minValue: 3, failing: [{ code: "2.1.1", value: 2 }], unrated: [] },
    ]);
    expect(condition(result, "gold", "critical").failing).toEqual([{ code: "2.1.1", value: 2 }]);
  });

  it("explains every condition of every level below Bronze", () => {
    const version = makeVersion({ chapters: [[["critical", "core"]]] });
    const result = scoreAssessment(version, rate(version, [1, 0]));
    expect(result.level).toBeNull();
    expect(statuses(result)).toEqual([
      ["bronze", false, ["critical:failed", "global:failed", "chapters:failed"]],
      ["silver", false, ["critical:failed", "global:failed", "chapters:failed", "tier.core:failed"]],
      ["gold", false, ["critical:failed", "global:failed", "chapters:failed", "tier.core:failed", "tier.advanced:not_applicable"]],
    ]);
    expect(result.next?.level).toBe("bronze");
  });

  it("leaves N/A criteria out of every score", () => {
    const version = makeVersion({ chapters: [[[{ tier: "core", na_allowed: true }, "core", "core"]]] });
    const result = scoreAssessment(version, rate(version, ["NA", 3, 0]));
    expect(result.chapters[0]?.score).toEqual({ sumPerMille: 1000, count: 2 });
    expect(result.completeness).toEqual({ rated: 2, applicable: 2, notApplicable: 1, total: 3 });
    expect(result.final).toBe(true);
    expect(result.criteria[0]).toEqual({ code: "1.1.1", tier: "core", status: "not_applicable", rating: "NA", weightPerMille: null });
  });

  it("shows a chapter with no applicable criterion as not applicable and leaves it out of the chapter condition", () => {
    const version = makeVersion({ chapters: [[["critical", "core"]], [[{ tier: "core", na_allowed: true }, { tier: "advanced", na_allowed: true }]]] });
    const result = scoreAssessment(version, rate(version, [3, 3, "NA", "NA"]));
    expect(result.chapters[1]).toEqual({ code: "2", status: "not_applicable", applicable: 0, rated: 0, score: { sumPerMille: 0, count: 0 } });
    expect(result.standards[1]?.status).toBe("not_applicable");
    const chapters: ChaptersCondition = condition(result, "gold", "chapters");
    expect(chapters.chapters[1]).toEqual({ chapterCode: "2", status: "not_applicable", score: { sumPerMille: 0, count: 0 } });
    expect(chapters.failing).toEqual([]);
    expect(result.level).toBe("gold");
  });

  it("treats the advanced floor as not applicable and held when no advanced criterion applies", () => {
    const version = makeVersion({ chapters: [[["critical", "core", { tier: "advanced", na_allowed: true }]]] });
    const result = scoreAssessment(version, rate(version, [3, 3, "NA"]));
    expect(result.tiers.advanced).toEqual({ status: "not_applicable", applicable: 0, rated: 0, score: { sumPerMille: 0, count: 0 } });
    expect(tierCondition(result, "gold", "advanced")).toEqual({
      kind: "tier",
      tier: "advanced",
      status: "not_applicable",
      held: true,
      minPercent: 60,
      score: { sumPerMille: 0, count: 0 },
    });
    expect(result.level).toBe("gold");
  });
});

describe("tier floors", () => {
  // One critical criterion, ten core criteria rated 2 (largely met), five advanced fully met: global 81 %, every
  // chapter above 65 %; only the core floor decides between Silver and Bronze.
  const spec: CriterionSpec[][][] = [[["critical", ...repeat<CriterionSpec>(5, "core")]], [repeat(5, "core")], [repeat(5, "advanced")]];
  const ratings: Rating[] = [3, ...repeat<Rating>(10, 2), ...repeat<Rating>(5, 3)];
  const scaleWithSecondWeight = (weight: number) => ({ ...DEFAULT_SCALE, values: DEFAULT_SCALE.values.map((v) => (v.value === 2 ? { ...v, weight } : v)) });

  it("holds a core floor of 70 % at exactly 70 %, and fails it one per mille below", () => {
    const exact = makeVersion({ chapters: spec });
    const atThreshold = scoreAssessment(exact, rate(exact, ratings));
    expect(atThreshold.tiers.core.score).toEqual({ sumPerMille: 7000, count: 10 });
    expect(tierCondition(atThreshold, "silver", "core")).toEqual({ kind: "tier", tier: "core", status: "held", held: true, minPercent: 70, score: { sumPerMille: 7000, count: 10 } });
    expect(atThreshold.level).toBe("silver");

    // "Largely met" weighted 699 ‰: core criteria at 69.9 %.
    const lower = makeVersion({ chapters: spec, scale: scaleWithSecondWeight(699) });
    const below = scoreAssessment(lower, rate(lower, ratings));
    expect(percentAtLeast(below.global, 75)).toBe(true);
    expect(below.level).toBe("bronze");
    expect(below.next).toEqual({
      level: "silver",
      unmet: [{ kind: "tier", tier: "core", status: "failed", held: false, minPercent: 70, score: { sumPerMille: 6990, count: 10 } }],
    });
  });

  it("checks each floor a level names, in tier order, on that tier's criteria only", () => {
    const version = makeVersion({ chapters: spec });
    const result = scoreAssessment(version, rate(version, ratings));
    const gold = result.levels.find((l) => l.level === "gold")!;
    expect(gold.conditions.filter((c) => c.kind === "tier").map((c) => [c.tier, c.status])).toEqual([
      ["core", "failed"],
      ["advanced", "held"],
    ]);
    expect(tierCondition(result, "gold", "advanced").score).toEqual({ sumPerMille: 5000, count: 5 });
  });

  it("does not apply the core floor when no core criterion applies (counted as held)", () => {
    const version = makeVersion({ chapters: [[["critical", { tier: "core", na_allowed: true }, "advanced"]]] });
    const result = scoreAssessment(version, rate(version, [3, "NA", 3]));
    expect(tierCondition(result, "silver", "core")).toMatchObject({ status: "not_applicable", held: true });
    expect(result.level).toBe("gold");
  });

  it("does not hold a floor over a tier with nothing rated yet, and secures a level only if the lowest ratings keep it", () => {
    const version = makeVersion({ chapters: spec });
    const noCoreYet = scoreAssessment(version, rate(version, [3, ...repeat<Rating | null>(10, null), ...repeat<Rating>(5, 3)]));
    expect(tierCondition(noCoreYet, "silver", "core")).toMatchObject({ status: "not_rated", held: false });

    // Advanced criteria spread over the chapters, so that only the core floor can block the secured level.
    // Nine core criteria fully met, one unrated: at 0 the core score would be 90 %, enough for Gold's 80 %.
    const mixed = makeVersion({ chapters: [[["critical", ...repeat<CriterionSpec>(5, "core"), ...repeat<CriterionSpec>(3, "advanced")]], [[...repeat<CriterionSpec>(5, "core"), "advanced", "advanced"]]] });
    const order = (core: (Rating | null)[]) => [3, ...core.slice(0, 5), 3, 3, 3, ...core.slice(5), 3, 3];
    const oneLeft = scoreAssessment(mixed, rate(mixed, order([...repeat<Rating>(4, 3), null, ...repeat<Rating>(5, 3)])));
    expect(oneLeft.level).toBe("gold");
    expect(oneLeft.securedLevel).toBe("gold");
    // Four unrated, two per chapter: at 0 the core score would be 60 %, below Silver's 70 %, while the global score
    // (exactly 75 %) and every chapter (78 % and 71 %) would still hold Silver's thresholds.
    const fourLeft = scoreAssessment(mixed, rate(mixed, order([3, 3, 3, null, null, 3, 3, 3, null, null])));
    expect(fourLeft.level).toBe("gold");
    expect(fourLeft.securedLevel).toBe("bronze");
  });
});

describe("service-dependent criteria", () => {
  // Chapters 1 to 5: a critical criterion fully met and two core ones largely met (80 % each). Chapter 6 depends on
  // surgery: two critical criteria (6.1.1, 6.2.2) and two core ones.
  const surgery = { na_allowed: true, service: "surgery" } as const;
  const version = makeVersion({
    chapters: [
      ...repeat<CriterionSpec[][]>(5, [["critical", "core", "core"]]),
      [
        [{ tier: "critical", ...surgery }, { tier: "core", ...surgery }],
        [{ tier: "core", ...surgery }, { tier: "critical", ...surgery }],
      ],
    ],
  });
  const withoutSurgery = rate(version, [...repeat(5, [3, 2, 2]).flat(), "NA", "NA", "NA", "NA"]);

  it("lets a hospital without surgery reach Silver: every surgery-dependent criterion N/A, critical ones included", () => {
    const result = scoreAssessment(version, withoutSurgery);
    expect(result.final).toBe(true);
    expect(result.level).toBe("silver");
    expect(result.chapters.find((c) => c.code === "6")?.status).toBe("not_applicable");
    expect(condition(result, "silver", "critical")).toMatchObject({ status: "held", failing: [] });
    expect(result.completeness).toMatchObject({ notApplicable: 4, applicable: 15, rated: 15 });
  });

  it("keeps Silver out of reach when the auditor refused the N/A on 6.1.1 and rated it, and names 6.1.1", () => {
    const refused = scoreAssessment(version, { ...withoutSurgery, "6.1.1": 1 });
    expect(refused.level).toBeNull();
    expect(condition(refused, "silver", "critical").failing).toEqual([{ code: "6.1.1", value: 1 }]);
    expect(condition(refused, "bronze", "critical").failing).toEqual([{ code: "6.1.1", value: 1 }]);
    expect(refused.next?.unmet.find((c) => c.kind === "critical")).toMatchObject({ failing: [{ code: "6.1.1", value: 1 }] });
    // Largely met, it still blocks Silver (every critical criterion fully met), not Bronze.
    const largely = scoreAssessment(version, { ...withoutSurgery, "6.1.1": 2 });
    expect(largely.level).toBe("bronze");
    expect(largely.next).toMatchObject({ level: "silver", unmet: [expect.objectContaining({ kind: "critical", failing: [{ code: "6.1.1", value: 2 }] })] });
  });

  it("accepts N/A on a critical criterion only where the version allows it", () => {
    const prepared = prepareVersion(version);
    expect(prepared.criteria.find((c) => c.code === "6.1.1")).toMatchObject({ tier: "critical", naAllowed: true, service: "surgery" });
    expect(checkRatings(prepared, { "6.1.1": "NA", "6.2.2": "NA" })).toEqual([]);
    expect(checkRatings(prepared, { "1.1.1": "NA" })).toEqual([{ code: "1.1.1", rating: "NA", reason: "na_not_allowed" }]);
  });
});

describe("provisional results", () => {
  const version = makeVersion({ chapters: [[["critical", "core", "core"]], [["core", "advanced"]]] });

  it("computes a provisional level on the rated criteria, with completeness and a secured level", () => {
    const result = scoreAssessment(version, rate(version, [null, 3, 3, 3, 3]));
    expect(result.final).toBe(false);
    expect(result.completeness).toEqual({ rated: 4, applicable: 5, notApplicable: 0, total: 5 });
    const critical: CriticalCondition = condition(result, "gold", "critical");
    expect(critical).toEqual({ kind: "critical", status: "held", held: true, minValue: 3, failing: [], unrated: ["1.1.1"] });
    expect(result.level).toBe("gold");
    // The unrated critical criterion could still block every level.
    expect(result.securedLevel).toBeNull();
    expect(result.criteria[0]).toMatchObject({ code: "1.1.1", status: "unrated", rating: null });
  });

  it("secures the level that the lowest ratings for the unrated criteria would still give", () => {
    // 5 criteria: 4 rated 3; the unrated core criterion at 0 would give (4000 + 0) / 5 = 80 % and chapter 2 at 50 %.
    const result = scoreAssessment(version, rate(version, [3, 3, 3, null, 3]));
    expect(result.level).toBe("gold");
    expect(result.securedLevel).toBe("bronze");
  });

  it("does not claim a level when a chapter, the global score or advanced criteria have nothing rated yet", () => {
    const nothing = scoreAssessment(version, {});
    expect(nothing.level).toBeNull();
    expect(condition(nothing, "bronze", "global").status).toBe("not_rated");
    expect(condition(nothing, "bronze", "chapters")).toMatchObject({ status: "not_rated", failing: ["1", "2"] });
    expect(nothing.completeness).toEqual({ rated: 0, applicable: 5, notApplicable: 0, total: 5 });

    const noAdvancedYet = scoreAssessment(version, rate(version, [3, 3, 3, 3, null]));
    expect(tierCondition(noAdvancedYet, "gold", "advanced").status).toBe("not_rated");
    expect(noAdvancedYet.level).toBe("silver");
  });

  it("never secures more than the provisional level, even where a 0 % threshold holds over the lowest ratings", () => {
    // Fuzzing found it: a chapter with nothing rated holds no percentage yet, not even 0 %, while over the worst
    // completion its 0 % holds; the secured level would have been Bronze above a provisional "no level".
    const lenient = makeVersion({
      chapters: [[["core"]], [["core"]]],
      levels: [{ ...DEFAULT_LEVELS[0]!, conditions: { critical_min_value: 0, global_min_percent: 0, chapter_min_percent: 0 } }],
    });
    const result = scoreAssessment(lenient, rate(lenient, [3, null]));
    expect(condition(result, "bronze", "chapters").status).toBe("not_rated");
    expect(result.level).toBeNull();
    expect(result.securedLevel).toBeNull();
    expect(scoreAssessment(lenient, rate(lenient, [3, 0])).level).toBe("bronze");
  });

  it("is final, with securedLevel equal to level, once every applicable criterion is rated", () => {
    const result = scoreAssessment(version, new Map<string, Rating>(Object.entries(rate(version, [3, 3, 2, 3, 3]))));
    expect(result.final).toBe(true);
    expect(result.securedLevel).toBe(result.level);
  });
});

describe("ratings checks", () => {
  const version = makeVersion({ chapters: [[["critical", "core", { tier: "core", na_allowed: true }]]] });
  const prepared = prepareVersion(version);

  it("rejects unknown codes, off-scale values and N/A where not allowed", () => {
    const ratings = { "1.1.1": "NA", "1.1.2": 4, "1.1.3": 2.5, "9.9.9": 3 } as Record<string, Rating>;
    const problems = [
      { code: "1.1.1", rating: "NA", reason: "na_not_allowed" },
      { code: "1.1.2", rating: 4, reason: "not_on_scale" },
      { code: "1.1.3", rating: 2.5, reason: "not_on_scale" },
      { code: "9.9.9", rating: 3, reason: "unknown_criterion" },
    ];
    expect(checkRatings(prepared, ratings)).toEqual(problems);
    expect(() => scoreRatings(prepared, ratings)).toThrow(RatingsError);
    try {
      scoreRatings(prepared, ratings);
    } catch (error) {
      expect((error as RatingsError).problems).toEqual(problems);
    }
  });

  it("rejects N/A on a core criterion without na_allowed and accepts it where allowed", () => {
    expect(checkRatings(prepared, { "1.1.2": "NA" })).toEqual([{ code: "1.1.2", rating: "NA", reason: "na_not_allowed" }]);
    expect(checkRatings(prepared, { "1.1.3": "NA" })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const tierArb = fc.constantFrom<Tier>("critical", "core", "advanced");
// A critical criterion allows N/A only when it depends on a service (the validator's rule).
const criterionArb = fc
  .record({ tier: tierArb, na_allowed: fc.boolean() })
  .map((c): CriterionSpec => (c.tier === "critical" && c.na_allowed ? { ...c, service: "surgery" } : c));
/** A tier floor or none, in steps of 5 % so that scores often land exactly on it. */
const floorArb = fc.option(fc.integer({ min: 0, max: 20 }).map((n) => n * 5), { nil: undefined });
/** The default rules, or the same with random core and advanced floors on every level. */
const levelsArb = fc.oneof(
  fc.constant(DEFAULT_LEVELS),
  fc.array(fc.record({ core: floorArb, advanced: floorArb }), { minLength: 3, maxLength: 3 }).map((floors) =>
    DEFAULT_LEVELS.map((level, i): Level => {
      const { tier_min_percent: _default, ...conditions } = level.conditions;
      const tiers = Object.fromEntries(Object.entries(floors[i] ?? {}).filter(([, v]) => v !== undefined));
      return { ...level, conditions: Object.keys(tiers).length > 0 ? { ...conditions, tier_min_percent: tiers } : conditions };
    }),
  ),
);
const versionArb = fc
  .tuple(fc.array(fc.array(fc.array(criterionArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), levelsArb)
  .map(([chapters, levels]) => makeVersion({ chapters, levels }));
/** 0..3 = scale value, 4 = N/A (when allowed, else unrated), 5 = unrated. */
const choicesArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 48, maxLength: 48 });

function ratingsFrom(version: ReferentialVersion, choices: number[]): Record<string, Rating> {
  const ratings: Record<string, Rating> = {};
  allCriteria(version).forEach((criterion, i) => {
    const choice = choices[i % choices.length] ?? 5;
    if (choice <= 3) ratings[criterion.code] = choice;
    else if (choice === 4 && criterion.na_allowed) ratings[criterion.code] = "NA";
  });
  return ratings;
}

const levelRank = (level: LevelCode | null) => (level === null ? -1 : ["bronze", "silver", "gold"].indexOf(level));

describe("properties", () => {
  it("raising one rating never lowers any score or the level", () => {
    fc.assert(
      fc.property(versionArb, choicesArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (version, choices, pick, raise) => {
        const ratings = ratingsFrom(version, choices);
        const rated = Object.keys(ratings).filter((code) => typeof ratings[code] === "number" && (ratings[code] as number) < 3);
        const code = rated[pick % Math.max(rated.length, 1)];
        fc.pre(code !== undefined);
        if (code === undefined) return;
        const prepared = prepareVersion(version);
        const before = scoreRatings(prepared, ratings);
        const after = scoreRatings(prepared, { ...ratings, [code]: Math.min(3, (ratings[code] as number) + raise) });
        const notLower = (a: { sumPerMille: number; count: number }, b: { sumPerMille: number; count: number }) => compareScores(b, a) >= 0;
        expect(notLower(before.global, after.global)).toBe(true);
        before.chapters.forEach((c, i) => expect(notLower(c.score, after.chapters[i]?.score ?? c.score)).toBe(true));
        before.standards.forEach((s, i) => expect(notLower(s.score, after.standards[i]?.score ?? s.score)).toBe(true));
        for (const tier of ["critical", "core", "advanced"] as const) expect(notLower(before.tiers[tier].score, after.tiers[tier].score)).toBe(true);
        before.criteria.forEach((c, i) => expect((after.criteria[i]?.weightPerMille ?? 0) >= (c.weightPerMille ?? 0)).toBe(true));
        // Every condition that held still holds (tier floors included), so the level cannot drop.
        before.levels.forEach((level, i) => level.conditions.forEach((c, j) => c.held && expect(after.levels[i]?.conditions[j]?.held).toBe(true)));
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank(before.level));
        expect(levelRank(after.securedLevel)).toBeGreaterThanOrEqual(levelRank(before.securedLevel));
      }),
      { numRuns: 500 },
    );
  });

  it("rating a criterion N/A gives the same result as removing it from the version", () => {
    fc.assert(
      fc.property(versionArb, choicesArb, fc.nat(), (version, choices, pick) => {
        const candidates = allCriteria(version).filter((c) => c.na_allowed);
        const target = candidates[pick % Math.max(candidates.length, 1)];
        fc.pre(target !== undefined);
        if (target === undefined) return;
        const ratings = ratingsFrom(version, choices);
        const withNa = scoreAssessment(version, { ...ratings, [target.code]: "NA" });
        const { [target.code]: _removed, ...rest } = ratings;
        const removed = scoreAssessment(withoutCriterion(version, target.code), rest);
        const comparable = (r: ScoringResult) => ({
          ...r,
          criteria: r.criteria.filter((c) => c.code !== target.code),
          completeness: { rated: r.completeness.rated, applicable: r.completeness.applicable },
        });
        expect(comparable(withNa)).toEqual(comparable(removed));
      }),
      { numRuns: 500 },
    );
  });

  it("never secures a level above the provisional one, and any completion reaches at least the secured level", () => {
    fc.assert(
      fc.property(versionArb, choicesArb, choicesArb, (version, choices, completion) => {
        const prepared = prepareVersion(version);
        const ratings = ratingsFrom(version, choices);
        const result = scoreRatings(prepared, ratings);
        expect(levelRank(result.securedLevel)).toBeLessThanOrEqual(levelRank(result.level));
        // Complete the unrated criteria at random (never leaving one unrated).
        const completed = { ...ratings };
        allCriteria(version).forEach((criterion, i) => {
          if (completed[criterion.code] !== undefined) return;
          const choice = completion[i % completion.length] ?? 0;
          completed[criterion.code] = choice === 4 && criterion.na_allowed ? "NA" : choice % 4;
        });
        const finalResult = scoreRatings(prepared, completed);
        expect(finalResult.final).toBe(true);
        expect(levelRank(finalResult.level)).toBeGreaterThanOrEqual(levelRank(result.securedLevel));
      }),
      { numRuns: 500 },
    );
  });
});
