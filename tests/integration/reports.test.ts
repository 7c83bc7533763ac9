// Self-assessment report (page, PDF), XLSX export and the import of ratings prepared offline, over HTTP against
// the built app (PGlite, and PostgreSQL when configured).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTeamMembers, auditTrailEvents, auditVisits, evidenceFiles, labellingProcesses, ratingImports, selfAssessmentRatings, users } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { RATING_ENTITY } from "#app/services/process/self-assessment.server.ts";
import { discardExpiredImports } from "#app/services/process/rating-workbook.server.ts";
import { unpackZip } from "#app/services/platform/zip.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { minimalPdf, withDeclaredSize, zip } from "#tests/support/evidence-fixtures.ts";
import { pdfText } from "#tests/support/pdf-text.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-reports-it-"));
let server: TestServer;
let db: Db;
let processId: string;
let fann: TestBrowser;
let fannEn: TestBrowser;
let touba: TestBrowser;

beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  db = server.database.db;
  await importShippedReferentials(db);
  processId = (await seedDemoProcess(db, { storage: folderStorage(uploadsDir) }))!.processId;
  fann = new TestBrowser(server.baseUrl);
  await fann.login("fann@label.example.org");
  fannEn = new TestBrowser(server.baseUrl, { language: "en-GB,en;q=0.9", lng: "en" });
  await fannEn.login("aissatou@label.example.org");
  touba = new TestBrowser(server.baseUrl);
  await touba.login("touba@label.example.org");
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const base = () => `/processes/${processId}`;

/** Every rating of the process: criterion code → rating, justification, version. */
async function ratingsNow() {
  const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
  const frozen = await getFrozenVersion(db, process!.referentialVersionId);
  const rows = await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
  return new Map(rows.map((r) => [frozen.criterionCodes.get(r.criterionId)!, { rating: r.rating, justification: r.justification, version: r.version }]));
}

async function exportWorkbook(browser: TestBrowser = fann): Promise<ExcelJS.Workbook> {
  const response = await browser.get(`${base()}/export.xlsx`);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** The Ratings sheet's row of a criterion, and a setter by column header key. */
function rowOf(workbook: ExcelJS.Workbook, code: string) {
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(header.indexOf("Code")).value === code) found = row;
  });
  if (!found) throw new Error(`no row for ${code}`);
  const column = (name: string) => header.findIndex((h) => h === name);
  return {
    set(values: { rating?: string | number; justification?: string }) {
      const ratingColumn = Math.max(column("Cotation"), column("Rating"));
      if (values.rating !== undefined) found!.getCell(ratingColumn).value = values.rating;
      if (values.justification !== undefined) found!.getCell(column("Justification")).value = values.justification;
    },
  };
}

async function upload(browser: TestBrowser, bytes: Uint8Array | ArrayBuffer, name = "cotations.xlsx") {
  const form = new FormData();
  form.set("csrf", browser.cookie("label_csrf") ?? "");
  form.set("file", new Blob([new Uint8Array(bytes as ArrayBuffer)], { type: "application/octet-stream" }), name);
  return browser.request(`${base()}/import`, { method: "POST", body: form });
}

async function bytesOf(workbook: ExcelJS.Workbook) {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Uploads, follows the redirect to the preview; returns the preview page and its confirmation fields. */
async function preview(browser: TestBrowser, bytes: Uint8Array) {
  const response = await upload(browser, bytes);
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/\/import\?import=[0-9a-f-]{36}$/);
  const page = await readPage(await browser.get(location));
  const importId = /name="importId" value="([^"]+)"/.exec(page)?.[1] ?? null;
  const digest = /name="digest" value="([^"]+)"/.exec(page)?.[1] ?? null;
  return { page, importId, digest, location };
}

describe("the self-assessment report", () => {
  it("is a PDF in the reader's language with the hospital, the chapters, the justifications and the action plan", async () => {
    const response = await fann.get(`${base()}/report.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="CNHU-de-Fann-2024-rapport-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain("Rapport d'auto-évaluation");
    expect(text).toContain("CNHU de Fann");
    expect(text).toContain("Dakar, Sénégal");
    expect(text).toContain("Prévention et contrôle des infections");
    expect(text).toMatch(/Résultat provisoire — \d+ % des critères cotés/);
    expect(text).toContain("n'est pas un label");
    // A justification the team wrote, and an evidence file and an action of the plan.
    const some = [...(await ratingsNow()).values()].find((r) => r.justification.length > 40)!;
    expect(text).toContain(some.justification.slice(0, 40).replace(/\s+/g, " "));
    expect(text).toContain("Procédure hygiène des mains 2024.pdf");
    expect(text).toContain("Plan d'actions");
    expect(text).toContain("Réaliser un audit d'observance");
    expect(text).toMatch(/Page 1 sur \d+/);

    const en = pdfText(Buffer.from(await (await fannEn.get(`${base()}/report.pdf`)).arrayBuffer()));
    expect(en).toContain("Self-assessment report");
    expect(en).toContain("CNHU de Fann");
    expect(en).toContain("Infection prevention and control");
    expect(en).toContain("Dakar, Senegal");
    expect(en).not.toContain("Prévention et contrôle des infections");
    expect(en).toMatch(/Page 1 of \d+/);
  });

  it("keeps a very long justification inside the page", async () => {
    const longWord = "x".repeat(300);
    const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
    const frozen = await getFrozenVersion(db, process!.referentialVersionId);
    const before = (await ratingsNow()).get("13.1.1");
    const id = frozen.criterionIds.get("13.1.1")!;
    const text = `Justification très longue ${longWord} ${"mot ".repeat(1200)}fin-du-texte`;
    await db.insert(selfAssessmentRatings).values({ processId, criterionId: id, rating: "1", justification: text, version: 1, updatedBy: (await db.select({ id: users.id }).from(users).where(eq(users.email, "fann@label.example.org")))[0]!.id }).onConflictDoUpdate({
      target: [selfAssessmentRatings.processId, selfAssessmentRatings.criterionId],
      // As a save does: a new version (the pages' cache of ratings is keyed by it).
      set: { justification: text, version: sql`${selfAssessmentRatings.version} + 1` },
    });
    try {
      const pdf = pdfText(Buffer.from(await (await fann.get(`${base()}/report.pdf`)).arrayBuffer()));
      expect(pdf).toContain("fin-du-texte");
      expect(pdf).toContain("x".repeat(40));
    } finally {
      if (before) await db.update(selfAssessmentRatings).set({ justification: before.justification, rating: before.rating, version: sql`${selfAssessmentRatings.version} + 1` }).where(and(eq(selfAssessmentRatings.processId, processId), eq(selfAssessmentRatings.criterionId, id)));
      else await db.delete(selfAssessmentRatings).where(and(eq(selfAssessmentRatings.processId, processId), eq(selfAssessmentRatings.criterionId, id)));
    }
  });

  it("is a printable page with the same content, linked from the overview", async () => {
    const overview = await readPage(await fann.get(base()));
    expect(overview).toContain(`href="${base()}/report"`);
    expect(overview).toContain(`href="${base()}/report.pdf"`);
    expect(overview).toContain(`href="${base()}/export.xlsx"`);
    expect(overview).toContain(`href="${base()}/import"`);
    const page = await readPage(await fann.get(`${base()}/report`));
    expect(page).toContain("<h1>Rapport d'auto-évaluation — CNHU de Fann</h1>");
    expect(page).toContain("Prévention et contrôle des infections");
    expect(page).toContain("Procédure hygiène des mains 2024.pdf");
    expect(page).toContain("n'est pas un label");
    expect(page).toContain("Former les cadres de santé");
  });

  it("is for the hospital's team and the DRI only: another hospital gets 404 everywhere", async () => {
    const admin = new TestBrowser(server.baseUrl);
    await admin.login("admin@label.example.org");
    for (const path of ["/report", "/report.pdf", "/export.xlsx"]) expect((await admin.get(`${base()}${path}`)).status, path).toBe(200);
    for (const path of ["/report", "/report.pdf", "/export.xlsx", "/import"]) expect((await touba.get(`${base()}${path}`)).status, path).toBe(404);
    const workbook = await exportWorkbook();
    expect((await upload(touba, await bytesOf(workbook))).status).toBe(404);
    expect((await touba.post(`${base()}/import`, { intent: "confirm", importId: crypto.randomUUID(), digest: "x" })).status).toBe(404);
    // The DRI reads but does not import.
    expect((await upload(admin, await bytesOf(workbook))).status).toBe(403);
    expect((await db.select({ n: count() }).from(ratingImports))[0]!.n).toBe(0);
  });
});

describe("the XLSX export", () => {
  it("has the ratings (with the scale as a list, N/A only where allowed), the action plan and a hidden About sheet", async () => {
    const workbook = await exportWorkbook();
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Cotations", "Plan d'actions", "À propos"]);
    const [ratings, actions, about] = workbook.worksheets;
    expect((ratings!.getRow(1).values as unknown[]).slice(1, 9)).toEqual(["Chapitre", "Code", "Niveau d'exigence", "Critère", "Cotation", "Justification", "Dernière modification", "Modifiée par"]);
    expect(ratings!.getColumn(9).hidden).toBe(true);
    expect(ratings!.rowCount).toBe(1 + 136);
    const frozen = await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.referentialVersionId);
    const critical = frozen.prepared.criteria.find((c) => c.tier === "critical")!;
    const naAllowed = frozen.prepared.criteria.find((c) => c.naAllowed)!;
    const validation = (code: string) => {
      let list: string | undefined;
      ratings!.eachRow((row) => {
        if (row.getCell(2).value === code) list = row.getCell(5).dataValidation?.formulae?.[0] as string;
      });
      return list;
    };
    expect(validation(critical.code)).toBe('"3,2,1,0"');
    expect(validation(naAllowed.code)).toBe('"3,2,1,0,NA"');
    expect(actions!.rowCount).toBe(1 + 6);
    expect(about!.state).toBe("hidden");
    const aboutValues = new Map<string, string>();
    about!.eachRow((row) => aboutValues.set(String(row.getCell(1).value), String(row.getCell(2).value)));
    expect(aboutValues.get("processId")).toBe(processId);
    expect(aboutValues.get("referentialVersion")).toBe("2024");

    const english = await exportWorkbook(fannEn);
    expect(english.worksheets.map((s) => s.name)).toEqual(["Ratings", "Action plan", "About"]);
  });
});

describe("importing ratings prepared offline", () => {
  it("changes nothing when an export is imported back as it is (in either language)", async () => {
    const before = await ratingsNow();
    for (const browser of [fann, fannEn]) {
      const { page, importId } = await preview(browser, await bytesOf(await exportWorkbook(browser)));
      expect(page).toMatch(/À modifier : 0 · Sans changement : 136 · En conflit : 0|To change: 0 · Unchanged: 136 · In conflict: 0/);
      expect(importId).toBeNull(); // no confirm button
    }
    expect(await ratingsNow()).toEqual(before);
  });

  it("imports the edited rows in one go, with their history, and they show on the criterion page", async () => {
    const workbook = await exportWorkbook();
    const before = await ratingsNow();
    const unrated = (await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.referentialVersionId)).prepared.criteria.find(
      (c) => !before.has(c.code) && c.tier !== "critical",
    )!;
    const rated = [...before.entries()].find(([, r]) => r.rating === "2")![0];
    rowOf(workbook, unrated.code).set({ rating: 1, justification: "Préparé hors ligne en réunion qualité : pratique encore hétérogène." });
    rowOf(workbook, rated).set({ rating: "3", justification: "Conforme après l'audit de mai." });

    const { page, importId, digest } = await preview(fann, await bytesOf(workbook));
    expect(page).toContain("À modifier : 2 · Sans changement : 134 · En conflit : 0");
    expect(page).toContain("Préparé hors ligne en réunion qualité");
    expect(importId).not.toBeNull();
    // Nothing is written before the confirmation.
    expect(await ratingsNow()).toEqual(before);

    const confirmed = await fann.post(`${base()}/import`, { intent: "confirm", importId: importId!, digest: digest! });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe(`${base()}/import?applied=2`);
    expect(await readPage(await fann.get(confirmed.headers.get("location")!))).toContain("2 cotations importées.");
    const after = await ratingsNow();
    expect(after.get(unrated.code)).toEqual({ rating: "1", justification: "Préparé hors ligne en réunion qualité : pratique encore hétérogène.", version: 1 });
    expect(after.get(rated)).toEqual({ rating: "3", justification: "Conforme après l'audit de mai.", version: before.get(rated)!.version + 1 });

    const criterionPage = await readPage(await fann.get(`${base()}/criteria/${unrated.code}`));
    expect(criterionPage).toContain("1 · Partiellement conforme");
    expect(criterionPage).toContain("Préparé hors ligne en réunion qualité");
    const history = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, RATING_ENTITY), eq(auditTrailEvents.entityId, `${processId}:${rated}`)));
    expect(history.find((h) => h.action === "rating.import")?.changes).toMatchObject({ rating: { from: "2", to: "3" } });

    // Applied at most once.
    const again = await fann.post(`${base()}/import`, { intent: "confirm", importId: importId!, digest: digest! });
    expect(again.headers.get("location")).toBe(`${base()}/import?applied=already`);
    expect(await ratingsNow()).toEqual(after);
    const [staged] = await db.select().from(ratingImports).where(eq(ratingImports.id, importId!));
    expect(staged!.appliedAt).not.toBeNull();
  });

  it("refuses a row whose rating changed in the app since the export, and never overwrites it", async () => {
    const workbook = await exportWorkbook();
    const before = await ratingsNow();
    const [[conflicting], [other]] = [[...before.entries()].filter(([, r]) => r.rating === "3").map(([c]) => c), [...before.entries()].filter(([, r]) => r.rating === "1").map(([c]) => c)];
    // A colleague saves the criterion in the app after the export.
    const saved = await fann.post(`${base()}/criteria/${conflicting}`, { rating: "2", justification: "Revu en ligne par une collègue.", baseVersion: String(before.get(conflicting!)!.version) });
    expect(saved.status).toBe(302);
    rowOf(workbook, conflicting!).set({ rating: 0, justification: "Version hors ligne." });
    rowOf(workbook, other!).set({ rating: 2, justification: "Amélioration constatée." });

    const { page, importId, digest } = await preview(fann, await bytesOf(workbook));
    expect(page).toContain("À modifier : 1 · Sans changement : 134 · En conflit : 1");
    expect(page).toContain("Revu en ligne par une collègue.");
    expect(page).toContain("Version hors ligne.");
    await fann.post(`${base()}/import`, { intent: "confirm", importId: importId!, digest: digest! });
    const after = await ratingsNow();
    expect(after.get(conflicting!)).toMatchObject({ rating: "2", justification: "Revu en ligne par une collègue." });
    expect(after.get(other!)).toMatchObject({ rating: "2", justification: "Amélioration constatée." });
  });

  it("imports nothing when a row became conflicting between the preview and the confirmation, and shows the new preview", async () => {
    const workbook = await exportWorkbook();
    const before = await ratingsNow();
    const [first, second] = [...before.entries()].filter(([, r]) => r.rating === "3").map(([c]) => c);
    rowOf(workbook, first!).set({ rating: 2, justification: "Un écart relevé." });
    rowOf(workbook, second!).set({ rating: 2, justification: "Un autre écart relevé." });
    const { importId, digest } = await preview(fann, await bytesOf(workbook));
    const saved = await fann.post(`${base()}/criteria/${second}`, { rating: "1", justification: "Changé entre-temps.", baseVersion: String(before.get(second!)!.version) });
    expect(saved.status).toBe(302);
    const middle = await ratingsNow();

    const confirmed = await fann.post(`${base()}/import`, { intent: "confirm", importId: importId!, digest: digest! });
    expect(confirmed.headers.get("location")).toBe(`${base()}/import?import=${importId}&changed=1`);
    expect(await ratingsNow()).toEqual(middle);
    const page = await readPage(await fann.get(confirmed.headers.get("location")!));
    expect(page).toContain("rien n'a été importé");
    expect(page).toContain("À modifier : 1 · Sans changement : 134 · En conflit : 1");
  });

  it("lists every invalid row with its number, and imports nothing", async () => {
    const workbook = await exportWorkbook();
    const frozen = await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.referentialVersionId);
    const critical = frozen.prepared.criteria.find((c) => c.tier === "critical")!.code;
    const core = frozen.prepared.criteria.find((c) => c.tier === "core" && !c.naAllowed)!.code;
    const fine = frozen.prepared.criteria.find((c) => c.tier === "advanced")!.code;
    rowOf(workbook, critical).set({ rating: 5, justification: "Hors échelle" });
    rowOf(workbook, core).set({ rating: "NA", justification: "Pas concerné" });
    rowOf(workbook, fine).set({ rating: 3, justification: "Valide, mais le fichier ne l'est pas." });
    const before = await ratingsNow();
    const response = await upload(fann, await bytesOf(workbook));
    expect(response.status).toBe(422);
    const page = await readPage(response);
    expect(page).toContain("2 erreurs dans le fichier : rien ne sera importé.");
    expect(page).toMatch(new RegExp(`Ligne \\d+</td><td>${critical.replaceAll(".", "\\.")}</td><td>La cotation « 5 » ne fait pas partie de l'échelle.`));
    expect(page).toMatch(new RegExp(`Ligne \\d+</td><td>${core.replaceAll(".", "\\.")}</td><td>« Non applicable » n'est pas permis pour ce critère.`));
    expect(page).toContain("Rien ne peut être importé tant que le fichier contient une erreur");
    expect(page).not.toContain('name="importId"');
    expect(await ratingsNow()).toEqual(before);

    const english = await upload(fannEn, await bytesOf(workbook));
    expect(await readPage(english)).toContain("Rating \"5\" is not on the scale.");
  });

  it("refuses what is not the template: another file type, a workbook without its About sheet", async () => {
    const staged = async () => (await db.select({ n: count() }).from(ratingImports))[0]!.n;
    const stagedBefore = await staged();
    const pdf = await upload(fann, minimalPdf(["not a workbook"]), "cotations.pdf");
    expect(pdf.status).toBe(415);
    expect(await readPage(pdf)).toContain("Ce fichier n'est pas un classeur Excel (.xlsx).");
    const workbook = await exportWorkbook();
    workbook.removeWorksheet(workbook.worksheets[2]!.id);
    const response = await upload(fann, await bytesOf(workbook));
    expect(response.status).toBe(422);
    expect(await readPage(response)).toContain("Ce fichier n'est pas le classeur de cotations exporté par l'application");
    const other = new ExcelJS.Workbook();
    other.addWorksheet("Feuil1").addRow(["Code", "Cotation"]);
    expect((await upload(fann, await bytesOf(other))).status).toBe(422);
    expect(await staged()).toBe(stagedBefore);
  });

  it("refuses a workbook that would unpack to more than the limit, before unpacking it", async () => {
    const bytes = Buffer.from(await bytesOf(await exportWorkbook()));
    // Make the central directory declare one entry as ~2 GiB unpacked (what a crafted "ZIP bomb" declares).
    const entry = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(entry).toBeGreaterThan(0);
    bytes.writeUInt32LE(0x7fffffff, entry + 24);
    const response = await upload(fann, bytes);
    expect(response.status).toBe(413);
    expect(await readPage(response)).toContain("Ce classeur est trop volumineux une fois décompressé");
  });

  it("refuses a workbook whose archive lies about its sizes, judged on what it really inflates", async () => {
    const staged = async () => (await db.select({ n: count() }).from(ratingImports))[0]!.n;
    const stagedBefore = await staged();
    const unpacked = await unpackZip(await bytesOf(await exportWorkbook()), 40 * 1024 * 1024);
    if (!unpacked.ok) throw new Error("the export is not an archive");
    // The ratings sheet followed by 60 MB of blanks (still well-formed XML), declared at its real, small size.
    const sheet = "xl/worksheets/sheet1.xml";
    const entries = unpacked.entries.map((e): [string, Uint8Array] => [e.name, e.name === sheet ? Buffer.concat([e.data, Buffer.alloc(60 * 1024 * 1024, 0x20)]) : e.data]);
    const original = unpacked.entries.find((e) => e.name === sheet)!.data.length;
    const bomb = withDeclaredSize(zip(entries, { deflate: true }), sheet, original);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await upload(fann, bomb);
    expect(response.status).toBe(415);
    expect(await readPage(response)).toContain("Ce fichier n'est pas un classeur Excel (.xlsx).");
    expect(await staged()).toBe(stagedBefore);
  });

  it("writes text that starts like a formula so that no spreadsheet runs it, and reads it back unchanged", async () => {
    const before = await ratingsNow();
    const [code, other] = [...before.entries()].filter(([, r]) => r.rating === "2").map(([c]) => c);
    const saved = await fann.post(`${base()}/criteria/${code}`, { rating: "2", justification: "-3 % since 2024", baseVersion: String(before.get(code!)!.version) });
    expect(saved.status).toBe(302);
    const planned = await fann.post(`${base()}/actions`, { intent: "create", criterion: code!, title: '=HYPERLINK("https://example.org","Ouvrir")', owner: "@qualité" });
    expect(planned.status).toBe(302);

    const workbook = await exportWorkbook();
    const risky: string[] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula || (typeof cell.value === "string" && /^[=+\-@\t\r]/.test(cell.value))) risky.push(`${sheet.name}!${cell.address}`);
        }),
      );
    }
    expect(risky).toEqual([]);
    const texts = (sheet: ExcelJS.Worksheet) => {
      const found: unknown[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => found.push(cell.value)));
      return found;
    };
    expect(texts(workbook.worksheets[0]!)).toContain("'-3 % since 2024");
    expect(texts(workbook.worksheets[1]!)).toEqual(expect.arrayContaining([`'=HYPERLINK("https://example.org","Ouvrir")`, "'@qualité"]));

    // Imported back as it is, nothing changes; edited (apostrophe kept, or removed as Excel does), the text is the text.
    expect((await preview(fann, await bytesOf(workbook))).page).toContain("À modifier : 0 · Sans changement : 136 · En conflit : 0");
    rowOf(workbook, code!).set({ justification: "'-3 % since 2024, -5 % expected" });
    rowOf(workbook, other!).set({ justification: "+2 audits planned" });
    const { importId, digest } = await preview(fann, await bytesOf(workbook));
    await fann.post(`${base()}/import`, { intent: "confirm", importId: importId!, digest: digest! });
    const after = await ratingsNow();
    expect(after.get(code!)?.justification).toBe("-3 % since 2024, -5 % expected");
    expect(after.get(other!)?.justification).toBe("+2 audits planned");
  });

  it("forgets previews never confirmed after a day, and keeps applied imports", async () => {
    const workbook = await exportWorkbook();
    const [code, current] = [...(await ratingsNow()).entries()].find(([, r]) => r.rating === "2")!;
    rowOf(workbook, code).set({ rating: "2", justification: `${current.justification} (relu en réunion)` });
    const { importId } = await preview(fann, await bytesOf(workbook));
    expect(importId).not.toBeNull();
    const applied = (await db.select({ id: ratingImports.id }).from(ratingImports).where(isNotNull(ratingImports.appliedAt))).map((r) => r.id);
    expect(applied.length).toBeGreaterThan(0);
    // Nothing is forgotten before its day is over.
    await discardExpiredImports(db);
    expect((await db.select().from(ratingImports).where(eq(ratingImports.id, importId!))).length).toBe(1);

    await discardExpiredImports(db, new Date(Date.now() + 25 * 60 * 60 * 1000));
    expect(await db.select().from(ratingImports).where(eq(ratingImports.id, importId!))).toEqual([]);
    const kept = (await db.select({ id: ratingImports.id }).from(ratingImports).where(isNotNull(ratingImports.appliedAt))).map((r) => r.id);
    expect(kept.sort()).toEqual(applied.sort());
    // The expired preview's confirmation page is gone.
    expect((await fann.get(`${base()}/import?import=${importId}`)).status).toBe(404);
  });

  it("is refused once the self-assessment is submitted", async () => {
    const workbook = await exportWorkbook();
    const before = await ratingsNow();
    const staged = await preview(fann, await bytesOf((() => (rowOf(workbook, [...before.keys()][0]!).set({ rating: 0, justification: "Avant soumission." }), workbook))()));
    await db.update(labellingProcesses).set({ state: "submitted" }).where(eq(labellingProcesses.id, processId));
    const response = await upload(fann, await bytesOf(workbook));
    expect(response.status).toBe(409);
    expect(await readPage(response)).toContain("L'auto-évaluation n'est plus modifiable : l'import est refusé.");
    const confirm = await fann.post(`${base()}/import`, { intent: "confirm", importId: staged.importId!, digest: staged.digest! });
    expect(confirm.status).toBe(409);
    expect(await ratingsNow()).toEqual(before);
    const page = await readPage(await fann.get(`${base()}/import`));
    expect(page).toContain("tant que l'auto-évaluation est modifiable");
    expect(page).not.toContain('type="file"');
  });
});

describe("auditors preparing a visit", () => {
  it("read a self-assessment once it is handed in and they are on the visit's team (report, PDF, workbook, evidence), never while in progress or off the team, and change nothing", async () => {
    const auditor = new TestBrowser(server.baseUrl);
    await auditor.login("auditeur@label.example.org");
    const [file] = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(and(eq(evidenceFiles.processId, processId), isNull(evidenceFiles.deletedAt))).limit(1);
    const readable = [base(), `${base()}/report`, `${base()}/report.pdf`, `${base()}/export.xlsx`, `${base()}/criteria/1.1.1`, `${base()}/evidence/${file!.id}`];

    await db.update(labellingProcesses).set({ state: "self_assessment" }).where(eq(labellingProcesses.id, processId));
    expect(await readPage(await auditor.get("/processes"))).not.toContain("CNHU de Fann");
    for (const path of readable) expect((await auditor.get(path)).status, path).toBe(404);

    await db.update(labellingProcesses).set({ state: "submitted" }).where(eq(labellingProcesses.id, processId));
    // Handed in, but this auditor is on no team of it yet: the process does not exist for them.
    expect(await readPage(await auditor.get("/processes"))).not.toContain("CNHU de Fann");
    for (const path of readable) expect((await auditor.get(path)).status, path).toBe(404);

    const [auditorRow] = await db.select({ id: users.id }).from(users).where(eq(users.email, "auditeur@label.example.org"));
    await db.insert(auditVisits).values({ processId, startsOn: "2027-02-01", endsOn: "2027-02-03" });
    await db.insert(auditTeamMembers).values({ processId, userId: auditorRow!.id, role: "co_auditor" });
    const home = await readPage(await auditor.get("/"));
    expect(home).toContain("Les auto-évaluations remises par les établissements, en lecture seule");
    expect(await readPage(await auditor.get("/processes"))).toContain("CNHU de Fann");
    for (const path of readable) expect((await auditor.get(path)).status, path).toBe(200);
    expect(pdfText(Buffer.from(await (await auditor.get(`${base()}/report.pdf`)).arrayBuffer()))).toContain("CNHU de Fann");

    const before = await ratingsNow();
    const workbook = await exportWorkbook(auditor);
    expect((await upload(auditor, await bytesOf(workbook))).status).toBe(403);
    expect((await auditor.post(`${base()}/criteria/1.1.1/rating`, { rating: "0", justification: "Auditeur", baseVersion: "1" })).status).toBeGreaterThanOrEqual(403);
    expect((await auditor.post(`${base()}/actions`, { intent: "create", criterion: "1.1.1", title: "Action de l'auditeur" })).status).toBe(403);
    expect(await ratingsNow()).toEqual(before);
  });
});
