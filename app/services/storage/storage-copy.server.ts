// `npm run storage:copy` (scripts/storage-copy.ts): every evidence file still in the library copied from the folder
// (UPLOADS_DIR) to the bucket (S3_URL), before the app is switched to the bucket. Resumable: an object already in the
// bucket with the row's size and SHA-256 is skipped, so the copy can be run again after an interruption. Verified: the
// bytes sent must hash to the row's SHA-256, and the object is read back from the bucket and hashed again. Never
// overwrites: an object that differs is reported, left alone, and the copy ends in failure (ADR 0028).
import { and, asc, gt, isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { evidenceFiles } from "#db/schema.ts";
import { hashStored, type EvidenceStorage } from "./evidence-storage.server.ts";

export interface CopySummary {
  /** Copied and verified now. */
  copied: number;
  /** Already in the bucket with the same size and SHA-256. */
  alreadyThere: number;
  /** Rows whose file is not in the folder (listed in `problems`). */
  missing: number;
  /** Refused: an object that differs in the bucket, bytes that do not match their row, a write that failed. */
  failed: number;
  problems: string[];
}

const BATCH = 500;

export async function copyEvidenceFiles(db: Db, from: EvidenceStorage, to: EvidenceStorage, log: (line: string) => void = () => {}): Promise<CopySummary> {
  const summary: CopySummary = { copied: 0, alreadyThere: 0, missing: 0, failed: 0, problems: [] };
  const problem = (kind: "missing" | "failed", line: string) => {
    summary[kind]++;
    summary.problems.push(line);
    log(line);
  };
  // Deleted files were erased (ADR 0007): only the library's files are copied, by stored name, a batch at a time.
  for (let after = ""; ; ) {
    const rows = await db
      .select({ storedName: evidenceFiles.storedName, sizeBytes: evidenceFiles.sizeBytes, sha256: evidenceFiles.sha256 })
      .from(evidenceFiles)
      .where(and(isNull(evidenceFiles.deletedAt), gt(evidenceFiles.storedName, after)))
      .orderBy(asc(evidenceFiles.storedName))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.storedName;
    for (const row of rows) {
      const key = row.storedName;
      try {
        const present = await to.stat(key);
        if (present) {
          const same = present.sizeBytes === row.sizeBytes && (present.sha256 ?? (await hashStored(to, key))?.sha256) === row.sha256;
          if (same) summary.alreadyThere++;
          else problem("failed", `${key}: an object that differs is already in the bucket (left alone)`);
          continue;
        }
        const source = await from.get(key);
        if (!source) {
          problem("missing", `${key}: not in the folder`);
          continue;
        }
        // A refused put leaves the folder's file open: closed whatever happens (a large folder must not run out of handles).
        const sent = await to.put(key, source.body, { maxBytes: row.sizeBytes, sha256: row.sha256 }).finally(() => source.body.destroy());
        const back = await hashStored(to, key);
        if (sent.sha256 !== row.sha256 || back?.sha256 !== row.sha256 || back.sizeBytes !== row.sizeBytes) {
          await to.delete(key);
          problem("failed", `${key}: the SHA-256 ${sent.sha256 !== row.sha256 ? "of the file in the folder" : "read back from the bucket"} does not match the database (not kept)`);
          continue;
        }
        summary.copied++;
        if (summary.copied % 100 === 0) log(`${summary.copied} files copied…`);
      } catch (error) {
        problem("failed", `${key}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  }
  return summary;
}
