// A generated PDF's text as a reader would copy it (pdftotext, from poppler-utils), words separated by single
// spaces: lines wrap anywhere in a PDF, so tests compare words, not lines. The zero-width spaces slipped into long
// words (wrappable) are removed. `poppler` runs any poppler tool (pdfinfo, pdftoppm…) on a PDF the same way.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

export function pdfText(bytes: Uint8Array): string {
  return poppler(bytes, (file) => ["pdftotext", "-enc", "UTF-8", file, "-"]).stdout.replace(/\u200b/g, "").replace(/\s+/g, " ");
}

/**
 * Runs a poppler tool on the PDF, written to a temporary folder (`command` gets its path and the folder's);
 * gives the tool's output and the files it wrote to the folder, by name order.
 */
export function poppler(bytes: Uint8Array, command: (file: string, dir: string) => string[]): { stdout: string; files: Buffer[] } {
  const dir = mkdtempSync(join(tmpdir(), "label-pdf-text-"));
  try {
    const file = join(dir, "document.pdf");
    writeFileSync(file, bytes);
    const [tool, ...args] = command(file, dir);
    const result = spawnSync(tool!, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(result.stderr || `${tool} failed (${result.error?.message ?? result.status})`);
    const files = readdirSync(dir).filter((name) => name !== "document.pdf").sort().map((name) => readFileSync(join(dir, name)));
    return { stdout: result.stdout, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the QR code on the PDF's first page says, as a phone would read it (the page drawn at 150 dpi), or null. */
export function qrCodeOf(pdf: Uint8Array): string | null {
  const [png] = poppler(pdf, (file, dir) => ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", file, join(dir, "page")]).files;
  const image = PNG.sync.read(png!);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}
