// The auditor's home: the visits whose team they are on, with how far the audit rating has gone.
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { loadAuditRatings, scoreAudit } from "#app/services/audit/audit-ratings.server.ts";
import { listTeamVisits } from "#app/services/audit/visits.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export async function loadAuditorHome(db: Db, user: Actor) {
  const visits = [];
  for (const visit of await listTeamVisits(db, user.id)) {
    const process = await getProcess(db, user, visit.processId);
    const result = scoreAudit(await getFrozenVersion(db, process.referentialVersionId), await loadAuditRatings(db, process));
    visits.push({ ...visit, rated: result.completeness.rated, applicable: result.completeness.applicable });
  }
  return { visits };
}
export type AuditorHomeData = Awaited<ReturnType<typeof loadAuditorHome>>;
