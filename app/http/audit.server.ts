// What every audit page needs: the signed-in user, the process they may see, its visit and their place on the team.
import type { RouterContextProvider } from "react-router";
import { canReadAudit } from "#app/domain/audit/visit.ts";
import { loadVisit, teamRoleOf } from "#app/services/audit/visits.server.ts";
import { forbidden, getServices, notFound } from "./guards.server.ts";
import { requireProcess } from "./process.server.ts";

type Context = Readonly<RouterContextProvider>;

/**
 * The audit of a process, for someone who may read it: the DRI, the team, the hospital's staff once the report is
 * released (403 before). An auditor off the team gets 404 (the process does not exist for them); so does a
 * process with no visit scheduled.
 */
export async function requireAudit(context: Context, request: Request, processId: string | undefined) {
  const { user, process } = await requireProcess(context, request, processId);
  const { db } = getServices(context);
  const visit = await loadVisit(db, process);
  if (!visit) notFound();
  const teamRole = teamRoleOf(visit, user.id);
  const ofEstablishment = user.establishmentId === process.establishmentId;
  if (!canReadAudit(user, ofEstablishment, { teamRole, released: visit.releasedAt !== null })) forbidden();
  return { user, process, visit, teamRole, db };
}
