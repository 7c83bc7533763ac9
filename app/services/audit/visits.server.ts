/**
 * The audit site visit: its dates and team (scheduled and changed by the DRI), what each auditor's place on the team
 * lets them do, and the release of the audit report to the hospital. Every change is in the audit trail and the
 * process history; the hospital's coordinators and the team are told.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditChapterAssignments, auditTeamMembers, auditVisits, establishments, labellingProcesses, processTransitions, referentialChapters, users } from "#db/schema.ts";
import { AUDIT_EDITABLE_STATES, checkSchedule, VISIT_STATES, type AuditTeamRole, type ScheduleInput } from "#app/domain/audit/visit.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { establishmentStaff, notify, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { AuditError } from "./audit-error.ts";
import { archiveAuditRound } from "./rounds.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: AuditTeamRole;
  /** Chapter codes given to this member. */
  chapters: string[];
}

export interface AuditVisit {
  processId: string;
  startsOn: string;
  endsOn: string;
  summaryFr: string;
  summaryEn: string;
  summaryVersion: number;
  submittedAt: Date | null;
  submittedByName: string | null;
  releasedAt: Date | null;
  team: TeamMember[];
}

/** The visit of a process with its team (lead first), or null when none is scheduled. One query (it is on every audit page). */
export async function loadVisit(db: Db, process: ProcessSummary): Promise<AuditVisit | null> {
  const [[visit], frozen] = await Promise.all([
    db
      .select({
        processId: auditVisits.processId,
        startsOn: auditVisits.startsOn,
        endsOn: auditVisits.endsOn,
        summaryFr: auditVisits.summaryFr,
        summaryEn: auditVisits.summaryEn,
        summaryVersion: auditVisits.summaryVersion,
        submittedAt: auditVisits.submittedAt,
        submittedByName: users.name,
        releasedAt: auditVisits.releasedAt,
        // The team and its chapters, as JSON beside the visit's row (same order as a query of their own would give).
        members: sql<{ userId: string; name: string; email: string; role: AuditTeamRole }[]>`coalesce((
          select json_agg(json_build_object('userId', u.id, 'name', u.name, 'email', u.email, 'role', m.role) order by m.role, u.name)
          from ${auditTeamMembers} m join ${users} u on u.id = m.user_id where m.process_id = ${auditVisits.processId}), '[]'::json)`,
        assignments: sql<{ userId: string; chapterId: string }[]>`coalesce((
          select json_agg(json_build_object('userId', a.user_id, 'chapterId', a.chapter_id))
          from ${auditChapterAssignments} a where a.process_id = ${auditVisits.processId}), '[]'::json)`,
      })
      .from(auditVisits)
      .leftJoin(users, eq(users.id, auditVisits.submittedBy))
      .where(eq(auditVisits.processId, process.id)),
    getFrozenVersion(db, process.referentialVersionId),
  ]);
  if (!visit) return null;
  const { members, assignments, ...visitColumns } = visit;
  const chapterCodes = new Map([...frozen.chapterIds].map(([code, id]) => [id, code]));
  const order = new Map(frozen.version.chapters.map((c, i) => [c.code, i]));
  const team = members.map((m) => ({
    ...m,
    chapters: assignments
      .filter((a) => a.userId === m.userId)
      .map((a) => chapterCodes.get(a.chapterId))
      .filter((code): code is string => code !== undefined)
      .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
  }));
  return { ...visitColumns, team };
}

export function teamRoleOf(visit: AuditVisit | null, userId: string): AuditTeamRole | null {
  return visit?.team.find((m) => m.userId === userId)?.role ?? null;
}

/** Active auditors, for the team form. */
export async function listAuditors(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.role, "auditor"), eq(users.active, true)))
    .orderBy(asc(users.name));
}

export class ScheduleRefusal extends Error {
  constructor(public readonly problems: Partial<Record<"startsOn" | "endsOn" | "leadId" | "coAuditorIds", string>>) {
    super("schedule_refused");
  }
}

export interface ScheduleVisitInput extends ScheduleInput {
  /** Chapter code → team members given it (members only; others are ignored). */
  chapters: Record<string, string[]>;
}

/**
 * Schedules the visit of a handed-in process, or changes its dates and team while the audit is not submitted. The
 * first scheduling moves the process to `audit_scheduled`. Refusals of the form come back as a ScheduleRefusal (by
 * field); the rest as a ProcessError.
 */
export async function scheduleVisit(db: Db, actor: Actor, process: ProcessSummary, input: ScheduleVisitInput, ctx: NotifyContext): Promise<"scheduled" | "changed"> {
  if (actor.role !== "dri_admin") throw new AuditError("forbidden");
  const first = process.state === "submitted";
  // After a deferral, the DRI schedules the revisit: a new audit round on the same process.
  const revisit = process.state === "deferred";
  if (!first && !revisit && process.state !== "audit_scheduled" && process.state !== "audit_in_progress") throw new AuditError("schedule_not_allowed");
  const problems: Partial<Record<"startsOn" | "endsOn" | "leadId" | "coAuditorIds", string>> = checkSchedule(input);
  const memberIds = [...new Set([input.leadId, ...input.coAuditorIds].filter((id): id is string => !!id))];
  const auditors = memberIds.length
    ? await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(inArray(users.id, memberIds), eq(users.role, "auditor"), eq(users.active, true)))
    : [];
  const known = new Set(auditors.map((a) => a.id));
  if (input.leadId && !known.has(input.leadId)) problems.leadId ??= "not_an_auditor";
  if (input.coAuditorIds.some((id) => !known.has(id))) problems.coAuditorIds ??= "not_an_auditor";
  if (Object.keys(problems).length) throw new ScheduleRefusal(problems);

  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const assignments: { chapterId: string; code: string; userId: string }[] = [];
  for (const [code, userIds] of Object.entries(input.chapters)) {
    const chapterId = frozen.chapterIds.get(code);
    if (!chapterId) continue;
    for (const userId of new Set(userIds)) if (known.has(userId)) assignments.push({ chapterId, code, userId });
  }
  const names = new Map(auditors.map((a) => [a.id, a.name]));
  const lead = input.leadId!;
  const coAuditors = [...new Set(input.coAuditorIds)].filter((id) => id !== lead);

  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(auditVisits).where(eq(auditVisits.processId, process.id));
    if (first === Boolean(before)) throw new AuditError("schedule_not_allowed");
    const beforeTeam = before
      ? await tx.select({ userId: auditTeamMembers.userId, role: auditTeamMembers.role }).from(auditTeamMembers).where(eq(auditTeamMembers.processId, process.id))
      : [];
    const chapterCodes = new Map([...frozen.chapterIds].map(([code, id]) => [id, code]));
    const beforeChapters = before
      ? (await tx.select().from(auditChapterAssignments).where(eq(auditChapterAssignments.processId, process.id)))
          .map((a) => `${chapterCodes.get(a.chapterId) ?? a.chapterId}:${a.userId}`)
          .sort()
      : [];
    if (first) {
      const moved = await tx
        .update(labellingProcesses)
        .set({ state: "audit_scheduled", plannedVisit: input.startsOn, updatedAt: new Date() })
        .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, "submitted")))
        .returning({ id: labellingProcesses.id });
      if (moved.length === 0) throw new AuditError("schedule_not_allowed");
      await tx.insert(processTransitions).values({ processId: process.id, fromState: "submitted", toState: "audit_scheduled", actorUserId: actor.id });
      await tx.insert(auditVisits).values({ processId: process.id, startsOn: input.startsOn!, endsOn: input.endsOn!, scheduledBy: actor.id });
    } else {
      if (revisit) {
        const moved = await tx
          .update(labellingProcesses)
          .set({ state: "audit_scheduled", updatedAt: new Date() })
          .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, "deferred")))
          .returning({ id: labellingProcesses.id });
        if (moved.length === 0) throw new AuditError("schedule_not_allowed");
        await tx.insert(processTransitions).values({ processId: process.id, fromState: "deferred", toState: "audit_scheduled", actorUserId: actor.id });
        await archiveAuditRound(tx, actor, process, frozen);
      }
      await tx.update(auditVisits).set({ startsOn: input.startsOn!, endsOn: input.endsOn!, updatedAt: new Date() }).where(eq(auditVisits.processId, process.id));
      await tx.update(labellingProcesses).set({ plannedVisit: input.startsOn, updatedAt: new Date() }).where(eq(labellingProcesses.id, process.id));
    }
    await tx.delete(auditChapterAssignments).where(eq(auditChapterAssignments.processId, process.id));
    await tx.delete(auditTeamMembers).where(eq(auditTeamMembers.processId, process.id));
    await tx.insert(auditTeamMembers).values([
      { processId: process.id, userId: lead, role: "lead" as const },
      ...coAuditors.map((userId) => ({ processId: process.id, userId, role: "co_auditor" as const })),
    ]);
    if (assignments.length) {
      await tx.insert(auditChapterAssignments).values(assignments.map((a) => ({ processId: process.id, chapterId: a.chapterId, userId: a.userId })));
    }

    const teamText = (members: { userId: string; role: string }[]) => members.map((m) => `${m.role}:${m.userId}`).sort();
    const afterChapters = assignments.map((a) => `${a.code}:${a.userId}`).sort();
    const afterTeam = [{ userId: lead, role: "lead" }, ...coAuditors.map((userId) => ({ userId, role: "co_auditor" }))];
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: first ? "audit.schedule" : revisit ? "audit.schedule_revisit" : "audit.reschedule",
      entityType: "labelling_process",
      entityId: process.id,
      changes: {
        ...(before?.startsOn !== input.startsOn ? { visitStartsOn: { from: before?.startsOn ?? null, to: input.startsOn } } : {}),
        ...(before?.endsOn !== input.endsOn ? { visitEndsOn: { from: before?.endsOn ?? null, to: input.endsOn } } : {}),
        ...(JSON.stringify(teamText(beforeTeam)) !== JSON.stringify(teamText(afterTeam)) ? { auditTeam: { from: teamText(beforeTeam), to: teamText(afterTeam) } } : {}),
        ...(JSON.stringify(beforeChapters) !== JSON.stringify(afterChapters) ? { auditChapters: { from: beforeChapters, to: afterChapters } } : {}),
      },
    });
    // The coordinators and the whole team (old members too when they leave it) hear of it; never the DRI who acted.
    const formerMembers = beforeTeam.map((m) => m.userId).filter((id) => !memberIds.includes(id));
    const coordinators = await establishmentStaff(tx, process.establishmentId, { coordinatorsOnly: true });
    await notify(tx, ctx, {
      userIds: [...coordinators, ...memberIds, ...formerMembers].filter((id) => id !== actor.id),
      kind: first || revisit ? "visit_scheduled" : "visit_changed",
      processId: process.id,
      params: {
        establishment: process.establishmentName,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        lead: names.get(lead) ?? "",
        team: [lead, ...coAuditors].map((id) => names.get(id) ?? "").join(", "),
      },
    });
    return first || revisit ? "scheduled" : "changed";
  });
}

/**
 * Releases the audit report to the hospital (the DRI, once the audit is submitted; recording a decision releases it
 * too). Releasing twice changes nothing.
 */
export async function releaseAuditReport(db: Db, actor: Actor, process: ProcessSummary, ctx: NotifyContext): Promise<boolean> {
  if (actor.role !== "dri_admin") throw new AuditError("forbidden");
  if (!["audit_submitted", "deferred", "decided"].includes(process.state)) throw new AuditError("not_submitted");
  return db.transaction(async (tx) => {
    const released = await tx
      .update(auditVisits)
      .set({ releasedAt: new Date(), releasedBy: actor.id })
      .where(and(eq(auditVisits.processId, process.id), isNull(auditVisits.releasedAt)))
      .returning({ processId: auditVisits.processId });
    if (released.length === 0) return false;
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "audit.release_report", entityType: "labelling_process", entityId: process.id });
    await notify(tx, ctx, {
      userIds: (await establishmentStaff(tx, process.establishmentId, { coordinatorsOnly: true })).filter((id) => id !== actor.id),
      kind: "audit_report_released",
      processId: process.id,
      params: { establishment: process.establishmentName },
    });
    return true;
  });
}

export interface TeamVisit {
  processId: string;
  establishmentName: string;
  establishmentCity: string;
  state: ProcessSummary["state"];
  startsOn: string;
  endsOn: string;
  role: AuditTeamRole;
  /** Chapter codes given to this auditor. */
  chapters: string[];
}

/** The visits whose team the auditor is on, soonest first (current and upcoming, then submitted and decided). */
export async function listTeamVisits(db: Db, userId: string): Promise<TeamVisit[]> {
  const rows = await db
    .select({
      processId: auditVisits.processId,
      establishmentName: establishments.name,
      establishmentCity: establishments.city,
      state: labellingProcesses.state,
      startsOn: auditVisits.startsOn,
      endsOn: auditVisits.endsOn,
      role: auditTeamMembers.role,
    })
    .from(auditTeamMembers)
    .innerJoin(auditVisits, eq(auditVisits.processId, auditTeamMembers.processId))
    .innerJoin(labellingProcesses, eq(labellingProcesses.id, auditVisits.processId))
    .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
    .where(and(eq(auditTeamMembers.userId, userId), inArray(labellingProcesses.state, [...VISIT_STATES])))
    .orderBy(asc(auditVisits.startsOn));
  const given = rows.length
    ? await db
        .select({ processId: auditChapterAssignments.processId, code: referentialChapters.code })
        .from(auditChapterAssignments)
        .innerJoin(referentialChapters, eq(referentialChapters.id, auditChapterAssignments.chapterId))
        .where(and(eq(auditChapterAssignments.userId, userId), inArray(auditChapterAssignments.processId, rows.map((r) => r.processId))))
        // In the referential's order, as everywhere else ("1, 2", never "2, 1").
        .orderBy(asc(referentialChapters.position))
    : [];
  const open = (state: string) => AUDIT_EDITABLE_STATES.includes(state as ProcessSummary["state"]);
  return rows
    .map((row) => ({ ...row, chapters: given.filter((g) => g.processId === row.processId).map((g) => g.code) }))
    .sort((a, b) => Number(open(b.state)) - Number(open(a.state)));
}
