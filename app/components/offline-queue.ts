/**
 * Changes typed while offline (or while a save failed) wait in the browser, per user, until the server has them: an
 * ordered log in IndexedDB (survives a reload, a closed browser and a power cut). Logging out erases it, after the
 * person synced or downloaded what was left (shared computers).
 *
 * Any versioned form queues its changes here: a change carries the JSON endpoint it goes to, the form's fields as
 * posted, the version they started from and an idempotency key (the server applies a key once, so a change whose
 * answer was lost is sent again harmlessly). The endpoint is the form's page path followed by `/rating`.
 *
 * The sync sends the log in order. Acknowledged changes leave the log; a stale base version becomes a conflict the
 * person resolves on the criterion's page; a refusal (removed from the visit's team, audit submitted) stays visible
 * with its reason until discarded. Either stops only the later changes of the same criterion.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export type PendingFields = Record<string, string | string[]>;

/** The colleague's saved value a conflict brought back, as the form's fields read it. */
export type SavedCurrent = Record<string, unknown> & { version: number; updatedByName: string | null };

export type ChangeStatus = "waiting" | "conflict" | "refused";

export interface PendingSave {
  /** Its place in the log (IndexedDB's own counter). */
  id?: number;
  userId: string;
  url: string;
  /** The form's fields as posted, e.g. rating and justification; a list for a field posted once per value (checkboxes). */
  fields: PendingFields;
  baseVersion: number;
  /**
   * Typed after an earlier change of the same criterion that was already on its way: its base is that change's
   * answer, known once the server acknowledged it.
   */
  afterPrevious?: boolean;
  idempotencyKey: string;
  queuedAt: number;
  /** When it was first sent: a change on its way is never merged with a newer one (its key may be applied). */
  sentAt?: number;
  status: ChangeStatus;
  /** Refused: the server's reason (e.g. forbidden, not_editable). Conflict: conflict or rated_by_colleague. */
  reason?: string;
  /** Conflict: the colleague's value, shown beside the person's. */
  current?: SavedCurrent;
}

/** What a form gives to queue a change. */
export type NewChange = Pick<PendingSave, "url" | "fields" | "baseVersion">;

/** One field of an entry as text ("" when absent). */
export function textField(fields: PendingFields, name: string): string {
  const value = fields[name];
  return typeof value === "string" ? value : (value?.[0] ?? "");
}

/** One field of an entry as a list of values (checkboxes: none checked is an empty list). */
export function listField(fields: PendingFields, name: string): string[] {
  const value = fields[name];
  return value === undefined ? [] : typeof value === "string" ? [value] : value;
}

const ENDPOINT_SUFFIX = "/rating";

/** The page whose form saves to `url`. */
export function pageOfEndpoint(url: string): string {
  return url.endsWith(ENDPOINT_SUFFIX) ? url.slice(0, -ENDPOINT_SUFFIX.length) : url;
}

// ─── Storage ───────────────────────────────────────────────────────────────────────────────────────────────────

interface QueueDb extends DBSchema {
  changes: { key: number; value: PendingSave; indexes: { byUser: string } };
}

const DB_NAME = "label-offline-queue";
let opened: Promise<IDBPDatabase<QueueDb>> | undefined;

function database() {
  opened ??= openDB<QueueDb>(DB_NAME, 1, {
    upgrade(db) {
      const changes = db.createObjectStore("changes", { keyPath: "id", autoIncrement: true });
      // Within one user, the index lists by primary key: the log's order.
      changes.createIndex("byUser", "userId");
    },
  });
  return opened;
}

// Every change to the log goes one after the other (a read then a write each): two quick edits must not both append,
// and a change must not be merged into one the sync is just sending.
let writes: Promise<unknown> = Promise.resolve();
function serial<T>(run: () => Promise<T>): Promise<T> {
  const result = writes.then(run);
  writes = result.catch(() => undefined);
  return result;
}

/** For tests: forget the open connection (a fresh fake IndexedDB comes next). */
export function resetQueueConnection() {
  opened = undefined;
}

// Before IndexedDB the browser kept one entry per criterion in localStorage (some with the rating and its
// justification beside the url): moved into the log once, in their order of change.
const LEGACY_PREFIX = "label:pending:";
type LegacyEntry = { url: string; baseVersion: number; changedAt: number } & ({ fields: PendingFields } | { rating: string; justification: string });
const migrating = new Map<string, Promise<void>>();

function migrateLegacy(userId: string): Promise<void> {
  // Two reads at once move the entries once.
  let running = migrating.get(userId);
  if (!running) {
    running = moveLegacy(userId).finally(() => migrating.delete(userId));
    migrating.set(userId, running);
  }
  return running;
}

async function moveLegacy(userId: string) {
  let stored: Record<string, LegacyEntry>;
  try {
    if (typeof localStorage === "undefined" || localStorage.getItem(LEGACY_PREFIX + userId) === null) return;
    stored = JSON.parse(localStorage.getItem(LEGACY_PREFIX + userId) ?? "{}") as Record<string, LegacyEntry>;
  } catch {
    return;
  }
  const entries = Object.values(stored).sort((a, b) => a.changedAt - b.changedAt);
  if (entries.length > 0) {
    const db = await database();
    const tx = db.transaction("changes", "readwrite");
    for (const e of entries) {
      const fields = "fields" in e ? e.fields : { rating: e.rating, justification: e.justification };
      await tx.store.add({ userId, url: e.url, fields, baseVersion: e.baseVersion, idempotencyKey: crypto.randomUUID(), queuedAt: e.changedAt, status: "waiting" });
    }
    await tx.done;
  }
  localStorage.removeItem(LEGACY_PREFIX + userId);
}

/** This user's log, in order. */
export async function listPending(userId: string): Promise<PendingSave[]> {
  await migrateLegacy(userId);
  return (await database()).getAllFromIndex("changes", "byUser", userId);
}

/** The newest change of one criterion (what its form shows back), if any waits. */
export async function getPending(userId: string, url: string): Promise<PendingSave | undefined> {
  return (await listPending(userId)).filter((e) => e.url === url).at(-1);
}

/**
 * Queues a change. Consecutive changes of a criterion not yet sent are merged (autosave queues one per pause in
 * typing): the newest fields with a new key, and the FIRST base version, the one the person saw when they started;
 * a change already on its way is never merged (its key may be applied), the next one follows it. While the
 * criterion is in conflict, the person's value is updated in place, still waiting for them to choose.
 */
export function queueChange(userId: string, change: NewChange): Promise<PendingSave> {
  return serial(() => queueNow(userId, change));
}

async function queueNow(userId: string, change: NewChange): Promise<PendingSave> {
  const last = await getPending(userId, change.url);
  const db = await database();
  const now = Date.now();
  if (last && (last.status === "conflict" || (last.status === "waiting" && last.sentAt === undefined))) {
    const merged: PendingSave = { ...last, fields: change.fields, queuedAt: now, idempotencyKey: last.status === "conflict" ? last.idempotencyKey : crypto.randomUUID() };
    await db.put("changes", merged);
    notify(userId);
    return merged;
  }
  const entry: PendingSave = {
    userId,
    url: change.url,
    fields: change.fields,
    baseVersion: change.baseVersion,
    ...(last?.status === "waiting" ? { afterPrevious: true } : {}),
    idempotencyKey: crypto.randomUUID(),
    queuedAt: now,
    status: "waiting",
  };
  entry.id = await db.add("changes", entry);
  notify(userId);
  return entry;
}

/**
 * The person chose their own value over a colleague's: the criterion's change waits again, from the colleague's
 * version, with the fields now in the form (same key: a conflict stored none on the server).
 */
export function keepMine(userId: string, url: string, fields: PendingFields, version: number): Promise<void> {
  return serial(async () => {
    const entry = await getPending(userId, url);
    if (!entry) {
      await queueNow(userId, { url, fields, baseVersion: version });
      return;
    }
    const { current: _, reason: __, ...rest } = entry;
    await (await database()).put("changes", { ...rest, fields, baseVersion: version, afterPrevious: undefined, status: "waiting" });
    notify(userId);
  });
}

/** Forgets every change of one criterion (the person took the colleague's value, or the save went through). */
export function dropPending(userId: string, url: string): Promise<void> {
  return serial(async () => {
    const db = await database();
    for (const e of await listPending(userId)) if (e.url === url && e.id !== undefined) await db.delete("changes", e.id);
    notify(userId);
  });
}

/** Discards one change (a refused one, once the person read why). */
export function discardChange(userId: string, id: number): Promise<void> {
  return serial(async () => {
    const db = await database();
    const entry = await db.get("changes", id);
    if (entry?.userId === userId) await db.delete("changes", id);
    notify(userId);
  });
}

/** Erases this user's log (logout, after syncing or downloading what was left). */
export function clearPending(userId: string): Promise<void> {
  return serial(async () => {
    const db = await database();
    for (const e of await listPending(userId)) if (e.id !== undefined) await db.delete("changes", e.id);
    notify(userId);
  });
}

// ─── Export and import (logout with changes not synced) ────────────────────────────────────────────────────────

export const EXPORT_FORMAT = "label-offline-changes";

export interface QueueExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  userId: string;
  exportedAt: string;
  changes: Pick<PendingSave, "url" | "fields" | "baseVersion" | "afterPrevious" | "idempotencyKey" | "queuedAt">[];
}

export async function exportPending(userId: string): Promise<QueueExport> {
  const changes = (await listPending(userId)).map(({ url, fields, baseVersion, afterPrevious, idempotencyKey, queuedAt }) => ({ url, fields, baseVersion, afterPrevious, idempotencyKey, queuedAt }));
  return { format: EXPORT_FORMAT, version: 1, userId, exportedAt: new Date().toISOString(), changes };
}

export type ImportOutcome = { ok: true; count: number } | { ok: false; reason: "unreadable" | "other_user" };

const isFields = (v: unknown): v is PendingFields =>
  typeof v === "object" && v !== null && Object.values(v).every((x) => typeof x === "string" || (Array.isArray(x) && x.every((y) => typeof y === "string")));

/**
 * Puts a downloaded file's changes back into the log, for the same user only, with their keys (a change applied
 * meanwhile is answered as applied, not applied twice). They go through the normal sync, conflicts included.
 */
export function importPending(userId: string, text: string): Promise<ImportOutcome> {
  return serial(() => importNow(userId, text));
}

async function importNow(userId: string, text: string): Promise<ImportOutcome> {
  let data: QueueExport;
  try {
    data = JSON.parse(text) as QueueExport;
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  if (data?.format !== EXPORT_FORMAT || !Array.isArray(data.changes)) return { ok: false, reason: "unreadable" };
  if (data.userId !== userId) return { ok: false, reason: "other_user" };
  const valid = data.changes.every(
    (c) => typeof c.url === "string" && c.url.startsWith("/") && c.url.endsWith(ENDPOINT_SUFFIX) && isFields(c.fields) && Number.isInteger(c.baseVersion) && typeof c.idempotencyKey === "string",
  );
  if (!valid) return { ok: false, reason: "unreadable" };
  const known = new Set((await listPending(userId)).map((e) => e.idempotencyKey));
  const db = await database();
  const tx = db.transaction("changes", "readwrite");
  let count = 0;
  for (const c of data.changes) {
    if (known.has(c.idempotencyKey)) continue;
    await tx.store.add({ userId, url: c.url, fields: c.fields, baseVersion: c.baseVersion, afterPrevious: c.afterPrevious || undefined, idempotencyKey: c.idempotencyKey, queuedAt: c.queuedAt ?? Date.now(), status: "waiting" });
    count++;
  }
  await tx.done;
  notify(userId);
  return { ok: true, count };
}

// ─── Sending ───────────────────────────────────────────────────────────────────────────────────────────────────

/** What a save endpoint answers; `Current` is the colleague's saved value a conflict brings back. */
export type SaveResponse<Current = Record<string, unknown>> =
  | { status: "saved" | "unchanged"; version: number }
  | { status: "conflict"; current: Current & { version: number; updatedByName: string | null } }
  /** Refused whatever the version: the value is a colleague's, which only someone else may change (the lead auditor). */
  | { status: "rated_by_colleague"; current: Current & { version: number; updatedByName: string | null } }
  | { status: "invalid"; problems: Partial<Record<string, string>> }
  | { status: "error"; reason: string }
  /** The session ended (expired, or signed out in another tab): nothing was saved; the log waits for the same user. */
  | { status: "signed_out" };

/** Sends one change to its endpoint. Throws on network failure or a server fault (the change stays queued). */
export async function sendPending<Current>(entry: Pick<PendingSave, "url" | "fields" | "baseVersion" | "idempotencyKey">): Promise<SaveResponse<Current>> {
  const body = new FormData();
  for (const [name, value] of Object.entries(entry.fields)) {
    for (const one of typeof value === "string" ? [value] : value) body.append(name, one);
  }
  body.set("baseVersion", String(entry.baseVersion));
  body.set("idempotencyKey", entry.idempotencyKey);
  // A signed-out request is sent to the sign-in page: not followed, so it is told from an answer.
  const response = await fetch(entry.url, { method: "POST", body, headers: { Accept: "application/json" }, redirect: "manual" });
  if (response.status === 401 || response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) return { status: "signed_out" };
  if (response.status >= 500) throw new Error(`server answered ${response.status}`);
  const answer = (await response.json().catch(() => null)) as { status?: unknown; reason?: string } | null;
  if (answer && typeof answer.status === "string") return answer as SaveResponse<Current>;
  // A refusal before the endpoint's own answer (the visit's team no longer includes the person: 404, or 403), in
  // whatever form: refused with its reason, never taken for a network failure to retry forever.
  return { status: "error", reason: answer?.reason ?? (response.status === 404 ? "not_found" : response.status === 403 ? "forbidden" : `http_${response.status}`) };
}

/** What a sync tells the pages: an answer for one criterion, or why it stopped. */
export type QueueEvent =
  | { type: "answer"; userId: string; url: string; result: SaveResponse<SavedCurrent>; entry: PendingSave }
  | { type: "stopped"; userId: string; reason: "offline" | "signed_out" }
  | { type: "changed"; userId: string };

const listeners = new Set<(event: QueueEvent) => void>();

/** Listens to the queue (the banner's count, a form's outcome); returns the way to stop. */
export function onQueueEvent(listener: (event: QueueEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: QueueEvent) {
  for (const listener of listeners) listener(event);
}

function notify(userId: string) {
  emit({ type: "changed", userId });
}

export interface SyncSummary {
  sent: number;
  /** offline: the network failed; signed_out: the session ended; the rest of the log waits for the next sync. */
  stopped: "offline" | "signed_out" | null;
}

let running: Promise<unknown> = Promise.resolve();

/**
 * Sends this user's log in order, one change at a time (one sync at a time per page; a second waits for the first).
 * A change whose answer never came is sent again next time, with its key. Conflicts and refusals stay in the log and
 * hold back only the later changes of their criterion.
 */
export function syncPending(userId: string, send: typeof sendPending = sendPending): Promise<SyncSummary> {
  const run = running.then(() => syncOnce(userId, send));
  running = run.catch(() => undefined);
  return run;
}

async function syncOnce(userId: string, send: typeof sendPending): Promise<SyncSummary> {
  const summary: SyncSummary = { sent: 0, stopped: null };
  if (typeof navigator !== "undefined" && navigator.onLine === false) {
    summary.stopped = "offline";
    emit({ type: "stopped", userId, reason: "offline" });
    return summary;
  }
  const db = await database();
  const held = new Set<string>();
  // Read once: changes queued during the sync wait for the next one (the form that queued them asks for it).
  for (const listed of await listPending(userId)) {
    if (listed.status !== "waiting" || held.has(listed.url)) {
      held.add(listed.url);
      continue;
    }
    // Re-read: the person may have typed again (merged into it) while earlier changes travelled. From here on
    // nothing is merged into it (its key may be applied): a newer edit follows it.
    const entry = await serial(async () => {
      const fresh = await db.get("changes", listed.id!);
      if (fresh?.status === "waiting" && fresh.sentAt === undefined) await db.put("changes", (fresh.sentAt = Date.now(), fresh));
      return fresh;
    });
    if (!entry || entry.status !== "waiting") continue;
    let result: SaveResponse<SavedCurrent>;
    try {
      result = await send<SavedCurrent>(entry);
    } catch {
      summary.stopped = "offline";
      emit({ type: "stopped", userId, reason: "offline" });
      return summary;
    }
    if (result.status === "signed_out") {
      summary.stopped = "signed_out";
      emit({ type: "stopped", userId, reason: "signed_out" });
      return summary;
    }
    if (result.status === "saved" || result.status === "unchanged") {
      summary.sent++;
      await serial(() => acknowledge(db, userId, entry, result.version));
    } else {
      held.add(entry.url);
      const outcome: Partial<PendingSave> =
        result.status === "conflict" || result.status === "rated_by_colleague"
          ? { status: "conflict", reason: result.status, current: result.current as SavedCurrent }
          : { status: "refused", reason: result.status === "error" ? result.reason : result.status === "invalid" ? (Object.values(result.problems)[0] ?? "invalid") : "invalid" };
      // Unless the person dropped it meanwhile (took the colleague's value).
      await serial(async () => {
        const fresh = await db.get("changes", entry.id!);
        if (fresh) await db.put("changes", { ...fresh, ...outcome });
      });
    }
    emit({ type: "answer", userId, url: entry.url, result, entry });
    notify(userId);
  }
  return summary;
}

/** The server has it: out of the log; the criterion's next change starts from the version it answered. */
async function acknowledge(db: IDBPDatabase<QueueDb>, userId: string, entry: PendingSave, version: number) {
  const tx = db.transaction("changes", "readwrite");
  await tx.store.delete(entry.id!);
  const next = (await tx.store.index("byUser").getAll(userId)).find((e) => e.url === entry.url && e.id! > entry.id!);
  if (next?.afterPrevious) await tx.store.put({ ...next, baseVersion: version, afterPrevious: undefined });
  await tx.done;
}

/** A file name for the download at logout, with the date: label-modifications-2026-12-06.json. */
export function exportFileName(now = new Date()): string {
  return `label-changes-${now.toISOString().slice(0, 10)}.json`;
}
