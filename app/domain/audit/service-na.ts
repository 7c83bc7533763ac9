/**
 * N/A on a criterion that depends on a service (surgery, births, transfusion…): the hospital says it does not have
 * the service, and the auditor confirms that on site or refuses it. Pure: the pages, the report and its PDF word the
 * result through the locale files (process:serviceNa.*).
 *
 * A refusal is not a separate record: the auditor rates the criterion on the scale, with a finding saying why, and
 * the audit's level is computed from the auditor's ratings as for any criterion (docs/decisions/0019).
 */
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { Service } from "#app/domain/referential/schema.ts";

/**
 * pending: the hospital rated N/A and the audit has not rated the criterion (or the reader may not see the audit yet);
 * confirmed: both rated N/A; refused: the hospital rated N/A, the auditor a scale value; found_on_site: the hospital
 * rated it (or not at all), the auditor found the service absent and rated N/A.
 */
export const SERVICE_NA_REVIEWS = ["pending", "confirmed", "refused", "found_on_site"] as const;
export type ServiceNaReview = (typeof SERVICE_NA_REVIEWS)[number];

/** What became of an N/A on a service-dependent criterion; null when the criterion depends on no service or nobody rated it N/A. */
export function serviceNaReview(criterion: { service?: Service | null | undefined }, hospital: RatingValue | null, auditor: RatingValue | null): ServiceNaReview | null {
  if (!criterion.service) return null;
  if (hospital === "NA") return auditor === null ? "pending" : auditor === "NA" ? "confirmed" : "refused";
  return auditor === "NA" ? "found_on_site" : null;
}
