// The streaming multipart parser and the content checks of evidence uploads, on real files in a temporary folder.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { checkEvidenceContent, receiveUpload, storeEvidenceBytes, UploadError } from "#app/services/process/evidence.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { fakeExe, minimalDoc, minimalDocx, minimalOdt, minimalPdf, tinyPng, zip } from "#tests/support/evidence-fixtures.ts";

const root = mkdtempSync(join(tmpdir(), "label-upload-"));
let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, String(++n));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BOUNDARY = "----LabelBoundary7MA4YWxkTrZu0gW";

/** A multipart body as a browser sends it: text fields, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; field?: string }): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${file.field ?? "file"}"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(file.bytes),
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

/** A request whose body arrives in chunks of `size` bytes (1 = byte by byte). */
function request(body: Buffer, size = 64 * 1024): Request {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.length) return controller.close();
      controller.enqueue(new Uint8Array(body.subarray(at, at + size)));
      at += size;
    },
  });
  return new Request("http://localhost/upload", {
    method: "POST",
    body: stream,
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    duplex: "half",
  } as RequestInit);
}

const files = () => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);

async function refusal(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

describe("receiving an upload", () => {
  it("writes the file under a new random name, with its hash and size, whatever the chunk sizes", async () => {
    // The content contains a line that looks like a boundary but is not one.
    const pdf = Buffer.concat([Buffer.from(minimalPdf(["Compte rendu"])), Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n`)]);
    const body = multipart({ returnTo: "/processes/x/criteria/1.1.1", criterion: "1.1.1" }, { name: "Compte rendu été.pdf", bytes: pdf });
    const seen = new Set<string>();
    for (const size of [1, 3, 7, 64, 1000, body.length]) {
      const { fields, file } = await receiveUpload(request(body, size), { maxBytes: 1024 * 1024, storage: folderStorage(dir) });
      expect(fields).toEqual({ returnTo: "/processes/x/criteria/1.1.1", criterion: "1.1.1" });
      expect(file.originalName).toBe("Compte rendu été.pdf");
      expect(file.mimeType).toBe("application/pdf");
      expect(file.sizeBytes).toBe(pdf.length);
      expect(file.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
      expect(file.storedName).toMatch(/^[0-9a-f]{32}$/);
      expect(readFileSync(join(dir, file.storedName)).equals(pdf)).toBe(true);
      seen.add(file.storedName);
    }
    expect(seen.size).toBe(6); // never the same name twice
    expect(files()).toHaveLength(6);
  });

  it("refuses a file over the limit while it streams, deletes what was written and still reads the fields", async () => {
    const big = Buffer.concat([Buffer.from(minimalPdf(["gros"])), Buffer.alloc(300 * 1024, 0x20)]);
    const error = await refusal(receiveUpload(request(multipart({ returnTo: "/back" }, { name: "gros.pdf", bytes: big }), 4096), { maxBytes: 100 * 1024, storage: folderStorage(dir) }));
    expect(error.code).toBe("file_too_large");
    expect(error.fields.returnTo).toBe("/back");
    expect(files()).toEqual([]);
  });

  it("gives up reading a body far beyond the limit", async () => {
    const huge = Buffer.alloc(5 * 1024 * 1024, 0x41);
    const error = await refusal(receiveUpload(request(multipart({}, { name: "x.pdf", bytes: huge })), { maxBytes: 1024 * 1024, storage: folderStorage(dir) }));
    expect(error.code).toBe("file_too_large");
    expect(files()).toEqual([]);
  });

  it("refuses a renamed executable and an image named .pdf, leaving nothing on disk", async () => {
    for (const [name, bytes] of [["rapport.pdf", fakeExe()], ["rapport.pdf", tinyPng()], ["script.sh", Buffer.from("#!/bin/sh\necho hi\n")]] as const) {
      const error = await refusal(receiveUpload(request(multipart({}, { name, bytes })), { maxBytes: 1024 * 1024, storage: folderStorage(dir) }));
      expect(error.code).toBe("file_type_refused");
    }
    expect(files()).toEqual([]);
  });

  it("says when no file was chosen (an empty file input) and when the body is not a form", async () => {
    const empty = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${BOUNDARY}--\r\n`);
    expect((await refusal(receiveUpload(request(empty), { maxBytes: 1024, storage: folderStorage(dir) }))).code).toBe("file_missing");
    const truncated = multipart({ a: "b" }, { name: "x.pdf", bytes: minimalPdf(["x"]) }).subarray(0, 200);
    expect((await refusal(receiveUpload(request(truncated), { maxBytes: 1024 * 1024, storage: folderStorage(dir) }))).code).toBe("bad_request");
    const notMultipart = new Request("http://localhost/upload", { method: "POST", body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect((await refusal(receiveUpload(notMultipart, { maxBytes: 1024, storage: folderStorage(dir) }))).code).toBe("bad_request");
    expect(files()).toEqual([]);
  });

  it("keeps only the first file of the file field and ignores other file fields", async () => {
    const body = Buffer.concat([
      multipart({}, { name: "autre.pdf", bytes: fakeExe(), field: "other" }).subarray(0, -(`--${BOUNDARY}--\r\n`.length)),
      multipart({ note: "ok" }, { name: "vrai.png", bytes: tinyPng() }),
    ]);
    const { fields, file } = await receiveUpload(request(body, 13), { maxBytes: 1024 * 1024, storage: folderStorage(dir) });
    expect(fields.note).toBe("ok");
    expect(file.originalName).toBe("vrai.png");
    expect(file.mimeType).toBe("image/png");
  });
});

describe("content checks", () => {
  async function check(name: string, bytes: Uint8Array) {
    try {
      const stored = await storeEvidenceBytes(folderStorage(dir), name, bytes);
      return stored.mimeType;
    } catch (error) {
      return (error as UploadError).code;
    }
  }

  it("accept Office and OpenDocument files whose archive has the expected structure", async () => {
    expect(await check("procédure.docx", minimalDocx())).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(await check("procédure.odt", minimalOdt())).toBe("application/vnd.oasis.opendocument.text");
    expect(await check("ancien.doc", minimalDoc())).toBe("application/msword");
  });

  it("refuse archives that only pretend to be documents, and mismatched names", async () => {
    expect(await check("procédure.docx", zip([["[Content_Types].xml", "<Types/>"], ["readme.txt", "x"]]))).toBe("file_type_refused");
    expect(await check("procédure.odt", minimalOdt({ withContent: false }))).toBe("file_type_refused");
    expect(await check("procédure.odt", minimalOdt({ mimetypeFirst: false }))).toBe("file_type_refused");
    expect(await check("procédure.xlsx", minimalDocx())).toBe("file_type_refused");
    expect(await check("ancien.doc", minimalDoc("Installer"))).toBe("file_type_refused");
    expect(await check("archive.zip", zip([["a.txt", "a"]]))).toBe("file_type_refused");
    expect(files()).toEqual([]); // refused files are deleted
  });

  it("checks a file on disk", async () => {
    const stored = await storeEvidenceBytes(folderStorage(dir), "x.png", tinyPng());
    expect(await checkEvidenceContent(folderStorage(dir), stored.storedName, "x.png")).toEqual({ ok: true, mimeType: "image/png" });
    expect(await checkEvidenceContent(folderStorage(dir), stored.storedName, "x.jpg")).toEqual({ ok: false });
  });
});
