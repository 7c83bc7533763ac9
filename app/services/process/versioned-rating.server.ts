// The versioned write of a rating, whoever the rater is (the hospital's self-assessment, later the auditors' visit
// scoring): one row per (process, criterion) with a version number. A save names the version it started from and
// never overwrites a newer one; a stale save gets the current value back, with who saved it and when. Every change
// goes to the audit trail, field by field, in the caller's transaction.
import { and, eq, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Db } from "#db/client.ts";
import { auditTrailEvents, idempotentSaves, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { recordInAuditTrail, type FieldChanges } from "#app/services/platform/audit-trail.server.ts";
import { StampedCache } from "#app/services/platform/stamped-cache.server.ts";

/** The columns every rater's table has; the others are the rater's own fields. */
type KeyColumn = "processId" | "criterionId" | "version" | "updatedBy" | "updatedAt";
export type RatingTable = PgTable & Record<KeyColumn, PgColumn>;
type Row<T extends RatingTable> = T["$inferSelect"];
export type FieldName<T extends RatingTable> = Exclude<keyof Row<T> & string, KeyColumn>;
/** The values of a rater's fields, as stored. */
export type RatingFields<T extends RatingTable, K extends FieldName<T>> = { [P in K]: Row<T>[P] };

/** What a kind of rater provides to share the write: its table, its audit-trail entity, its fields. */
export interface RaterKind<T extends RatingTable, K extends FieldName<T>> {
  table: T;
  /** The audit-trail entity type; its id is `processId:criterionCode`. */
  entityType: string;
  /**
   * The fields saved, compared and recorded as one unit, with the value they have before the first save (what the
   * audit trail says they were). Key order is the order of the trail's changes.
   */
  empty: RatingFields<T, K>;
  /**
   * Other columns every save sets back to these values (the self-assessment's mark of a rating carried over from a
   * previous process, cleared by whoever saves it). While one of them differs, a save that changes no field still
   * writes (a new version), so saving a carried-over rating as it stands confirms it; the trail records them too.
   */
  resetOnSave?: Partial<Row<T>>;
}

export interface StoredRating<F> {
  fields: F;
  /** 0 when nobody saved this criterion yet. */
  version: number;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
}

export type VersionedWriteResult<F> =
  | { status: "saved"; version: number }
  | { status: "unchanged"; version: number }
  | { status: "conflict"; current: StoredRating<F> };

export interface RatingKey {
  processId: string;
  criterionId: string;
  /** For the audit-trail entity id. */
  criterionCode: string;
}

function fieldNames<T extends RatingTable, K extends FieldName<T>>(kind: RaterKind<T, K>): K[] {
  return Object.keys(kind.empty) as K[];
}

// Values are text, numbers, booleans or lists of them (JSON columns): compared by value, not by reference.
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === "object" && typeof b === "object" && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

function resetNames<T extends RatingTable, K extends FieldName<T>>(kind: RaterKind<T, K>): string[] {
  return Object.keys(kind.resetOnSave ?? {});
}

async function selectRatings<T extends RatingTable, K extends FieldName<T>>(db: Db, kind: RaterKind<T, K>, where: SQL | undefined) {
  const { table } = kind;
  const columns = (names: string[]) => Object.fromEntries(names.map((name) => [name, table[name as keyof T] as PgColumn]));
  const fields = columns(fieldNames(kind));
  const reset = columns(resetNames(kind));
  const rows = await db
    .select({
      criterionId: table.criterionId,
      version: table.version,
      updatedAt: table.updatedAt,
      updatedBy: table.updatedBy,
      updatedByName: users.name,
      fields,
      ...(Object.keys(reset).length > 0 ? { reset } : {}),
    })
    .from(table as PgTable)
    .leftJoin(users, eq(users.id, table.updatedBy))
    .where(where);
  return rows as {
    criterionId: string;
    version: number;
    updatedAt: Date;
    updatedBy: string | null;
    updatedByName: string | null;
    fields: RatingFields<T, K>;
    reset?: Record<string, unknown>;
  }[];
}

/**
 * A fingerprint of a process's ratings of this kind and of their authors' names (a scalar subquery): the count, the
 * versions, and the transaction that last wrote each row (`xmin`, which any write changes, the app's or a hand-made
 * one: nothing depends on a clock or on remembering to bump a column).
 */
function stampOf(kind: RaterKind<RatingTable, never>, processId: string): SQL {
  const { table } = kind;
  return sql`(select count(*) || ':' || coalesce(sum(${table.version}), 0) || ':' || coalesce(sum((${table}.xmin)::text::bigint), 0) || ':' || coalesce(sum((${users}.xmin)::text::bigint), 0)
    from ${table} left join ${users} on ${users.id} = ${table.updatedBy} where ${table.processId} = ${processId})`;
}

type StampRequest = { stamp: SQL; resolve: (stamp: string) => void; reject: (error: unknown) => void };
const stampsAsked = new WeakMap<object, StampRequest[]>();

/**
 * The stamp of a process's ratings of this kind. The stamps asked for on one database handle in the same tick (the
 * comparison and decision pages ask for the self-assessment's and the audit's together) are read in one statement.
 */
function ratingsStamp(db: Db, kind: RaterKind<RatingTable, never>, processId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let asked = stampsAsked.get(db);
    if (!asked) {
      stampsAsked.set(db, (asked = []));
      queueMicrotask(() => {
        stampsAsked.delete(db);
        const batch = asked!;
        rowsOf<Record<string, string>>(db, sql`select ${sql.join(batch.map((request, i) => sql`${request.stamp} as ${sql.identifier(`s${i}`)}`), sql`, `)}`).then(
          ([row]) => batch.forEach((request, i) => request.resolve(row?.[`s${i}`] ?? "")),
          (error: unknown) => batch.forEach((request) => request.reject(error)),
        );
      });
    }
    asked.push({ stamp: stampOf(kind, processId), resolve, reject });
  });
}

// Up to 24 processes per view; a view of full ratings holds their texts (a few hundred KB at most for 136 criteria).
const ratingViews = new StampedCache<unknown>(24);

/**
 * A view derived from a process's ratings (`view` names it: the same rows give several), computed once per state of
 * those ratings (`ratingsStamp`, read first, on every call). Readers share the value: it must not be changed.
 */
export async function cachedRatingView<V>(db: Db, kind: RaterKind<RatingTable, never>, processId: string, view: string, compute: () => Promise<V>): Promise<V> {
  const stamp = await ratingsStamp(db, kind, processId);
  return ratingViews.get(db, `${kind.entityType}:${view}:${processId}`, stamp, compute) as Promise<V>;
}

/** Every saved rating of a process by this kind of rater, by criterion id (one query). */
export async function loadStoredRatings<T extends RatingTable, K extends FieldName<T>>(
  db: Db,
  kind: RaterKind<T, K>,
  processId: string,
): Promise<Map<string, StoredRating<RatingFields<T, K>>>> {
  const rows = await selectRatings(db, kind, eq(kind.table.processId, processId));
  return new Map(rows.map(({ criterionId, reset: _, ...stored }) => [criterionId, stored]));
}

/** The rating as it is now (version 0 and the empty fields when nobody saved it). */
export async function currentStoredRating<T extends RatingTable, K extends FieldName<T>>(
  db: Db,
  kind: RaterKind<T, K>,
  key: Pick<RatingKey, "processId" | "criterionId">,
): Promise<StoredRating<RatingFields<T, K>>> {
  const [row] = await selectRatings(db, kind, and(eq(kind.table.processId, key.processId), eq(kind.table.criterionId, key.criterionId)));
  if (!row) return { fields: { ...kind.empty }, version: 0, updatedBy: null, updatedByName: null, updatedAt: null };
  const { criterionId: _, reset: __, ...stored } = row;
  return stored;
}

/**
 * An idempotency key already used by someone else, or by the same person for another rating: refused (the caller
 * turns it into its area's refusal), never applied and never answered with the other save's result.
 */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super("idempotency key already used for another save");
  }
}

/**
 * Writes checked fields inside the caller's transaction (a single save, or every row of an offline import). Nothing
 * is overwritten when the stored version is no longer `baseVersion` (0: not saved yet); nothing is written when no
 * field differs. Records the audit-trail entry of the change under `trailAction`.
 *
 * With an idempotency key (a change queued in the browser, which may be sent again when its answer was lost), a key
 * already applied answers what it answered then, and writes nothing; a save that went through stores its key with
 * its answer. A conflict stores no key: the person resolves it and sends the change again, with the same key.
 */
export async function writeVersionedRating<T extends RatingTable, K extends FieldName<T>>(
  tx: Db,
  kind: RaterKind<T, K>,
  actor: Pick<Actor, "id">,
  key: RatingKey,
  input: { fields: RatingFields<T, K>; baseVersion: number; idempotencyKey?: string },
  trailAction: string,
): Promise<VersionedWriteResult<RatingFields<T, K>>> {
  const { idempotencyKey } = input;
  if (idempotencyKey === undefined) return writeOnce(tx, kind, actor, key, input, trailAction);
  const entity = savedEntity(kind, key);
  // The same change sent twice at once (a retry racing its first try): the second waits for the first's answer.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`idempotent_saves:${idempotencyKey}`}))`);
  const [applied] = await tx.select().from(idempotentSaves).where(eq(idempotentSaves.key, idempotencyKey));
  if (applied) {
    if (applied.userId !== actor.id || applied.entity !== entity) throw new IdempotencyKeyReused();
    return applied.result as VersionedWriteResult<RatingFields<T, K>>;
  }
  const written = await writeOnce(tx, kind, actor, key, input, trailAction);
  if (written.status !== "conflict") {
    await tx.insert(idempotentSaves).values({ key: idempotencyKey, userId: actor.id, entity, result: { status: written.status, version: written.version } });
  }
  return written;
}

function savedEntity(kind: Pick<RaterKind<RatingTable, never>, "entityType">, key: Pick<RatingKey, "processId" | "criterionCode">): string {
  return `${kind.entityType}:${key.processId}:${key.criterionCode}`;
}

/**
 * What a save sent with this key answered, when the same person applied it to the same rating; null otherwise
 * (never applied, or the key is another person's or another rating's: nothing of it is told). Asked before any
 * access check: a change applied whose answer was lost, sent again after its author was removed from the team, was
 * applied when they had the right, and is answered as applied rather than refused.
 */
export async function recordedSave(
  db: Db,
  kind: Pick<RaterKind<RatingTable, never>, "entityType">,
  actor: Pick<Actor, "id">,
  key: Pick<RatingKey, "processId" | "criterionCode">,
  idempotencyKey: string | undefined,
): Promise<{ status: "saved" | "unchanged"; version: number } | null> {
  if (idempotencyKey === undefined) return null;
  const [applied] = await db
    .select({ result: idempotentSaves.result })
    .from(idempotentSaves)
    .where(and(eq(idempotentSaves.key, idempotencyKey), eq(idempotentSaves.userId, actor.id), eq(idempotentSaves.entity, savedEntity(kind, key))));
  return applied ? (applied.result as { status: "saved" | "unchanged"; version: number }) : null;
}

/** Keys kept this long (docs/decisions/0022): far beyond any offline period, after which a resend cannot come. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 30;

/** Forgets idempotency keys older than the retention period (the hourly jobs); returns how many went. */
export async function pruneIdempotentSaves(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const removed = await db.delete(idempotentSaves).where(lt(idempotentSaves.at, before)).returning({ key: idempotentSaves.key });
  return removed.length;
}

async function writeOnce<T extends RatingTable, K extends FieldName<T>>(
  tx: Db,
  kind: RaterKind<T, K>,
  actor: Pick<Actor, "id">,
  key: RatingKey,
  input: { fields: RatingFields<T, K>; baseVersion: number },
  trailAction: string,
): Promise<VersionedWriteResult<RatingFields<T, K>>> {
  const { table } = kind;
  const names = fieldNames(kind);
  const fields = Object.fromEntries(names.map((name) => [name, input.fields[name]]));
  const conflict = async () => ({ status: "conflict" as const, current: await currentStoredRating(tx, kind, key) });
  const thisRow = and(eq(table.processId, key.processId), eq(table.criterionId, key.criterionId));

  const [current] = await selectRatings(tx, kind, thisRow);
  if ((current?.version ?? 0) !== input.baseVersion) return conflict();
  const reset = kind.resetOnSave ?? {};
  const resetChanges = Object.fromEntries(
    Object.entries(reset)
      .filter(([name, to]) => current && !sameValue(current.reset?.[name], to))
      .map(([name, to]) => [name, { from: current!.reset?.[name], to }]),
  );
  if (current && names.every((name) => sameValue(current.fields[name], input.fields[name])) && Object.keys(resetChanges).length === 0) {
    return { status: "unchanged", version: current.version };
  }
  // The table is a parameter: drizzle cannot check these column names statically; RaterKind's types did.
  let version: number;
  if (!current) {
    const inserted = await tx
      .insert(table)
      .values({ processId: key.processId, criterionId: key.criterionId, version: 1, updatedBy: actor.id, ...reset, ...fields } as never)
      .onConflictDoNothing()
      .returning({ version: table.version });
    if (inserted.length === 0) return conflict();
    version = 1;
  } else {
    // The version check in the WHERE clause is what makes concurrent saves safe on PostgreSQL.
    const updated = await tx
      .update(table)
      .set({ ...fields, ...reset, version: sql`${table.version} + 1`, updatedBy: actor.id, updatedAt: new Date() } as never)
      .where(and(thisRow, eq(table.version, input.baseVersion)))
      .returning({ version: table.version });
    if (updated.length === 0) return conflict();
    version = updated[0]!.version as number;
  }
  await recordInAuditTrail(tx, {
    actorUserId: actor.id,
    action: trailAction,
    entityType: kind.entityType,
    entityId: `${key.processId}:${key.criterionCode}`,
    changes: { ...fieldChanges(kind, current?.fields ?? kind.empty, input.fields), ...resetChanges },
  });
  return { status: "saved", version };
}

/** What the audit trail records of a save: the fields that differ, from and to. */
function fieldChanges<T extends RatingTable, K extends FieldName<T>>(kind: RaterKind<T, K>, before: RatingFields<T, K>, after: RatingFields<T, K>): FieldChanges {
  return Object.fromEntries(fieldNames(kind).filter((name) => !sameValue(before[name], after[name])).map((name) => [name, { from: before[name], to: after[name] }]));
}

/** One criterion's first save, for insertFirstRatings. */
export interface FirstRating<F> {
  criterionId: string;
  criterionCode: string;
  actorId: string;
  fields: F;
  /** Other columns of the row (a carried-over rating's mark), written and recorded with the fields. */
  columns?: Record<string, unknown>;
}

/**
 * The first save of many criteria nobody rated yet, recorded exactly as writeVersionedRating records each one
 * (version 1, one audit-trail entry per criterion), in two statements inside the caller's transaction: for the demo
 * seed, where a save per criterion would slow the first start, and a renewal's carried-over ratings. A criterion already saved makes the insert fail, so
 * nothing is ever overwritten.
 */
export async function insertFirstRatings<T extends RatingTable, K extends FieldName<T>>(
  tx: Db,
  kind: RaterKind<T, K>,
  processId: string,
  rows: FirstRating<RatingFields<T, K>>[],
  trailAction: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = fieldNames(kind);
  await tx
    .insert(kind.table)
    .values(
      rows.map((r) => ({ processId, criterionId: r.criterionId, version: 1, updatedBy: r.actorId, ...r.columns, ...Object.fromEntries(names.map((name) => [name, r.fields[name]])) })) as never,
    );
  await tx.insert(auditTrailEvents).values(
    rows.map((r) => ({
      actorUserId: r.actorId,
      action: trailAction,
      entityType: kind.entityType,
      entityId: `${processId}:${r.criterionCode}`,
      changes: { ...fieldChanges(kind, kind.empty, r.fields), ...Object.fromEntries(Object.entries(r.columns ?? {}).map(([name, to]) => [name, { from: null, to }])) },
    })),
  );
}
