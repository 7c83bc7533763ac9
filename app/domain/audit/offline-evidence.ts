/**
 * The evidence files of a visit taken offline (docs/decisions/0023-offline-visit.md): optional, downloaded on request
 * after the visit itself, all or nothing. What the browser holds is noted with the stored visit; these rules say which
 * files open offline and what a download would fetch.
 */
import type { LibraryFile } from "#app/domain/process/workspace.ts";

export type OfflineFailure = "quota" | "network" | "other";

/** The note kept with the stored visit: every file stored ("complete"), or the last download failed and none is kept. */
export type StoredEvidence =
  | { status: "complete"; fileIds: string[]; bytes: number; storedAt: string }
  | { status: "failed"; failure: OfflineFailure; storedAt: string };

type File = Pick<LibraryFile, "id" | "sizeBytes">;

/** The files that open offline: those of a complete download only (a failed one kept nothing). */
export function offlineFileIds(stored: StoredEvidence | undefined): Set<string> {
  return new Set(stored?.status === "complete" ? stored.fileIds : []);
}

/**
 * What "also download the evidence files" would fetch: every file of the visit's library (the count and total size
 * shown before anything is downloaded), and whether the browser already holds them all.
 */
export function evidenceDownload(library: readonly File[], stored: StoredEvidence | undefined): { files: number; bytes: number; upToDate: boolean } {
  const held = offlineFileIds(stored);
  return {
    files: library.length,
    bytes: library.reduce((n, f) => n + f.sizeBytes, 0),
    upToDate: stored?.status === "complete" && library.every((f) => held.has(f.id)),
  };
}
