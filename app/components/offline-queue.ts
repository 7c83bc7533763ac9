/**
 * Saves typed while offline (or while a save failed) wait in the browser, per user, until the server has them.
 * They survive a reload and a power cut; logging out clears them (shared computers).
 *
 * Any versioned form can queue its saves here: an entry carries the JSON endpoint it goes to (also its key) and
 * the form's fields as posted, with the version they started from. The endpoint is the form's page path followed
 * by `/rating`, so the page on screen can send its own entry and show the outcome.
 */
export interface PendingSave {
  url: string;
  /** The form's fields as posted, e.g. rating and justification; a list for a field posted once per value (checkboxes). */
  fields: PendingFields;
  baseVersion: number;
  changedAt: number;
}

export type PendingFields = Record<string, string | string[]>;

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

const PREFIX = "label:pending:";
const keyFor = (userId: string) => PREFIX + userId;
const ENDPOINT_SUFFIX = "/rating";

/** The page whose form saves to `url`. */
export function pageOfEndpoint(url: string): string {
  return url.endsWith(ENDPOINT_SUFFIX) ? url.slice(0, -ENDPOINT_SUFFIX.length) : url;
}

// Entries kept before saves were generic held the rating and its justification beside the url: still sent.
type StoredEntry = PendingSave | (Omit<PendingSave, "fields"> & { rating: string; justification: string });

function read(userId: string): Record<string, PendingSave> {
  try {
    const stored = JSON.parse(localStorage.getItem(keyFor(userId)) ?? "{}") as Record<string, StoredEntry>;
    return Object.fromEntries(
      Object.entries(stored).map(([url, e]) => [
        url,
        "fields" in e ? e : { url: e.url, fields: { rating: e.rating, justification: e.justification }, baseVersion: e.baseVersion, changedAt: e.changedAt },
      ]),
    );
  } catch {
    return {};
  }
}

function write(userId: string, entries: Record<string, PendingSave>) {
  try {
    if (Object.keys(entries).length === 0) localStorage.removeItem(keyFor(userId));
    else localStorage.setItem(keyFor(userId), JSON.stringify(entries));
  } catch {
    // Storage full or disabled: the form still holds the text, and the warning before leaving stays on.
  }
}

export function getPending(userId: string, url: string): PendingSave | undefined {
  return read(userId)[url];
}

export function putPending(userId: string, entry: PendingSave) {
  write(userId, { ...read(userId), [entry.url]: entry });
}

/** Forgets an entry, unless it changed again since `changedAt` (a newer edit must still be sent). */
export function dropPending(userId: string, url: string, changedAt?: number) {
  const entries = read(userId);
  if (changedAt !== undefined && entries[url] && entries[url].changedAt !== changedAt) return;
  delete entries[url];
  write(userId, entries);
}

export function listPending(userId: string): PendingSave[] {
  return Object.values(read(userId));
}

export function clearAllPending() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}

/** What a save endpoint answers; `Current` is the colleague's saved value a conflict brings back. */
export type SaveResponse<Current = Record<string, unknown>> =
  | { status: "saved" | "unchanged"; version: number }
  | { status: "conflict"; current: Current & { version: number; updatedByName: string | null } }
  /** Refused whatever the version: the value is a colleague's, which only someone else may change (the lead auditor). */
  | { status: "rated_by_colleague"; current: Current & { version: number; updatedByName: string | null } }
  | { status: "invalid"; problems: Partial<Record<string, string>> }
  | { status: "error"; reason: string };

/** Sends one entry to its endpoint. Throws on network failure (the caller keeps it pending). */
export async function sendPending<Current>(entry: PendingSave): Promise<SaveResponse<Current>> {
  const body = new FormData();
  for (const [name, value] of Object.entries(entry.fields)) {
    for (const one of typeof value === "string" ? [value] : value) body.append(name, one);
  }
  body.set("baseVersion", String(entry.baseVersion));
  const response = await fetch(entry.url, { method: "POST", body, headers: { Accept: "application/json" } });
  if (response.status >= 500) throw new Error(`server answered ${response.status}`);
  return (await response.json()) as SaveResponse<Current>;
}

/**
 * Sends every waiting save of this user, except the one of the page on screen (its form sends it). Conflicts and
 * refusals stay pending, to be resolved on the entry's own page (which restores them into its form); nothing is
 * ever dropped unseen.
 */
export async function flushPending(userId: string, pageOnScreen?: string): Promise<void> {
  if (typeof navigator !== "undefined" && !navigator.onLine) return;
  for (const entry of listPending(userId)) {
    if (pageOnScreen !== undefined && pageOfEndpoint(entry.url) === pageOnScreen) continue;
    try {
      const result = await sendPending(entry);
      if (result.status === "saved" || result.status === "unchanged") dropPending(userId, entry.url, entry.changedAt);
    } catch {
      return; // still offline: try again at the next "online" event
    }
  }
}
