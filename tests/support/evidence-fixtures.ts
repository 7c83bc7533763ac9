// Small files for the evidence tests, built in memory: valid and forged PDFs, images, Office and ODF archives.
import { crc32 } from "node:zlib";
import { minimalPdf, tinyPng } from "#scripts/seed/demo-files.ts";

export { minimalPdf, tinyPng };

/** A Windows executable's first bytes ("MZ" header), as a renamed .exe would start. */
export function fakeExe(): Uint8Array {
  const bytes = Buffer.alloc(512);
  bytes.write("MZ", 0, "latin1");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  return bytes;
}

/** A ZIP archive of stored (uncompressed) entries, in the given order. */
export function zip(entries: [name: string, content: string | Uint8Array][]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
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
