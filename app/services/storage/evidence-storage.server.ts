/**
 * Where the evidence files' bytes live (ADR 0028): a folder on this machine (UPLOADS_DIR, the default) or an
 * S3-compatible bucket (S3_URL). One interface, created once per process from the configuration and reached through
 * the app's services (getServices(context).storage); nothing else opens an evidence file.
 *
 * Both keep the rules of ADR 0007: a key is never written twice (the folder opens with `wx`, the bucket is asked
 * first and the write is conditional, If-None-Match: *), the size limit is enforced while the bytes stream in, and a
 * write that fails leaves nothing behind (the partial file is deleted; a multipart upload is aborted, and an object
 * appears in a bucket only once complete). The bytes are hashed (SHA-256) and counted on the way.
 */
import { createHash } from "node:crypto";
import { mkdir, open, readdir, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pipeline, Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline as pipelineAsync } from "node:stream/promises";
import type { S3Client } from "@aws-sdk/client-s3";
import type { AppConfig } from "#app/config.server.ts";
import { parseS3Url, type S3Location } from "./s3-url.ts";
import { packageOnFirstUse } from "#app/services/platform/package-on-first-use.server.ts";

/** The name an evidence file is stored under (32 random hex digits, the `stored_name` column). */
export const STORED_KEY = /^[0-9a-f]{32}$/;

/** More bytes than the limit: nothing was kept. */
export class StorageLimitExceeded extends Error {
  override name = "StorageLimitExceeded";
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/** Something is already stored under this key: nothing was written. */
export class StorageKeyTaken extends Error {
  override name = "StorageKeyTaken";
  constructor(key: string) {
    super(`an object is already stored under ${key}`);
  }
}

/** The store cannot be reached or refused the operation (bucket down, permissions, disk full). */
export class StorageUnavailable extends Error {
  override name = "StorageUnavailable";
}

export interface StoredObject {
  sizeBytes: number;
  sha256: string;
}

export interface EvidenceStorage {
  readonly kind: "folder" | "s3";
  /** Where, in words, for logs and scripts (never a secret). */
  readonly location: string;
  /**
   * Stores a new object from a stream of bytes. Throws StorageLimitExceeded past `maxBytes`, StorageKeyTaken when the
   * key exists, StorageUnavailable when the store fails, or the body's own error; in every case nothing is left.
   * `sha256`, when known beforehand (a copy), is kept with the object so that `stat` can tell it later.
   */
  put(key: string, body: AsyncIterable<Uint8Array>, options: { maxBytes: number; sha256?: string }): Promise<StoredObject>;
  /** The object's bytes as a stream, with its size; null when there is none. */
  get(key: string): Promise<{ body: Readable; sizeBytes: number } | null>;
  /** `length` bytes from `position` (fewer at the end of the object). */
  read(key: string, position: number, length: number): Promise<Buffer>;
  /** The object's size (and SHA-256 when it was stored with one), or null when there is none. */
  stat(key: string): Promise<{ sizeBytes: number; sha256: string | null } | null>;
  /** Erases the object (nothing happens when there is none). */
  delete(key: string): Promise<void>;
  /** Every stored key (for the copy to a bucket and the tests). */
  keys(): AsyncIterable<string>;
}

function checkKey(key: string): string {
  if (!STORED_KEY.test(key)) throw new Error("invalid stored file name");
  return key;
}

/** Counts and hashes the bytes going through; fails with StorageLimitExceeded past the limit. */
class Meter extends Transform {
  sizeBytes = 0;
  private readonly hash = createHash("sha256");
  constructor(private readonly maxBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.maxBytes) return done(new StorageLimitExceeded(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }
  result(): StoredObject {
    return { sizeBytes: this.sizeBytes, sha256: this.hash.digest("hex") };
  }
}

const isFileSystemError = (error: unknown) => typeof error === "object" && error !== null && "syscall" in error;

// ─── A folder on this machine ─────────────────────────────────────────────────────────────────────────────

export function folderStorage(dir: string): EvidenceStorage {
  const root = resolve(dir);
  const pathOf = (key: string) => join(root, checkKey(key));
  return {
    kind: "folder",
    location: `folder ${root}`,
    async put(key, body, { maxBytes }) {
      const path = pathOf(key);
      let handle;
      try {
        await mkdir(root, { recursive: true });
        handle = await open(path, "wx", 0o640);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new StorageKeyTaken(key);
        throw new StorageUnavailable(`cannot create ${path}`, { cause: error });
      }
      const meter = new Meter(maxBytes);
      try {
        await pipelineAsync(body, meter, handle.createWriteStream());
      } catch (error) {
        await handle.close().catch(() => {});
        await rm(path, { force: true });
        if (error instanceof StorageLimitExceeded || !isFileSystemError(error)) throw error;
        throw new StorageUnavailable(`cannot write ${path}`, { cause: error });
      }
      return meter.result();
    },
    async get(key) {
      const handle = await open(pathOf(key), "r").catch(() => null);
      if (!handle) return null;
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      return { body: handle.createReadStream(), sizeBytes: info.size };
    },
    async read(key, position, length) {
      const handle = await open(pathOf(key), "r");
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async stat(key) {
      const info = await stat(pathOf(key)).catch(() => null);
      return info?.isFile() ? { sizeBytes: info.size, sha256: null } : null;
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *keys() {
      const names = await readdir(root).catch(() => [] as string[]);
      for (const name of names.sort()) if (STORED_KEY.test(name)) yield name;
    },
  };
}

// ─── An S3-compatible bucket ──────────────────────────────────────────────────────────────────────────────

/** Parts of a multipart upload: at most two in memory per upload (the minimum part size is 5 MB). */
const PART_BYTES = 5 * 1024 * 1024;

const s3 = packageOnFirstUse<typeof import("@aws-sdk/client-s3")>("@aws-sdk/client-s3");
const s3Upload = packageOnFirstUse<typeof import("@aws-sdk/lib-storage")>("@aws-sdk/lib-storage");

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (error: unknown) => ["NoSuchKey", "NotFound"].includes((error as Error).name) || statusOf(error) === 404;

export function s3Client(location: S3Location): S3Client {
  const { S3Client } = s3();
  return new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    ...(location.credentials ? { credentials: location.credentials } : {}),
    // Only the checksums a request requires: MinIO, Ceph and several European stores reject or ignore the newer
    // default (CRC32 trailers on every upload); the SHA-256 of each file is computed and kept by the app.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // A bucket that does not answer is an error the person uploading sees within seconds, not a hung request.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

export function s3Storage(location: S3Location, client: S3Client = s3Client(location)): EvidenceStorage {
  const { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } = s3();
  const { Upload } = s3Upload();
  const Bucket = location.bucket;
  const keyOf = (key: string) => location.prefix + checkKey(key);
  const unavailable = (what: string, error: unknown) =>
    new StorageUnavailable(`${what} in bucket ${Bucket} at ${location.endpoint}: ${(error as Error).name} ${(error as Error).message}`, { cause: error });
  const storage: EvidenceStorage = {
    kind: "s3",
    location: `bucket ${Bucket}${location.prefix ? `/${location.prefix}` : ""} at ${location.endpoint}`,
    async put(key, body, { maxBytes, sha256 }) {
      const Key = keyOf(key);
      // Keys are new random names; the look-up only guards against a store that ignores If-None-Match. Without the
      // ListBucket permission AWS answers 403 for a missing key: then the conditional write alone guards.
      const taken = await storage.stat(key).catch((error: unknown) => {
        if (statusOf((error as Error).cause) === 403) return null;
        throw error;
      });
      if (taken) throw new StorageKeyTaken(key);
      const meter = new Meter(maxBytes);
      let bodyError: unknown = null;
      const source = Readable.from(body, { objectMode: false });
      pipeline(source, meter, (error) => {
        if (error && !(error instanceof StorageLimitExceeded)) bodyError ??= error;
      });
      source.once("error", (error) => (bodyError ??= error));
      const upload = new Upload({
        client,
        // If-None-Match: * makes the write conditional where the store supports it (AWS, MinIO): never an overwrite.
        params: { Bucket, Key, Body: meter, IfNoneMatch: "*", ...(sha256 ? { Metadata: { sha256 } } : {}) },
        partSize: PART_BYTES,
        queueSize: 1,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        meter.destroy();
        if (error instanceof StorageLimitExceeded) throw error;
        if (bodyError) throw bodyError;
        if (statusOf(error) === 412) throw new StorageKeyTaken(key);
        throw unavailable(`cannot write ${Key}`, error);
      }
      return meter.result();
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }));
        return { body: out.Body as Readable, sizeBytes: out.ContentLength ?? 0 };
      } catch (error) {
        if (isMissing(error)) return null;
        throw unavailable(`cannot read ${keyOf(key)}`, error);
      }
    },
    async read(key, position, length) {
      if (length <= 0) return Buffer.alloc(0);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key), Range: `bytes=${position}-${position + length - 1}` }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (error) {
        throw unavailable(`cannot read ${keyOf(key)}`, error);
      }
    },
    async stat(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }));
        return { sizeBytes: out.ContentLength ?? 0, sha256: out.Metadata?.sha256 ?? null };
      } catch (error) {
        if (isMissing(error)) return null;
        throw unavailable(`cannot look up ${keyOf(key)}`, error);
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(key) }));
      } catch (error) {
        if (!isMissing(error)) throw unavailable(`cannot delete ${keyOf(key)}`, error);
      }
    },
    async *keys() {
      let ContinuationToken: string | undefined;
      do {
        const out = await client.send(new ListObjectsV2Command({ Bucket, Prefix: location.prefix || undefined, ContinuationToken }));
        for (const object of out.Contents ?? []) {
          const name = object.Key?.slice(location.prefix.length) ?? "";
          if (STORED_KEY.test(name)) yield name;
        }
        ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
  return storage;
}

/** The storage the configuration names: the bucket of S3_URL when set, else the folder UPLOADS_DIR. */
export function createEvidenceStorage(config: Pick<AppConfig, "S3_URL" | "UPLOADS_DIR">): EvidenceStorage {
  if (!config.S3_URL) return folderStorage(config.UPLOADS_DIR);
  const parsed = parseS3Url(config.S3_URL);
  if (!parsed.ok) throw new Error(`S3_URL: ${parsed.problem}`);
  return s3Storage(parsed.location);
}

/** The whole object in memory (small files only: a workbook to import, a test). */
export async function readWhole(storage: EvidenceStorage, key: string): Promise<Buffer | null> {
  const found = await storage.get(key);
  if (!found) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of found.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The SHA-256 of a stored object, read back from the store (the copy's verification). */
export async function hashStored(storage: EvidenceStorage, key: string): Promise<{ sizeBytes: number; sha256: string } | null> {
  const found = await storage.get(key);
  if (!found) return null;
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for await (const chunk of found.body) {
    hash.update(chunk as Buffer);
    sizeBytes += (chunk as Buffer).length;
  }
  return { sizeBytes, sha256: hash.digest("hex") };
}
