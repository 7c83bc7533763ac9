import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  actionItems,
  chapterAssignments,
  criterionComments,
  establishments,
  evidenceLinks,
  labellingProcesses,
  processTransitions,
  referentialChapters,
  referentialCriteria,
  referentialVersions,
  selfAssessmentRatings,
  users,
} from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { checkRating, normaliseJustification, parseRating, ratingToText, type RatingValue } from "#app/domain/process/rating-input.ts";
import { checkTransition, CLOSED_STATES, HANDED_IN_STATES, isSelfAssessmentEditable, type ProcessState } from "#app/domain/process/state-machine.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { prepareVersion, scoreRatings, type PreparedVersion, type ScoringResult } from "#app/domain/scoring/engine.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, establishmentStaff, notify, userName, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import { loadReferentialVersionById } from "#app/services/referential/referentials.server.ts";

export class ProcessError extends Error {
  constructor(
    public readonly code:
      | "not_found"
      | "forbidden"
      | "already_open"
      | "version_not_published"
      | "not_editable"
      | "transition_not_allowed"
      | "reason_required"
      | "incomplete"
      | "invalid_owner",
  ) {
    super(code);
  }
}

export const RATING_ENTITY = "self_assessment_rating";

// ─── Frozen versions, cached ──────────────────────────────────────────────────────────────────────────────
// A published version never changes (the database refuses it), so it is read once per process lifetime.

export interface FrozenVersion {
  id: string;
  version: ReferentialVersion;
  prepared: PreparedVersion;
  /** Criterion code → database id, and back. */
  criterionIds: Map<string, string>;
  criterionCodes: Map<string, string>;
  chapterIds: Map<string, string>;
}

const frozenVersions = new Map<string, Promise<FrozenVersion>>();

export function getFrozenVersion(db: Db, versionId: string): Promise<FrozenVersion> {
  let cached = frozenVersions.get(versionId);
  if (!cached) {
    cached = (async () => {
      const version = await loadReferentialVersionById(db, versionId);
      if (!version) throw new ProcessError("not_found");
      const criteria = await db
        .select({ id: referentialCriteria.id, code: referentialCriteria.code })
        .from(referentialCriteria)
        .where(eq(referentialCriteria.versionId, versionId));
      const chapters = await db
        .select({ id: referentialChapters.id, code: referentialChapters.code })
        .from(referentialChapters)
        .where(eq(referentialChapters.versionId, versionId));
      return {
        id: versionId,
        version,
        prepared: prepareVersion(version),
        criterionIds: new Map(criteria.map((c) => [c.code, c.id])),
        criterionCodes: new Map(criteria.map((c) => [c.id, c.code])),
        chapterIds: new Map(chapters.map((c) => [c.code, c.id])),
      };
    })();
    cached.catch(() => frozenVersions.delete(versionId));
    frozenVersions.set(versionId, cached);
  }
  return cached;
}

// ─── Processes ────────────────────────────────────────────────────────────────────────────────────────────

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
 * What the actor may see: the DRI every process, hospital staff their establishment's, auditors (read only) every
 * self-assessment handed in, to prepare visits (scoping to the visits assigned to them comes with the audit).
 */
function visibleTo(actor: Actor) {
  if (actor.role === "dri_admin") return undefined;
  if (actor.role === "hospital" && actor.establishmentId) return eq(labellingProcesses.establishmentId, actor.establishmentId);
  if (actor.role === "auditor") return inArray(labellingProcesses.state, [...HANDED_IN_STATES]);
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

/** Whether the actor may change this process's self-assessment (ratings, comments, evidence, actions). */
export function canEditSelfAssessment(actor: Actor, process: ProcessSummary): boolean {
  return actor.role === "hospital" && actor.establishmentId === process.establishmentId && isSelfAssessmentEditable(process.state);
}

export function requireEditable(actor: Actor, process: ProcessSummary): void {
  if (actor.role !== "hospital" || actor.establishmentId !== process.establishmentId) throw new ProcessError("forbidden");
  if (!isSelfAssessmentEditable(process.state)) throw new ProcessError("not_editable");
}

export async function openProcess(
  db: Db,
  actor: Actor,
  input: { establishmentId: string; referentialVersionId: string; selfAssessmentDue: string | null; plannedVisit: string | null },
  ctx: NotifyContext,
): Promise<string> {
  if (actor.role !== "dri_admin") throw new ProcessError("forbidden");
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select({ status: referentialVersions.status, code: referentialVersions.code, version: referentialVersions.version })
      .from(referentialVersions)
      .where(eq(referentialVersions.id, input.referentialVersionId));
    if (version?.status !== "published") throw new ProcessError("version_not_published");
    const [open] = await tx
      .select({ id: labellingProcesses.id })
      .from(labellingProcesses)
      .where(and(eq(labellingProcesses.establishmentId, input.establishmentId), notInArray(labellingProcesses.state, [...CLOSED_STATES])));
    if (open) throw new ProcessError("already_open");
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
  const check = checkTransition(
    { role: actor.role, isCoordinator: actor.isCoordinator, ofEstablishment: actor.establishmentId === process.establishmentId },
    process.state,
    to,
  );
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

// ─── Ratings ──────────────────────────────────────────────────────────────────────────────────────────────

export interface SavedRating {
  rating: RatingValue | null;
  justification: string;
  version: number;
  updatedByName: string | null;
  updatedAt: Date | null;
}

/** Every rating of a process, by criterion code (one query). */
export async function loadRatings(db: Db, process: ProcessSummary): Promise<Map<string, SavedRating>> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const rows = await db
    .select({
      criterionId: selfAssessmentRatings.criterionId,
      rating: selfAssessmentRatings.rating,
      justification: selfAssessmentRatings.justification,
      version: selfAssessmentRatings.version,
      updatedAt: selfAssessmentRatings.updatedAt,
      updatedByName: users.name,
    })
    .from(selfAssessmentRatings)
    .leftJoin(users, eq(users.id, selfAssessmentRatings.updatedBy))
    .where(eq(selfAssessmentRatings.processId, process.id));
  const out = new Map<string, SavedRating>();
  for (const row of rows) {
    const code = frozen.criterionCodes.get(row.criterionId);
    if (!code) continue;
    out.set(code, {
      rating: parseRating(row.rating) ?? null,
      justification: row.justification,
      version: row.version,
      updatedByName: row.updatedByName,
      updatedAt: row.updatedAt,
    });
  }
  return out;
}

/** The provisional result of the hospital's ratings (the scoring engine is the only place scores are computed). */
export function scoreSelfAssessment(frozen: FrozenVersion, ratings: Map<string, SavedRating>): ScoringResult {
  const values = new Map<string, RatingValue>();
  for (const [code, saved] of ratings) if (saved.rating !== null) values.set(code, saved.rating);
  return scoreRatings(frozen.prepared, values);
}

export type SaveRatingResult =
  | { status: "saved"; version: number }
  | { status: "unchanged"; version: number }
  | { status: "invalid"; problems: Partial<Record<"rating" | "justification", string>> }
  | { status: "conflict"; current: SavedRating };

/**
 * Saves a rating and its justification as one unit. `baseVersion` is the version the user started from (0 when
 * there was none): if a colleague saved meanwhile, nothing is overwritten and their value comes back.
 */
export async function saveRating(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  criterionCode: string,
  input: { rating: string; justification: string; baseVersion: number },
): Promise<SaveRatingResult> {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  const index = frozen.prepared.criterionIndex.get(criterionCode);
  const criterion = index === undefined ? undefined : frozen.prepared.criteria[index];
  if (!criterionId || !criterion) throw new ProcessError("not_found");

  const rating = parseRating(input.rating);
  const justification = normaliseJustification(input.justification);
  const problems = checkRating(rating, justification, {
    scaleValues: frozen.version.scale.values.map((v) => v.value),
    naAllowed: criterion.naAllowed,
  });
  if (Object.keys(problems).length > 0) return { status: "invalid", problems };
  const stored = ratingToText(rating ?? null);
  return db.transaction((tx) => writeRating(tx, actor, process, { code: criterionCode, id: criterionId }, { stored, justification, baseVersion: input.baseVersion }));
}

/**
 * The versioned write of one checked rating, inside the caller's transaction (a single save, or every row of an
 * offline import): nothing is overwritten when the rating's version is no longer `baseVersion`. Records the
 * audit-trail entry of the change.
 */
export async function writeRating(
  tx: Db,
  actor: Actor,
  process: ProcessSummary,
  criterion: { code: string; id: string },
  input: { stored: string | null; justification: string; baseVersion: number },
  trailAction = "rating.save",
): Promise<Exclude<SaveRatingResult, { status: "invalid" }>> {
  const { stored, justification } = input;
  const criterionId = criterion.id;
  const [current] = await tx
    .select()
    .from(selfAssessmentRatings)
    .where(and(eq(selfAssessmentRatings.processId, process.id), eq(selfAssessmentRatings.criterionId, criterionId)));
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== input.baseVersion) {
    return { status: "conflict" as const, current: await currentRating(tx, process.id, criterionId) };
  }
  if (current && current.rating === stored && current.justification === justification) {
    return { status: "unchanged" as const, version: current.version };
  }
  let version: number;
  if (!current) {
    const inserted = await tx
      .insert(selfAssessmentRatings)
      .values({ processId: process.id, criterionId, rating: stored, justification, version: 1, updatedBy: actor.id })
      .onConflictDoNothing()
      .returning({ version: selfAssessmentRatings.version });
    if (inserted.length === 0) return { status: "conflict" as const, current: await currentRating(tx, process.id, criterionId) };
    version = 1;
  } else {
    // The version check in the WHERE clause is what makes concurrent saves safe on PostgreSQL.
    const updated = await tx
      .update(selfAssessmentRatings)
      .set({ rating: stored, justification, version: sql`${selfAssessmentRatings.version} + 1`, updatedBy: actor.id, updatedAt: new Date() })
      .where(
        and(
          eq(selfAssessmentRatings.processId, process.id),
          eq(selfAssessmentRatings.criterionId, criterionId),
          eq(selfAssessmentRatings.version, input.baseVersion),
        ),
      )
      .returning({ version: selfAssessmentRatings.version });
    if (updated.length === 0) return { status: "conflict" as const, current: await currentRating(tx, process.id, criterionId) };
    version = updated[0]!.version;
  }
  await recordInAuditTrail(tx, {
    actorUserId: actor.id,
    action: trailAction,
    entityType: RATING_ENTITY,
    entityId: `${process.id}:${criterion.code}`,
    changes: {
      ...(current?.rating !== stored ? { rating: { from: current?.rating ?? null, to: stored } } : {}),
      ...((current?.justification ?? "") !== justification ? { justification: { from: current?.justification ?? "", to: justification } } : {}),
    },
  });
  return { status: "saved" as const, version };
}

async function currentRating(db: Db, processId: string, criterionId: string): Promise<SavedRating> {
  const [row] = await db
    .select({
      rating: selfAssessmentRatings.rating,
      justification: selfAssessmentRatings.justification,
      version: selfAssessmentRatings.version,
      updatedAt: selfAssessmentRatings.updatedAt,
      updatedByName: users.name,
    })
    .from(selfAssessmentRatings)
    .leftJoin(users, eq(users.id, selfAssessmentRatings.updatedBy))
    .where(and(eq(selfAssessmentRatings.processId, processId), eq(selfAssessmentRatings.criterionId, criterionId)));
  return row
    ? { rating: parseRating(row.rating) ?? null, justification: row.justification, version: row.version, updatedByName: row.updatedByName, updatedAt: row.updatedAt }
    : { rating: null, justification: "", version: 0, updatedByName: null, updatedAt: null };
}

// ─── Per-criterion counts, assignments, comments ────────────────────────────────────────────────────────────

/** Open actions and linked evidence per criterion code (two queries, whatever the number of criteria). */
export async function loadCriterionCounts(db: Db, process: ProcessSummary) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const actions = await db
    .select({ criterionId: actionItems.criterionId, open: sql<number>`count(*) filter (where ${actionItems.status} <> 'done')`.mapWith(Number), total: sql<number>`count(*)`.mapWith(Number) })
    .from(actionItems)
    .where(eq(actionItems.processId, process.id))
    .groupBy(actionItems.criterionId);
  const evidence = await db
    .select({ criterionId: evidenceLinks.criterionId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.processId, process.id), isNull(evidenceLinks.removedAt)))
    .groupBy(evidenceLinks.criterionId);
  const out = new Map<string, { openActions: number; actions: number; evidence: number }>();
  const entry = (criterionId: string) => {
    const code = frozen.criterionCodes.get(criterionId) ?? criterionId;
    let e = out.get(code);
    if (!e) out.set(code, (e = { openActions: 0, actions: 0, evidence: 0 }));
    return e;
  };
  for (const a of actions) Object.assign(entry(a.criterionId), { openActions: a.open, actions: a.total });
  for (const e of evidence) entry(e.criterionId).evidence = e.n;
  return out;
}

/** Chapter code → names of the colleagues assigned to it. */
export async function loadAssignments(db: Db, process: ProcessSummary) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const chapterCodes = new Map([...frozen.chapterIds].map(([code, id]) => [id, code]));
  const rows = await db
    .select({ chapterId: chapterAssignments.chapterId, userId: users.id, name: users.name })
    .from(chapterAssignments)
    .innerJoin(users, eq(users.id, chapterAssignments.userId))
    .where(eq(chapterAssignments.processId, process.id))
    .orderBy(asc(users.name));
  const out = new Map<string, { userId: string; name: string }[]>();
  for (const row of rows) {
    const code = chapterCodes.get(row.chapterId);
    if (!code) continue;
    out.set(code, [...(out.get(code) ?? []), { userId: row.userId, name: row.name }]);
  }
  return out;
}

/** Replaces the colleagues assigned to a chapter (coordinator only, colleagues of the same establishment). */
export async function assignChapter(db: Db, actor: Actor, process: ProcessSummary, chapterCode: string, userIds: string[], ctx: NotifyContext) {
  if (!(actor.role === "hospital" && actor.isCoordinator && actor.establishmentId === process.establishmentId)) throw new ProcessError("forbidden");
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const chapterId = frozen.chapterIds.get(chapterCode);
  if (!chapterId) throw new ProcessError("not_found");
  await db.transaction(async (tx) => {
    const colleagues = userIds.length
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, userIds), eq(users.establishmentId, process.establishmentId), eq(users.active, true)))
      : [];
    const before = await tx
      .select({ userId: chapterAssignments.userId })
      .from(chapterAssignments)
      .where(and(eq(chapterAssignments.processId, process.id), eq(chapterAssignments.chapterId, chapterId)));
    await tx.delete(chapterAssignments).where(and(eq(chapterAssignments.processId, process.id), eq(chapterAssignments.chapterId, chapterId)));
    if (colleagues.length) {
      await tx.insert(chapterAssignments).values(colleagues.map((c) => ({ processId: process.id, chapterId, userId: c.id, assignedBy: actor.id })));
    }
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "process.assign_chapter",
      entityType: "labelling_process",
      entityId: process.id,
      changes: { [`chapter ${chapterCode}`]: { from: before.map((b) => b.userId).sort(), to: colleagues.map((c) => c.id).sort() } },
    });
    // Only the newly assigned hear of it (not those already on the chapter, not the coordinator assigning).
    const already = new Set(before.map((b) => b.userId));
    const chapter = frozen.version.chapters.find((c) => c.code === chapterCode);
    await notify(tx, ctx, {
      userIds: colleagues.map((c) => c.id).filter((id) => !already.has(id) && id !== actor.id),
      kind: "chapter_assigned",
      processId: process.id,
      params: {
        establishment: process.establishmentName,
        chapter: chapterCode,
        chapterTitleFr: chapter?.title.fr ?? "",
        chapterTitleEn: chapter?.title.en ?? "",
        actor: await userName(tx, actor.id),
      },
    });
  });
}

export async function listComments(db: Db, process: ProcessSummary, criterionCode: string) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  return db
    .select({ id: criterionComments.id, body: criterionComments.body, createdAt: criterionComments.createdAt, authorName: users.name })
    .from(criterionComments)
    .innerJoin(users, eq(users.id, criterionComments.authorUserId))
    .where(and(eq(criterionComments.processId, process.id), eq(criterionComments.criterionId, criterionId)))
    .orderBy(asc(criterionComments.createdAt));
}

/** A comment is its own record: adding one never conflicts with a colleague's rating. */
export async function addComment(db: Db, actor: Actor, process: ProcessSummary, criterionCode: string, body: string) {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  await db.insert(criterionComments).values({ processId: process.id, criterionId, authorUserId: actor.id, body: body.trim() });
}

/** Colleagues of the process's establishment (for assignments). */
export async function listEstablishmentColleagues(db: Db, process: ProcessSummary) {
  return db
    .select({ id: users.id, name: users.name, isCoordinator: users.isCoordinator })
    .from(users)
    .where(and(eq(users.establishmentId, process.establishmentId), eq(users.active, true)))
    .orderBy(asc(users.name));
}

/** Applicable criteria not yet rated, in referential order (what submission still needs). */
export function missingCriteria(result: ScoringResult): string[] {
  return result.criteria.filter((c) => c.status === "unrated").map((c) => c.code);
}

/** Submission: every applicable criterion must be rated. */
export async function submitSelfAssessment(db: Db, actor: Actor, processId: string, ctx: NotifyContext): Promise<void> {
  await transitionProcess(db, actor, processId, "submitted", null, ctx, {
    guard: async (process) => {
      const frozen = await getFrozenVersion(db, process.referentialVersionId);
      const result = scoreSelfAssessment(frozen, await loadRatings(db, process));
      if (!result.final) throw new ProcessError("incomplete");
    },
  });
  await recordInAuditTrail(db, { actorUserId: actor.id, action: "process.submit", entityType: "labelling_process", entityId: processId });
}

export async function listPublishedVersions(db: Db) {
  return db
    .select({ id: referentialVersions.id, code: referentialVersions.code, version: referentialVersions.version, title: referentialVersions.title })
    .from(referentialVersions)
    .where(eq(referentialVersions.status, "published"))
    .orderBy(desc(referentialVersions.version));
}
