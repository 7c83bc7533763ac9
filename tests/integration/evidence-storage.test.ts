// One suite, two stores: the folder (UPLOADS_DIR) and an S3 bucket (s3rver on loopback) keep evidence the same way.
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import {
  createEvidenceStorage,
  folderStorage,
  readWhole,
  StorageKeyTaken,
  StorageLimitExceeded,
  StorageUnavailable,
  type EvidenceStorage,
} from "#app/services/storage/evidence-storage.server.ts";
import { startS3Server, type TestS3Server } from "#tests/support/s3-server.ts";

const dir = mkdtempSync(join(tmpdir(), "label-storage-it-"));
let s3: TestS3Server;
const stores: Record<"folder" | "s3", EvidenceStorage> = {} as never;

beforeAll(async () => {
  s3 = await startS3Server({ prefix: "evidence" });
  stores.folder = folderStorage(dir);
  stores.s3 = createEvidenceStorage(readConfig({ S3_URL: s3.url }));
});
afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

const newKey = () => randomBytes(16).toString("hex");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The bytes in chunks, as an upload arrives. */
async function* chunks(bytes: Uint8Array, size = 64 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function allKeys(storage: EvidenceStorage) {
  const keys: string[] = [];
  for await (const key of storage.keys()) keys.push(key);
  return keys;
}

describe.each(["folder", "s3"] as const)("evidence storage: %s", (kind) => {
  const storage = () => stores[kind];

  it("stores a file streamed in, gives it back byte for byte with its size, and erases it", async () => {
    const bytes = randomBytes(200 * 1024);
    const key = newKey();
    expect(await storage().put(key, chunks(bytes), { maxBytes: 1024 * 1024 })).toEqual({ sizeBytes: bytes.length, sha256: sha256(bytes) });
    expect((await storage().stat(key))?.sizeBytes).toBe(bytes.length);
    const found = await storage().get(key);
    expect(found?.sizeBytes).toBe(bytes.length);
    found!.body.destroy();
    expect((await readWhole(storage(), key))!.equals(bytes)).toBe(true);
    expect((await storage().read(key, 1000, 16)).equals(bytes.subarray(1000, 1016))).toBe(true);
    expect(await allKeys(storage())).toContain(key);

    await storage().delete(key);
    expect(await storage().get(key)).toBeNull();
    expect(await storage().stat(key)).toBeNull();
    expect(await allKeys(storage())).not.toContain(key);
    await storage().delete(key); // erasing twice is not an error
  });

  it("refuses a file past the limit while it streams, and keeps nothing of it (also past a multipart part)", async () => {
    for (const size of [500 * 1024, 6 * 1024 * 1024]) {
      const key = newKey();
      const before = await allKeys(storage());
      let sent = 0;
      async function* counted() {
        for await (const chunk of chunks(randomBytes(size))) {
          sent += chunk.length;
          yield chunk;
        }
      }
      const limit = size - 100 * 1024;
      await expect(storage().put(key, counted(), { maxBytes: limit })).rejects.toBeInstanceOf(StorageLimitExceeded);
      // Refused as soon as the limit was passed (a chunk or two read ahead at most), not after the whole body.
      expect(sent).toBeLessThanOrEqual(limit + 2 * 64 * 1024);
      expect(await storage().stat(key)).toBeNull();
      expect(await allKeys(storage())).toEqual(before);
    }
  });

  it("never overwrites: a second write under the same key is refused and the first file stays", async () => {
    const key = newKey();
    const first = Buffer.from("%PDF-1.4 first");
    await storage().put(key, chunks(first), { maxBytes: 1024 });
    await expect(storage().put(key, chunks(Buffer.from("second")), { maxBytes: 1024 })).rejects.toBeInstanceOf(StorageKeyTaken);
    expect((await readWhole(storage(), key))!.equals(first)).toBe(true);
  });

  it("answers null for a missing object, refuses a key that is not a stored name", async () => {
    expect(await storage().get(newKey())).toBeNull();
    expect(await readWhole(storage(), newKey())).toBeNull();
    expect(await storage().stat(newKey())).toBeNull();
    await expect(storage().get("../../etc/passwd")).rejects.toThrow("invalid stored file name");
  });

  it("passes on the body's own failure (the client went away) and keeps nothing", async () => {
    const key = newKey();
    async function* broken() {
      yield randomBytes(1024);
      throw new Error("client went away");
    }
    await expect(storage().put(key, broken(), { maxBytes: 1024 * 1024 })).rejects.toThrow("client went away");
    expect(await storage().stat(key)).toBeNull();
  });
});

describe("a bucket that is unreachable", () => {
  it("is a StorageUnavailable error, quickly", async () => {
    const down = await startS3Server();
    const storage = createEvidenceStorage(readConfig({ S3_URL: down.url }));
    await down.close();
    const started = Date.now();
    await expect(storage.put(newKey(), chunks(randomBytes(1024)), { maxBytes: 4096 })).rejects.toBeInstanceOf(StorageUnavailable);
    await expect(storage.get(newKey())).rejects.toBeInstanceOf(StorageUnavailable);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("S3_URL", () => {
  it("refuses to start on a malformed URL, naming the problem", () => {
    const problem = (url: string) => {
      try {
        readConfig({ S3_URL: url });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problem("s3://key:secret@host:9000")).toMatch(/S3_URL: the bucket is missing/);
    expect(problem("https://key:secret@host/bucket")).toMatch(/S3_URL: the scheme must be s3:\/\//);
    expect(problem("s3://key@host/bucket")).toMatch(/both the access key and the secret/);
    expect(problem("s3://k:s@host/bucket?tls=maybe")).toMatch(/tls must be true or false/);
    expect(problem("s3://k:s@host/bucket?regoin=eu")).toMatch(/unknown parameter "regoin"/);
    expect(problem("s3://k:s@host/Bad_Bucket")).toMatch(/not a valid bucket name/);
    expect(problem("s3://k:very-secret@host/Bad_Bucket")).not.toContain("very-secret");
    expect(problem("s3://k:s%2Fx@host:9000/bucket/prefix?region=eu-west-3&tls=false")).toBeNull();
    expect(readConfig({ S3_URL: "" }).S3_URL).toBeUndefined();
  });
});
