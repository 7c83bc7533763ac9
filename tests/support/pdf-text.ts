// A generated PDF's text as a reader would copy it (pdftotext, from poppler-utils), words separated by single
// spaces: lines wrap anywhere in a PDF, so tests compare words, not lines. The zero-width spaces slipped into long
// words (wrappable) are removed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "label-pdf-text-"));
  try {
    writeFileSync(join(dir, "document.pdf"), bytes);
    const result = spawnSync("pdftotext", ["-enc", "UTF-8", join(dir, "document.pdf"), "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr || `pdftotext failed (${result.error?.message ?? result.status})`);
    return result.stdout.replace(/\u200b/g, "").replace(/\s+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
