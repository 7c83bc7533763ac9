// A labelling process's life: who sees which, opening one, moving it through the state machine (submission
// included), and its history.
import { and, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditTeamMembers, establishments, labellingProcesses, processTransitions, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { checkTransition, CLOSED_STATES, HANDED_IN_STATES, transitionActor, type ProcessState } from "#app/domain/process/state-machine.ts";
import type { ScoringResult } from "#app/domain/scoring/engine.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, establishmentStaff, notify, userName, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { ProcessError } from "./process-error.ts";
import { carryOverInto, countCarriedToConfirm, previousProcess } from "./renewal.server.ts";
import { loadRatings, scoreSelfAssessment } from "./self-assessment.server.ts";

export interface ProcessSummary {
  id: string;
  state: ProcessState;
  establishmentId: string;
  establishmentName: string;
  establishmentCity: string;
  establishmentCountry: string;
  referentialVersionId: string;
  referentialCode: string;
  referentialVersion: string;
  selfAssessmentDue: string | null;
  plannedVisit: string | null;
  openedAt: Date;
}

const processColumns = {
  id: labellingProcesses.id,
  state: labellingProcesses.state,
  establishmentId: labellingProcesses.establishmentId,
  establishmentName: establishments.name,
  establishmentCity: establishments.city,
  establishmentCountry: establishments.countryCode,
  referentialVersionId: labellingProcesses.referentialVersionId,
  referentialCode: referentialVersions.code,
  referentialVersion: referentialVersions.version,
  selfAssessmentDue: labellingProcesses.selfAssessmentDue,
  plannedVisit: labellingProcesses.plannedVisit,
  openedAt: labellingProcesses.openedAt,
};

function processQuery(db: Db) {
  return db
    .select(processColumns)
    .from(labellingProcesses)
    .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
    .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId));
}

/**
 * What the actor may see: the DRI every process, hospital staff their establishment's, auditors the processes whose
 * audit team they are on, once the self-assessment is handed in (read only, to prepare and score the visit).
 */
function visibleTo(actor: Actor) {
  if (actor.role === "dri_admin") return undefined;
  if (actor.role === "hospital" && actor.establishmentId) return eq(labellingProcesses.establishmentId, actor.establishmentId);
  if (actor.role === "auditor") {
    return and(
      inArray(labellingProcesses.state, [...HANDED_IN_STATES]),
      sql`${labellingProcesses.id} in (select ${auditTeamMembers.processId} from ${auditTeamMembers} where ${auditTeamMembers.userId} = ${actor.id})`,
    );
  }
  return sql`false`;
}

export async function listProcesses(db: Db, actor: Actor): Promise<ProcessSummary[]> {
  return processQuery(db).where(visibleTo(actor)).orderBy(desc(labellingProcesses.openedAt));
}

/** The process if the actor may see it; otherwise not found (another hospital's process does not exist for them). */
export async function getProcess(db: Db, actor: Actor, processId: string): Promise<ProcessSummary> {
  const scope = visibleTo(actor);
  const [row] = await processQuery(db).where(and(eq(labellingProcesses.id, processId), scope));
  if (!row) throw new ProcessError("not_found");
  return row;
}

export interface OpenProcessInput {
  establishmentId: string;
  referentialVersionId: string;
  selfAssessmentDue: string | null;
  plannedVisit: string | null;
  /**
   * Start from the establishment's previous process's ratings, carried over by lineage and marked until confirmed
   * (renewal.server.ts). Nothing happens when it had no process before.
   */
  carryOver?: boolean;
}

export async function openProcess(db: Db, actor: Actor, { carryOver = false, ...input }: OpenProcessInput, ctx: NotifyContext): Promise<string> {
  if (actor.role !== "dri_admin") throw new ProcessError("forbidden");
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select({ status: referentialVersions.status, code: referentialVersions.code, version: referentialVersions.version })
      .from(referentialVersions)
      .where(eq(referentialVersions.id, input.referentialVersionId));
    if (version?.status !== "published") throw new ProcessError("version_not_published", "referentialVersionId");
    const [open] = await tx
      .select({ id: labellingProcesses.id })
      .from(labellingProcesses)
      .where(and(eq(labellingProcesses.establishmentId, input.establishmentId), notInArray(labellingProcesses.state, [...CLOSED_STATES])));
    if (open) throw new ProcessError("already_open", "establishmentId");
    const previous = carryOver ? await previousProcess(tx, input.establishmentId) : null;
    const [created] = await tx
      .insert(labellingProcesses)
      .values({ ...input, openedBy: actor.id })
      .returning({ id: labellingProcesses.id });
    await tx.insert(processTransitions).values({ processId: created!.id, fromState: null, toState: "self_assessment", actorUserId: actor.id });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "process.open",
      entityType: "labelling_process",
      entityId: created!.id,
      changes: {
        establishmentId: { from: null, to: input.establishmentId },
        referentialVersionId: { from: null, to: input.referentialVersionId },
        selfAssessmentDue: { from: null, to: input.selfAssessmentDue },
        plannedVisit: { from: null, to: input.plannedVisit },
      },
    });
    if (previous) await carryOverInto(tx, actor, created!.id, input.referentialVersionId, previous);
    // Everyone of the establishment works on the self-assessment: all its active staff hear of the opening.
    const [establishment] = await tx.select({ name: establishments.name }).from(establishments).where(eq(establishments.id, input.establishmentId));
    await notify(tx, ctx, {
      userIds: await establishmentStaff(tx, input.establishmentId, { exceptUserId: actor.id }),
      kind: "process_opened",
      processId: created!.id,
      params: { establishment: establishment?.name ?? "", version: `${version.code} ${version.version}`, dueDate: input.selfAssessmentDue },
    });
    return created!.id;
  });
}

/** Moves a process through the state machine; the state is changed only if nobody moved it meanwhile. */
export async function transitionProcess(
  db: Db,
  actor: Actor,
  processId: string,
  to: ProcessState,
  comment: string | null,
  ctx: NotifyContext,
  options: { guard?: (process: ProcessSummary) => Promise<void> } = {},
): Promise<void> {
  const process = await getProcess(db, actor, processId);
  const check = checkTransition(transitionActor(actor, process), process.state, to);
  if (!check.ok) throw new ProcessError(check.reason === "forbidden" ? "forbidden" : "transition_not_allowed");
  if (check.reasonRequired && !comment?.trim()) throw new ProcessError("reason_required");
  await options.guard?.(process);
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(labellingProcesses)
      .set({ state: to, updatedAt: new Date() })
      .where(and(eq(labellingProcesses.id, processId), eq(labellingProcesses.state, process.state)))
      .returning({ id: labellingProcesses.id });
    if (moved.length === 0) throw new ProcessError("transition_not_allowed");
    await tx.insert(processTransitions).values({ processId, fromState: process.state, toState: to, actorUserId: actor.id, comment: comment?.trim() || null });
    await notifyTransition(tx, ctx, actor, process, to, comment?.trim() || null);
  });
}

/**
 * Who hears of a move: a submission goes to the DRI (who reviews it) and to the establishment's coordinators; a
 * reopening or a withdrawal to the establishment's whole staff, with the reason. Never to the person who acted.
 */
async function notifyTransition(tx: Db, ctx: NotifyContext, actor: Actor, process: ProcessSummary, to: ProcessState, reason: string | null) {
  const params = { establishment: process.establishmentName, reason, actor: await userName(tx, actor.id) };
  const except = { exceptUserId: actor.id };
  if (to === "submitted") {
    const userIds = [...(await driAdmins(tx, except)), ...(await establishmentStaff(tx, process.establishmentId, { ...except, coordinatorsOnly: true }))];
    await notify(tx, ctx, { userIds, kind: "self_assessment_submitted", processId: process.id, params });
  } else if (to === "self_assessment" || to === "withdrawn") {
    const kind = to === "withdrawn" ? "process_withdrawn" : "self_assessment_reopened";
    await notify(tx, ctx, { userIds: await establishmentStaff(tx, process.establishmentId, except), kind, processId: process.id, params });
  }
}

export async function listTransitions(db: Db, processId: string) {
  return db
    .select({
      id: processTransitions.id,
      at: processTransitions.at,
      fromState: processTransitions.fromState,
      toState: processTransitions.toState,
      comment: processTransitions.comment,
      actorName: users.name,
    })
    .from(processTransitions)
    .leftJoin(users, eq(users.id, processTransitions.actorUserId))
    .where(eq(processTransitions.processId, processId))
    .orderBy(desc(processTransitions.at), desc(processTransitions.id));
}

/** Applicable criteria not yet rated, in referential order (what submission still needs). */
export function missingCriteria(result: ScoringResult): string[] {
  return result.criteria.filter((c) => c.status === "unrated").map((c) => c.code);
}

/** Submission: every applicable criterion must be rated, and every carried-over rating confirmed or changed. */
export async function submitSelfAssessment(db: Db, actor: Actor, processId: string, ctx: NotifyContext): Promise<void> {
  await transitionProcess(db, actor, processId, "submitted", null, ctx, {
    guard: async (process) => {
      const frozen = await getFrozenVersion(db, process.referentialVersionId);
      const result = scoreSelfAssessment(frozen, await loadRatings(db, process));
      if (!result.final) throw new ProcessError("incomplete");
      // A rating carried over from the previous process and never looked at is not a self-assessment (ADR 0021).
      if ((await countCarriedToConfirm(db, process.id)) > 0) throw new ProcessError("carried_over_unconfirmed");
    },
  });
  await recordInAuditTrail(db, { actorUserId: actor.id, action: "process.submit", entityType: "labelling_process", entityId: processId });
}

export async function listPublishedVersions(db: Db) {
  return db
    .select({
      id: referentialVersions.id,
      code: referentialVersions.code,
      version: referentialVersions.version,
      title: referentialVersions.title,
      effectiveDate: referentialVersions.effectiveDate,
      // A version published ahead of its effective date is offered, and said to be not yet in force.
      inForce: sql<boolean>`${referentialVersions.effectiveDate} <= current_date`,
    })
    .from(referentialVersions)
    .where(eq(referentialVersions.status, "published"))
    .orderBy(desc(referentialVersions.version));
}
