// The scoring of a process's saved ratings, whoever the rater (the hospital's self-assessment, the auditors'). The
// rating maps come from a kept view (`cachedRatingView`): while a process's ratings are unchanged, the same map comes
// back, and so does its score — computed once per state of the ratings, not on every page that shows it.
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import { scoreRatings, type ScoringResult } from "#app/domain/scoring/engine.ts";
import type { FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

const scores = new WeakMap<FrozenVersion, WeakMap<object, ScoringResult>>();

/** The engine's result for these ratings (the engine is the only place scores are computed). Shared: not to be changed. */
export function scoreSavedRatings(frozen: FrozenVersion, ratings: ReadonlyMap<string, { readonly rating: RatingValue | null }>): ScoringResult {
  let byRatings = scores.get(frozen);
  if (!byRatings) scores.set(frozen, (byRatings = new WeakMap()));
  let result = byRatings.get(ratings);
  if (!result) {
    const values = new Map<string, RatingValue>();
    for (const [code, saved] of ratings) if (saved.rating !== null) values.set(code, saved.rating);
    byRatings.set(ratings, (result = scoreRatings(frozen.prepared, values)));
  }
  return result;
}
