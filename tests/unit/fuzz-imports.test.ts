// Fuzzing the file imports' pure parts: the registry's CSV reader (random bytes, random and mutated tables) and the
// rating workbooks' readers (self-assessment and audit templates with mutated cells of every kind a spreadsheet
// gives, real .xlsx archives with damaged parts, random bytes). Properties: the only outcomes are the reader's typed
// answers (CsvSyntaxError, `ok: false` with problems, rows); a row the reader accepts is one the staging table
// takes back (the importer's row schema); nothing throws but what the import step catches.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUDIT_RATING_COLUMNS, AUDIT_SHEETS, AUDIT_TEMPLATE_MARKER, AUDIT_TEMPLATE_VERSION, AUDIT_EMPTY, auditTemplate } from "#app/domain/audit/audit-workbook.ts";
import { FINDING_CLASSIFICATIONS } from "#app/domain/audit/visit.ts";
import {
  ABOUT_KEYS,
  planDigest,
  planRatingImport,
  RATING_COLUMNS,
  readRatingWorkbook,
  readTemplateWorkbook,
  SHEETS,
  TEMPLATE_MARKER,
  TEMPLATE_VERSION,
  type RawWorkbook,
} from "#app/domain/process/rating-workbook.ts";
import { METHODS } from "#app/domain/referential/schema.ts";
import { CsvSyntaxError, decodeCsv, decodeUtf8, encodeCsv } from "#app/domain/registry/csv.ts";
import { checkHeader, parseProjectRows, PROJECT_COLUMNS } from "#app/domain/registry/project-csv.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import { AUDIT_IMPORT } from "#app/services/audit/audit-workbook.server.ts";
import { unpackZip, zipArchive } from "#app/services/platform/zip.server.ts";
import { readWorkbook, SELF_ASSESSMENT_IMPORT, WORKBOOK_MAX_UNPACKED_BYTES } from "#app/services/process/rating-workbook.server.ts";
import { fuzzRuns, hostileText, mutate, mutations, prototypesClean } from "#tests/support/fuzz.ts";

// ─── The registry's CSV ────────────────────────────────────────────────────────────────────────────────────

const ESTABLISHMENT = "11111111-1111-4111-8111-111111111111";
const SITE = "22222222-2222-4222-8222-222222222222";
const PROJECT = "33333333-3333-4333-8333-333333333333";
const context = {
  establishmentIds: new Set([ESTABLISHMENT]),
  siteIdByName: new Map([[normalizeForSearch("Saint-Louis"), SITE]]),
  projectIds: new Set([PROJECT]),
  countryCodes: new Set(["SN", "FR"]),
  normalise: normalizeForSearch,
};
const validRow: Record<string, string> = {
  title_fr: "Projet",
  title_en: "Project",
  theme: "training",
  status: "active",
  establishment_ids: ESTABLISHMENT,
  partner_not_named: "no",
  ap_hp_sites: "Saint-Louis",
};

/** Reads a CSV file as the import does; the answer is rows and row errors, or a typed refusal. */
function readCsv(bytes: Uint8Array) {
  const text = decodeUtf8(bytes);
  if (text === null) return "encoding";
  let table;
  try {
    table = decodeCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvSyntaxError);
    return "syntax";
  }
  const [header, ...rows] = table;
  if (!header) return "empty";
  const check = checkHeader(header.cells);
  if (!check.ok) return "columns";
  const { parsed, errors } = parseProjectRows(rows, check.index, context);
  for (const e of errors) expect(e.line).toBeGreaterThan(0);
  return { parsed, errors };
}

const csvCell = fc.oneof(hostileText, fc.constantFrom(...Object.values(validRow), '"', '""', ";", "\r\n", "\n", "\r", "|", " | ", PROJECT, "2024", "-5", "1e3", "99999999999999999999"));

describe("the registry's CSV reader under random and hostile files", () => {
  it("answers rows, row errors or a typed refusal for random bytes and text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 400 }).map((s) => new TextEncoder().encode(s))), (bytes) => {
        readCsv(bytes);
        expect(prototypesClean()).toBe(true);
      }),
      fuzzRuns(300),
    );
  });

  it("answers for tables with the right header and hostile cells, repeated or missing columns, any separator", () => {
    const header = fc.oneof(
      { weight: 4, arbitrary: fc.constant([...PROJECT_COLUMNS] as string[]) },
      { weight: 1, arbitrary: fc.shuffledSubarray([...PROJECT_COLUMNS, "__proto__", "constructor", "id", "title_fr", ""] as string[]) },
    );
    fc.assert(
      fc.property(
        header,
        fc.array(fc.dictionary(fc.constantFrom(...PROJECT_COLUMNS), csvCell, { maxKeys: 8 }), { maxLength: 6 }),
        fc.constantFrom(";", ",", "\t"),
        fc.boolean(),
        (columns, changes, separator, bom) => {
          const rows = changes.map((change) => {
            const row = { ...validRow, ...change };
            return columns.map((c) => (Object.hasOwn(row, c) ? row[c]! : ""));
          });
          readCsv(new TextEncoder().encode(encodeCsv([columns, ...rows], { separator, bom })));
          expect(prototypesClean()).toBe(true);
        },
      ),
      fuzzRuns(150),
    );
  });
});

// ─── The rating workbooks ──────────────────────────────────────────────────────────────────────────────────

const PROCESS_ID = "44444444-4444-4444-8444-444444444444";
const CODES = ["1.1.1", "1.1.2", "1.2.1", "2.1.1"];
const about = (marker: string, version: number) => ({
  name: SHEETS.about.fr,
  rows: ABOUT_KEYS.map((key, i) => ({
    line: i + 1,
    cells: [key, { template: marker, templateVersion: String(version), processId: PROCESS_ID, establishment: "CHU", referential: "label-qss", referentialVersion: "2024", exportedAt: "2026-01-01T00:00:00.000Z", language: "fr" }[key]],
  })),
});
const ratingsSheet = (name: string, columns: readonly { key: string; fr: string }[], cells: (code: string) => Record<string, unknown>) => ({
  name,
  rows: [
    { line: 1, cells: columns.map((c) => c.fr) },
    ...CODES.map((code, i) => ({ line: i + 2, cells: columns.map((c) => ({ code, version: 0, fingerprint: "x", ...cells(code) })[c.key] ?? "") })),
  ],
});
const selfWorkbook: RawWorkbook = {
  sheets: [ratingsSheet(SHEETS.ratings.fr, RATING_COLUMNS, () => ({ rating: 2, justification: "Écart mineur relevé" })), about(TEMPLATE_MARKER, TEMPLATE_VERSION)],
};
const auditWorkbook: RawWorkbook = {
  sheets: [
    ratingsSheet(AUDIT_SHEETS.ratings.fr, AUDIT_RATING_COLUMNS, () => ({ auditRating: "3 · Conforme", finding: "Constat", classification: "strength", methods: "interview" })),
    about(AUDIT_TEMPLATE_MARKER, AUDIT_TEMPLATE_VERSION),
  ],
};
const criteria = new Map(CODES.map((code, i) => [code, { naAllowed: i % 2 === 0, service: null, selfRating: 2 as const }]));
const words = {
  classifications: Object.fromEntries(FINDING_CLASSIFICATIONS.map((c) => [c, [c]])) as Record<(typeof FINDING_CLASSIFICATIONS)[number], string[]>,
  methods: Object.fromEntries(METHODS.map((m) => [m, [m]])),
};
const templateContext = { processId: PROCESS_ID, referentialCode: "label-qss", referentialVersion: "2024", criteria };

/** Cell values as exceljs gives them: text, numbers, dates, booleans, rich text, formulas, hyperlinks, errors. */
const cellValue = fc.oneof(
  hostileText,
  fc.constantFrom<unknown>(null, undefined, 0, -1, 2, 3, 1.5, 2 ** 53, Number.NaN, true, new Date(0), new Date(Number.NaN), "NA", "n/a", "2,0", "3 · Conforme", "non_conformity"),
  hostileText.map((text) => ({ richText: [{ text }, { text: "\u0000", font: { bold: true } }] })),
  hostileText.map((text) => ({ formula: "A1&B1", result: text })),
  fc.constant({ formula: "1/0", result: { error: "#DIV/0!" } }),
  hostileText.map((text) => ({ text, hyperlink: "javascript:alert(1)" })),
  fc.constant({ text: { richText: [{ text: "lien" }] }, hyperlink: "http://evil.example" }),
  fc.constant({ error: "#N/A" }),
  fc.constant({ sharedFormula: "A1" }),
);

function expectReading(reading: ReturnType<typeof readRatingWorkbook> | ReturnType<typeof readTemplateWorkbook>, rowSchema: { safeParse(v: unknown): { success: boolean } }) {
  if (!reading.ok) {
    expect(reading.errors.length).toBeGreaterThan(0);
    return;
  }
  // What the reader accepts, the staging table gives back (a staged row that does not parse is an import lost).
  for (const row of reading.rows) expect(rowSchema.safeParse(JSON.parse(JSON.stringify(row))).success, JSON.stringify(row)).toBe(true);
}

describe("the rating workbooks' readers under random and hostile cells", () => {
  const cellChanges = fc.array(fc.record({ sheet: fc.nat(1), row: fc.nat(10), column: fc.nat(16), value: cellValue }), { maxLength: 8 });
  const apply = (workbook: RawWorkbook, changes: { sheet: number; row: number; column: number; value: unknown }[]) => {
    const copy: RawWorkbook = { sheets: workbook.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => ({ line: r.line, cells: [...r.cells] })) })) };
    for (const c of changes) {
      const rows = copy.sheets[c.sheet]!.rows;
      const row = rows[c.row % (rows.length + 1)] ?? (rows[rows.length] = { line: rows.length + 1, cells: [] });
      row.cells[c.column] = c.value;
    }
    return copy;
  };

  it("the self-assessment's reader answers for any cell values", () => {
    fc.assert(
      fc.property(cellChanges, (changes) => {
        const reading = readRatingWorkbook(apply(selfWorkbook, changes), { ...templateContext, scaleValues: [0, 1, 2, 3] });
        expectReading(reading, SELF_ASSESSMENT_IMPORT.rowSchema);
        if (reading.ok) planDigest(planRatingImport(reading.rows, new Map()));
      }),
      fuzzRuns(300),
    );
  });

  it("the audit's reader answers for any cell values", () => {
    const template = auditTemplate([0, 1, 2, 3], words);
    fc.assert(
      fc.property(cellChanges, (changes) => {
        const reading = readTemplateWorkbook(apply(auditWorkbook, changes), templateContext, template);
        expectReading(reading, AUDIT_IMPORT.rowSchema);
        if (reading.ok) planDigest(planRatingImport(reading.rows, new Map(), AUDIT_EMPTY));
      }),
      fuzzRuns(300),
    );
  });

  it("both readers answer for a mutated workbook structure (sheets, rows, cells of any shape)", () => {
    const template = auditTemplate([0, 1, 2, 3], words);
    fc.assert(
      fc.property(mutations(3), fc.boolean(), (changes, audit) => {
        const workbook = mutate(audit ? auditWorkbook : selfWorkbook, changes) as RawWorkbook;
        // The reader's input comes from exceljs: named sheets, rows numbered from 1, cells of any shape.
        if (!workbook || !Array.isArray(workbook.sheets)) return;
        const sheets = workbook.sheets.filter((s) => s && typeof s === "object" && typeof s.name === "string" && Array.isArray(s.rows));
        const raw = { sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.filter((r) => r && Array.isArray(r.cells) && Number.isInteger(r.line) && r.line >= 1) })) };
        if (audit) expectReading(readTemplateWorkbook(raw, templateContext, template), AUDIT_IMPORT.rowSchema);
        else expectReading(readRatingWorkbook(raw, { ...templateContext, scaleValues: [0, 1, 2, 3] }), SELF_ASSESSMENT_IMPORT.rowSchema);
      }),
      fuzzRuns(150),
    );
  });
});

// ─── The .xlsx archive ─────────────────────────────────────────────────────────────────────────────────────

async function smallWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEETS.ratings.fr);
  for (const row of selfWorkbook.sheets[0]!.rows) sheet.addRow(row.cells);
  const aboutSheet = workbook.addWorksheet(SHEETS.about.fr, { state: "hidden" });
  for (const row of selfWorkbook.sheets[1]!.rows) aboutSheet.addRow(row.cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The import's steps on uploaded bytes: unpack with the cap, rebuild, read with exceljs (a throw there is "not a template"). */
async function readUpload(bytes: Uint8Array): Promise<"refused" | "not_template" | RawWorkbook> {
  const unpacked = await unpackZip(bytes, WORKBOOK_MAX_UNPACKED_BYTES);
  if (!unpacked.ok) return "refused";
  try {
    return await readWorkbook(zipArchive(unpacked.entries));
  } catch {
    return "not_template";
  }
}

describe("regressions found by fuzzing", () => {
  it("reads a date-formatted cell holding a number out of range (an Invalid Date from exceljs) as a wrong value, without throwing", () => {
    const workbook = structuredClone(selfWorkbook);
    workbook.sheets[0]!.rows[1]!.cells[4] = new Date(Number.NaN);
    const reading = readRatingWorkbook(workbook, { ...templateContext, scaleValues: [0, 1, 2, 3] });
    expect(reading).toMatchObject({ ok: true, errors: [{ line: 2, code: "1.1.1", problem: "rating_off_scale", value: "Invalid Date" }] });
  });
});

describe("the .xlsx reading under damaged archives and random bytes", () => {
  it("unpacks, refuses or reads; exceljs's own failures stay inside the import step", { timeout: 30_000 }, async () => {
    const original = await smallWorkbook();
    const unpacked = await unpackZip(original, WORKBOOK_MAX_UNPACKED_BYTES);
    if (!unpacked.ok) throw new Error("the sample workbook does not unpack");
    const damage = fc.record({
      entry: fc.nat(),
      how: fc.constantFrom("truncate", "flip", "insert", "replace"),
      at: fc.nat(),
      text: fc.oneof(hostileText, fc.constantFrom("<", "</row>", "<c r=\"ZZZZ99999999\"><v>1</v></c>", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "&a;", "<?xml", "]]>", "\uFFFF")),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: fc.array(damage, { minLength: 1, maxLength: 3 }).map((d) => ({ damage: d })) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ bytes })) }), async (input) => {
        let bytes: Uint8Array;
        if ("bytes" in input) bytes = input.bytes;
        else {
          const entries = unpacked.entries.map((e) => ({ name: e.name, data: Buffer.from(e.data) }));
          for (const d of input.damage) {
            const entry = entries[d.entry % entries.length]!;
            const at = d.at % (entry.data.length + 1);
            const text = Buffer.from(d.text);
            entry.data =
              d.how === "truncate"
                ? entry.data.subarray(0, at)
                : d.how === "flip"
                  ? Buffer.from(entry.data.map((b, i) => (i === at ? b ^ 0xff : b)))
                  : d.how === "insert"
                    ? Buffer.concat([entry.data.subarray(0, at), text, entry.data.subarray(at)])
                    : Buffer.concat([entry.data.subarray(0, at), text, entry.data.subarray(at + text.length)]);
          }
          bytes = zipArchive(entries, { deflate: true });
        }
        const read = await readUpload(bytes);
        if (typeof read === "object") readRatingWorkbook(read, { ...templateContext, scaleValues: [0, 1, 2, 3] });
      }),
      fuzzRuns(60),
    );
  });
});
