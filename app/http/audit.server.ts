// What every audit page needs: the signed-in user, the process they may see, its visit and their place on the team.
import type { RouterContextProvider } from "react-router";
import { canReadAudit } from "#app/domain/audit/visit.ts";
import { listAuditRounds } from "#app/services/audit/rounds.server.ts";
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

/**
 * An earlier round of the audit, for someone who may read it: as `requireAudit`, except that the hospital's staff read
 * a round whose report was released, even while the next round (the revisit) is not. 404 for a round that does not
 * exist.
 */
export async function requireAuditRound(context: Context, request: Request, processId: string | undefined, roundParam: string | undefined) {
  const { user, process } = await requireProcess(context, request, processId);
  const { db } = getServices(context);
  const [visit, rounds] = await Promise.all([loadVisit(db, process), listAuditRounds(db, process.id)]);
  const round = rounds.find((r) => String(r.round) === roundParam);
  if (!visit || !round) notFound();
  const teamRole = teamRoleOf(visit, user.id);
  const ofEstablishment = user.establishmentId === process.establishmentId;
  if (!canReadAudit(user, ofEstablishment, { teamRole, released: round.releasedAt !== null })) forbidden();
  return { user, process, round, db };
}

/** The earlier rounds a user may read (their numbers and dates), for the links of the process and audit pages. */
export function readableRounds(
  user: Parameters<typeof canReadAudit>[0],
  ofEstablishment: boolean,
  teamRole: Parameters<typeof canReadAudit>[2]["teamRole"],
  rounds: readonly { round: number; startsOn: string; endsOn: string; releasedAt: Date | null }[],
) {
  return rounds
    .filter((r) => canReadAudit(user, ofEstablishment, { teamRole, released: r.releasedAt !== null }))
    .map((r) => ({ round: r.round, startsOn: r.startsOn, endsOn: r.endsOn }));
}
