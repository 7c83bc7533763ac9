import type { Route } from "./+types/audit-trail-csv";
import { readAuditTrailQuery, readerZone } from "#app/http/audit-trail.server.ts";
import { sendFile } from "#app/http/download.server.ts";
import { getServices, requireRole } from "#app/http/guards.server.ts";
import { getInstance } from "#app/middleware/i18next.ts";
import { AUDIT_TRAIL_EXPORT_CAP } from "#app/domain/audit-trail.ts";
import type { Translate } from "#app/domain/translate.ts";
import { auditTrailCsv, exportAuditTrail } from "#app/services/platform/audit-trail-search.server.ts";

/** The current search as CSV (every matching event up to the cap), written as the registry's export is. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const { filters } = readAuditTrailQuery(request);
  const timeZone = readerZone(context, request);
  const { rows, truncated } = await exportAuditTrail(db, filters, timeZone, AUDIT_TRAIL_EXPORT_CAP);
  const body = auditTrailCsv(rows, { t: getInstance(context).t as Translate, timeZone, truncated, cap: AUDIT_TRAIL_EXPORT_CAP });
  return sendFile(context, request, { body, type: "text/csv; charset=utf-8", compress: true, fileName: `audit-trail-${new Date().toISOString().slice(0, 10)}.csv` });
}
