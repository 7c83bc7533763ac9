// Fuzzing the imports against a real database: referential versions (the import service), the registry's CSV and
// the self-assessment and audit workbooks (through HTTP, upload → preview → confirm, as a browser does). Properties: a typed
// answer, never a 500 or an exception; and no partial write: after a refused import the whole database is as it
// was (every table's rows compared, the request's own bookkeeping aside — its session, rate limits).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
import { importReferential, importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { fuzzRuns, hostileText, mutate, mutations } from "#tests/support/fuzz.ts";
import { REQUEST_BOOKKEEPING, snapshot } from "#tests/support/fuzz-db.ts";
import { LEAD_EMAIL, scheduleVisitOf } from "#tests/support/audit-visit.ts";
import { signedInAs, TestBrowser, type TestServer, startTestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-fuzz-imports-it-"));
let server: TestServer;
let processId: string;
let fann: TestBrowser;
let admin: TestBrowser;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  await importShippedReferentials(server.database.db);
  await ensureRegistry(server.database.db);
  processId = (await seedDemoProcess(server.database.db, { storage: folderStorage(uploadsDir) }))!.processId;
  fann = await signedInAs(server.baseUrl, "fann@label.example.org");
  admin = await signedInAs(server.baseUrl, "admin@label.example.org");
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const db = () => server.database.db;
const unchanged = async (before: Awaited<ReturnType<typeof snapshot>>, except: readonly string[] = REQUEST_BOOKKEEPING) => expect(await snapshot(db(), except)).toEqual(before);

describe("referential import", () => {
  // A small version of its own code, so that what the fuzzer imports never meets the shipped ones.
  const base = makeVersion({ code: "fuzz-qss", chapters: [[["critical", "core", { tier: "core", na_allowed: true }], ["advanced"]], [["core"]]] });

  it("imports a mutated version or refuses it with problems, and a refusal writes nothing", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(mutations(3), fc.boolean(), async (changes, asJson) => {
        const doc = mutate(base, changes);
        const text = asJson ? JSON.stringify(doc) : stringify(doc);
        const before = await snapshot(db());
        const result = await importReferential(db(), text);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          await unchanged(before, []);
        }
      }),
      fuzzRuns(12),
    );
  });
});

describe("registry CSV import", () => {
  const exported = async () => new Uint8Array(await (await admin.get("/cooperations/export.csv")).arrayBuffer());

  /** The exported file with some cells replaced (hostile text, separators, quotes), rows dropped or added. */
  const csvEdits = fc.array(
    fc.record({ row: fc.nat(), column: fc.nat(50), value: fc.oneof(hostileText, fc.constantFrom('"', ";", "\r\n", "", "yes", "2024", "-1", "99999999999", "x | y", "00000000-0000-4000-8000-000000000000")) }),
    { minLength: 1, maxLength: 6 },
  );
  const edit = (csv: Uint8Array, edits: { row: number; column: number; value: string }[]) => {
    const lines = new TextDecoder().decode(csv).split("\r\n");
    for (const e of edits) {
      const at = 1 + (e.row % Math.max(1, lines.length - 2));
      const cells = lines[at]!.split(";");
      cells[e.column % cells.length] = e.value;
      lines[at] = cells.join(";");
    }
    return new TextEncoder().encode(lines.join("\r\n"));
  };
  const upload = (bytes: Uint8Array) => {
    const form = new FormData();
    form.set("csrf", admin.cookie("label_csrf") ?? "");
    form.set("file", new Blob([new Uint8Array(bytes)], { type: "text/csv" }), "projets.csv");
    return admin.request("/cooperations/import", { method: "POST", body: form });
  };

  it("previews a mutated export without a 500 and writes nothing", { timeout: 60_000 }, async () => {
    const csv = await exported();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: csvEdits.map((e) => edit(csv, e)) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) }), async (bytes) => {
        const before = await snapshot(db(), REQUEST_BOOKKEEPING);
        const response = await upload(bytes);
        await response.body?.cancel();
        expect(response.status).toBeLessThan(500);
        await unchanged(before);
      }),
      fuzzRuns(10),
    );
  });

  it("confirms a mutated file all or nothing: a refused one writes nothing", { timeout: 60_000 }, async () => {
    const csv = await exported();
    await fc.assert(
      fc.asyncProperty(csvEdits, async (edits) => {
        const before = await snapshot(db(), REQUEST_BOOKKEEPING);
        const content = Buffer.from(edit(csv, edits)).toString("base64");
        const response = await admin.post("/cooperations/import", { intent: "confirm", content });
        await response.body?.cancel();
        expect(response.status).toBeLessThan(500);
        if (response.status !== 200) await unchanged(before);
      }),
      fuzzRuns(10),
    );
  });
});

/**
 * The workbook round trip of a rater (`base`: the self-assessment's or the audit's pages), fuzzed: its export edited
 * cell by cell (or random bytes) uploaded, previewed, confirmed when it was staged; and hostile confirmations.
 */
function fuzzWorkbookImport(as: () => TestBrowser, base: () => string) {
  const here = () => `${base()}/import`;
  let template: ArrayBuffer;
  beforeAll(async () => {
    template = await (await as().get(`${base()}/export.xlsx`)).arrayBuffer();
  });

  /** Cell values exceljs writes: text, numbers (some date-formatted), booleans, dates, rich text, formulas, links, errors. */
  const cellValue = fc.oneof(
    hostileText.map((v): ExcelJS.CellValue => v),
    fc.constantFrom<ExcelJS.CellValue>(null, 0, 2, 3, 9, -1, 2.5, 1e20, true, new Date(0), "NA", "3 · Conforme", "2,0"),
    hostileText.map((text): ExcelJS.CellValue => ({ richText: [{ text }] })),
    hostileText.map((text): ExcelJS.CellValue => ({ formula: "A1", result: text }) as ExcelJS.CellValue),
    hostileText.map((text): ExcelJS.CellValue => ({ text, hyperlink: "javascript:alert(1)" })),
    fc.constant<ExcelJS.CellValue>({ error: "#N/A" } as ExcelJS.CellValue),
  );
  const workbookEdit = fc.record({
    sheet: fc.nat(3),
    row: fc.nat(200),
    column: fc.integer({ min: 1, max: 16 }),
    value: cellValue,
    dateFormat: fc.boolean(),
    rename: fc.option(fc.constantFrom("Ratings", "Cotations", "À propos", "x", "Feuil1"), { freq: 10 }),
  });

  async function edited(edits: { sheet: number; row: number; column: number; value: ExcelJS.CellValue; dateFormat: boolean; rename: string | null }[]) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template);
    for (const e of edits) {
      const sheet = workbook.worksheets[e.sheet % workbook.worksheets.length]!;
      const cell = sheet.getCell(1 + (e.row % (sheet.rowCount + 2)), e.column);
      cell.value = e.value;
      // A style of its own: exceljs shares style objects between cells, and `cell.numFmt =` would change them all.
      if (e.dateFormat) cell.style = { ...cell.style, numFmt: "dd/mm/yyyy" };
      if (e.rename && !workbook.worksheets.some((s) => s.name === e.rename)) sheet.name = e.rename;
    }
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  const upload = (bytes: Uint8Array) => {
    const form = new FormData();
    form.set("csrf", as().cookie("label_csrf") ?? "");
    form.set("file", new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }), "cotations.xlsx");
    return as().request(here(), { method: "POST", body: form });
  };

  it("previews an edited workbook or random bytes without a 500; a refused file writes nothing, an accepted one only stages it", { timeout: 90_000 }, async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: fc.array(workbookEdit, { minLength: 1, maxLength: 6 }).map((edits) => ({ edits })) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ bytes })) }), async (input) => {
        const bytes = "bytes" in input ? input.bytes : await edited(input.edits);
        const before = await snapshot(db(), [...REQUEST_BOOKKEEPING, "rating_imports"]);
        const response = await upload(bytes);
        await response.body?.cancel();
        statuses.add(response.status);
        expect(response.status).toBeLessThan(500);
        await unchanged(before, [...REQUEST_BOOKKEEPING, "rating_imports"]);
        if (response.status === 302) {
          // A staged import: confirming it applies it whole (or, changed meanwhile, not at all); never a 500.
          const location = response.headers.get("location")!;
          const page = await (await as().get(location)).text();
          const importId = /name="importId" value="([^"]+)"/.exec(page)?.[1];
          const digest = /name="digest" value="([^"]+)"/.exec(page)?.[1];
          if (importId && digest) {
            const confirmed = await as().post(here(), { intent: "confirm", importId, digest });
            await confirmed.body?.cancel();
            expect(confirmed.status).toBeLessThan(500);
          }
        }
      }),
      fuzzRuns(10),
    );
    // The files did reach the reader (a preview with row errors), not only a refusal at the door.
    expect([...statuses]).toContain(422);
  });

  it("answers a confirmation with hostile fields without a 500 and writes nothing", { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, fc.uuid()), hostileText, async (importId, digest) => {
        const before = await snapshot(db(), REQUEST_BOOKKEEPING);
        const response = await as().post(here(), { intent: "confirm", importId, digest });
        await response.body?.cancel();
        expect(response.status).toBeLessThan(500);
        await unchanged(before);
      }),
      fuzzRuns(8),
    );
  });
}

describe("self-assessment workbook import", () => {
  fuzzWorkbookImport(
    () => fann,
    () => `/processes/${processId}`,
  );
});

describe("regressions found by fuzzing", () => {
  it("previews a workbook whose rating cell is date-formatted and out of range as a row error (was a 500)", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fann.get(`/processes/${processId}/export.xlsx`)).arrayBuffer());
    const cell = workbook.worksheets[0]!.getCell(2, 5);
    cell.value = 1e20;
    cell.style = { ...cell.style, numFmt: "dd/mm/yyyy" };
    const form = new FormData();
    form.set("csrf", fann.cookie("label_csrf") ?? "");
    form.set("file", new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())]), "cotations.xlsx");
    const response = await fann.request(`/processes/${processId}/import`, { method: "POST", body: form });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page.includes("Invalid Date"), "the row error quotes the cell").toBe(true);
  });

  it("reports an alias bomb in a referential file as a problem and writes nothing", async () => {
    const before = await snapshot(db());
    const bomb = `code: fuzz-qss\nversion: "9"\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(await importReferential(db(), bomb)).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/^YAML error: Excessive alias count/) }] });
    await unchanged(before, []);
  });
});

describe("audit workbook import", () => {
  // Last: the process moves on to its audit visit (the self-assessment above is no longer editable).
  let lead: TestBrowser;
  beforeAll(async () => {
    await scheduleVisitOf(db(), processId);
    lead = await signedInAs(server.baseUrl, LEAD_EMAIL);
  });
  fuzzWorkbookImport(
    () => lead,
    () => `/processes/${processId}/audit`,
  );
});
