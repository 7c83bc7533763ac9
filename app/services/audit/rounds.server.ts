// Audit rounds: a deferred process is visited again; the round the committee deferred is kept as it stood.
import { asc, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditRatings, auditRounds, auditTeamMembers, auditVisits, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import type { FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { AuditError } from "./audit-error.ts";

/**
 * Before the revisit of a deferred process: the round the committee deferred is kept, read-only, as it stood
 * (dates, team, summary, ratings); the visit starts its next round. Its ratings stay as the team's starting point.
 * Call inside the transaction that schedules the revisit.
 */
export async function archiveAuditRound(tx: Db, actor: Actor, process: ProcessSummary, frozen: FrozenVersion): Promise<number> {
  const [visit] = await tx.select().from(auditVisits).where(eq(auditVisits.processId, process.id));
  if (!visit) throw new AuditError("schedule_not_allowed");
  const team = await tx
    .select({ userId: users.id, name: users.name, role: auditTeamMembers.role })
    .from(auditTeamMembers)
    .innerJoin(users, eq(users.id, auditTeamMembers.userId))
    .where(eq(auditTeamMembers.processId, process.id))
    .orderBy(asc(auditTeamMembers.role), asc(users.name));
  const ratings = await tx
    .select({ criterionId: auditRatings.criterionId, rating: auditRatings.rating, finding: auditRatings.finding, classification: auditRatings.classification, methods: auditRatings.methods, updatedByName: users.name })
    .from(auditRatings)
    .leftJoin(users, eq(users.id, auditRatings.updatedBy))
    .where(eq(auditRatings.processId, process.id));
  await tx.insert(auditRounds).values({
    processId: process.id,
    round: visit.round,
    startsOn: visit.startsOn,
    endsOn: visit.endsOn,
    summaryFr: visit.summaryFr,
    summaryEn: visit.summaryEn,
    submittedAt: visit.submittedAt,
    releasedAt: visit.releasedAt,
    team: team.map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
    ratings: ratings.map((r) => ({ code: frozen.criterionCodes.get(r.criterionId) ?? r.criterionId, rating: r.rating, finding: r.finding, classification: r.classification, methods: r.methods, updatedByName: r.updatedByName })),
    archivedBy: actor.id,
  });
  await tx
    .update(auditVisits)
    .set({ round: visit.round + 1, submittedAt: null, submittedBy: null, releasedAt: null, releasedBy: null, updatedAt: new Date() })
    .where(eq(auditVisits.processId, process.id));
  return visit.round + 1;
}

/** The earlier rounds of a process's audit, oldest first (none until a deferred process is revisited). */
export async function listAuditRounds(db: Db, processId: string) {
  return db.select().from(auditRounds).where(eq(auditRounds.processId, processId)).orderBy(asc(auditRounds.round));
}
