import type { Route } from "./+types/offline-json";
import { requireAudit } from "#app/http/audit.server.ts";
import { notFound } from "#app/http/guards.server.ts";
import { loadOfflineVisit } from "#app/services/audit/offline-visit.server.ts";

/**
 * Everything a visit taken offline needs but the version's content (fetched by its hash): for the audit team and
 * the DRI only. Anyone else finds nothing here, the hospital's staff included even once the report is released.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, visit, teamRole, db } = await requireAudit(context, request, params.processId);
  if (teamRole === null && user.role !== "dri_admin") notFound();
  return Response.json(await loadOfflineVisit(db, user, process, visit), { headers: { "Cache-Control": "no-store" } });
}
