import { describe, expect, it } from "vitest";
import { withDeclaredSize, zip } from "#tests/support/evidence-fixtures.ts";
import { unpackZip } from "#app/services/platform/zip.server.ts";

const MB = 1024 * 1024;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("unpacking an uploaded archive", () => {
  it("gives back every entry, stored or deflated, in order", async () => {
    for (const deflate of [false, true]) {
      const unpacked = await unpackZip(zip([["a.xml", "<a/>"], ["dossier/b.xml", "é".repeat(1000)]], { deflate }), MB);
      expect(unpacked.ok && unpacked.entries.map((e) => [e.name, text(e.data)])).toEqual([
        ["a.xml", "<a/>"],
        ["dossier/b.xml", "é".repeat(1000)],
      ]);
    }
  });

  it("refuses an archive declaring more than the bound, before inflating anything", async () => {
    expect(await unpackZip(zip([["a.xml", "x".repeat(2000)]], { deflate: true }), 1000)).toEqual({ ok: false, problem: "too_large" });
  });

  it("judges an entry on what it really inflates to, not on the small size its headers declare", async () => {
    // 64 MB of zeros deflate to about 64 KB; the headers say 100 bytes.
    const bomb = withDeclaredSize(zip([["xl/worksheets/sheet1.xml", new Uint8Array(64 * MB)]], { deflate: true }), "xl/worksheets/sheet1.xml", 100);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    expect(await unpackZip(bomb, 40 * MB)).toEqual({ ok: false, problem: "corrupt" });
    // Inflating stopped one byte past the declared size: nothing near 64 MB was ever allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  it("refuses an entry that inflates to less than it declares, or whose checksum is wrong", async () => {
    expect(await unpackZip(withDeclaredSize(zip([["a.xml", "abc"]], { deflate: true }), "a.xml", 10), MB)).toEqual({ ok: false, problem: "corrupt" });
    const archive = Buffer.from(zip([["a.xml", "abc"]]));
    archive[archive.indexOf("abc")] = 0x78; // "xbc": same size, other content
    expect(await unpackZip(archive, MB)).toEqual({ ok: false, problem: "corrupt" });
  });

  it("says when the bytes are no archive at all", async () => {
    expect(await unpackZip(new TextEncoder().encode("%PDF-1.7 not an archive"), MB)).toEqual({ ok: false, problem: "not_zip" });
  });
});
