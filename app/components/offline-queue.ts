/**
 * Ratings typed while offline (or while a save failed) wait in the browser, per user, until the server has them.
 * They survive a reload and a power cut; logging out clears them (shared computers).
 */
export interface PendingRating {
  url: string;
  rating: string;
  justification: string;
  baseVersion: number;
  changedAt: number;
}

const PREFIX = "label:pending:";
const keyFor = (userId: string) => PREFIX + userId;

function read(userId: string): Record<string, PendingRating> {
  try {
    return JSON.parse(localStorage.getItem(keyFor(userId)) ?? "{}") as Record<string, PendingRating>;
  } catch {
    return {};
  }
}

function write(userId: string, entries: Record<string, PendingRating>) {
  try {
    if (Object.keys(entries).length === 0) localStorage.removeItem(keyFor(userId));
    else localStorage.setItem(keyFor(userId), JSON.stringify(entries));
  } catch {
    // Storage full or disabled: the form still holds the text, and the warning before leaving stays on.
  }
}

export function getPending(userId: string, url: string): PendingRating | undefined {
  return read(userId)[url];
}

export function putPending(userId: string, entry: PendingRating) {
  write(userId, { ...read(userId), [entry.url]: entry });
}

/** Forgets an entry, unless it changed again since `changedAt` (a newer edit must still be sent). */
export function dropPending(userId: string, url: string, changedAt?: number) {
  const entries = read(userId);
  if (changedAt !== undefined && entries[url] && entries[url].changedAt !== changedAt) return;
  delete entries[url];
  write(userId, entries);
}

export function listPending(userId: string): PendingRating[] {
  return Object.values(read(userId));
}

export function clearAllPending() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}

export type SaveResponse =
  | { status: "saved" | "unchanged"; version: number }
  | { status: "conflict"; current: { rating: string | null; justification: string; version: number; updatedByName: string | null } }
  | { status: "invalid"; problems: Partial<Record<"rating" | "justification", string>> }
  | { status: "error"; reason: string };

/** Sends one rating to the JSON endpoint. Throws on network failure (the caller keeps it pending). */
export async function sendRating(entry: PendingRating): Promise<SaveResponse> {
  const body = new FormData();
  body.set("rating", entry.rating);
  body.set("justification", entry.justification);
  body.set("baseVersion", String(entry.baseVersion));
  const response = await fetch(entry.url, { method: "POST", body, headers: { Accept: "application/json" } });
  if (response.status >= 500) throw new Error(`server answered ${response.status}`);
  return (await response.json()) as SaveResponse;
}

/**
 * Sends every waiting rating of this user. Conflicts and refusals stay pending, to be resolved on the criterion's
 * own page (which restores them into its form); nothing is ever dropped unseen.
 */
export async function flushPending(userId: string, skipUrl?: string): Promise<void> {
  if (typeof navigator !== "undefined" && !navigator.onLine) return;
  for (const entry of listPending(userId)) {
    if (entry.url === skipUrl) continue;
    try {
      const result = await sendRating(entry);
      if (result.status === "saved" || result.status === "unchanged") dropPending(userId, entry.url, entry.changedAt);
    } catch {
      return; // still offline: try again at the next "online" event
    }
  }
}
