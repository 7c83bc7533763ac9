// The backup archive's container: a POSIX (ustar) tar, gzip'd, written and read as a stream so that large evidence
// files never sit in memory (ADR 0029). Only what the backup needs: regular files, names under 100 bytes, sizes under
// 8 GiB (ustar's 11 octal digits). `tar tzf backup.tar.gz` lists it; `tar xzf` unpacks it.
import { once } from "node:events";
import type { Writable } from "node:stream";

const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1;

function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: the name ${name} is longer than 100 bytes`);
  if (size > MAX_SIZE) throw new Error(`tar: ${name} is larger than 8 GiB`);
  const octal = (value: number, width: number, at: number) => block.write(value.toString(8).padStart(width - 1, "0") + "\0", at, width, "ascii");
  block.write(name, 0, 100, "utf8");
  octal(0o644, 8, 100); // mode
  octal(0, 8, 108); // uid
  octal(0, 8, 116); // gid
  octal(size, 12, 124);
  octal(Math.floor(mtime.getTime() / 1000), 12, 136);
  block.write("        ", 148, 8, "ascii"); // the checksum is computed with its own field as spaces
  block.write("0", 156, 1, "ascii"); // a regular file
  block.write("ustar\0" + "00", 257, 8, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return block;
}

/** Writes entries one after the other into `out` (a gzip stream), honouring its back-pressure. */
export class TarWriter {
  constructor(
    private readonly out: Writable,
    private readonly mtime = new Date(),
  ) {}

  private async write(chunk: Buffer) {
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  /** One entry of exactly `size` bytes; `onChunk` sees every byte written (hashing). Throws if the body's length differs. */
  async entry(name: string, size: number, body: Iterable<Buffer> | AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void = () => {}) {
    await this.write(header(name, size, this.mtime));
    let written = 0;
    for await (const piece of body) {
      const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      written += chunk.length;
      if (written > size) throw new Error(`${name}: more bytes than the ${size} announced`);
      onChunk(chunk);
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${name}: ${written} bytes instead of the ${size} announced`);
    if (size % BLOCK) await this.write(Buffer.alloc(BLOCK - (size % BLOCK)));
  }

  /** The end-of-archive marker (two empty blocks), then the stream is ended. */
  async finish() {
    await this.write(Buffer.alloc(2 * BLOCK));
    this.out.end();
  }
}

/** Exact reads over a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async some(max: number): Promise<Buffer | null> {
    if (this.length === 0) {
      const next = await this.source.next();
      if (next.done) return null;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    const first = this.buffered[0]!;
    const piece = first.length <= max ? first : first.subarray(0, max);
    if (piece === first) this.buffered.shift();
    else this.buffered[0] = first.subarray(max);
    this.length -= piece.length;
    return piece;
  }

  /** Exactly `n` bytes, or null when the stream ends first. */
  async exactly(n: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const piece = await this.some(n - got);
      if (!piece) return null;
      parts.push(piece);
      got += piece.length;
    }
    return Buffer.concat(parts);
  }
}

export class TarFormatError extends Error {
  override name = "TarFormatError";
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; read it (or not) before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

/** The entries of a tar stream, in order. Throws TarFormatError on a damaged header or a stream that ends early. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    const block = await reader.exactly(BLOCK);
    if (!block) throw new TarFormatError("the archive ends without its end marker (truncated)");
    if (block.every((byte) => byte === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    const declared = parseInt(block.toString("ascii", 148, 156).replace(/\0.*$/s, "").trim(), 8);
    if (sum !== declared) throw new TarFormatError("a damaged entry header (checksum)");
    const name = block.toString("utf8", 0, 100).replace(/\0.*$/s, "");
    const size = parseInt(block.toString("ascii", 124, 136).replace(/\0.*$/s, "").trim(), 8);
    let remaining = size;
    const body = (async function* () {
      while (remaining > 0) {
        const piece = await reader.some(remaining);
        if (!piece) throw new TarFormatError(`${name} is cut short (truncated archive)`);
        remaining -= piece.length;
        yield piece;
      }
    })();
    yield { name, size, body };
    while (remaining > 0) {
      // What the caller left unread is skipped.
      const piece = await reader.some(remaining);
      if (!piece) throw new TarFormatError(`${name} is cut short (truncated archive)`);
      remaining -= piece.length;
    }
    if (size % BLOCK && !(await reader.exactly(BLOCK - (size % BLOCK)))) throw new TarFormatError("the archive is truncated");
  }
}
