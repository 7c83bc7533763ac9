/**
 * The auditors' ratings of a process, beside the hospital's: saved through the same versioned write (conflicts,
 * history), scored by the same engine. The team rates while the visit is scheduled or in progress (the first
 * rating starts it); the lead consolidates (changes a colleague's rating, writes the summary) and submits.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditRatings, auditVisits, labellingProcesses, processTransitions, selfAssessmentRatings } from "#db/schema.ts";
import { auditEditRefusal, canReadAudit, checkAuditRating, isLead, mayChangeAuditRating, normaliseMethods, parseClassification, SUMMARY_MAX, type AuditTeamRole, type FindingClassification } from "#app/domain/audit/visit.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { normaliseJustification, parseRating, ratingToText, type RatingValue } from "#app/domain/process/rating-input.ts";
import { checkTransition, transitionActor } from "#app/domain/process/state-machine.ts";
import type { ScoringResult } from "#app/domain/scoring/engine.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, notify, userName, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { cachedRatingView, currentStoredRating, IdempotencyKeyReused, loadStoredRatings, writeVersionedRating, type RaterKind, type StoredRating } from "#app/services/process/versioned-rating.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { scoreSavedRatings } from "#app/services/process/scored-ratings.server.ts";
import { AuditError } from "./audit-error.ts";
import type { AuditVisit } from "./visits.server.ts";
import { loadVisit, teamRoleOf } from "./visits.server.ts";

export const AUDIT_RATING_ENTITY = "audit_rating";

/** The auditors as a rater: a rating, what was observed, its classification and the methods used. */
export const AUDIT: RaterKind<typeof auditRatings, "rating" | "finding" | "classification" | "methods"> = {
  table: auditRatings,
  entityType: AUDIT_RATING_ENTITY,
  empty: { rating: null, finding: "", classification: null, methods: [] },
};

export interface SavedAuditRating {
  rating: RatingValue | null;
  finding: string;
  classification: FindingClassification | null;
  methods: string[];
  version: number;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
}

type AuditFields = (typeof AUDIT)["empty"];

function savedAuditRating({ fields, ...stored }: StoredRating<AuditFields>): SavedAuditRating {
  return {
    rating: parseRating(fields.rating) ?? null,
    finding: fields.finding,
    classification: fields.classification ?? null,
    methods: [...fields.methods],
    ...stored,
  };
}

/** Every audit rating of a process, by criterion code (one query). */
export function loadAuditRatings(db: Db, process: ProcessSummary): Promise<ReadonlyMap<string, Readonly<SavedAuditRating>>> {
  return cachedRatingView(db, AUDIT, process.id, "ratings", async () => {
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const out = new Map<string, SavedAuditRating>();
    for (const [criterionId, stored] of await loadStoredRatings(db, AUDIT, process.id)) {
      const code = frozen.criterionCodes.get(criterionId);
      if (code) out.set(code, savedAuditRating(stored));
    }
    return out;
  });
}

/**
 * The audit's rating of one criterion as this reader may see it: the DRI and the team always, the hospital's staff once
 * the report is released; null otherwise (no visit, not rated, or not to be read yet).
 */
export async function auditRatingSeenBy(db: Db, actor: Actor, process: ProcessSummary, criterionCode: string): Promise<RatingValue | null> {
  const visit = await loadVisit(db, process);
  if (!visit) return null;
  const access = { teamRole: teamRoleOf(visit, actor.id), released: visit.releasedAt !== null };
  if (!canReadAudit(actor, actor.establishmentId === process.establishmentId, access)) return null;
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) return null;
  const [row] = await db
    .select({ rating: auditRatings.rating })
    .from(auditRatings)
    .where(and(eq(auditRatings.processId, process.id), eq(auditRatings.criterionId, criterionId)));
  return parseRating(row?.rating) ?? null;
}

/** The auditors' result: the level they propose, with its explanation (the scoring engine, as for the hospital). */
export function scoreAudit(frozen: FrozenVersion, ratings: ReadonlyMap<string, Readonly<SavedAuditRating>>): ScoringResult {
  return scoreSavedRatings(frozen, ratings);
}

export type AuditRatingField = "rating" | "finding" | "classification" | "methods";

export type SaveAuditRatingResult =
  | { status: "saved"; version: number }
  | { status: "unchanged"; version: number }
  | { status: "invalid"; problems: Partial<Record<AuditRatingField, string>> }
  | { status: "conflict"; current: SavedAuditRating }
  /** A co-auditor tried to change a rating a colleague saved: only the lead may. */
  | { status: "rated_by_colleague"; current: SavedAuditRating };

export interface AuditRatingInput {
  rating: string;
  finding: string;
  classification: string;
  methods: string[];
  baseVersion: number;
  /** A change queued in the browser: sent twice, applied once. */
  idempotencyKey?: string;
}

/**
 * Saves an audit rating as one unit. `baseVersion` is the version the auditor started from (0 when none): if a
 * colleague saved meanwhile nothing is overwritten and their value comes back. The first rating of the team moves
 * the process from `audit_scheduled` to `audit_in_progress`, in the same transaction.
 */
export async function saveAuditRating(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  visit: AuditVisit | null,
  criterionCode: string,
  input: AuditRatingInput,
): Promise<SaveAuditRatingResult> {
  const teamRole = teamRoleOf(visit, actor.id);
  const refusal = auditEditRefusal(actor, process.state, teamRole);
  if (refusal) throw new AuditError(refusal);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  const index = frozen.prepared.criterionIndex.get(criterionCode);
  const criterion = index === undefined ? undefined : frozen.prepared.criteria[index];
  if (!criterionId || !criterion) throw new AuditError("not_found");

  const rating = parseRating(input.rating);
  const classification = parseClassification(input.classification);
  const finding = normaliseJustification(input.finding);
  const methods = normaliseMethods(input.methods);
  // On a service-dependent criterion, rating on the scale what the hospital rated N/A refuses that N/A: say why.
  const selfRating = criterion.service ? await hospitalRating(db, process.id, criterionId) : null;
  const problems = checkAuditRating(
    { rating, finding, classification, methods },
    { scaleValues: frozen.version.scale.values.map((v) => v.value), naAllowed: criterion.naAllowed, service: criterion.service, selfRating },
  );
  if (Object.keys(problems).length > 0) return { status: "invalid", problems };

  const key = { processId: process.id, criterionId, criterionCode };
  const save = db.transaction(async (tx): Promise<SaveAuditRatingResult> => {
    const current = await currentStoredRating(tx, AUDIT, key);
    if (current.version === input.baseVersion && !mayChangeAuditRating(teamRole, actor.id, current.updatedBy)) {
      return { status: "rated_by_colleague", current: savedAuditRating(current) };
    }
    // The lead changing a colleague's rating is a consolidation: the history keeps both names.
    const consolidating = current.updatedBy !== null && current.updatedBy !== actor.id;
    const written = await writeVersionedRating(
      tx,
      AUDIT,
      actor,
      key,
      { fields: { rating: ratingToText(rating ?? null), finding, classification: classification ?? null, methods }, baseVersion: input.baseVersion, idempotencyKey: input.idempotencyKey },
      consolidating ? "audit_rating.consolidate" : "audit_rating.save",
    );
    if (written.status === "conflict") return { status: "conflict", current: savedAuditRating(written.current) };
    if (written.status === "saved" && process.state === "audit_scheduled") await startVisit(tx, actor, process, teamRole);
    return written;
  });
  return save.catch((error: unknown) => {
    throw error instanceof IdempotencyKeyReused ? new AuditError("key_reused") : error;
  });
}

/** The hospital's rating of one criterion (its self-assessment is handed in: it no longer changes during the visit). */
async function hospitalRating(db: Db, processId: string, criterionId: string): Promise<RatingValue | null> {
  const [row] = await db
    .select({ rating: selfAssessmentRatings.rating })
    .from(selfAssessmentRatings)
    .where(and(eq(selfAssessmentRatings.processId, processId), eq(selfAssessmentRatings.criterionId, criterionId)));
  return parseRating(row?.rating) ?? null;
}

/** audit_scheduled → audit_in_progress, when nobody moved it meanwhile (two first ratings at once move it once). */
export async function startVisit(tx: Db, actor: Actor, process: ProcessSummary, teamRole: AuditTeamRole | null) {
  const check = checkTransition(transitionActor(actor, process, teamRole), "audit_scheduled", "audit_in_progress");
  if (!check.ok) return;
  const moved = await tx
    .update(labellingProcesses)
    .set({ state: "audit_in_progress", updatedAt: new Date() })
    .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, "audit_scheduled")))
    .returning({ id: labellingProcesses.id });
  if (moved.length) {
    await tx.insert(processTransitions).values({ processId: process.id, fromState: "audit_scheduled", toState: "audit_in_progress", actorUserId: actor.id });
  }
}

export type SaveSummaryResult = { status: "saved"; version: number } | { status: "unchanged"; version: number } | { status: "conflict"; current: { summaryFr: string; summaryEn: string; version: number } };

/** The lead's summary (strengths, priority recommendations), in French and/or English; versioned like a rating. */
export async function saveAuditSummary(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  visit: AuditVisit | null,
  input: { summaryFr: string; summaryEn: string; baseVersion: number },
): Promise<SaveSummaryResult> {
  const teamRole = teamRoleOf(visit, actor.id);
  const refusal = auditEditRefusal(actor, process.state, teamRole);
  if (refusal) throw new AuditError(refusal);
  if (!isLead(teamRole)) throw new AuditError("lead_only");
  const summaryFr = input.summaryFr.trim().slice(0, SUMMARY_MAX);
  const summaryEn = input.summaryEn.trim().slice(0, SUMMARY_MAX);
  return db.transaction(async (tx): Promise<SaveSummaryResult> => {
    const [current] = await tx
      .select({ summaryFr: auditVisits.summaryFr, summaryEn: auditVisits.summaryEn, version: auditVisits.summaryVersion })
      .from(auditVisits)
      .where(eq(auditVisits.processId, process.id));
    if (!current) throw new AuditError("not_found");
    if (current.version !== input.baseVersion) return { status: "conflict", current };
    if (current.summaryFr === summaryFr && current.summaryEn === summaryEn) return { status: "unchanged", version: current.version };
    const [updated] = await tx
      .update(auditVisits)
      .set({ summaryFr, summaryEn, summaryVersion: sql`${auditVisits.summaryVersion} + 1`, updatedAt: new Date() })
      .where(and(eq(auditVisits.processId, process.id), eq(auditVisits.summaryVersion, input.baseVersion)))
      .returning({ version: auditVisits.summaryVersion });
    if (!updated) {
      const [now] = await tx.select({ summaryFr: auditVisits.summaryFr, summaryEn: auditVisits.summaryEn, version: auditVisits.summaryVersion }).from(auditVisits).where(eq(auditVisits.processId, process.id));
      return { status: "conflict", current: now! };
    }
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "audit.summary",
      entityType: "audit_summary",
      entityId: process.id,
      changes: {
        ...(current.summaryFr !== summaryFr ? { summaryFr: { from: current.summaryFr, to: summaryFr } } : {}),
        ...(current.summaryEn !== summaryEn ? { summaryEn: { from: current.summaryEn, to: summaryEn } } : {}),
      },
    });
    return { status: "saved", version: updated.version };
  });
}

/** Applicable criteria with no audit rating yet, in referential order (what submission still needs). */
export function missingAuditCriteria(result: ScoringResult): string[] {
  return result.criteria.filter((c) => c.status === "unrated").map((c) => c.code);
}

/**
 * The lead hands the consolidated audit in: every applicable criterion rated and a summary written. The audit
 * becomes read-only; the DRI is told (the hospital only when the DRI releases the report).
 */
export async function submitAudit(db: Db, actor: Actor, process: ProcessSummary, visit: AuditVisit | null, ctx: NotifyContext): Promise<void> {
  const teamRole = teamRoleOf(visit, actor.id);
  const refusal = auditEditRefusal(actor, process.state, teamRole);
  if (refusal) throw new AuditError(refusal);
  const check = checkTransition(transitionActor(actor, process, teamRole), process.state, "audit_submitted");
  if (!check.ok) throw new AuditError(teamRole === "lead" ? "incomplete" : "lead_only");
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const result = scoreAudit(frozen, await loadAuditRatings(db, process));
  if (!result.final) throw new AuditError("incomplete");
  if (!visit!.summaryFr.trim() && !visit!.summaryEn.trim()) throw new AuditError("summary_required");
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(labellingProcesses)
      .set({ state: "audit_submitted", updatedAt: new Date() })
      .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, "audit_in_progress")))
      .returning({ id: labellingProcesses.id });
    if (moved.length === 0) throw new AuditError("not_editable");
    await tx.insert(processTransitions).values({ processId: process.id, fromState: "audit_in_progress", toState: "audit_submitted", actorUserId: actor.id });
    await tx.update(auditVisits).set({ submittedAt: new Date(), submittedBy: actor.id, updatedAt: new Date() }).where(eq(auditVisits.processId, process.id));
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "audit.submit",
      entityType: "labelling_process",
      entityId: process.id,
      changes: { proposedLevel: { from: null, to: result.level ?? "none" } },
    });
    await notify(tx, ctx, {
      userIds: await driAdmins(tx, { exceptUserId: actor.id }),
      kind: "audit_submitted",
      processId: process.id,
      params: { establishment: process.establishmentName, actor: await userName(tx, actor.id) },
    });
  });
}
