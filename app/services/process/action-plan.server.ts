/**
 * The action plan of a self-assessment (plan d'actions): improvement actions attached to criteria, with what,
 * who, when and a status. Reading takes a process the actor may see (getProcess); every change checks
 * requireEditable and is recorded in the audit trail (entity "action_item").
 */
import { and, asc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "#db/client.ts";
import { actionItems, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { isOverdue, todayIso, type ActionStatus, type CriterionAction, type PlanAction } from "#app/domain/process/workspace.ts";
import { changedFields, recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { ProcessError } from "./process-error.ts";
import { requireEditable } from "./self-assessment.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";

export const ACTION_ENTITY = "action_item";

export interface ActionFilters {
  status?: ActionStatus;
  /** A chapter code. */
  chapter?: string;
  /** Only actions past their due date and not done. */
  overdue?: boolean;
  /** A criterion code. */
  criterion?: string;
}

export interface ActionInput {
  criterionCode: string;
  title: string;
  owner: string;
  /** The colleague reminded when the action is past due (null: the establishment's coordinators are). */
  ownerUserId: string | null;
  dueDate: string | null;
  status: ActionStatus;
}

const ownerUsers = alias(users, "owner_user");

const columns = {
  id: actionItems.id,
  criterionId: actionItems.criterionId,
  title: actionItems.title,
  owner: actionItems.owner,
  ownerUserId: actionItems.ownerUserId,
  ownerUserName: ownerUsers.name,
  dueDate: actionItems.dueDate,
  status: actionItems.status,
  createdByName: users.name,
  updatedAt: actionItems.updatedAt,
};

/** Criterion ids of a chapter, from the frozen version. */
function chapterCriterionIds(frozen: FrozenVersion, chapterCode: string): string[] {
  const chapter = frozen.version.chapters.find((c) => c.code === chapterCode);
  if (!chapter) return [];
  return chapter.standards.flatMap((s) => s.criteria.map((c) => frozen.criterionIds.get(c.code)!)).filter(Boolean);
}

function chapterOf(frozen: FrozenVersion, criterionCode: string): string {
  const index = frozen.prepared.criterionIndex.get(criterionCode);
  const criterion = index === undefined ? undefined : frozen.prepared.criteria[index];
  return criterion ? (frozen.prepared.chapterCodes[criterion.chapterIndex] ?? "") : "";
}

/** The actions of one criterion, by due date (undated last). */
export async function listCriterionActions(db: Db, process: ProcessSummary, criterionCode: string, today = todayIso()): Promise<CriterionAction[]> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  const rows = await db
    .select(columns)
    .from(actionItems)
    .innerJoin(users, eq(users.id, actionItems.createdBy))
    .leftJoin(ownerUsers, eq(ownerUsers.id, actionItems.ownerUserId))
    .where(and(eq(actionItems.processId, process.id), eq(actionItems.criterionId, criterionId)))
    .orderBy(sql`${actionItems.dueDate} asc nulls last`, asc(actionItems.createdAt));
  return rows.map(({ criterionId: _, ...row }) => ({ ...row, criterionCode, overdue: isOverdue(row, today) }));
}

/** The process's action plan, filtered; in referential order, then by due date. */
export async function listActions(db: Db, process: ProcessSummary, filters: ActionFilters = {}, today = todayIso()): Promise<PlanAction[]> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const conditions = [eq(actionItems.processId, process.id)];
  if (filters.status) conditions.push(eq(actionItems.status, filters.status));
  if (filters.criterion) {
    const id = frozen.criterionIds.get(filters.criterion);
    if (!id) return [];
    conditions.push(eq(actionItems.criterionId, id));
  }
  if (filters.chapter) {
    const ids = chapterCriterionIds(frozen, filters.chapter);
    if (ids.length === 0) return [];
    conditions.push(inArray(actionItems.criterionId, ids));
  }
  if (filters.overdue) conditions.push(ne(actionItems.status, "done"), lt(actionItems.dueDate, today));
  const rows = await db
    .select(columns)
    .from(actionItems)
    .innerJoin(users, eq(users.id, actionItems.createdBy))
    .leftJoin(ownerUsers, eq(ownerUsers.id, actionItems.ownerUserId))
    .where(and(...conditions))
    .orderBy(sql`${actionItems.dueDate} asc nulls last`, asc(actionItems.createdAt));
  const order = (code: string) => frozen.prepared.criterionIndex.get(code) ?? Number.MAX_SAFE_INTEGER;
  return rows
    .map(({ criterionId, ...row }) => {
      const criterionCode = frozen.criterionCodes.get(criterionId) ?? "";
      return { ...row, criterionCode, chapterCode: chapterOf(frozen, criterionCode), overdue: isOverdue(row, today) };
    })
    .sort((a, b) => order(a.criterionCode) - order(b.criterionCode));
}

export async function createAction(db: Db, actor: Actor, process: ProcessSummary, input: ActionInput): Promise<string> {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(input.criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  const values = { title: input.title.trim(), owner: input.owner.trim(), ownerUserId: input.ownerUserId || null, dueDate: input.dueDate || null, status: input.status };
  return db.transaction(async (tx) => {
    if (values.ownerUserId) await requireColleague(tx, process, values.ownerUserId);
    const [created] = await tx
      .insert(actionItems)
      .values({ processId: process.id, criterionId, createdBy: actor.id, ...values })
      .returning({ id: actionItems.id });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "action.create",
      entityType: ACTION_ENTITY,
      entityId: created!.id,
      changes: { criterion: { from: null, to: input.criterionCode }, ...changedFields(null, values) },
    });
    return created!.id;
  });
}

/** The colleague to remind must be an active member of the process's establishment (a forged id is refused). */
async function requireColleague(db: Db, process: ProcessSummary, userId: string): Promise<void> {
  const [colleague] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.establishmentId, process.establishmentId), eq(users.active, true)));
  if (!colleague) throw new ProcessError("invalid_owner");
}

/** One action of this process (another process's action does not exist here). */
export async function getAction(db: Db, process: ProcessSummary, actionId: string, today = todayIso()): Promise<PlanAction> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const [row] = await db
    .select(columns)
    .from(actionItems)
    .innerJoin(users, eq(users.id, actionItems.createdBy))
    .leftJoin(ownerUsers, eq(ownerUsers.id, actionItems.ownerUserId))
    .where(and(eq(actionItems.id, actionId), eq(actionItems.processId, process.id)));
  if (!row) throw new ProcessError("not_found");
  const { criterionId, ...action } = row;
  const criterionCode = frozen.criterionCodes.get(criterionId) ?? "";
  return { ...action, criterionCode, chapterCode: chapterOf(frozen, criterionCode), overdue: isOverdue(action, today) };
}

/** Changes an action of this process (its status, and what else is given). */
export async function updateAction(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  actionId: string,
  update: { status: ActionStatus; title?: string; owner?: string; ownerUserId?: string | null; dueDate?: string | null },
): Promise<{ changed: boolean }> {
  requireEditable(actor, process);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ title: actionItems.title, owner: actionItems.owner, ownerUserId: actionItems.ownerUserId, dueDate: actionItems.dueDate, status: actionItems.status })
      .from(actionItems)
      .where(and(eq(actionItems.id, actionId), eq(actionItems.processId, process.id)));
    if (!current) throw new ProcessError("not_found");
    const after = {
      status: update.status,
      title: update.title?.trim(),
      owner: update.owner?.trim(),
      ownerUserId: update.ownerUserId === undefined ? undefined : update.ownerUserId || null,
      dueDate: update.dueDate === undefined ? undefined : update.dueDate || null,
    };
    const changes = changedFields(current, after);
    if (Object.keys(changes).length === 0) return { changed: false };
    if (changes.ownerUserId && after.ownerUserId) await requireColleague(tx, process, after.ownerUserId);
    const set = Object.fromEntries(Object.keys(changes).map((k) => [k, after[k as keyof typeof after]]));
    await tx
      .update(actionItems)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(actionItems.id, actionId), eq(actionItems.processId, process.id)));
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "action.update", entityType: ACTION_ENTITY, entityId: actionId, changes });
    return { changed: true };
  });
}
