// npm run storage:copy: the folder's evidence files into a bucket (s3rver on loopback), verified, resumable, never
// overwriting what differs.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#db/client.ts";
import { evidenceFiles } from "#db/schema.ts";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { createEvidenceStorage, folderStorage, readWhole, type EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { copyEvidenceFiles } from "#app/services/storage/storage-copy.server.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { startS3Server, type TestS3Server } from "#tests/support/s3-server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-storage-copy-it-"));
let database: Database;
let s3: TestS3Server;
let folder: EvidenceStorage;
let bucket: EvidenceStorage;
let files: { storedName: string; sha256: string }[];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, hashPassword);
  await importShippedReferentials(database.db);
  folder = folderStorage(uploadsDir);
  await seedDemoProcess(database.db, { storage: folder });
  files = await database.db.select({ storedName: evidenceFiles.storedName, sha256: evidenceFiles.sha256 }).from(evidenceFiles).where(isNull(evidenceFiles.deletedAt));
  s3 = await startS3Server();
  bucket = createEvidenceStorage(readConfig({ S3_URL: s3.url }));
});
afterAll(async () => {
  await database?.close();
  await s3?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const copy = () => copyEvidenceFiles(database.db, folder, bucket);

describe("copying the evidence files to a bucket", () => {
  it("copies every file, byte for byte, with its SHA-256 kept on the object", async () => {
    expect(files).toHaveLength(3);
    expect(await copy()).toEqual({ copied: 3, alreadyThere: 0, missing: 0, failed: 0, problems: [] });
    for (const file of files) {
      const bytes = await readWhole(bucket, file.storedName);
      expect(bytes!.equals(readFileSync(join(uploadsDir, file.storedName)))).toBe(true);
      expect(createHash("sha256").update(bytes!).digest("hex")).toBe(file.sha256);
      expect((await bucket.stat(file.storedName))?.sha256).toBe(file.sha256);
    }
  });

  it("is resumable: run again, it skips what is there and copies only what is missing", async () => {
    expect(await copy()).toMatchObject({ copied: 0, alreadyThere: 3, failed: 0 });
    await bucket.delete(files[0]!.storedName); // as if the first run had stopped before it
    expect(await copy()).toMatchObject({ copied: 1, alreadyThere: 2, failed: 0 });
  });

  it("refuses a file whose bytes no longer match the database, and never overwrites an object that differs", async () => {
    // A file changed in the folder since it was uploaded: not copied, nothing left in the bucket.
    const [changed, differs] = [files[0]!, files[1]!];
    await bucket.delete(changed.storedName);
    const original = readFileSync(join(uploadsDir, changed.storedName));
    writeFileSync(join(uploadsDir, changed.storedName), Buffer.from(original).fill(0x20, 10, 20));
    // An object of the same name but other bytes (uploaded by something else, no SHA-256 kept): left alone.
    await bucket.delete(differs.storedName);
    await bucket.put(differs.storedName, Readable.from([Buffer.from("%PDF-1.4 other bytes")]), { maxBytes: 1024 });
    // A row whose file is not in the folder.
    rmSync(join(uploadsDir, files[2]!.storedName));
    await bucket.delete(files[2]!.storedName);

    const summary = await copy();
    expect(summary).toMatchObject({ copied: 0, alreadyThere: 0, missing: 1, failed: 2 });
    expect(summary.problems.join("\n")).toContain(`${changed.storedName}: the SHA-256 of the file in the folder does not match the database`);
    expect(summary.problems.join("\n")).toContain(`${differs.storedName}: an object that differs is already in the bucket`);
    expect(await bucket.stat(changed.storedName)).toBeNull();
    expect((await readWhole(bucket, differs.storedName))!.toString()).toBe("%PDF-1.4 other bytes");
  });
});
