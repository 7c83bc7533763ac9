/**
 * What every signed-in page does about the visits taken offline in this browser (docs/decisions/0023-offline-visit.md),
 * without loading the offline visit's module (ADR 0024, the criterion page's JavaScript): remember who is signed in
 * here (pages rendered from the store read it), and erase what another user left — the module that erases is loaded
 * only when this browser may hold a stored visit.
 */
import { useEffect } from "react";

/** The IndexedDB database of the visits taken offline, and the prefix of their documents' caches. */
export const OFFLINE_DB_NAME = "label-offline";
export const VISIT_CACHE_PREFIX = "label-visit:";
const USER_KEY = "label:offline:user";

/** The user the stored visits belong to (the last one signed in here), for pages rendered from the store. */
export function rememberOfflineUser(userId: string) {
  try {
    localStorage.setItem(USER_KEY, userId);
  } catch {
    // storage disabled: nothing was stored either
  }
}
export function offlineUser(): string | null {
  try {
    return localStorage.getItem(USER_KEY);
  } catch {
    return null;
  }
}

/** False only when this browser surely holds no visit: no database of visits, no documents' cache. */
async function mayHoldVisits(): Promise<boolean> {
  if (typeof indexedDB === "undefined") return false;
  if (typeof indexedDB.databases !== "function") return true;
  if ((await indexedDB.databases()).some((d) => d.name === OFFLINE_DB_NAME)) return true;
  return typeof caches !== "undefined" && (await caches.keys()).some((name) => name.startsWith(VISIT_CACHE_PREFIX));
}

/** On every signed-in page: whatever another user left in this browser is erased. */
export function OfflineScope({ userId }: { userId: string }) {
  useEffect(() => {
    void mayHoldVisits()
      .then(async (maybe) => {
        if (maybe) await (await import("./offline-visit.ts")).eraseOtherUsers(userId);
        else rememberOfflineUser(userId);
      })
      .catch(() => {});
  }, [userId]);
  return null;
}
