/**
 * A hospital's ratings that contradict each other about a service: N/A on one criterion of the service ("we have no
 * maternity") while another criterion of the same service is rated on the scale ("our maternity does this"). Either
 * the service exists and the N/A is wrong, or it does not and the other ratings are. Pure; shown before hand-in as a
 * warning (not a refusal: the auditor settles it on site, docs/decisions/0019).
 */
import type { RatingValue } from "./rating-input.ts";
import type { Service } from "#app/domain/referential/schema.ts";

export interface ServiceContradiction {
  service: Service;
  /** Criteria rated N/A (the service said absent), in the version's order. */
  notApplicable: string[];
  /** Criteria of the same service rated on the scale (the service said present). */
  rated: string[];
}

export function contradictoryServiceClaims(
  criteria: Iterable<{ code: string; service?: Service | null | undefined }>,
  ratingOf: (code: string) => RatingValue | null | undefined,
): ServiceContradiction[] {
  const byService = new Map<Service, ServiceContradiction>();
  for (const criterion of criteria) {
    if (!criterion.service) continue;
    const rating = ratingOf(criterion.code);
    if (rating === null || rating === undefined) continue;
    const claim = byService.get(criterion.service) ?? { service: criterion.service, notApplicable: [], rated: [] };
    (rating === "NA" ? claim.notApplicable : claim.rated).push(criterion.code);
    byService.set(criterion.service, claim);
  }
  return [...byService.values()].filter((c) => c.notApplicable.length > 0 && c.rated.length > 0);
}
