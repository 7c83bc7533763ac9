import { describe, expect, it } from "vitest";
import {
  cellText,
  planDigest,
  planRatingImport,
  RATING_COLUMNS,
  ratingFingerprint,
  readRatingCell,
  readRatingWorkbook,
  TEMPLATE_MARKER,
  type CurrentRating,
  type RawWorkbook,
  type WorkbookContext,
} from "./rating-workbook.ts";

const PROCESS = "0b8f6f1e-7c1a-4a57-9d2a-3f1d2f0c9a11";
const context: WorkbookContext = {
  processId: PROCESS,
  referentialCode: "label-qss",
  referentialVersion: "2024",
  criteria: new Map([
    ["1.1.1", { naAllowed: false }],
    ["1.1.2", { naAllowed: true }],
    ["1.1.3", { naAllowed: false }],
  ]),
  scaleValues: [3, 2, 1, 0],
};

type Row = { code: string; rating?: unknown; justification?: string; version?: unknown; fingerprint?: string };

/** A workbook as the export writes it, in one language, with the rows given. */
function workbook(rows: Row[], options: { lang?: "fr" | "en"; about?: Record<string, string>; sheetName?: string } = {}): RawWorkbook {
  const lang = options.lang ?? "fr";
  const header = RATING_COLUMNS.map((c) => c[lang]);
  const col = (key: string) => RATING_COLUMNS.findIndex((c) => c.key === key);
  const about = { template: TEMPLATE_MARKER, templateVersion: "1", processId: PROCESS, referential: "label-qss", referentialVersion: "2024", ...options.about };
  return {
    sheets: [
      {
        name: options.sheetName ?? (lang === "fr" ? "Cotations" : "Ratings"),
        rows: [
          { line: 1, cells: header },
          ...rows.map((r, i) => {
            const cells: unknown[] = new Array(header.length).fill(null);
            cells[col("code")] = r.code;
            cells[col("rating")] = r.rating ?? null;
            cells[col("justification")] = r.justification ?? "";
            cells[col("version")] = r.version ?? 0;
            cells[col("fingerprint")] = r.fingerprint ?? "";
            return { line: i + 2, cells };
          }),
        ],
      },
      { name: lang === "fr" ? "À propos" : "About", rows: Object.entries(about).map(([k, v], i) => ({ line: i + 1, cells: [k, v] })) },
    ],
  };
}

/** A row exactly as exported (its fingerprint matches). */
const exported = (code: string, rating: number | "NA" | null, justification: string, version: number): Row => ({
  code,
  rating: rating ?? "",
  justification,
  version,
  fingerprint: ratingFingerprint(rating, justification),
});

const current = (rating: number | "NA" | null, justification: string, version: number): CurrentRating => ({ rating, justification, version, updatedByName: "Awa", updatedAt: null });

describe("reading a rating cell", () => {
  it("accepts values, NA spellings and 'value · label', refuses anything else", () => {
    expect(readRatingCell("3")).toBe(3);
    expect(readRatingCell("2 · Largement conforme")).toBe(2);
    expect(readRatingCell("2.0")).toBe(2);
    expect(readRatingCell("N/A")).toBe("NA");
    expect(readRatingCell("na")).toBe("NA");
    expect(readRatingCell("  ")).toBeNull();
    expect(readRatingCell("trois")).toBeUndefined();
    expect(readRatingCell("2.5")).toBeUndefined();
  });

  it("reads rich text, formula results and hyperlinks as text", () => {
    expect(cellText({ richText: [{ text: "Procédure " }, { text: "validée" }] })).toBe("Procédure validée");
    expect(cellText({ formula: "1+1", result: 2 })).toBe("2");
    expect(cellText({ text: "site", hyperlink: "https://example.org" })).toBe("site");
    expect(cellText(null)).toBe("");
  });

  it("undoes the export's formula escape, and only that", () => {
    expect(cellText("'-3 % since 2024")).toBe("-3 % since 2024");
    expect(cellText("'=SUM(A1)")).toBe("=SUM(A1)");
    expect(cellText({ richText: [{ text: "'+33 " }, { text: "1 40 27" }] })).toBe("+33 1 40 27");
    expect(cellText("'apostrophe d'ouverture")).toBe("'apostrophe d'ouverture");
    expect(cellText("-3 % typed in the file")).toBe("-3 % typed in the file");
    expect(cellText(-3)).toBe("-3");
  });
});

describe("reading the template", () => {
  it("reads a French and an English export alike", () => {
    for (const lang of ["fr", "en"] as const) {
      const reading = readRatingWorkbook(workbook([exported("1.1.1", 3, "", 2), { code: "1.1.2", rating: "NA", justification: "Pas d'unité dédiée", version: 0 }], { lang }), context);
      expect(reading).toEqual({
        ok: true,
        errors: [],
        rows: [
          { line: 2, code: "1.1.1", rating: 3, justification: "", baseVersion: 2, untouched: true },
          { line: 3, code: "1.1.2", rating: "NA", justification: "Pas d'unité dédiée", baseVersion: 0, untouched: false },
        ],
      });
    }
  });

  it("refuses a file that is not the template, or the template of another process or version", () => {
    const noAbout: RawWorkbook = { sheets: [workbook([exported("1.1.1", 3, "", 1)]).sheets[0]!] };
    expect(readRatingWorkbook(noAbout, context)).toEqual({ ok: false, errors: [{ line: null, code: null, problem: "not_template" }] });
    expect(readRatingWorkbook(workbook([], { about: { template: "something else" } }), context).ok).toBe(false);
    expect(readRatingWorkbook(workbook([exported("1.1.1", 3, "", 1)], { about: { processId: "another" } }), context)).toMatchObject({ errors: [{ problem: "wrong_process" }] });
    expect(readRatingWorkbook(workbook([exported("1.1.1", 3, "", 1)], { about: { referentialVersion: "2019" } }), context)).toMatchObject({ errors: [{ problem: "wrong_version" }] });
    expect(readRatingWorkbook(workbook([]), context)).toMatchObject({ ok: false, errors: [{ problem: "no_rows" }] });
    // A row numbered past Excel's last row (found by fuzzing: 2^53 reached the staging table and was lost there).
    const past = workbook([exported("1.1.1", 3, "", 1)]);
    past.sheets[0]!.rows.at(-1)!.line = 2 ** 53;
    expect(readRatingWorkbook(past, context)).toEqual({ ok: false, errors: [{ line: null, code: null, problem: "not_template" }] });
  });

  it("names missing columns", () => {
    const wb = workbook([exported("1.1.1", 3, "", 1)]);
    wb.sheets[0]!.rows[0]!.cells = wb.sheets[0]!.rows[0]!.cells.map((c) => (c === "version" ? "v" : c));
    expect(readRatingWorkbook(wb, context)).toMatchObject({ ok: false, errors: [{ line: 1, problem: "missing_columns", value: "version" }] });
  });

  it("reports every bad row with its row number: off the scale, N/A forbidden, unknown, duplicate, justification", () => {
    const reading = readRatingWorkbook(
      workbook([
        { code: "1.1.1", rating: 5, justification: "x" },
        { code: "1.1.3", rating: "NA", justification: "Pas concerné" },
        { code: "9.9.9", rating: 3 },
        { code: "1.1.2", rating: 2, justification: "" },
        { code: "1.1.2", rating: 3 },
        { code: "1.1.1", rating: 3, justification: "é".repeat(5001) },
        { code: "", rating: 3 },
      ]),
      context,
    );
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.errors).toEqual([
      { line: 2, code: "1.1.1", problem: "rating_off_scale", value: "5" },
      { line: 3, code: "1.1.3", problem: "na_not_allowed", value: "NA" },
      { line: 4, code: "9.9.9", problem: "unknown_criterion", value: "9.9.9" },
      { line: 5, code: "1.1.2", problem: "justification_required" },
      { line: 6, code: "1.1.2", problem: "duplicate_criterion", value: "1.1.2" },
      { line: 7, code: "1.1.1", problem: "duplicate_criterion", value: "1.1.1" },
      { line: 8, code: null, problem: "code_missing" },
    ]);
  });

  it("refuses N/A without a justification on a criterion that depends on a service, saying what it means", () => {
    const withSurgery: WorkbookContext = { ...context, criteria: new Map([...context.criteria, ["6.1.1", { naAllowed: true, service: "surgery" }]]) };
    const reading = readRatingWorkbook(workbook([{ code: "6.1.1", rating: "NA", justification: "" }, { code: "1.1.2", rating: "NA", justification: "" }]), withSurgery);
    expect(reading.ok && reading.errors).toEqual([
      { line: 2, code: "6.1.1", problem: "service_absence_required" },
      { line: 3, code: "1.1.2", problem: "justification_required" },
    ]);
    const justified = readRatingWorkbook(workbook([{ code: "6.1.1", rating: "NA", justification: "Pas de bloc opératoire." }]), withSurgery);
    expect(justified.ok && justified.errors).toEqual([]);
  });

  it("refuses a justification over 5,000 characters and an edited version column", () => {
    const reading = readRatingWorkbook(workbook([{ code: "1.1.1", rating: 3, justification: "a".repeat(5001) }, { code: "1.1.2", rating: 3, version: "deux" }]), context);
    expect(reading.ok && reading.errors.map((e) => e.problem)).toEqual(["justification_too_long", "version_invalid"]);
  });

  it("takes line ends from the spreadsheet (CRLF) as the app stores them", () => {
    const reading = readRatingWorkbook(workbook([exported("1.1.2", 2, "ligne 1\nligne 2", 1)].map((r) => ({ ...r, justification: "ligne 1\r\nligne 2  " }))), context);
    expect(reading.ok && reading.rows[0]).toMatchObject({ justification: "ligne 1\nligne 2", untouched: true });
  });
});

describe("the plan of an import", () => {
  const now = new Map([
    ["1.1.1", current(3, "", 2)],
    ["1.1.2", current(2, "Procédure en cours de diffusion", 1)],
  ]);

  it("changes nothing for an export imported back as it is", () => {
    const rows = [
      { line: 2, code: "1.1.1", rating: 3, justification: "", baseVersion: 2, untouched: true },
      { line: 3, code: "1.1.2", rating: 2, justification: "Procédure en cours de diffusion", baseVersion: 1, untouched: true },
      { line: 4, code: "1.1.3", rating: null, justification: "", baseVersion: 0, untouched: true },
    ];
    expect(planRatingImport(rows, now)).toEqual({ changes: [], unchanged: 3, conflicts: [] });
  });

  it("lists the edited rows as changes, from the version they were exported at", () => {
    const plan = planRatingImport(
      [
        { line: 3, code: "1.1.2", rating: 3, justification: "Diffusée partout", baseVersion: 1, untouched: false },
        { line: 4, code: "1.1.3", rating: 1, justification: "Pratique hétérogène", baseVersion: 0, untouched: false },
      ],
      now,
    );
    expect(plan.changes.map((c) => [c.code, c.before.rating, c.after.rating, c.baseVersion])).toEqual([
      ["1.1.2", 2, 3, 1],
      ["1.1.3", null, 1, 0],
    ]);
    expect(plan.conflicts).toEqual([]);
  });

  it("makes an edited row a conflict when the app's rating changed since the export; an untouched one is left alone", () => {
    const changedSince = new Map([...now, ["1.1.2", current(1, "Revu par Awa", 2)]]);
    const plan = planRatingImport(
      [
        { line: 2, code: "1.1.1", rating: 3, justification: "", baseVersion: 1, untouched: true },
        { line: 3, code: "1.1.2", rating: 3, justification: "Diffusée partout", baseVersion: 1, untouched: false },
      ],
      changedSince,
    );
    expect(plan.changes).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.conflicts).toEqual([{ line: 3, code: "1.1.2", current: changedSince.get("1.1.2"), mine: { rating: 3, justification: "Diffusée partout" }, fileVersion: 1 }]);
  });

  it("gives a different digest when the plan changes", () => {
    const rows = [{ line: 3, code: "1.1.2", rating: 3, justification: "Diffusée", baseVersion: 1, untouched: false }];
    const before = planDigest(planRatingImport(rows, now));
    expect(planDigest(planRatingImport(rows, now))).toBe(before);
    expect(planDigest(planRatingImport(rows, new Map([["1.1.2", current(1, "x", 2)]])))).not.toBe(before);
  });
});
