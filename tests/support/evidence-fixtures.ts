// Small files for the evidence tests, built in memory: valid and forged PDFs, images, Office and ODF archives.
import { zipArchive } from "#app/services/platform/zip.server.ts";
import { minimalPdf, tinyPng } from "#scripts/seed/demo-files.ts";
import type { TestBrowser } from "./server.ts";

export { minimalPdf, tinyPng };

/** A Windows executable's first bytes ("MZ" header), as a renamed .exe would start. */
export function fakeExe(): Uint8Array {
  const bytes = Buffer.alloc(512);
  bytes.write("MZ", 0, "latin1");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  return bytes;
}

/** A ZIP archive of stored (uncompressed) entries, in the given order (deflated when asked). */
export function zip(entries: [name: string, content: string | Uint8Array][], options: { deflate?: boolean } = {}): Uint8Array {
  return zipArchive(entries.map(([name, content]) => ({ name, data: typeof content === "string" ? Buffer.from(content, "utf8") : content })), options);
}

/**
 * The same archive with its local and central headers declaring `size` as the unpacked size of entry `name`, as a
 * crafted "ZIP bomb" declares small entries that inflate far more.
 */
export function withDeclaredSize(archive: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = Buffer.from(archive);
  const wanted = Buffer.from(name, "utf8");
  for (let at = 0; at + 46 <= bytes.length; at++) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x04034b50 && bytes.subarray(at + 30, at + 30 + bytes.readUInt16LE(at + 26)).equals(wanted)) bytes.writeUInt32LE(size, at + 22);
    if (signature === 0x02014b50 && bytes.subarray(at + 46, at + 46 + bytes.readUInt16LE(at + 28)).equals(wanted)) bytes.writeUInt32LE(size, at + 24);
  }
  return bytes;
}

const CONTENT_TYPES = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main}" ContentType="${
    main.startsWith("/word") ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
  }"/></Types>`;

/** A minimal Word document (OOXML): content types, relationships, the document part. */
export function minimalDocx(): Uint8Array {
  return zip([
    ["[Content_Types].xml", CONTENT_TYPES("/word/document.xml")],
    ["_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`],
    ["word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Procédure</w:t></w:r></w:p></w:body></w:document>`],
  ]);
}

/** A word-processing ODF document (ODT): `mimetype` first, then the content and the manifest. */
export function minimalOdt(options: { mimetypeFirst?: boolean; withContent?: boolean } = {}): Uint8Array {
  const mimetype: [string, string] = ["mimetype", "application/vnd.oasis.opendocument.text"];
  const rest: [string, string][] = [
    ["META-INF/manifest.xml", `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`],
  ];
  if (options.withContent !== false) rest.unshift(["content.xml", `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`]);
  return zip(options.mimetypeFirst === false ? [...rest, mimetype] : [mimetype, ...rest]);
}

/** The start of an OLE compound file (legacy .doc) naming a WordDocument stream in its directory. */
export function minimalDoc(stream = "WordDocument"): Uint8Array {
  const bytes = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes, 0);
  bytes.write("Root Entry", 512, "utf16le");
  bytes.write(stream, 640, "utf16le");
  return bytes;
}

/** Posts a file (and fields) to an evidence form as a browser does: multipart/form-data. */
export function uploadEvidence(b: TestBrowser, path: string, file: { name: string; bytes: Uint8Array; type?: string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return b.request(path, { method: "POST", body: form });
}
