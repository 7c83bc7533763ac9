/**
 * A visit taken offline, in this browser (docs/decisions/0023-offline-visit.md): the visit's data and the version's
 * content in IndexedDB (database `label-offline`), the documents the service worker serves offline and the app's
 * modules in Cache Storage. Everything is keyed by the user: another person signing in here never sees it.
 *
 * Written all or nothing: the parts are fetched first, then the records go in one IndexedDB transaction; documents go
 * to a cache of their own. A failure (quota exceeded) erases what was half stored and leaves the visit marked
 * "not fully available offline".
 */
import type { OfflineVisit } from "#app/services/audit/offline-visit.server.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import type { OfflineFailure, StoredEvidence } from "#app/domain/audit/offline-evidence.ts";
import { OFFLINE_DB_NAME, offlineUser, rememberOfflineUser, VISIT_CACHE_PREFIX } from "./offline-scope.tsx";

export { offlineUser, rememberOfflineUser };

export type { OfflineVisit };

const DB_NAME = OFFLINE_DB_NAME;
const VISITS = "visits";
const CONTENTS = "contents";
/** The app's modules, stylesheets and translations: shared by everyone (nothing personal in them). */
export const SHELL_CACHE = "label-shell";
const visitCachePrefix = (userId: string) => `${VISIT_CACHE_PREFIX}${userId}:`;
export const visitCacheName = (userId: string, processId: string) => `${visitCachePrefix(userId)}${processId}`;
/** The visit's evidence files, when downloaded: a cache of their own, named after the visit's (erased with it). */
export const evidenceCacheName = (userId: string, processId: string) => `${visitCacheName(userId, processId)}:evidence`;
/** Where the criterion page that stands for every criterion of the visit offline is kept in the visit's cache. */
export const shellPath = (processId: string) => `/processes/${processId}/audit/criteria/__offline-shell`;

export interface StoredVisitRecord {
  userId: string;
  processId: string;
  /** "complete": every part stored; "incomplete": an attempt failed (quota…), nothing of it is used. */
  status: "complete" | "incomplete";
  failure?: OfflineFailure;
  visit?: OfflineVisit;
  contentHash?: string;
  storedAt: string;
  /** Bytes of what was stored (data, content, documents), as fetched. */
  bytes: number;
  criteria: number;
  /** The evidence files, when their download was asked for (optional; kept when the visit is updated). */
  evidence?: StoredEvidence;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException("aborted", "AbortError"));
  });
}

function openStore(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore(VISITS, { keyPath: ["userId", "processId"] });
    db.createObjectStore(CONTENTS, { keyPath: ["userId", "hash"] });
  };
  return request(open);
}

async function withStore<T>(mode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T> | T): Promise<T> {
  const db = await openStore();
  try {
    const tx = db.transaction([VISITS, CONTENTS], mode);
    const finished = done(tx);
    const result = await work(tx);
    await finished;
    return result;
  } finally {
    db.close();
  }
}

export async function readStoredVisit(userId: string, processId: string): Promise<StoredVisitRecord | undefined> {
  if (typeof indexedDB === "undefined") return undefined;
  return withStore("readonly", (tx) => request(tx.objectStore(VISITS).get([userId, processId]) as IDBRequest<StoredVisitRecord | undefined>));
}

export async function readStoredContent(userId: string, hash: string): Promise<ReferentialVersion | undefined> {
  const row = await withStore("readonly", (tx) => request(tx.objectStore(CONTENTS).get([userId, hash]) as IDBRequest<{ content: ReferentialVersion } | undefined>));
  return row?.content;
}

/** Every module, stylesheet and translation the visit's pages need, from the manifest the browser already holds. */
function shellUrls(): string[] {
  const manifest = (window as unknown as { __reactRouterManifest?: ReactRouterManifest }).__reactRouterManifest;
  const urls = new Set<string>(["/favicon.svg"]);
  const localesUrl = document.documentElement.dataset.locales;
  if (localesUrl) for (const lng of ["fr", "en"]) urls.add(localesUrl.replace(/\/locales\/[a-z]+/, `/locales/${lng}`));
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"], link[rel="modulepreload"]')) urls.add(new URL(link.href).pathname);
  if (manifest) {
    urls.add(manifest.url);
    urls.add(manifest.entry.module);
    for (const i of manifest.entry.imports) urls.add(i);
    for (const [id, route] of Object.entries(manifest.routes)) {
      if (!(id === "root" || id === "routes/signed-in" || id.startsWith("routes/audit/"))) continue;
      if (route.module) urls.add(route.module);
      for (const i of route.imports ?? []) urls.add(i);
      for (const c of route.css ?? []) urls.add(c);
    }
  }
  return [...urls].filter((u) => u.startsWith("/"));
}
interface ReactRouterManifest {
  url: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { module?: string; imports?: string[]; css?: string[] }>;
}

/** A response of the app itself: not an error, nor the sign-in page a lost session redirects to. */
export async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, { credentials: "same-origin", ...init });
  if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
  return response;
}

/** Why storing failed, as the panel says it: the browser's storage full, the connection lost, or anything else. */
export function failureOf(error: unknown): OfflineFailure {
  if (error instanceof DOMException && (error.name === "QuotaExceededError" || error.code === 22)) return "quota";
  return error instanceof TypeError ? "network" : "other";
}

/** Notes the visit's evidence files on its stored record (the visit itself is left as it is). */
export async function noteStoredEvidence(userId: string, processId: string, evidence: StoredEvidence): Promise<void> {
  await withStore("readwrite", async (tx) => {
    const visits = tx.objectStore(VISITS);
    const record = (await request(visits.get([userId, processId]))) as StoredVisitRecord | undefined;
    if (record) visits.put({ ...record, evidence });
  });
}

export type TakeOfflineProgress = { done: number; total: number };

/**
 * Takes a visit offline for this user: the app's modules, the visit's documents, its data and the version's content.
 * Resolves with the record stored (complete, or incomplete with the reason); never leaves a half-stored visit in use.
 */
export async function takeVisitOffline(userId: string, processId: string, onProgress: (p: TakeOfflineProgress) => void = () => {}): Promise<StoredVisitRecord> {
  rememberOfflineUser(userId);
  const cacheName = visitCacheName(userId, processId);
  const staging = `${cacheName}:staging`;
  let bytes = 0;
  try {
    const shell = shellUrls();
    const shellCount = shell.length;
    const visitResponse = await fetchOk(`/processes/${processId}/audit/offline.json`);
    const visit = (await visitResponse.json()) as OfflineVisit;
    const known = await readStoredContent(userId, visit.referential.contentHash).catch(() => undefined);
    let total = shell.length + 3 + (known ? 1 : 2);
    let count = 1;
    const step = () => onProgress({ done: ++count, total });
    onProgress({ done: count, total });
    let content = known;
    if (!content) {
      const text = await (await fetchOk(visit.referential.contentUrl)).text();
      bytes += text.length;
      content = JSON.parse(text) as ReferentialVersion;
      step();
    }
    const firstCode = content.chapters[0]?.standards[0]?.criteria[0]?.code;
    if (!firstCode) throw new Error("empty version");
    // The visit's documents, in a staging cache first: the overview, the scoring list and one criterion page.
    await caches.delete(staging);
    const documents = await caches.open(staging);
    const base = `/processes/${processId}/audit`;
    for (const [path, key] of [
      [base, base],
      [`${base}/criteria`, `${base}/criteria`],
      [`${base}/criteria/${firstCode}`, shellPath(processId)],
    ] as const) {
      const response = await fetchOk(path, { headers: { Accept: "text/html" } });
      const html = await response.text();
      bytes += html.length;
      // The modules and stylesheets each document loads (routes are discovered lazily: not all are in this page's manifest).
      for (const m of html.matchAll(/"(\/assets\/[^"?#]+)"/g)) shell.push(m[1]!);
      await documents.put(key, new Response(html, { headers: response.headers }));
      step();
    }
    // The app's modules: stored in the shared shell cache, a few at a time.
    const shellCache = await caches.open(SHELL_CACHE);
    const queue = [...new Set(shell)];
    total += queue.length - shellCount;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let url = queue.shift(); url; url = queue.shift()) {
          if (!(await shellCache.match(url))) {
            const response = await fetchOk(url);
            bytes += (await response.clone().arrayBuffer()).byteLength;
            await shellCache.put(url, response);
          }
          step();
        }
      }),
    );
    bytes += JSON.stringify(visit).length;
    const record: StoredVisitRecord = {
      userId,
      processId,
      status: "complete",
      visit,
      contentHash: visit.referential.contentHash,
      storedAt: new Date().toISOString(),
      bytes,
      criteria: content.chapters.reduce((n, c) => n + c.standards.reduce((m, s) => m + s.criteria.length, 0), 0),
    };
    await withStore("readwrite", async (tx) => {
      if (!known) tx.objectStore(CONTENTS).put({ userId, hash: visit.referential.contentHash, content });
      // The evidence files downloaded before stay (those added since are offered for download again).
      const before = (await request(tx.objectStore(VISITS).get([userId, processId]))) as StoredVisitRecord | undefined;
      if (before?.evidence?.status === "complete") record.evidence = before.evidence;
      tx.objectStore(VISITS).put(record);
    });
    // Complete: the staged documents become the visit's.
    const final = await caches.open(cacheName);
    for (const key of await documents.keys()) await final.put(key, (await documents.match(key))!);
    await caches.delete(staging);
    onProgress({ done: total, total });
    return record;
  } catch (error) {
    // Nothing of the visit is used any more: its documents and evidence files go (the staging cache included).
    for (const name of await caches.keys().catch(() => [])) if (name.startsWith(cacheName)) await caches.delete(name).catch(() => {});
    const failure = failureOf(error);
    const record: StoredVisitRecord = { userId, processId, status: "incomplete", failure, storedAt: new Date().toISOString(), bytes: 0, criteria: 0 };
    await withStore("readwrite", (tx) => {
      tx.objectStore(VISITS).put(record);
    }).catch(() => {});
    return record;
  }
}

/** Erases the visits a user took offline here (every one, or one): their data, contents and documents. */
export async function eraseOfflineVisits(userId: string, processId?: string): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  await withStore("readwrite", async (tx) => {
    const visits = tx.objectStore(VISITS);
    const contents = tx.objectStore(CONTENTS);
    const all = (await request(visits.getAll())) as StoredVisitRecord[];
    for (const v of all) if (v.userId === userId && (processId === undefined || v.processId === processId)) visits.delete([v.userId, v.processId]);
    const kept = new Set(all.filter((v) => v.userId === userId && processId !== undefined && v.processId !== processId).map((v) => v.contentHash));
    const stored = (await request(contents.getAllKeys())) as [string, string][];
    for (const [owner, hash] of stored) if (owner === userId && !kept.has(hash)) contents.delete([owner, hash]);
  });
  if (typeof caches === "undefined") return;
  for (const name of await caches.keys()) {
    if (processId === undefined ? name.startsWith(visitCachePrefix(userId)) : name.startsWith(visitCacheName(userId, processId))) await caches.delete(name);
  }
}

/** Erases whatever other users left in this browser: called on every signed-in page. */
export async function eraseOtherUsers(userId: string): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  const owners = new Set<string>();
  await withStore("readonly", async (tx) => {
    for (const [owner] of (await request(tx.objectStore(VISITS).getAllKeys())) as [string, string][]) owners.add(owner);
    for (const [owner] of (await request(tx.objectStore(CONTENTS).getAllKeys())) as [string, string][]) owners.add(owner);
  });
  if (typeof caches !== "undefined") for (const name of await caches.keys()) if (name.startsWith(VISIT_CACHE_PREFIX)) owners.add(name.split(":")[1]!);
  owners.delete(userId);
  for (const owner of owners) await eraseOfflineVisits(owner);
  rememberOfflineUser(userId);
}

/** Space this site uses in the browser (every store), and what the browser allows it. */
export async function storageUsed(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === "undefined" || !navigator.storage?.estimate) return null;
  const { usage, quota } = await navigator.storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}

/** Registers the service worker (idempotent); without one, nothing is served offline. */
export async function registerOfflineWorker(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  await navigator.serviceWorker.ready;
}
