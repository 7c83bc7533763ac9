// Evidence in an S3 bucket (S3_URL, s3rver on loopback), over HTTP against the built app: upload → download →
// deletion as with the folder, and a bucket that goes away during an upload: a clear answer, no row, no object.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceFiles } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { readConfig } from "#app/config.server.ts";
import { createEvidenceStorage, readWhole, type EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { minimalPdf, uploadEvidence } from "#tests/support/evidence-fixtures.ts";
import { startS3Server, type TestS3Server } from "#tests/support/s3-server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

// The folder the app would use without S3_URL: it must stay empty.
const uploadsDir = mkdtempSync(join(tmpdir(), "label-evidence-s3-it-"));
let s3: TestS3Server;
let bucket: EvidenceStorage;
let server: TestServer;
let db: Db;
let processId: string;
let fann: TestBrowser;

beforeAll(async () => {
  s3 = await startS3Server();
  bucket = createEvidenceStorage(readConfig({ S3_URL: s3.url }));
  server = await startTestServer({ env: { S3_URL: s3.url, UPLOADS_DIR: uploadsDir, UPLOAD_MAX_MB: "1" } });
  db = server.database.db;
  await importShippedReferentials(db);
  processId = (await seedDemoProcess(db, { storage: bucket }))!.processId;
  fann = new TestBrowser(server.baseUrl);
  await fann.login("fann@label.example.org");
});
afterAll(async () => {
  await server?.close();
  await s3?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const base = () => `/processes/${processId}`;
const rows = async () => (await db.select({ n: count() }).from(evidenceFiles))[0]!.n;
async function objects() {
  const keys: string[] = [];
  for await (const key of bucket.keys()) keys.push(key);
  return keys.sort();
}

describe("evidence in an S3 bucket", () => {
  it("uploads into the bucket, downloads with the same headers, and deletion erases the object", async () => {
    expect(await objects()).toHaveLength(3); // the demo's files went to the bucket too
    const pdf = minimalPdf(["Protocole stocké dans le compartiment"]);
    const response = await uploadEvidence(fann, `${base()}/evidence`, { name: "Protocole été.pdf", bytes: pdf, type: "application/pdf" }, { criterion: "8.2.1" });
    expect(response.status).toBe(302);
    const [row] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.originalName, "Protocole été.pdf"));
    expect(row).toMatchObject({ mimeType: "application/pdf", sizeBytes: pdf.length, sha256: createHash("sha256").update(pdf).digest("hex") });
    expect((await readWhole(bucket, row!.storedName))!.equals(Buffer.from(pdf))).toBe(true);
    expect(readdirSync(uploadsDir)).toEqual([]);

    const download = await fann.get(`${base()}/evidence/${row!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-length")).toBe(String(pdf.length));
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="Protocole _t_.pdf"; filename*=UTF-8''Protocole%20%C3%A9t%C3%A9.pdf`);
    expect(download.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);

    const deleted = await fann.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id, confirm: "yes" });
    expect(deleted.headers.get("location")).toBe(`${base()}/evidence?saved=evidence_deleted`);
    expect(await bucket.stat(row!.storedName)).toBeNull();
    expect((await fann.get(`${base()}/evidence/${row!.id}`)).status).toBe(404);
  });

  it("refuses a file over the limit while it streams: no row, no object", async () => {
    const [before, stored] = [await rows(), await objects()];
    const big = Buffer.concat([Buffer.from(minimalPdf(["gros"])), Buffer.alloc(1024 * 1024 + 512 * 1024, 0x20)]);
    const response = await uploadEvidence(fann, `${base()}/evidence`, { name: "gros.pdf", bytes: big, type: "application/pdf" });
    expect(response.status).toBe(413);
    expect(await rows()).toBe(before);
    expect(await objects()).toEqual(stored);
  });

  it("answers a clear error when the bucket goes away during an upload, keeps no row and no object, and works again once it is back", async () => {
    const [before, stored] = [await rows(), await objects()];
    const pdf = Buffer.concat([Buffer.from(minimalPdf(["Envoi interrompu"])), Buffer.alloc(600 * 1024, 0x20)]);
    // The form as a browser streams it; the bucket stops when half of the file has been sent.
    const boundary = "----LabelS3Boundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${fann.cookie("label_csrf") ?? ""}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="interrompu.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    const body = Buffer.concat([head, pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (at >= body.length) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 30)); // a slow link: the storage's write has begun
        if (at > body.length / 2) await s3.stop();
        controller.enqueue(new Uint8Array(body.subarray(at, at + 64 * 1024)));
        at += 64 * 1024;
      },
    });
    const english = new TestBrowser(server.baseUrl, { language: "en-GB", lng: "en" });
    await english.login("fann@label.example.org");
    const response = await english.request(`${base()}/evidence`, {
      method: "POST",
      body: stream,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(503);
    expect(await readPage(response)).toContain("The document could not be saved: the document storage cannot be reached at the moment. Nothing was kept");
    expect(await rows()).toBe(before);

    // With a page to go back to, the browser is sent there with the message (French here).
    const back = await uploadEvidence(fann, `${base()}/evidence`, { name: "b.pdf", bytes: minimalPdf(["b"]) }, { returnTo: `${base()}/criteria/2.1.1` });
    expect(back.headers.get("location")).toBe(`${base()}/criteria/2.1.1?error=evidence.storage_unavailable#evidence`);
    expect(await readPage(await fann.get(back.headers.get("location")!))).toContain("le stockage des documents est momentanément inaccessible");
    expect(await rows()).toBe(before);

    await s3.restart();
    expect(await objects()).toEqual(stored); // nothing half-written
    const again = await uploadEvidence(fann, `${base()}/evidence`, { name: "repris.pdf", bytes: minimalPdf(["Envoi repris"]) });
    expect(again.status).toBe(302);
    expect(await rows()).toBe(before + 1);
    expect(await objects()).toHaveLength(stored.length + 1);
  });
});
