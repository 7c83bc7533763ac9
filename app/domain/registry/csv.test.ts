import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, CsvSyntaxError, decodeCsv, decodeUtf8, detectSeparator, encodeCsv, escapeFormula, unescapeFormula } from "./csv.ts";

describe("CSV for a French Excel", () => {
  it("starts with a BOM, separates with semicolons, ends lines with CRLF and keeps accents", () => {
    const csv = encodeCsv([
      ["titre", "pays"],
      ["Hygiène à Lomé", "Côte d'Ivoire"],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}titre;pays\r\nHygiène à Lomé;Côte d'Ivoire\r\n`);
  });

  it("quotes cells holding a separator, a quote or a line break", () => {
    expect(encodeCsv([["a;b", 'dit "oui"', "deux\nlignes", "simple"]], { bom: false })).toBe('"a;b";"dit ""oui""";"deux\nlignes";simple\r\n');
  });

  it("escapes cells a spreadsheet would run as a formula, and undoes it on reading", () => {
    for (const cell of ["=HYPERLINK(\"http://evil\")", "+33 1 40 27", "-5", "@SUM(A1)", "\tx"]) {
      expect(escapeFormula(cell)).toBe(`'${cell}`);
      expect(unescapeFormula(escapeFormula(cell))).toBe(cell);
    }
    expect(escapeFormula("'quoted")).toBe("'quoted");
    expect(unescapeFormula("'quoted")).toBe("'quoted");
    expect(unescapeFormula(escapeFormula("'=already"))).toBe("'=already");
    const csv = encodeCsv([["=1+1", "ok"]], { bom: false });
    expect(csv).toBe("'=1+1;ok\r\n");
    expect(decodeCsv(csv)[0]!.cells).toEqual(["=1+1", "ok"]);
  });

  it("round-trips any table of strings", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        expect(decodeCsv(encodeCsv(rows), ";").map((r) => r.cells)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it("numbers rows by the line they start on, skipping blank lines", () => {
    const rows = decodeCsv('a;b\r\n\r\n"x\ny";z\r\nlast;row');
    expect(rows.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(rows[1]!.cells).toEqual(["x\ny", "z"]);
  });

  it("detects the separator from the header and refuses broken quoting", () => {
    expect(detectSeparator("id,title\n1,x")).toBe(",");
    expect(detectSeparator("\uFEFFid;title")).toBe(";");
    expect(() => decodeCsv('a;"open\nnever closed')).toThrow(CsvSyntaxError);
    expect(() => decodeCsv('a;b"c')).toThrow(CsvSyntaxError);
  });

  it("accepts UTF-8 and refuses other encodings", () => {
    expect(decodeUtf8(new TextEncoder().encode("Hygiène"))).toBe("Hygiène");
    expect(decodeUtf8(Uint8Array.from([0x48, 0x79, 0x67, 0x69, 0xe8, 0x6e, 0x65]))).toBeNull(); // "Hygiène" in Windows-1252
  });
});
