// Fault test (issue 21): the disk fills while an evidence file is being written. The storage is the real folder
// storage, fed through a "disk" that takes only so many more bytes and then fails the write with ENOSPC, as a full
// file system does: the person uploading gets the translated "storage unavailable" message, no evidence row is left
// without its file, no half-written file is left in the folder, and once there is room again an upload goes through.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { folderStorage, type EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import type { Database, Db } from "#db/client.ts";
import { readConfig } from "#app/config.server.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { evidenceFiles } from "#db/schema.ts";
import { createTestDatabase } from "../support/database.ts";
import { minimalPdf, uploadEvidence } from "../support/evidence-fixtures.ts";
import { seedFannProcess } from "../support/fann-process.ts";
import { readPage, signedInAs } from "../support/server.ts";

/** ENOSPC, as the file system raises it. */
const diskFull = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });

/**
 * The folder storage on a disk of `capacity` bytes: the write that goes past what is left fails with ENOSPC, mid-file,
 * after the first bytes reached the file. `filled` records the files that were being written when the disk filled.
 */
function diskOf(dir: string, disk: { capacity: number; filled: string[] }): EvidenceStorage {
  const folder = folderStorage(dir);
  const used = () => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  return {
    ...folder,
    put(key, body, options) {
      let left = disk.capacity - used();
      async function* filling() {
        for await (const chunk of body) {
          left -= chunk.length;
          if (left < 0) {
            if (existsSync(join(dir, key))) disk.filled.push(key);
            throw diskFull();
          }
          yield chunk;
        }
      }
      return folder.put(key, filling(), options);
    },
  };
}

/** The built app with the given evidence storage, on a local port (serveApp takes the configuration's). */
async function serveWithStorage(db: Db, storage: EvidenceStorage) {
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const app = createApp({ db, config: readConfig({ NODE_ENV: "production" }), storage });
  const server = createServer((req, res) => void app(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

describe("a disk that fills during an upload", () => {
  const dir = mkdtempSync(join(tmpdir(), "label-disk-full-"));
  const disk = { capacity: 64 * 1024, filled: [] as string[] };
  let database: Database;
  let app: { baseUrl: string; close(): Promise<void> };
  let processId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    processId = (await seedFannProcess(database.db)).processId;
    app = await serveWithStorage(database.db, diskOf(dir, disk));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () => (await database.db.select({ n: count() }).from(evidenceFiles).where(eq(evidenceFiles.processId, processId)))[0]!.n;
  /** A valid PDF of about `kib` KiB (padding after its end, which readers ignore). */
  const pdfOf = (kib: number) => Buffer.concat([Buffer.from(minimalPdf(["Protocole d'identito-vigilance"])), Buffer.alloc(kib * 1024, 0x0a)]);

  it("tells the person in their language, keeps no row and no half-written file, and takes a file again once there is room", async () => {
    const french = await signedInAs(app.baseUrl, "fann@label.example.org");
    const english = await signedInAs(app.baseUrl, "fann@label.example.org", "en-GB");
    const base = `/processes/${processId}/evidence`;

    const refused = await uploadEvidence(french, base, { name: "protocole.pdf", bytes: pdfOf(400), type: "application/pdf" }, { criterion: "4.1.1" });
    expect(refused.status).toBe(503);
    expect(await readPage(refused)).toContain("le stockage des documents est momentanément inaccessible");
    const refusedEn = await uploadEvidence(english, base, { name: "protocol.pdf", bytes: pdfOf(400), type: "application/pdf" }, { criterion: "4.1.1" });
    expect(refusedEn.status).toBe(503);
    expect(await readPage(refusedEn)).toContain("the document storage cannot be reached at the moment. Nothing was kept");
    // The writes had begun (their files were on disk) when the disk filled; nothing of them is left.
    expect(disk.filled).toHaveLength(2);
    expect(readdirSync(dir)).toEqual([]);
    expect(await rows()).toBe(0);

    // A file that fits goes through: its row and its file, whole.
    const small = pdfOf(8);
    const accepted = await uploadEvidence(french, base, { name: "petit.pdf", bytes: small, type: "application/pdf" }, { criterion: "4.1.1" });
    expect(accepted.status).toBe(302);
    const stored = await database.db.select().from(evidenceFiles).where(eq(evidenceFiles.processId, processId));
    expect(stored).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([stored[0]!.storedName]);
    expect(statSync(join(dir, stored[0]!.storedName)).size).toBe(small.length);
  });
});
