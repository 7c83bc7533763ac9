/**
 * Evidence files of a self-assessment: receiving an upload (streamed to the evidence storage, size enforced while
 * it streams, type checked from the content), the process's evidence library and the links between files and criteria.
 *
 * Upload parsing: a compact streaming multipart/form-data parser over `request.body` (busboy is not installed,
 * and `request.formData()` buffers the whole body in memory). Text fields are kept (64 KB each at most); the
 * `file` part streams straight into the evidence storage (app/services/storage/evidence-storage.server.ts: the
 * UPLOADS_DIR folder or an S3 bucket) under a new random name that is never overwritten, hashed (SHA-256) and
 * counted on the way. Past the limit, or when the storage fails, the partial object is dropped at once and the rest
 * of the body is read and thrown away (so the browser gets a clear answer), up to a hard cap after which the
 * connection is dropped. Then `file-type` reads the content back; ZIP-based formats (DOCX, XLSX, ODT, ODS)
 * also have their central directory checked, and legacy DOC/XLS (OLE compound files) their stream names. Nothing
 * here inflates an archive: the directory gives names only, and `file-type` stops inflating the one entry it reads
 * at 1 MB of real output, whatever the entry declares.
 *
 * Database work happens after the file is complete, in one short transaction (PGlite has one connection): a row
 * is never written for a file that is not stored.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import { and, asc, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { fileTypeFromStream } from "file-type";
import type { Db } from "#db/client.ts";
import { evidenceFiles, evidenceLinks, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { acceptEvidenceType, cleanOriginalName, extensionOf, type CriterionEvidence, type LibraryFile } from "#app/domain/process/workspace.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { AppError, type ErrorCode } from "#app/services/errors.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { getProcess, type ProcessSummary } from "./lifecycle.server.ts";
import { ProcessError } from "./process-error.ts";
import { requireEditable } from "./self-assessment.server.ts";
import { isRequestBodyTooLarge } from "#app/services/platform/request-body.server.ts";
import { zipEntriesOf } from "#app/services/platform/zip.server.ts";
import { StorageLimitExceeded, StorageUnavailable, type EvidenceStorage, type StoredObject } from "#app/services/storage/evidence-storage.server.ts";
import { log } from "#app/services/platform/logger.server.ts";

export const EVIDENCE_ENTITY = "evidence_file";

// ─── Receiving an upload ──────────────────────────────────────────────────────────────────────────────────

export type UploadErrorCode = ErrorCode<"upload">;

/** An upload refused (see APP_ERRORS.upload); the file is gone. */
export class UploadError extends AppError<"upload"> {
  constructor(
    code: UploadErrorCode,
    /** The text fields read before the problem (e.g. returnTo), so the answer can go back where it came from. */
    public readonly fields: Record<string, string>,
  ) {
    super("upload", code);
  }
}

/** A complete, accepted file in the evidence storage (under `storedName`), not yet recorded in the database. */
export interface StoredUpload {
  storedName: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: StoredUpload;
}

const FIELD_MAX_BYTES = 64 * 1024;
const HEADER_MAX_BYTES = 16 * 1024;
const PARTS_MAX = 50;

/** A new random stored name (128 bits: the storage refuses one already taken, it is never overwritten). */
const newStoredName = () => randomBytes(16).toString("hex");

/** Why a write to the storage failed, as the person uploading is told; the operator gets the cause in the log. */
function storageRefusal(error: unknown): "file_too_large" | "storage_unavailable" {
  if (error instanceof StorageLimitExceeded) return "file_too_large";
  log().error({ err: error }, "evidence storage refused a file");
  return "storage_unavailable";
}

function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

interface PartHeaders {
  name: string | null;
  filename: string | null;
}

function parsePartHeaders(raw: string): PartHeaders {
  let name: string | null = null;
  let filename: string | null = null;
  for (const line of raw.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== "content-disposition") continue;
    const value = line.slice(colon + 1);
    const params = new Map<string, string>();
    for (const m of value.matchAll(/;\s*([a-zA-Z*]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
      params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? ""));
    }
    name = params.get("name") ?? null;
    const extended = params.get("filename*");
    if (extended?.toLowerCase().startsWith("utf-8''")) {
      try {
        filename = decodeURIComponent(extended.slice(7));
      } catch {
        filename = null;
      }
    }
    filename ??= params.get("filename") ?? null;
  }
  return { name, filename };
}

interface IncomingFile {
  storedName: string;
  originalName: string;
  size: number;
  /** The bytes on their way to the storage; null once ended or dropped. */
  pass: PassThrough | null;
  /** The storage's answer (it never rejects). */
  outcome: Promise<{ stored: StoredObject } | { error: unknown }>;
  failure: unknown;
  stored: StoredObject | null;
}

/** Bytes that will not be stored: the storage's write stops and leaves nothing. */
class UploadDropped extends Error {}

interface PartSink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
}

/**
 * Reads a multipart/form-data body as it streams in, streaming the `fileField` part into `storage` under a new
 * name; then checks the file's type from its content. Throws UploadError (the file is gone) when the file is missing,
 * too large or of a refused type, when the storage fails, or when the body is not a well-formed form.
 */
export async function receiveUpload(
  request: Request,
  options: { maxBytes: number; storage: EvidenceStorage; fileField?: string },
): Promise<ReceivedUpload> {
  const { storage } = options;
  const fileField = options.fileField ?? "file";
  const fields: Record<string, string> = {};
  const boundary = boundaryOf(request.headers.get("Content-Type"));
  if (!boundary || !request.body) throw new UploadError("bad_request", fields);
  // Beyond this, even throwing the rest away is not worth it: the connection is dropped.
  const hardCap = options.maxBytes * 2 + 1024 * 1024;

  // Mutable parse state in one object (closures below update it). `refused`: the file will not be kept (too large,
  // or the storage failed); the rest of the body is read and dropped so that the browser gets the answer.
  const upload: { file: IncomingFile | null; fileSeen: boolean; refused: "file_too_large" | "storage_unavailable" | null } = {
    file: null,
    fileSeen: false,
    refused: null,
  };

  /** Stops the storage's write (it leaves nothing), or erases the stored object. */
  const discardFile = async () => {
    const file = upload.file;
    if (!file) return;
    if (file.pass) {
      file.pass.destroy(new UploadDropped());
      file.pass = null;
      await file.outcome;
    } else if (file.stored) {
      file.stored = null;
      await discardStoredUpload(storage, file);
    }
  };
  const refuse = async (reason: "file_too_large" | "storage_unavailable") => {
    upload.refused ??= reason;
    await discardFile();
  };

  const sinkFor = async (headers: PartHeaders): Promise<PartSink> => {
    if (headers.filename !== null) {
      // A file input left empty posts a part with an empty name and no content.
      if (headers.name !== fileField || upload.fileSeen || headers.filename === "") return { write() {}, end() {} };
      upload.fileSeen = true;
      const pass = new PassThrough({ highWaterMark: 256 * 1024 });
      // Dropping the file destroys the stream with UploadDropped, maybe before the storage reads it: its answer
      // (`outcome`) says how the write ended.
      pass.on("error", () => {});
      const storedName = newStoredName();
      const current: IncomingFile = {
        storedName,
        originalName: cleanOriginalName(headers.filename),
        size: 0,
        pass,
        outcome: storage.put(storedName, pass, { maxBytes: options.maxBytes }).then(
          (stored) => ({ stored }),
          (error: unknown) => {
            current.failure = error;
            return { error };
          },
        ),
        failure: null,
        stored: null,
      };
      upload.file = current;
      const failed = async () => {
        if (current.failure === null || current.failure instanceof UploadDropped) return;
        await refuse(storageRefusal(current.failure));
      };
      return {
        async write(chunk) {
          if (upload.refused || !current.pass) return;
          current.size += chunk.length;
          if (current.size > options.maxBytes) return refuse("file_too_large");
          if (!current.pass.write(chunk)) {
            // Wait for the storage to take more, or to fail (a bucket that stops answering never drains).
            await Promise.race([once(current.pass, "drain").catch(() => {}), current.outcome]);
          }
          await failed();
        },
        async end() {
          if (upload.refused || !current.pass) return;
          current.pass.end();
          current.pass = null;
          const outcome = await current.outcome;
          if ("stored" in outcome) current.stored = outcome.stored;
          else await failed();
        },
      };
    }
    const chunks: Buffer[] = [];
    let length = 0;
    return {
      write(chunk) {
        length += chunk.length;
        if (length > FIELD_MAX_BYTES) throw new UploadError("bad_request", fields);
        chunks.push(chunk);
      },
      end() {
        if (headers.name !== null && !(headers.name in fields)) fields[headers.name] = Buffer.concat(chunks).toString("utf8");
      },
    };
  };

  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const headerEnd = Buffer.from("\r\n\r\n");
  // The body starts with "--boundary": a leading CRLF lets the first delimiter match like the others.
  let buffer: Buffer = Buffer.from("\r\n");
  let state = "preamble" as "preamble" | "delimiter" | "headers" | "body" | "done";
  let sink: PartSink | null = null;
  let parts = 0;
  let total = 0;

  const consume = async (): Promise<void> => {
    for (;;) {
      if (state === "done") {
        buffer = Buffer.alloc(0); // epilogue
        return;
      }
      if (state === "preamble") {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
          return;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = "delimiter";
      } else if (state === "delimiter") {
        if (buffer.length < 2) return;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = "done";
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) {
          if (buffer.length > 256) throw new UploadError("bad_request", fields);
          return;
        }
        if (buffer.subarray(0, eol).toString("latin1").trim() !== "") throw new UploadError("bad_request", fields);
        buffer = buffer.subarray(eol + 2);
        state = "headers";
      } else if (state === "headers") {
        let raw: string;
        if (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) {
          raw = "";
          buffer = buffer.subarray(2);
        } else {
          const at = buffer.indexOf(headerEnd);
          if (at < 0) {
            if (buffer.length > HEADER_MAX_BYTES) throw new UploadError("bad_request", fields);
            return;
          }
          raw = buffer.subarray(0, at).toString("utf8");
          buffer = buffer.subarray(at + headerEnd.length);
        }
        if (++parts > PARTS_MAX) throw new UploadError("bad_request", fields);
        sink = await sinkFor(parsePartHeaders(raw));
        state = "body";
      } else {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          const safe = buffer.length - delimiter.length + 1;
          if (safe > 0) {
            await sink!.write(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
          }
          return;
        }
        if (at > 0) await sink!.write(buffer.subarray(0, at));
        await sink!.end();
        sink = null;
        buffer = buffer.subarray(at + delimiter.length);
        state = "delimiter";
      }
    }
  };

  const reader = request.body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        // Past the adapter's bound for any upload (a chunked body that never ends), or the client went away.
        throw new UploadError(isRequestBodyTooLarge(error) ? "file_too_large" : "bad_request", fields);
      }
      if (chunk.done) break;
      total += chunk.value.length;
      if (total > hardCap) {
        await reader.cancel().catch(() => {});
        throw new UploadError(upload.refused ?? (upload.fileSeen ? "file_too_large" : "bad_request"), fields);
      }
      const bytes = Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength);
      buffer = buffer.length ? Buffer.concat([buffer, bytes]) : bytes;
      await consume();
    }
    if (state !== "done") throw new UploadError("bad_request", fields);
  } catch (error) {
    await discardFile();
    throw error instanceof UploadError ? error : new UploadError("bad_request", fields);
  } finally {
    reader.releaseLock();
  }

  if (upload.refused) throw new UploadError(upload.refused, fields);
  const received = upload.file;
  if (!received) throw new UploadError("file_missing", fields);
  if (!received.stored) {
    await discardFile();
    throw new UploadError("bad_request", fields);
  }
  const file = await checkStored(storage, { storedName: received.storedName, originalName: received.originalName, ...received.stored }, fields);
  return { fields, file };
}

/** The stored file with its accepted type, or UploadError (and the file erased) when its content is refused. */
async function checkStored(
  storage: EvidenceStorage,
  stored: { storedName: string; originalName: string; sizeBytes: number; sha256: string },
  fields: Record<string, string>,
): Promise<StoredUpload> {
  let check: { ok: true; mimeType: string } | { ok: false };
  try {
    check = await checkEvidenceContent(storage, stored.storedName, stored.originalName);
  } catch (error) {
    await discardStoredUpload(storage, stored);
    throw new UploadError(error instanceof StorageUnavailable ? storageRefusal(error) : "file_type_refused", fields);
  }
  if (!check.ok) {
    await discardStoredUpload(storage, stored);
    throw new UploadError("file_type_refused", fields);
  }
  return { ...stored, mimeType: check.mimeType };
}

/**
 * Stores bytes already in memory (generated files, e.g. the demo data) exactly as an upload would be stored:
 * a new random name, the same content checks. Throws UploadError when the content is refused.
 */
export async function storeEvidenceBytes(storage: EvidenceStorage, originalName: string, bytes: Uint8Array): Promise<StoredUpload> {
  const storedName = newStoredName();
  const stored = await storage.put(storedName, Readable.from([Buffer.from(bytes)]), { maxBytes: bytes.length }).catch((error: unknown) => {
    throw new UploadError(storageRefusal(error), {});
  });
  return checkStored(storage, { storedName, originalName: cleanOriginalName(originalName), ...stored }, {});
}

/** Erases a stored file that will not be recorded (refused, or the database refused it); a failure is logged. */
export async function discardStoredUpload(storage: EvidenceStorage, stored: Pick<StoredUpload, "storedName">): Promise<void> {
  await storage.delete(stored.storedName).catch((error: unknown) => log().error({ err: error, storedName: stored.storedName }, "evidence storage could not erase a file that was not recorded"));
}

// ─── Content checks ───────────────────────────────────────────────────────────────────────────────────────

/** The accepted type of a stored file, judged from its content (read back from the storage) and the name the user gave it. */
export async function checkEvidenceContent(storage: EvidenceStorage, storedName: string, originalName: string): Promise<{ ok: true; mimeType: string } | { ok: false }> {
  const found = await storage.get(storedName);
  if (!found) return { ok: false };
  let sniffed;
  try {
    sniffed = await fileTypeFromStream(Readable.toWeb(found.body) as ReadableStream<Uint8Array>);
  } catch {
    sniffed = undefined;
  } finally {
    found.body.destroy();
  }
  const accepted = acceptEvidenceType(sniffed?.ext, originalName);
  if (!accepted.ok) return accepted;
  const inner = await innerStructureOk({ storage, storedName, sizeBytes: found.sizeBytes }, sniffed!.ext, extensionOf(originalName));
  return inner ? accepted : { ok: false };
}

interface StoredFileRef {
  storage: EvidenceStorage;
  storedName: string;
  sizeBytes: number;
}

async function innerStructureOk(file: StoredFileRef, sniffedExt: string, declaredExt: string): Promise<boolean> {
  switch (sniffedExt) {
    case "docx":
    case "xlsx": {
      const names = await zipEntryNames(file);
      const folder = sniffedExt === "docx" ? "word/" : "xl/";
      return !!names && names.includes("[Content_Types].xml") && names.includes("_rels/.rels") && names.some((n) => n.startsWith(folder) && n.endsWith(".xml"));
    }
    case "odt":
    case "ods": {
      // ODF: `mimetype` first (file-type read its value), then the document and its manifest.
      const names = await zipEntryNames(file);
      return !!names && names[0] === "mimetype" && names.includes("content.xml") && names.includes("META-INF/manifest.xml");
    }
    case "cfb": {
      // An OLE compound file is many things (installers too): a Word file has a WordDocument stream, Excel a Workbook.
      const needles = declaredExt === "doc" ? ["WordDocument"] : ["Workbook", "Book"];
      return fileContains(file, needles.map((n) => Buffer.from(n, "utf16le")));
    }
    default:
      return true;
  }
}

/** Entry names of a stored ZIP archive from its central directory (read from its end), in order; null when it is not a readable archive. */
async function zipEntryNames(file: StoredFileRef): Promise<string[] | null> {
  const entries = await zipEntriesOf(file.sizeBytes, (position, length) => file.storage.read(file.storedName, position, length));
  return entries?.map((e) => e.name) ?? null;
}

async function fileContains(file: StoredFileRef, needles: Buffer[]): Promise<boolean> {
  const found = await file.storage.get(file.storedName);
  if (!found) return false;
  try {
    const overlap = Math.max(...needles.map((n) => n.length)) - 1;
    let carry = Buffer.alloc(0);
    for await (const chunk of found.body) {
      const window = Buffer.concat([carry, chunk as Buffer]);
      if (needles.some((n) => window.includes(n))) return true;
      carry = window.subarray(Math.max(0, window.length - overlap));
    }
    return false;
  } finally {
    found.body.destroy();
  }
}

// ─── Library and links ────────────────────────────────────────────────────────────────────────────────────

async function criterionIdOf(db: Db, process: ProcessSummary, criterionCode: string): Promise<string> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const id = frozen.criterionIds.get(criterionCode);
  if (!id) throw new ProcessError("not_found");
  return id;
}

/**
 * Records a file that is complete in the storage (and links it to a criterion when asked), in one short transaction.
 * If anything is refused, the file is deleted: nothing changes.
 */
export async function addEvidence(
  db: Db,
  storage: EvidenceStorage,
  actor: Actor,
  process: ProcessSummary,
  stored: StoredUpload,
  options: { originalName?: string; linkToCriterionCode?: string | null } = {},
): Promise<{ fileId: string; linkId: string | null }> {
  try {
    requireEditable(actor, process);
    const criterionCode = options.linkToCriterionCode || null;
    const criterionId = criterionCode ? await criterionIdOf(db, process, criterionCode) : null;
    const originalName = cleanOriginalName(options.originalName ?? stored.originalName);
    return await db.transaction(async (tx) => {
      const [file] = await tx
        .insert(evidenceFiles)
        .values({
          processId: process.id,
          originalName,
          storedName: stored.storedName,
          mimeType: stored.mimeType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          uploadedBy: actor.id,
        })
        .returning({ id: evidenceFiles.id });
      let linkId: string | null = null;
      if (criterionId) {
        const [link] = await tx
          .insert(evidenceLinks)
          .values({ processId: process.id, evidenceFileId: file!.id, criterionId, linkedBy: actor.id })
          .returning({ id: evidenceLinks.id });
        linkId = link!.id;
      }
      await recordInAuditTrail(tx, {
        actorUserId: actor.id,
        action: "evidence.upload",
        entityType: EVIDENCE_ENTITY,
        entityId: file!.id,
        changes: {
          originalName: { from: null, to: originalName },
          sizeBytes: { from: null, to: stored.sizeBytes },
          sha256: { from: null, to: stored.sha256 },
          ...(criterionCode ? { criterion: { from: null, to: criterionCode } } : {}),
        },
      });
      return { fileId: file!.id, linkId };
    });
  } catch (error) {
    await discardStoredUpload(storage, stored);
    throw error;
  }
}

/** Shows a library file as evidence of a criterion; linking it again while linked changes nothing. */
export async function linkEvidence(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  fileId: string,
  criterionCode: string,
): Promise<{ linkId: string; created: boolean }> {
  requireEditable(actor, process);
  const criterionId = await criterionIdOf(db, process, criterionCode);
  return db.transaction(async (tx) => {
    const [file] = await tx
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.id, fileId), eq(evidenceFiles.processId, process.id), isNull(evidenceFiles.deletedAt)));
    if (!file) throw new ProcessError("not_found");
    const active = and(eq(evidenceLinks.evidenceFileId, fileId), eq(evidenceLinks.criterionId, criterionId), isNull(evidenceLinks.removedAt));
    const [existing] = await tx.select({ id: evidenceLinks.id }).from(evidenceLinks).where(active);
    if (existing) return { linkId: existing.id, created: false };
    const [inserted] = await tx
      .insert(evidenceLinks)
      .values({ processId: process.id, evidenceFileId: fileId, criterionId, linkedBy: actor.id })
      .onConflictDoNothing()
      .returning({ id: evidenceLinks.id });
    if (!inserted) {
      const [raced] = await tx.select({ id: evidenceLinks.id }).from(evidenceLinks).where(active);
      return { linkId: raced!.id, created: false };
    }
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "evidence.link",
      entityType: EVIDENCE_ENTITY,
      entityId: fileId,
      changes: { criterion: { from: null, to: criterionCode } },
    });
    return { linkId: inserted.id, created: true };
  });
}

/** Removes a file from a criterion. The link row stays (removed_at, removed_by) for the history; the file stays in the library. */
export async function unlinkEvidence(db: Db, actor: Actor, process: ProcessSummary, linkId: string): Promise<{ removed: boolean }> {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ id: evidenceLinks.id, fileId: evidenceLinks.evidenceFileId, criterionId: evidenceLinks.criterionId, removedAt: evidenceLinks.removedAt })
      .from(evidenceLinks)
      .where(and(eq(evidenceLinks.id, linkId), eq(evidenceLinks.processId, process.id)));
    if (!link) throw new ProcessError("not_found");
    if (link.removedAt) return { removed: false };
    const updated = await tx
      .update(evidenceLinks)
      .set({ removedAt: new Date(), removedBy: actor.id })
      .where(and(eq(evidenceLinks.id, linkId), isNull(evidenceLinks.removedAt)))
      .returning({ id: evidenceLinks.id });
    if (updated.length === 0) return { removed: false };
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "evidence.unlink",
      entityType: EVIDENCE_ENTITY,
      entityId: link.fileId,
      changes: { criterion: { from: frozen.criterionCodes.get(link.criterionId) ?? link.criterionId, to: null } },
    });
    return { removed: true };
  });
}

/**
 * Deletes a file from the library: its links are removed and its bytes erased from the storage (a wrong file, or
 * personal data sent by mistake, must really go). The row stays, marked deleted, and the audit trail keeps its name,
 * size and fingerprint. The bytes are erased after the transaction commits; if that fails the file is unreachable
 * anyway, and the failure is logged with the stored name for the operator to erase it.
 */
export async function deleteEvidence(db: Db, storage: EvidenceStorage, actor: Actor, process: ProcessSummary, fileId: string): Promise<{ deleted: boolean }> {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const deleted = await db.transaction(async (tx) => {
    const [file] = await tx
      .select({ id: evidenceFiles.id, originalName: evidenceFiles.originalName, storedName: evidenceFiles.storedName, sizeBytes: evidenceFiles.sizeBytes, sha256: evidenceFiles.sha256, deletedAt: evidenceFiles.deletedAt })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.id, fileId), eq(evidenceFiles.processId, process.id)));
    if (!file) throw new ProcessError("not_found");
    if (file.deletedAt) return null;
    const now = new Date();
    const marked = await tx
      .update(evidenceFiles)
      .set({ deletedAt: now, deletedBy: actor.id })
      .where(and(eq(evidenceFiles.id, fileId), isNull(evidenceFiles.deletedAt)))
      .returning({ id: evidenceFiles.id });
    if (marked.length === 0) return null;
    const unlinked = await tx
      .update(evidenceLinks)
      .set({ removedAt: now, removedBy: actor.id })
      .where(and(eq(evidenceLinks.evidenceFileId, fileId), isNull(evidenceLinks.removedAt)))
      .returning({ criterionId: evidenceLinks.criterionId });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "evidence.delete",
      entityType: EVIDENCE_ENTITY,
      entityId: fileId,
      changes: {
        originalName: { from: file.originalName, to: null },
        sizeBytes: { from: file.sizeBytes, to: null },
        sha256: { from: file.sha256, to: null },
        ...(unlinked.length ? { criteria: { from: unlinked.map((l) => frozen.criterionCodes.get(l.criterionId) ?? l.criterionId).sort(), to: null } } : {}),
      },
    });
    return file.storedName;
  });
  if (!deleted) return { deleted: false };
  await discardStoredUpload(storage, { storedName: deleted });
  return { deleted: true };
}

const uploader = alias(users, "uploader");
const linker = alias(users, "linker");

/** The files shown as evidence of one criterion, oldest link first (one query). */
export async function listCriterionEvidence(db: Db, process: ProcessSummary, criterionCode: string): Promise<CriterionEvidence[]> {
  const criterionId = await criterionIdOf(db, process, criterionCode);
  return db
    .select({
      linkId: evidenceLinks.id,
      fileId: evidenceFiles.id,
      originalName: evidenceFiles.originalName,
      mimeType: evidenceFiles.mimeType,
      sizeBytes: evidenceFiles.sizeBytes,
      uploadedByName: uploader.name,
      uploadedAt: evidenceFiles.uploadedAt,
      linkedByName: linker.name,
      linkedAt: evidenceLinks.linkedAt,
    })
    .from(evidenceLinks)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, evidenceLinks.evidenceFileId))
    .innerJoin(uploader, eq(uploader.id, evidenceFiles.uploadedBy))
    .innerJoin(linker, eq(linker.id, evidenceLinks.linkedBy))
    .where(and(eq(evidenceLinks.processId, process.id), eq(evidenceLinks.criterionId, criterionId), isNull(evidenceLinks.removedAt)))
    .orderBy(asc(evidenceLinks.linkedAt), asc(evidenceLinks.id));
}

/** Every file of the process's library with the criteria it is linked to (two queries, whatever the number of files). */
export async function listEvidenceLibrary(db: Db, process: ProcessSummary): Promise<LibraryFile[]> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const files = await db
    .select({
      id: evidenceFiles.id,
      originalName: evidenceFiles.originalName,
      mimeType: evidenceFiles.mimeType,
      sizeBytes: evidenceFiles.sizeBytes,
      uploadedByName: uploader.name,
      uploadedAt: evidenceFiles.uploadedAt,
    })
    .from(evidenceFiles)
    .innerJoin(uploader, eq(uploader.id, evidenceFiles.uploadedBy))
    .where(and(eq(evidenceFiles.processId, process.id), isNull(evidenceFiles.deletedAt)))
    .orderBy(asc(evidenceFiles.originalName), asc(evidenceFiles.uploadedAt));
  const links = files.length
    ? await db
        .select({ id: evidenceLinks.id, fileId: evidenceLinks.evidenceFileId, criterionId: evidenceLinks.criterionId })
        .from(evidenceLinks)
        .where(and(eq(evidenceLinks.processId, process.id), isNull(evidenceLinks.removedAt)))
    : [];
  const order = (code: string) => frozen.prepared.criterionIndex.get(code) ?? Number.MAX_SAFE_INTEGER;
  const byFile = new Map<string, { linkId: string; criterionCode: string }[]>();
  for (const link of links) {
    const criterionCode = frozen.criterionCodes.get(link.criterionId);
    if (!criterionCode) continue;
    byFile.set(link.fileId, [...(byFile.get(link.fileId) ?? []), { linkId: link.id, criterionCode }]);
  }
  return files.map((f) => ({ ...f, links: (byFile.get(f.id) ?? []).sort((a, b) => order(a.criterionCode) - order(b.criterionCode)) }));
}

/** A file to download, if the actor may see its process (otherwise not found, like the process itself). */
export async function getEvidenceFileForDownload(
  db: Db,
  actor: Actor,
  processId: string,
  fileId: string,
) {
  const process = await getProcess(db, actor, processId);
  const [file] = await db
    .select({
      id: evidenceFiles.id,
      originalName: evidenceFiles.originalName,
      storedName: evidenceFiles.storedName,
      mimeType: evidenceFiles.mimeType,
      sizeBytes: evidenceFiles.sizeBytes,
    })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.id, fileId), eq(evidenceFiles.processId, process.id), isNull(evidenceFiles.deletedAt)));
  if (!file) throw new ProcessError("not_found");
  return file;
}
