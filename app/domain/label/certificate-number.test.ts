import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { certificateNumber, parseCertificateNumber } from "./certificate-number.ts";

const SHAPE = /^LQS-\d{4}-[0-9A-HJKMNP-TV-Z]{8}[0-9A-HJKMNP-TV-Z*~$=U]$/;
const bytes = (...values: number[]) => new Uint8Array(values);
/** Every character a person could put in a number's place, aliases and check symbols included. */
const TYPABLE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*~$=";
const ALIAS_OF: Record<string, string> = { O: "0", I: "1", L: "1" };

describe("certificateNumber", () => {
  it("writes LQS, the year, 8 Crockford characters from 40 bits and the check character", () => {
    // Check characters: (2025 × 2^40) mod 37 = 25 → S; (2025 × 2^40 + 2^40 − 1) mod 37 = 3.
    expect(certificateNumber(2025, bytes(0, 0, 0, 0, 0))).toBe("LQS-2025-00000000S");
    expect(certificateNumber(2025, bytes(0xff, 0xff, 0xff, 0xff, 0xff))).toBe("LQS-2025-ZZZZZZZZ3");
    // 0x3a475 35ba3 → 00111 01001 00011 10101 00110 10110 11101 00011 = 7 9 3 N 6 P X 3
    expect(certificateNumber(2025, bytes(0x3a, 0x47, 0x53, 0x5b, 0xa3))).toBe("LQS-2025-793N6PX32");
  });

  it("uses the first 5 bytes only, and refuses fewer or a year without four digits", () => {
    expect(certificateNumber(2026, bytes(1, 2, 3, 4, 5, 6, 7))).toBe(certificateNumber(2026, bytes(1, 2, 3, 4, 5)));
    expect(() => certificateNumber(2025, bytes(1, 2, 3, 4))).toThrow(RangeError);
    expect(() => certificateNumber(999, bytes(1, 2, 3, 4, 5))).toThrow(RangeError);
    expect(() => certificateNumber(10000, bytes(1, 2, 3, 4, 5))).toThrow(RangeError);
    expect(() => certificateNumber(2025.5, bytes(1, 2, 3, 4, 5))).toThrow(RangeError);
  });

  it("has its shape and reads back as itself, whatever the bytes and year", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.uint8Array({ minLength: 5, maxLength: 8 }), (year, random) => {
        const number = certificateNumber(year, random);
        expect(number).toMatch(SHAPE);
        expect(parseCertificateNumber(number)).toBe(number);
      }),
    );
  });

  it("gives each check symbol, the five extra ones too", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000 && seen.size < 37; i++) seen.add(certificateNumber(2025, bytes(0, 0, 0, i >> 8, i & 255)).slice(-1));
    expect([...seen].sort().join("")).toBe([..."0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"].sort().join(""));
  });
});

describe("parseCertificateNumber", () => {
  const valid = "LQS-2025-7K3M9Q2X1";

  it("accepts what people type: case, spaces, extra hyphens and dashes, pasted spaces", () => {
    for (const typed of [valid, "lqs-2025-7k3m9q2x1", "  LQS 2025 7K3M 9Q2X 1 ", "LQS--2025--7K3M-9Q2X-1", "LQS20257K3M9Q2X1", "LQS\u20112025\u2013 7K3M9Q2X1", "LQS\u00a02025\u00a07K3M9Q2X1\n"]) {
      expect(parseCertificateNumber(typed), typed).toBe(valid);
    }
  });

  it("reads O as 0 and I or L as 1, in the year and the characters", () => {
    expect(parseCertificateNumber("LQS-2O25-7K3M9Q2XI")).toBe(valid);
    expect(parseCertificateNumber("lqs-2o25-7k3m9q2xl")).toBe(valid);
    const withZero = certificateNumber(2025, bytes(0, 0, 0, 0, 1));
    expect(parseCertificateNumber(withZero.replaceAll("0", "O").replace("LQS-2O25", "LQS-2025"))).toBe(withZero);
  });

  it("detects every single wrong character: each position, each character one could type", () => {
    const numbers = [valid, certificateNumber(2031, bytes(0xff, 0x10, 0x00, 0x7e, 0x99)), certificateNumber(1999, bytes(0, 0, 0, 0, 0))];
    let tried = 0;
    for (const number of numbers) {
      for (let position = 0; position < number.length; position++) {
        const original = number[position]!;
        for (const replacement of TYPABLE) {
          if (replacement === original) continue;
          tried++;
          const result = parseCertificateNumber(number.slice(0, position) + replacement + number.slice(position + 1));
          // The only substitutions that read as a number are Crockford's aliases of the very character replaced.
          if (result !== null) {
            expect({ number, position, replacement, result }).toEqual({ number, position, replacement, result: number });
            expect(ALIAS_OF[replacement]).toBe(original);
          }
        }
      }
    }
    // 16 characters × 39 others, and 2 hyphens × 40, in each number.
    expect(tried).toBe(numbers.length * (16 * 39 + 2 * 40));
  });

  it("detects a swap of two neighbouring characters and a mistyped year", () => {
    for (let i = 0; i < 300; i++) {
      const number = certificateNumber(2025, bytes(i, i * 7, i * 13, i * 31, i * 101));
      for (let position = 9; position < 17; position++) {
        const [a, b] = [number[position]!, number[position + 1]!];
        if (a === b) continue;
        expect(parseCertificateNumber(number.slice(0, position) + b + a + number.slice(position + 2))).toBeNull();
      }
      for (const year of ["2024", "2026", "2035", "2125", "3025", "2052"]) expect(parseCertificateNumber(number.replace("2025", year))).toBeNull();
    }
  });

  it("refuses what is not a certificate number", () => {
    for (const garbage of [
      "",
      "   ",
      "LQS",
      "LQS-2025",
      "LQS-2025-7K3M9Q2X",
      "LQS-2025-7K3M9Q2X12",
      "LQR-2025-7K3M9Q2X1",
      "1QS-2025-7K3M9Q2X1",
      "XLQS-2025-7K3M9Q2X1",
      "LQS-0999-7K3M9Q2X1",
      "LQS-25-7K3M9Q2X1",
      "LQS-2025-7K3M9U2X1",
      "LQS-2025-7K3M9Q2X+",
      "LQS_2025_7K3M9Q2X1",
      "LQS.2025.7K3M9Q2X1",
      "LQS-2025-7K3M9Q2X1'; drop table labels; --",
      "' OR '1'='1",
      "<script>alert(1)</script>",
      "LQS-２０２５-7K3M9Q2X1",
      "lqſ-2025-7k3m9q2x1",
      "LQS-2025-7K3M9Q2X1\u0000",
      "LQS-2025-7K3M9Q2X1 ".repeat(3),
      `${" ".repeat(60)}${valid}`,
      "🙂".repeat(5000),
      "LQS-2025-".padEnd(10_240, "7"),
    ]) {
      expect(parseCertificateNumber(garbage), garbage.slice(0, 40)).toBeNull();
    }
  });

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 50 }), fc.string({ unit: fc.constantFrom(..."LQS-2025 OIL*~$=U7K3M9Q2X1"), maxLength: 30 })), (text) => {
        const result = parseCertificateNumber(text);
        if (result !== null) expect(parseCertificateNumber(result)).toBe(result);
      }),
    );
    for (const odd of [null, undefined, 42, {}, ["LQS"]]) expect(parseCertificateNumber(odd as unknown as string)).toBeNull();
  });
});
