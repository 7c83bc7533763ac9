// The enrolment QR code for an authenticator app, drawn with the QR encoder pdfmake ships (the one the certificate
// uses: no extra package) and handed to the page as an SVG path: one unit per module, so the page scales it.
import { createRequire } from "node:module";

interface QrMeasured {
  _canvas: { x: number; y: number; w: number; h: number; color: string }[];
  _width: number;
}
const require = createRequire(import.meta.url);
const encoder = require("pdfmake/js/qrEnc.js") as { default: { measure(node: Record<string, unknown>): QrMeasured } };

export interface QrSvg {
  /** The side in modules, with the 4-module quiet zone. */
  size: number;
  /** One `M x y h1 v1 h-1 z` square per dark module. */
  path: string;
}

/** A QR code (error correction M) of `text`; 1 unit per module. */
export function qrSvg(text: string): QrSvg {
  // Without `fit`, pdfmake draws each module as a 5-unit square; divided back to 1 unit per module.
  const node = encoder.default.measure({ qr: text, eccLevel: "M" });
  const unit = 5;
  const modules = node._canvas.slice(1); // the first rectangle is the background
  const side = node._width / unit;
  const quiet = 4;
  // Dark modules next to each other on a row are one rectangle: a third of the path's length.
  const runs: string[] = [];
  let run: { x: number; y: number; length: number } | null = null;
  const flush = () => run && runs.push(`M${run.x + quiet} ${run.y + quiet}h${run.length}v1h-${run.length}z`);
  for (const r of modules) {
    const x = r.x / unit;
    const y = r.y / unit;
    if (run && run.y === y && run.x + run.length === x) run.length++;
    else {
      flush();
      run = { x, y, length: 1 };
    }
  }
  flush();
  const path = runs.join("");
  return { size: side + 2 * quiet, path };
}
