/**
 * The optional part of a visit taken offline (docs/decisions/0023-offline-visit.md): its evidence files, fetched through
 * the authorized download route and kept in the visit's own evidence cache for this user, all or nothing. Loaded by the
 * visit's offline panel only, not by every page.
 */
import type { StoredEvidence } from "#app/domain/audit/offline-evidence.ts";
import type { LibraryFile } from "#app/domain/process/workspace.ts";
import { evidenceCacheName, failureOf, fetchOk, noteStoredEvidence } from "./offline-visit.ts";

/** The address a criterion's page links to for a file (app/components/evidence-section.tsx): the one the worker serves. */
export const evidenceFileUrl = (processId: string, fileId: string) => `/processes/${processId}/evidence/${fileId}`;

export type EvidenceProgress = { bytes: number; total: number };

/**
 * Downloads every evidence file of the stored visit, one after the other (a slow link is shared by nothing else), with
 * the bytes received so far. Files already held are not fetched again. Any failure (a full storage above all) erases
 * every file stored, notes "not available offline" with the reason, and leaves the visit itself as it was.
 */
export async function downloadEvidenceFiles(
  userId: string,
  processId: string,
  library: readonly Pick<LibraryFile, "id" | "sizeBytes">[],
  onProgress: (p: EvidenceProgress) => void = () => {},
): Promise<StoredEvidence> {
  const cacheName = evidenceCacheName(userId, processId);
  const total = library.reduce((n, f) => n + f.sizeBytes, 0);
  let done = 0;
  let bytes = 0;
  let evidence: StoredEvidence;
  try {
    const cache = await caches.open(cacheName);
    onProgress({ bytes: 0, total });
    for (const file of library) {
      const url = evidenceFileUrl(processId, file.id);
      let held = await cache.match(url);
      if (!held) {
        const response = await fetchOk(url);
        await cache.put(url, response);
        held = (await cache.match(url))!;
      }
      bytes += (await held.arrayBuffer()).byteLength;
      done += file.sizeBytes;
      onProgress({ bytes: done, total });
    }
    // Files no longer in the visit's library are not kept.
    const wanted = new Set(library.map((f) => new URL(evidenceFileUrl(processId, f.id), location.origin).href));
    for (const key of await cache.keys()) if (!wanted.has(key.url)) await cache.delete(key);
    evidence = { status: "complete", fileIds: library.map((f) => f.id), bytes, storedAt: new Date().toISOString() };
  } catch (error) {
    await caches.delete(cacheName).catch(() => {});
    evidence = { status: "failed", failure: failureOf(error), storedAt: new Date().toISOString() };
  }
  try {
    await noteStoredEvidence(userId, processId, evidence);
  } catch (error) {
    // Not even the note fits: without it no file is linked offline, so none is kept.
    await caches.delete(cacheName).catch(() => {});
    evidence = { status: "failed", failure: failureOf(error), storedAt: new Date().toISOString() };
  }
  return evidence;
}
