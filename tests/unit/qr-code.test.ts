import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { qrSvg } from "#app/services/accounts/qr-code.server.ts";

/** Draws the SVG path's rectangles into pixels (4 per module) and reads them back with a QR decoder. */
function decode(svg: { size: number; path: string }): string | null {
  const scale = 4;
  const side = svg.size * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [, x, y, w] of svg.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < Number(w) * scale; dx++) {
        const i = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4;
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
      }
    }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}

describe("the enrolment QR code", () => {
  it("holds the otpauth URI it was made of", () => {
    const uri = "otpauth://totp/Label%20AP-HP%3Aclaire.dubois%40label.example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Label+AP-HP&algorithm=SHA1&digits=6&period=30";
    const svg = qrSvg(uri);
    expect(svg.size).toBeGreaterThan(21);
    expect(decode(svg)).toBe(uri);
  });
});
