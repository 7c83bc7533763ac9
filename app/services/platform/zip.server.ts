// ZIP archives as uploads bring them (XLSX, DOCX, ODF). What an archive declares is never trusted for decompression:
// its directory gives names and where the data lies, but every entry is inflated here, each to at most the size it
// declares (one byte more proves the declaration false) and all to at most the caller's bound. Whatever reads the
// content afterwards (exceljs) gets an archive rebuilt from those checked bytes, never the uploaded one.
import { promisify } from "node:util";
import { crc32, deflateRawSync, inflateRaw } from "node:zlib";

const inflateRawAsync = promisify(inflateRaw);

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The directory of an office document holds a few dozen entries; more than this is not one. */
const DIRECTORY_MAX_BYTES = 8 * 1024 * 1024;
const STORED = 0;
const DEFLATED = 8;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  /** As declared: a ZIP64 size reads as 0xFFFFFFFF, i.e. "too big". */
  uncompressedSize: number;
  localHeaderOffset: number;
}

type Read = (position: number, length: number) => Promise<Buffer>;

/**
 * The entries an archive's central directory declares, in order, without inflating anything; null when unreadable.
 * Reads the archive's end only (`read`: bytes at a position; a stored evidence file is read from its storage).
 */
export async function zipEntriesOf(size: number, read: Read): Promise<ZipEntry[] | null> {
  const tailLength = Math.min(size, 22 + 0xffff);
  if (tailLength < 22) return null;
  const tail = await read(size - tailLength, tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (directoryOffset + directorySize > size || directorySize > DIRECTORY_MAX_BYTES) return null;
  const directory = await read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) return null;
    entries.push({
      name: directory.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export type UnpackedZip =
  | { ok: true; entries: { name: string; data: Buffer }[] }
  /** not_zip: no readable directory; too_large: over the bound; corrupt: an entry is not what the archive says. */
  | { ok: false; problem: "not_zip" | "too_large" | "corrupt" };

/**
 * Every entry of an archive in memory, inflated here: at most `maxTotalBytes` in all, judged first on what the
 * directory declares, then on what inflating really produces (each entry stops one byte past its declared size;
 * a size or checksum that does not match is a corrupt archive).
 */
export async function unpackZip(bytes: Uint8Array, maxTotalBytes: number): Promise<UnpackedZip> {
  const archive = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = await zipEntriesOf(archive.length, async (position, length) => archive.subarray(position, position + length));
  if (!entries) return { ok: false, problem: "not_zip" };
  if (entries.reduce((sum, e) => sum + e.uncompressedSize, 0) > maxTotalBytes) return { ok: false, problem: "too_large" };
  if (new Set(entries.map((e) => e.name)).size !== entries.length) return { ok: false, problem: "corrupt" };
  const unpacked: { name: string; data: Buffer }[] = [];
  for (const entry of entries) {
    // Encrypted entries, and methods other than stored and deflated, are not what an office document holds.
    if (entry.flags & 0x1 || (entry.method !== STORED && entry.method !== DEFLATED)) return { ok: false, problem: "corrupt" };
    const local = entry.localHeaderOffset;
    if (local + 30 > archive.length || archive.readUInt32LE(local) !== LOCAL_HEADER) return { ok: false, problem: "corrupt" };
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const end = start + entry.compressedSize;
    if (end > archive.length) return { ok: false, problem: "corrupt" };
    const raw = archive.subarray(start, end);
    let data: Buffer;
    try {
      data = entry.method === STORED ? Buffer.from(raw) : await inflateRawAsync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch {
      return { ok: false, problem: "corrupt" }; // inflates past its declared size, or is not deflate data
    }
    if (data.length !== entry.uncompressedSize || crc32(data) !== entry.crc32) return { ok: false, problem: "corrupt" };
    unpacked.push({ name: entry.name, data });
  }
  return { ok: true, entries: unpacked };
}

/** An archive of these entries, in the given order: stored as they are, or deflated when asked. */
export function zipArchive(entries: readonly { name: string; data: Uint8Array }[], options: { deflate?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const checksum = crc32(data);
    const method = options.deflate ? DEFLATED : STORED;
    const packed = options.deflate ? deflateRawSync(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(DIRECTORY_ENTRY, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    directory.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
