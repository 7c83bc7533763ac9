// The audit workbook round trip (a fallback without a modern browser): export → fill in offline → import → preview →
// confirm, over HTTP against the built app (PGlite, and PostgreSQL when configured), on a visit scheduled through
// the services. The same import as the self-assessment's (tests/integration/reports.test.ts) with the audit's rules.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRatings, auditTrailEvents, labellingProcesses, ratingImports } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { AUDIT_RATING_ENTITY } from "#app/services/audit/audit-ratings.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { CO_AUDITOR } from "#tests/support/audit-visit.ts";
import { OUTSIDER, startVisitServer } from "#tests/support/audit-visit-test.ts";
import { readPage, signedInAs, TestBrowser, type TestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-audit-workbook-it-"));
let server: TestServer;
let db: Db;
let processId: string;
let lead: TestBrowser;
let co: TestBrowser;

beforeAll(async () => {
  ({ server, db, processId } = await startVisitServer(uploadsDir));
  lead = await as("auditeur@label.example.org");
  co = await as(CO_AUDITOR.email);
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const as = (email: string, language?: string) => signedInAs(server.baseUrl, email, language);

const audit = () => `/processes/${processId}/audit`;
const here = () => `${audit()}/import`;

async function criterionIdOf(code: string) {
  const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
  return (await getFrozenVersion(db, process!.referentialVersionId)).criterionIds.get(code)!;
}
async function stored(code: string) {
  const [row] = await db.select().from(auditRatings).where(and(eq(auditRatings.processId, processId), eq(auditRatings.criterionId, await criterionIdOf(code))));
  return row;
}
const stagedCount = async () => (await db.select({ n: count() }).from(ratingImports))[0]!.n;

async function exportWorkbook(b: TestBrowser): Promise<ExcelJS.Workbook> {
  const response = await b.get(`${audit()}/export.xlsx`);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

type AuditCells = { auditRating?: string | number; finding?: string; classification?: string; methods?: string };
const HEADERS: Record<keyof AuditCells, string[]> = {
  auditRating: ["Cotation de l'audit", "Audit rating"],
  finding: ["Constat", "Finding"],
  classification: ["Classement", "Classification"],
  methods: ["Méthodes", "Methods"],
};

/** Fills in the audit's columns of a criterion's row, whatever the workbook's language. */
function fill(workbook: ExcelJS.Workbook, code: string, values: AuditCells) {
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(header.indexOf("Code")).value === code) found = row;
  });
  if (!found) throw new Error(`no row for ${code}`);
  for (const [key, value] of Object.entries(values) as [keyof AuditCells, string | number][]) {
    found.getCell(header.findIndex((h) => HEADERS[key].includes(h))).value = value;
  }
  return workbook;
}

async function upload(b: TestBrowser, workbook: ExcelJS.Workbook, name = "cotations-audit.xlsx") {
  const form = new FormData();
  form.set("csrf", b.cookie("label_csrf") ?? "");
  form.set("file", new Blob([new Uint8Array(await workbook.xlsx.writeBuffer())], { type: "application/octet-stream" }), name);
  return b.request(here(), { method: "POST", body: form });
}

/** Uploads, follows the redirect to the preview; returns the page and its confirmation fields. */
async function preview(b: TestBrowser, workbook: ExcelJS.Workbook) {
  const response = await upload(b, workbook);
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/\/audit\/import\?import=[0-9a-f-]{36}$/);
  const page = await readPage(await b.get(location));
  return { page, importId: /name="importId" value="([^"]+)"/.exec(page)?.[1] ?? null, digest: /name="digest" value="([^"]+)"/.exec(page)?.[1] ?? null };
}

function confirm(b: TestBrowser, importId: string, digest: string) {
  const form = new URLSearchParams({ intent: "confirm", importId, digest, csrf: b.cookie("label_csrf") ?? "" });
  return b.request(here(), { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

function saveJson(b: TestBrowser, code: string, fields: Record<string, string>) {
  const form = new URLSearchParams({ ...fields, csrf: b.cookie("label_csrf") ?? "" });
  return b.request(`${audit()}/criteria/${code}/rating`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

describe("who may import the audit workbook", () => {
  it("is offered to the team beside the export; an auditor off the team and another hospital find nothing (404), the hospital waits for the report (403), the DRI reads but may not import (403)", async () => {
    const list = await readPage(await lead.get(`${audit()}/criteria`));
    expect(list).toContain(`href="${audit()}/export.xlsx"`);
    expect(list).toContain(`href="${here()}"`);
    expect(list).toContain("Importer le classeur");
    const page = await readPage(await lead.get(here()));
    expect(page).toContain("Importer le classeur de l'audit");
    expect(page).toContain('type="file"');

    const workbook = await exportWorkbook(lead);
    for (const [b, status] of [
      [await as(OUTSIDER), 404],
      [await as("touba@label.example.org"), 404],
      [await as("fann@label.example.org"), 403],
    ] as const) {
      expect((await b.get(here())).status).toBe(status);
      expect((await upload(b, workbook)).status).toBe(status);
    }
    const dri = await as("admin@label.example.org");
    expect(await readPage(await dri.get(here()))).toContain("Seuls les auditeurs de l'équipe importent");
    expect((await upload(dri, workbook)).status).toBe(403);
    expect(await stagedCount()).toBe(0);
  });
});

describe("importing audit ratings prepared offline", () => {
  it("changes nothing when the export is imported back as it is", async () => {
    const { page, importId } = await preview(lead, await exportWorkbook(lead));
    expect(page).toContain("À modifier : 0");
    expect(importId).toBeNull();
  });

  it("previews the edited rows, then writes them through the versioned save, recorded in the audit trail, and starts the visit", async () => {
    const workbook = fill(await exportWorkbook(lead), "1.1.1", { auditRating: 2, finding: "Projet médical affiché, non décliné par service.", classification: "Recommandation", methods: "Entretien, Revue documentaire" });
    fill(workbook, "7.1.2", { auditRating: "NA", finding: "Pas de salle de naissance : confirmé sur place." });
    const { page, importId, digest } = await preview(lead, workbook);
    expect(page).toContain("À modifier : 2");
    expect(page).toContain("Projet médical affiché, non décliné par service.");
    expect(page).toContain("Importer 2 cotations");
    expect(await stored("1.1.1")).toBeUndefined();

    const applied = await confirm(lead, importId!, digest!);
    expect(applied.status).toBe(302);
    expect(applied.headers.get("location")).toBe(`${here()}?applied=2`);
    expect(await readPage(await lead.get(applied.headers.get("location")!))).toContain("2 cotations importées.");
    expect(await stored("1.1.1")).toMatchObject({ rating: "2", finding: "Projet médical affiché, non décliné par service.", classification: "recommendation", methods: ["document", "interview"], version: 1 });
    expect(await stored("7.1.2")).toMatchObject({ rating: "NA", finding: "Pas de salle de naissance : confirmé sur place.", version: 1 });
    const [trail] = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, AUDIT_RATING_ENTITY), eq(auditTrailEvents.entityId, `${processId}:1.1.1`)));
    expect(trail).toMatchObject({ action: "audit_rating.import", changes: { rating: { from: null, to: "2" }, classification: { from: null, to: "recommendation" } } });
    expect(await readPage(await lead.get(`${audit()}/criteria/1.1.1`))).toContain("Cotation d'audit importée du classeur");
    const [process] = await db.select({ state: labellingProcesses.state }).from(labellingProcesses).where(eq(labellingProcesses.id, processId));
    expect(process!.state).toBe("audit_in_progress");
    // The same confirmation again changes nothing.
    expect((await confirm(lead, importId!, digest!)).headers.get("location")).toBe(`${here()}?applied=already`);
  });

  it("shows a row changed in the app since the export as a conflict, their value beside the app's, and never overwrites it", async () => {
    const workbook = fill(await exportWorkbook(lead), "3.1.1", { auditRating: 1, finding: "Identitovigilance absente.", classification: "Non-conformité" });
    fill(workbook, "1.1.2", { auditRating: 3 });
    // Meanwhile the co-auditor rates 3.1.1 (their chapter) in the app.
    expect((await saveJson(co, "3.1.1", { rating: "3", finding: "Bracelets posés à l'admission.", classification: "strength", baseVersion: "0" })).status).toBe(200);
    const { page, importId, digest } = await preview(lead, workbook);
    expect(page).toContain("En conflit : 1");
    expect(page).toContain("Dans l'application (conservée)");
    expect(page).toContain("Bracelets posés à l'admission.");
    expect(page).toContain("Identitovigilance absente.");
    expect((await confirm(lead, importId!, digest!)).headers.get("location")).toBe(`${here()}?applied=1`);
    expect(await stored("3.1.1")).toMatchObject({ rating: "3", finding: "Bracelets posés à l'admission.", version: 1 });
    expect(await stored("1.1.2")).toMatchObject({ rating: "3" });
  });

  it("lists every bad row with its number, in French and in English, and imports nothing", async () => {
    const before = await stagedCount();
    const workbook = fill(await exportWorkbook(lead), "1.1.3", { auditRating: 5 });
    fill(workbook, "1.2.1", { auditRating: 2 });
    fill(workbook, "1.2.2", { auditRating: 3, classification: "Peut-être" });
    fill(workbook, "2.1.1", { auditRating: 3 });
    const response = await upload(lead, workbook);
    expect(response.status).toBe(422);
    const page = await readPage(response);
    expect(page).toContain("4 erreurs dans le fichier : rien ne sera importé.");
    expect(page).toContain("La cotation « 5 » ne fait pas partie de l'échelle.");
    expect(page).toContain("Un constat est requis");
    expect(page).toContain("Classement « Peut-être » inconnu");
    expect(page).toMatch(/Ligne \d+/);

    const english = await as("auditeur@label.example.org", "en-GB,en;q=0.9");
    const en = await readPage(await upload(english, workbook));
    expect(en).toContain("4 errors in the file: nothing will be imported.");
    expect(en).toContain('Rating "5" is not on the scale.');
    expect(en).toContain("A finding is required");
    expect(en).toMatch(/Row \d+/);
    expect(await stagedCount()).toBe(before);
    for (const code of ["1.1.3", "1.2.1", "1.2.2", "2.1.1"]) expect(await stored(code)).toBeUndefined();
  });

  it("keeps a co-auditor's file off the lead's ratings, as a save in the app does", async () => {
    const response = await upload(co, fill(await exportWorkbook(co), "1.1.1", { auditRating: 3, classification: "" }));
    expect(response.status).toBe(422);
    expect(await readPage(response)).toContain("Dr Marc Lefèvre a coté ce critère : seul le responsable de l'équipe peut modifier sa cotation.");
    expect(await stored("1.1.1")).toMatchObject({ rating: "2" });
  });

  it("is refused once the audit is submitted", async () => {
    const workbook = fill(await exportWorkbook(lead), "2.1.1", { auditRating: 3 });
    await db.update(labellingProcesses).set({ state: "audit_submitted" }).where(eq(labellingProcesses.id, processId));
    const response = await upload(lead, workbook);
    expect(response.status).toBe(409);
    expect(await readPage(response)).toContain("L'audit n'est plus modifiable (il est soumis) : l'import est refusé.");
    const page = await readPage(await lead.get(here()));
    expect(page).not.toContain('type="file"');
    expect(await stored("2.1.1")).toBeUndefined();
  });
});
