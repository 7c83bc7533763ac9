// The audit trail's search as the URL carries it (GET form, so a search can be bookmarked and works without
// JavaScript), shared by the page and its CSV export.
import type { RouterContextProvider } from "react-router";
import { sessionContext } from "#app/context.ts";
import { parseKindFilter } from "#app/domain/audit-trail.ts";
import { readerTimeZone, TIME_ZONE_COOKIE } from "#app/domain/time-zone.ts";
import { searchField, z } from "#app/forms/validation.ts";
import { readCookie } from "#app/services/accounts/sessions.server.ts";
import type { AuditTrailFilters } from "#app/services/platform/audit-trail-search.server.ts";

const day = z.iso.date().optional().catch(undefined);
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);

/** A hand-edited link never fails: a filter it spoils is dropped. */
const querySchema = z.object({
  person: searchField(200),
  establishment: z.uuid().optional().catch(undefined),
  process: z.uuid().optional().catch(undefined),
  kind: z.string().max(80).refine((v) => parseKindFilter(v) !== null).optional().catch(undefined),
  from: day,
  to: day,
  before: id,
  after: id,
});

export type AuditTrailQuery = z.infer<typeof querySchema>;

export function readAuditTrailQuery(request: Request): { query: AuditTrailQuery; filters: AuditTrailFilters } {
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filters: AuditTrailFilters = { person: query.person || undefined, establishmentId: query.establishment, processId: query.process, kind: query.kind, from: query.from, to: query.to };
  return { query, filters };
}

/** The reader's zone, as the root loader reads it: the days of the search are days of the reader's calendar. */
export function readerZone(context: Readonly<RouterContextProvider>, request: Request): string {
  return readerTimeZone({ browser: readCookie(request, TIME_ZONE_COOKIE), countryCode: context.get(sessionContext)?.user.establishmentCountryCode });
}
