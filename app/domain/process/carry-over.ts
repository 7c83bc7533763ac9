/**
 * A renewal's carry-over: which of the previous process's self-assessment ratings a new process starts from, on its
 * own version, by the lineage the diff reads (lineageGroups). Pure. The rules (ADR 0021):
 * - continued (one older ↔ one newer, even moved, reworded or re-tiered): the rating and its justification;
 * - merged (several older → one newer): the lowest of the older ratings (a merged criterion is met only as far as
 *   its weakest part was), the justifications joined, each under its source code; nothing when one of the older
 *   criteria was not rated (its rating could have been the lowest);
 * - split (one older → several newer): the older rating and justification on each newer criterion;
 * - regrouped (several ↔ several) and added: nothing;
 * - the same version (a renewal on the version of the previous process): every criterion continued.
 * Whatever the case, a rating the new criterion would refuse is not carried (N/A where it does not allow N/A, a value
 * off its scale, a justification missing where one is required), and an unrated or cleared rating carries nothing.
 * Across a skipped version (2019 → 2028 with 2024 between) the steps follow one another, each by its own lineage.
 */
import { lineageGroups, lineageKind, type LineageGroup } from "#app/domain/referential/diff.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { prepareVersion } from "#app/domain/scoring/engine.ts";
import { checkRating, JUSTIFICATION_MAX, type RatingValue } from "./rating-input.ts";

export interface PreviousRating {
  rating: RatingValue | null;
  justification: string;
}

export type CarryKind = "continued" | "merged" | "split";

export interface CarriedRating {
  /** The criterion of the new version. */
  code: string;
  rating: RatingValue;
  justification: string;
  /** The previous process's criterion codes (in its version) the rating comes from. */
  from: string[];
  kind: CarryKind;
}

export type NotCarriedReason = "added" | "regrouped" | "unrated" | "merge_incomplete" | "refused";

export interface CarryOverPlan {
  /** In the new version's order. */
  carried: CarriedRating[];
  /** Every other criterion of the new version, and why. */
  notCarried: { code: string; reason: NotCarriedReason }[];
}

/** Two versions are the same version (a renewal on it): every criterion continues as itself. */
function sameVersion(a: ReferentialVersion, b: ReferentialVersion): boolean {
  return a.code === b.code && a.version === b.version;
}

function identityGroups(version: ReferentialVersion): LineageGroup[] {
  return version.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria.map((criterion) => ({ older: [criterion.code], newer: [criterion.code] }))));
}

/** One step: ratings keyed by the older version's codes → ratings keyed by the newer version's codes. */
function step(
  older: ReferentialVersion,
  newer: ReferentialVersion,
  ratings: ReadonlyMap<string, PreviousRating & { from?: string[] }>,
): CarryOverPlan {
  const prepared = prepareVersion(newer);
  const scaleValues = newer.scale.values.map((v) => v.value);
  const groups = sameVersion(older, newer) ? identityGroups(newer) : lineageGroups(older, newer).groups;
  const plan: CarryOverPlan = { carried: [], notCarried: [] };
  const sourcesOf = (code: string) => ratings.get(code)?.from ?? [code];

  for (const group of groups) {
    const kind = lineageKind(group);
    const skip = (reason: NotCarriedReason) => {
      for (const code of group.newer) plan.notCarried.push({ code, reason });
    };
    if (kind === "added" || kind === "regrouped") {
      skip(kind);
      continue;
    }
    const sources = group.older.map((code) => ({ code, ...ratings.get(code) }));
    let carried: { rating: RatingValue; justification: string };
    if (kind === "merged") {
      if (sources.some((s) => s.rating === undefined || s.rating === null)) {
        skip(sources.every((s) => s.rating === undefined || s.rating === null) ? "unrated" : "merge_incomplete");
        continue;
      }
      const rated = sources as { code: string; rating: RatingValue; justification: string }[];
      carried = { rating: lowest(rated.map((s) => s.rating)), justification: joinJustifications(rated) };
    } else {
      const [source] = sources;
      if (source?.rating === undefined || source.rating === null) {
        skip("unrated");
        continue;
      }
      carried = { rating: source.rating, justification: source.justification ?? "" };
    }
    const from = group.older.flatMap(sourcesOf);
    for (const code of group.newer) {
      const criterion = prepared.criteria[prepared.criterionIndex.get(code)!]!;
      const problems = checkRating(carried.rating, carried.justification, { scaleValues, naAllowed: criterion.naAllowed });
      if (Object.keys(problems).length > 0) plan.notCarried.push({ code, reason: "refused" });
      else plan.carried.push({ code, ...carried, from: [...new Set(from)], kind: kind as CarryKind });
    }
  }
  return plan;
}

/** The lowest scale value; N/A only when every older criterion was N/A (it is left out of "lowest" otherwise). */
function lowest(ratings: RatingValue[]): RatingValue {
  const values = ratings.filter((r): r is number => r !== "NA");
  return values.length === 0 ? "NA" : Math.min(...values);
}

/** "4.2.1 (2) — …" once per older criterion with a justification, cut to the longest justification kept. */
function joinJustifications(sources: { code: string; rating: RatingValue; justification: string }[]): string {
  const joined = sources
    .filter((s) => s.justification.trim() !== "")
    .map((s) => `${s.code} (${s.rating}) — ${s.justification.trim()}`)
    .join("\n\n");
  return joined.length <= JUSTIFICATION_MAX ? joined : `${joined.slice(0, JUSTIFICATION_MAX - 1)}…`;
}

/**
 * The carry-over from the previous process's ratings (keyed by code in `versions[0]`) to `versions.at(-1)`, through
 * the versions between them in order (usually none: the previous process is on the predecessor or on the same version).
 */
export function planCarryOver(versions: readonly [ReferentialVersion, ...ReferentialVersion[]], ratings: ReadonlyMap<string, PreviousRating>): CarryOverPlan {
  const [first, ...rest] = versions;
  if (rest.length === 0) return step(first, first, ratings);
  let current: ReadonlyMap<string, PreviousRating & { from?: string[] }> = ratings;
  let plan: CarryOverPlan = { carried: [], notCarried: [] };
  let older = first;
  for (const newer of rest) {
    plan = step(older, newer, current);
    current = new Map(plan.carried.map((c) => [c.code, c]));
    older = newer;
  }
  return plan;
}
