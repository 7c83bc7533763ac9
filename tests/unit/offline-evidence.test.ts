// The evidence files of a visit taken offline: which open offline, and what "also download the evidence files" fetches.
import { describe, expect, it } from "vitest";
import { evidenceDownload, offlineFileIds, type StoredEvidence } from "#app/domain/audit/offline-evidence.ts";

const library = [
  { id: "a", sizeBytes: 1_200_000 },
  { id: "b", sizeBytes: 300_000 },
];
const complete: StoredEvidence = { status: "complete", fileIds: ["a", "b"], bytes: 1_500_000, storedAt: "2026-12-06T10:00:00Z" };

describe("evidence files offline", () => {
  it("offers every file of the library with their total size before anything is downloaded", () => {
    expect(evidenceDownload(library, undefined)).toEqual({ files: 2, bytes: 1_500_000, upToDate: false });
    expect(offlineFileIds(undefined).size).toBe(0);
  });

  it("holds them all once downloaded, and none after a failed download", () => {
    expect(evidenceDownload(library, complete).upToDate).toBe(true);
    expect([...offlineFileIds(complete)]).toEqual(["a", "b"]);
    const failed: StoredEvidence = { status: "failed", failure: "quota", storedAt: "2026-12-06T10:00:00Z" };
    expect(evidenceDownload(library, failed).upToDate).toBe(false);
    expect(offlineFileIds(failed).size).toBe(0);
  });

  it("offers the download again when a file was added to the library since", () => {
    expect(evidenceDownload([...library, { id: "c", sizeBytes: 10 }], complete)).toEqual({ files: 3, bytes: 1_500_010, upToDate: false });
  });

  it("has nothing to offer for a library without files", () => {
    expect(evidenceDownload([], undefined)).toEqual({ files: 0, bytes: 0, upToDate: false });
  });
});
