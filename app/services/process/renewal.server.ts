// A renewal: a new process for an establishment that had one may start from the previous process's self-assessment
// ratings, carried over by lineage (app/domain/process/carry-over.ts, ADR 0021). Each carried rating keeps the codes
// it came from in `carried_over_from` until someone confirms it (here) or changes it (any save clears the mark, see
// SELF_ASSESSMENT.resetOnSave); the self-assessment cannot be handed in while one is left to confirm.
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditTrailEvents, labellingProcesses, referentialVersions, selfAssessmentRatings } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { planCarryOver, type CarryOverPlan } from "#app/domain/process/carry-over.ts";
import type { ProcessState } from "#app/domain/process/state-machine.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";
import { ProcessError } from "./process-error.ts";
import { loadRatings, requireEditable, SELF_ASSESSMENT } from "./self-assessment.server.ts";
import { currentStoredRating, insertFirstRatings, writeVersionedRating } from "./versioned-rating.server.ts";

export const PROCESS_ENTITY = "labelling_process";
/** The audit-trail action of a renewal (on the new process) and of each rating it carried over. */
export const RENEW_ACTION = "process.renew";
export const CARRY_OVER_ACTION = "rating.carry_over";
export const CONFIRM_ACTION = "rating.confirm";

export interface PreviousProcess {
  id: string;
  state: ProcessState;
  openedAt: Date;
  referentialVersionId: string;
  referentialCode: string;
  referentialVersion: string;
}

const previousColumns = {
  id: labellingProcesses.id,
  state: labellingProcesses.state,
  openedAt: labellingProcesses.openedAt,
  establishmentId: labellingProcesses.establishmentId,
  referentialVersionId: labellingProcesses.referentialVersionId,
  referentialCode: referentialVersions.code,
  referentialVersion: referentialVersions.version,
};

/**
 * A process with at least one self-assessment rating: one without (a process recorded from before the platform, or
 * withdrawn before anything was rated) has nothing to carry, so a renewal never starts from it.
 */
const hasRatings = sql`exists (select 1 from ${selfAssessmentRatings} where ${selfAssessmentRatings.processId} = ${labellingProcesses.id} and ${selfAssessmentRatings.rating} is not null)`;

/**
 * The establishment's newest process with ratings (the one a new process would renew), whatever its state: when a
 * process is opened the others are all closed (one open process per establishment), decided or withdrawn.
 */
export async function previousProcess(db: Db, establishmentId: string): Promise<PreviousProcess | null> {
  const [row] = await db
    .select(previousColumns)
    .from(labellingProcesses)
    .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId))
    .where(and(eq(labellingProcesses.establishmentId, establishmentId), hasRatings))
    .orderBy(desc(labellingProcesses.openedAt), desc(labellingProcesses.id))
    .limit(1);
  if (!row) return null;
  const { establishmentId: _, ...previous } = row;
  return previous;
}

/** The newest process with ratings of each establishment that has one (for the opening form), by establishment id. */
export async function previousProcesses(db: Db): Promise<Map<string, PreviousProcess>> {
  const rows = await db
    .select(previousColumns)
    .from(labellingProcesses)
    .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId))
    .where(hasRatings)
    .orderBy(desc(labellingProcesses.openedAt), desc(labellingProcesses.id));
  const out = new Map<string, PreviousProcess>();
  for (const { establishmentId, ...previous } of rows) if (!out.has(establishmentId)) out.set(establishmentId, previous);
  return out;
}

/** Numeric-aware order of version labels ("2019" < "2024" < "2024.1"). */
function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * The versions a carry-over goes through, oldest first: the previous process's, every version of the same
 * referential published since (retired ones included: each one's lineage names its predecessor's codes), the new
 * one's. Empty when nothing can be carried: another referential, or a new process on an older version.
 */
async function versionChain(db: Db, fromId: string, toId: string): Promise<ReferentialVersion[]> {
  const from = await getFrozenVersion(db, fromId);
  const to = await getFrozenVersion(db, toId);
  const [a, b] = [from.version, to.version];
  if (a.code !== b.code || compareVersions(a.version, b.version) > 0) return [];
  if (fromId === toId) return [a, b];
  const between = await db
    .select({ id: referentialVersions.id, version: referentialVersions.version })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, a.code), inArray(referentialVersions.status, ["published", "retired"])));
  const middle = between
    .filter((v) => compareVersions(v.version, a.version) > 0 && compareVersions(v.version, b.version) < 0)
    .sort((x, y) => compareVersions(x.version, y.version));
  const versions = [a];
  for (const v of middle) versions.push((await getFrozenVersion(db, v.id)).version);
  versions.push(b);
  return versions;
}

/** What the previous process's ratings would give on the new version. */
export async function carryOverPlan(db: Db, previous: PreviousProcess, newVersionId: string): Promise<CarryOverPlan> {
  const chain = await versionChain(db, previous.referentialVersionId, newVersionId);
  if (chain.length === 0) return { carried: [], notCarried: [] };
  const ratings = await loadRatings(db, previous);
  return planCarryOver(chain as [ReferentialVersion, ...ReferentialVersion[]], ratings);
}

/**
 * Inside the opening's transaction: the new process renews `previous` and starts from its carried-over ratings,
 * each saved by the opener and marked with the codes it came from; the renewal (from which process, how many) goes
 * to the audit trail. Returns how many ratings were carried.
 */
export async function carryOverInto(
  tx: Db,
  actor: Actor,
  processId: string,
  newVersionId: string,
  previous: PreviousProcess,
): Promise<number> {
  const plan = await carryOverPlan(tx, previous, newVersionId);
  // Nothing to carry (another referential, an older version): not a renewal the pages should count.
  if (plan.carried.length === 0) return 0;
  const frozen = await getFrozenVersion(tx, newVersionId);
  await tx.update(labellingProcesses).set({ renewsProcessId: previous.id }).where(eq(labellingProcesses.id, processId));
  await insertFirstRatings(
    tx,
    SELF_ASSESSMENT,
    processId,
    plan.carried.map((c) => ({
      criterionId: frozen.criterionIds.get(c.code)!,
      criterionCode: c.code,
      actorId: actor.id,
      fields: { rating: String(c.rating), justification: c.justification },
      columns: { carriedOverFrom: c.from },
    })),
    CARRY_OVER_ACTION,
  );
  await recordInAuditTrail(tx, {
    actorUserId: actor.id,
    action: RENEW_ACTION,
    entityType: PROCESS_ENTITY,
    entityId: processId,
    changes: {
      renewsProcessId: { from: null, to: previous.id },
      carriedOver: { from: 0, to: plan.carried.length },
      fromVersion: { from: null, to: `${previous.referentialCode} ${previous.referentialVersion}` },
    },
  });
  return plan.carried.length;
}

// ─── What a renewal carried, and what is left to confirm ───────────────────────────────────────────────────

export interface CarryOverStatus {
  previousProcessId: string;
  /** The previous process's referential version, e.g. "2019" (what the marks are named after). */
  fromVersion: string;
  carried: number;
  /** Still marked: nobody confirmed or changed them yet. */
  toConfirm: number;
}

/** Still-marked carried-over ratings, by process (one query). */
async function countToConfirm(db: Db, processIds: string[]): Promise<Map<string, number>> {
  if (processIds.length === 0) return new Map();
  const rows = await db
    .select({ processId: selfAssessmentRatings.processId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(selfAssessmentRatings)
    .where(and(inArray(selfAssessmentRatings.processId, processIds), isNotNull(selfAssessmentRatings.carriedOverFrom)))
    .groupBy(selfAssessmentRatings.processId);
  return new Map(rows.map((r) => [r.processId, r.n]));
}

/**
 * For each renewal among `processIds`: from which process and version, how many ratings were carried (as the audit
 * trail recorded it at the opening) and how many are still to confirm. Processes that renew nothing are left out.
 */
export async function carryOverStatuses(db: Db, processIds: string[]): Promise<Map<string, CarryOverStatus>> {
  if (processIds.length === 0) return new Map();
  const events = await db
    .select({ processId: auditTrailEvents.entityId, changes: auditTrailEvents.changes })
    .from(auditTrailEvents)
    .where(and(eq(auditTrailEvents.entityType, PROCESS_ENTITY), inArray(auditTrailEvents.entityId, processIds), eq(auditTrailEvents.action, RENEW_ACTION)))
    .orderBy(asc(auditTrailEvents.id));
  if (events.length === 0) return new Map();
  const previousIds = events.map((e) => String(e.changes?.renewsProcessId?.to));
  const versions = await db
    .select({ id: labellingProcesses.id, version: referentialVersions.version })
    .from(labellingProcesses)
    .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId))
    .where(inArray(labellingProcesses.id, previousIds));
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  const toConfirm = await countToConfirm(db, events.map((e) => e.processId));
  const out = new Map<string, CarryOverStatus>();
  for (const e of events) {
    const previousProcessId = String(e.changes?.renewsProcessId?.to);
    out.set(e.processId, {
      previousProcessId,
      fromVersion: versionOf.get(previousProcessId) ?? "",
      carried: Number(e.changes?.carriedOver?.to ?? 0),
      toConfirm: toConfirm.get(e.processId) ?? 0,
    });
  }
  return out;
}

export async function carryOverStatus(db: Db, processId: string): Promise<CarryOverStatus | null> {
  return (await carryOverStatuses(db, [processId])).get(processId) ?? null;
}

/** Carried-over ratings nobody confirmed or changed yet (what holds the submission back). */
export async function countCarriedToConfirm(db: Db, processId: string): Promise<number> {
  return (await countToConfirm(db, [processId])).get(processId) ?? 0;
}

// ─── Confirming ────────────────────────────────────────────────────────────────────────────────────────────

export type ConfirmResult = { status: "confirmed"; version: number } | { status: "not_carried" } | { status: "conflict" };

/**
 * Confirms one carried-over rating as it stands: a save of the same rating and justification (a new version, the
 * mark cleared, recorded as a confirmation), only if nobody saved it since `baseVersion`, the version the person saw.
 */
async function confirmOne(tx: Db, actor: Actor, process: ProcessSummary, criterionCode: string, baseVersion: number): Promise<ConfirmResult> {
  const frozen = await getFrozenVersion(tx, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  const [row] = await tx
    .select({ version: selfAssessmentRatings.version, carriedOverFrom: selfAssessmentRatings.carriedOverFrom })
    .from(selfAssessmentRatings)
    .where(and(eq(selfAssessmentRatings.processId, process.id), eq(selfAssessmentRatings.criterionId, criterionId)));
  // Saved since the person saw it (by a colleague, or by their own autosave): what they would confirm is not what is
  // stored any more, so they must read it again; never report that as a confirmation.
  if (!row || row.version !== baseVersion) return { status: "conflict" };
  if (!row.carriedOverFrom) return { status: "not_carried" };
  const current = await currentStoredRating(tx, SELF_ASSESSMENT, { processId: process.id, criterionId });
  const written = await writeVersionedRating(tx, SELF_ASSESSMENT, actor, { processId: process.id, criterionId, criterionCode }, { fields: current.fields, baseVersion }, CONFIRM_ACTION);
  return written.status === "saved" ? { status: "confirmed", version: written.version } : { status: "conflict" };
}

/** Confirms a carried-over rating the person saw at `baseVersion`; a colleague's save since then is a conflict. */
export async function confirmCarriedOver(db: Db, actor: Actor, process: ProcessSummary, criterionCode: string, baseVersion: number): Promise<ConfirmResult> {
  requireEditable(actor, process);
  return db.transaction((tx) => confirmOne(tx, actor, process, criterionCode, baseVersion));
}

/**
 * Confirms the carried-over ratings a page listed (each with the version it showed), in one transaction; those a
 * colleague saved or confirmed meanwhile are left as they are and counted apart.
 */
export async function confirmCarriedOverMany(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  items: { code: string; version: number }[],
): Promise<{ confirmed: number; skipped: number }> {
  requireEditable(actor, process);
  return db.transaction(async (tx) => {
    let confirmed = 0;
    for (const item of items) if ((await confirmOne(tx, actor, process, item.code, item.version)).status === "confirmed") confirmed++;
    return { confirmed, skipped: items.length - confirmed };
  });
}
