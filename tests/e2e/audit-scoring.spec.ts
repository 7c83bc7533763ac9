import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { expect, languageOf, signedInContext, signIn, test as base } from "./support.ts";
import { freePort } from "#tests/support/free-port.ts";
import { startSeededServer, stopServer } from "./visit-server.ts";

const w = {
  fr: {
    processes: "Démarches",
    mine: "Mes chapitres",
    unrated: "Non cotés par l'audit",
    differs: "Différents de l'auto-évaluation",
    chapter: "Chapitre",
    filter: "Filtrer",
    rating: { 1: "1 · Partiellement conforme", 2: "2 · Largement conforme", 3: "3 · Conforme" },
    observation: "Observation",
    recommendation: "Recommandation",
    strength: "Point fort",
    save: "Enregistrer la cotation",
    saved: "Enregistré",
    offline: "Hors connexion",
    waitingOffline: "Hors ligne — 1 modification en attente",
    nonConformity: "Non-conformité",
    conflict: "a enregistré ce critère pendant que vous le modifiiez",
    ratedByColleague: "a coté ce critère : seul le responsable de l'équipe peut modifier sa cotation",
    keepMine: "Enregistrer ma version",
    discard: "Abandonner ma saisie",
    interview: "Entretien",
    savedPlain: "Cotation d'audit enregistrée.",
    shown: /^(\d+) critères? affichés?$/,
    na: "NA · Non applicable",
    hospitalSaysNa: "L'établissement a coté ce critère « Non applicable » : pas de maternité.",
    pending: "N/A à confirmer par l'auditeur (pas de maternité)",
    confirmed: "N/A confirmé (pas de maternité)",
    refused: "N/A refusé par l'auditeur",
    refusalReason: "En cotant ce critère sur l'échelle, vous refusez le « Non applicable » de l'établissement : écrivez pourquoi dans le constat",
    exportXlsx: "Exporter les cotations de l'audit (Excel)",
    importXlsx: "Importer le classeur",
    importTitle: "Importer le classeur de l'audit",
    file: "Classeur Excel (.xlsx)",
    preview: "Voir l'aperçu",
    summary: "À modifier : 1 · Sans changement",
    confirmImport: "Importer 1 cotation",
    applied: "1 cotation importée.",
  },
  en: {
    processes: "Processes",
    mine: "My chapters",
    unrated: "Not rated by the audit",
    differs: "Differs from the self-assessment",
    chapter: "Chapter",
    filter: "Filter",
    rating: { 1: "1 · Partially met", 2: "2 · Largely met", 3: "3 · Fully met" },
    observation: "Observation",
    recommendation: "Recommendation",
    strength: "Strength",
    save: "Save the rating",
    saved: "Saved",
    offline: "Offline",
    waitingOffline: "Offline — 1 change waiting",
    nonConformity: "Non-conformity",
    conflict: "saved this criterion while you were editing it",
    ratedByColleague: "rated this criterion: only the lead auditor can change their rating",
    keepMine: "Save my version",
    discard: "Discard what I typed",
    interview: "Interview",
    savedPlain: "Audit rating saved.",
    shown: /^(\d+) criteri(?:on|a) shown$/,
    na: "N/A · Not applicable",
    hospitalSaysNa: "The hospital rated this criterion Not applicable: no maternity unit.",
    pending: "N/A to be confirmed by the auditor (no maternity unit)",
    confirmed: "N/A confirmed (no maternity unit)",
    refused: "N/A refused by the auditor",
    refusalReason: "Rating this criterion on the scale refuses the hospital's Not applicable: write why in the finding",
    exportXlsx: "Export the audit ratings (Excel)",
    importXlsx: "Import the workbook",
    importTitle: "Import the audit workbook",
    file: "Excel workbook (.xlsx)",
    preview: "Preview",
    summary: "To change: 1 · Unchanged",
    confirmImport: "Import 1 rating",
    applied: "1 rating imported.",
  },
} as const;

/**
 * Each worker runs `npm start`'s server over its own copy of the demo with a visit scheduled for the demo auditor
 * (tests/e2e/visit-server.ts); the pages under test are the built app's, as in every browser test.
 */
const test = base.extend<object, { visitServer: string }>({
  visitServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), "label-e2e-audit-"));
      const server = await startSeededServer(port, dir);
      await use(`http://127.0.0.1:${port}`);
      await stopServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: "worker", timeout: 240_000 },
  ],
  baseURL: async ({ visitServer }, use) => use(visitServer),
});

// One server per worker: the tests of a language run in order on it, each in its own chapter.
test.describe.configure({ mode: "default" });

/** The audit's criteria list of the Fann process, found in the list of processes. */
async function openScoringList(page: Page, lng: "fr" | "en") {
  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: w[lng].processes }).click();
  await expect(page).toHaveURL(/\/processes$/);
  const href = await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().getAttribute("href");
  const listPath = `${/^\/processes\/[0-9a-f-]{36}/.exec(href ?? "")![0]}/audit/criteria`;
  await page.goto(listPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(lng === "fr" ? "Cotation de l'audit" : "Audit scoring");
  return listPath;
}

async function shownCount(page: Page, lng: "fr" | "en") {
  const text = await page.getByText(w[lng].shown).textContent();
  return Number(w[lng].shown.exec(text ?? "")![1]);
}

test("the demo auditor filters their chapters, scores a criterion beside the hospital's answer, and the autosave confirms it", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "auditeur@label.example.org");
  const listPath = await openScoringList(page, lng);

  // My chapters (1 and 2), not rated by the audit yet: the filters go into the URL.
  const unfiltered = await shownCount(page, lng);
  await page.getByLabel(t.mine).check();
  await page.getByLabel(t.unrated).check();
  await page.getByRole("button", { name: t.filter }).click();
  await expect(page).toHaveURL(/mine=on&unrated=on/);
  // The router changes the URL before React draws the filtered list: wait for the list itself.
  await expect.poll(() => shownCount(page, lng)).toBeLessThan(unfiltered);
  const before = await shownCount(page, lng);
  expect(before).toBeGreaterThan(0);
  const codes = await page.locator("table.criteria-table tbody a strong").allTextContents();
  expect(codes.every((c) => c.startsWith("1.") || c.startsWith("2."))).toBe(true);

  const link = page.locator("table.criteria-table tbody a").first();
  const code = (await link.locator("strong").textContent())!;
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
  // The hospital's answer beside the form; the audit rating is chosen to differ from it.
  const selfRating = (await page.locator(".self-assessment-panel .rating").textContent())!;
  const chosen = selfRating.startsWith("2") ? 1 : 2;
  // The rating last: below the top it needs the finding and its classification, and every change restarts the pause.
  await page.getByRole("checkbox", { name: t.observation }).check();
  await page.locator("textarea#finding").fill("Procédure affichée dans un service sur trois ; entretien avec le cadre de santé.");
  await page.getByLabel(t.recommendation, { exact: true }).check();
  await page.getByLabel(t.rating[chosen]).check();
  // No click on "save": the autosave does it after a short pause.
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });

  // Back in the list, in the same filters: one criterion fewer to rate; under "differs", it is there.
  await page.goto(`${listPath}?mine=on&unrated=on`);
  expect(await shownCount(page, lng)).toBe(before - 1);
  await page.goto(`${listPath}?differs=on`);
  const row = page.locator("table.criteria-table tbody tr", { has: page.locator("strong", { hasText: new RegExp(`^${code.replaceAll(".", "\\.")}$`) }) });
  await expect(row).toContainText(t.rating[chosen]);
  await expect(row).toContainText("Dr Marc Lefèvre");
  await expect(row).toContainText(chosen === 1 ? "▲" : /[▲▼]/);
});

test("an audit rating typed offline, methods included, waits in the browser's queue, counted in the banner, and is saved once the connection returns", async ({ page, context }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "auditeur@label.example.org");
  const listPath = await openScoringList(page, lng);
  await page.goto(`${listPath}?chapter=1&unrated=on`);
  // The first test takes the first criteria of chapter 1: this one the last.
  const link = page.locator("table.criteria-table tbody a").last();
  const code = (await link.locator("strong").textContent())!;
  await page.goto((await link.getAttribute("href"))!);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
  // The router fetches the routes of the page's links once it is idle: let it, before the network goes.
  await page.waitForLoadState("networkidle");
  await context.setOffline(true);
  const finding = `Hors ligne (${lng}) : comptes rendus de direction présents, plan non suivi.`;
  await page.getByRole("checkbox", { name: t.observation }).check();
  await page.getByRole("checkbox", { name: t.interview }).check();
  await page.locator("textarea#finding").fill(finding);
  await page.getByLabel(t.recommendation, { exact: true }).check();
  await page.getByLabel(t.rating[1]).check();
  await expect(page.locator("#save-state")).toContainText(t.offline, { timeout: 10_000 });
  // Every edit of the criterion is one change waiting (merged until sent), counted on every page of the visit.
  await expect(page.getByTestId("offline-count")).toHaveText(t.waitingOffline);
  // The queue is IndexedDB's, no longer localStorage's.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("label:pending:")))).toEqual([]);
  await context.setOffline(false);
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });
  await expect(page.getByTestId("offline-count")).toBeHidden();
  await page.reload();
  await expect(page.locator("textarea#finding")).toHaveValue(finding);
  await expect(page.getByRole("checkbox", { name: t.observation })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: t.interview })).toBeChecked();
  await expect(page.getByLabel(t.rating[1])).toBeChecked();
});

test("two auditors on one criterion: the co-auditor's save never overwrites the lead's, and shows it", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const locale = testInfo.project.use.locale;
  const lead = await signedInContext(browser, locale, lng, "auditeur@label.example.org");
  const co = await signedInContext(browser, locale, lng, "fatou.ba@audit.example.org");
  // Chapter 3 is the co-auditor's; no other test rates it.
  const listPath = await openScoringList(co.page, lng);
  await co.page.goto(`${listPath}?chapter=3`);
  const href = (await co.page.locator("table.criteria-table tbody a").first().getAttribute("href"))!;
  await co.page.goto(href);
  await lead.page.goto(href);

  await lead.page.getByLabel(t.strength, { exact: true }).check();
  await lead.page.getByLabel(t.rating[3]).check();
  await lead.page.getByRole("button", { name: t.save }).click();
  await expect(lead.page.locator("#save-state")).toHaveText(t.saved);

  const mine = "Bracelets absents dans deux services sur cinq.";
  await co.page.locator("textarea#finding").fill(mine);
  await co.page.getByLabel(t.nonConformity, { exact: true }).check();
  await co.page.getByLabel(t.rating[1]).check();
  await co.page.getByRole("button", { name: t.save }).click();
  await expect(co.page.getByRole("alert").filter({ hasText: t.conflict })).toBeVisible();
  await expect(co.page.getByRole("alert")).toContainText(t.rating[3]);
  await expect(co.page.locator("textarea#finding")).toHaveValue(mine);
  // Saving over it is the lead's to do: the lead's value stays, with who saved it, and nothing is lost.
  await co.page.getByRole("button", { name: t.keepMine }).click();
  await expect(co.page.getByRole("alert").filter({ hasText: `Dr Marc Lefèvre ${t.ratedByColleague}` })).toBeVisible();
  await expect(co.page.getByRole("button", { name: t.keepMine })).toHaveCount(0);
  await expect(co.page.locator("textarea#finding")).toHaveValue(mine);
  await co.page.getByRole("link", { name: t.discard }).click();
  await expect(co.page.getByLabel(t.rating[3])).toBeChecked();
  await expect(co.page.locator("textarea#finding")).toHaveValue("");
  await co.page.reload();
  await expect(co.page.getByLabel(t.rating[3])).toBeChecked();
  await lead.context.close();
  await co.context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the demo auditor filters with the plain GET form and saves a rating with the plain form, back on the same page", async ({ page }, testInfo) => {
    const lng = languageOf(testInfo);
    const t = w[lng];
    await signIn(page, lng, "auditeur@label.example.org");
    const listPath = await openScoringList(page, lng);
    await page.getByLabel(t.chapter, { exact: true }).selectOption("2");
    await page.getByLabel(t.unrated).check();
    await page.getByRole("button", { name: t.filter }).click();
    await expect(page).toHaveURL(/chapter=2&unrated=on/);
    // The other test works in the first criteria of the lead's chapters: this one takes the last of chapter 2.
    const link = page.locator("table.criteria-table tbody a").last();
    const code = (await link.locator("strong").textContent())!;
    expect(code.startsWith("2.")).toBe(true);
    await link.click();
    await page.getByLabel(t.rating[3]).check();
    await page.getByLabel(t.strength, { exact: true }).check();
    await page.locator("textarea#finding").fill("Registre tenu à jour, vérifié sur place.");
    await page.getByRole("button", { name: t.save }).click();
    await expect(page.getByText(t.savedPlain)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/audit/criteria/${code.replaceAll(".", "\\.")}\\?chapter=2&unrated=on&saved=rating`));
    await expect(page.getByLabel(t.rating[3])).toBeChecked();
    await expect(page.locator("textarea#finding")).toHaveValue("Registre tenu à jour, vérifié sur place.");
    await page.goto(`${listPath}?chapter=2`);
    await expect(page.locator("table.criteria-table tbody tr", { hasText: code }).first()).toContainText(t.rating[3]);
  });

  test("the auditor fills in the exported audit workbook away from the app, imports it, sees the preview and confirms", async ({ page }, testInfo) => {
    const lng = languageOf(testInfo);
    const t = w[lng];
    await signIn(page, lng, "auditeur@label.example.org");
    const listPath = await openScoringList(page, lng);
    // Chapter 5 is no other test's: each language rates its own criterion.
    const code = lng === "fr" ? "5.1.1" : "5.1.2";
    const exportHref = (await page.getByRole("link", { name: t.exportXlsx }).getAttribute("href"))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await (await page.request.get(exportHref)).body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
    const column = (fr: string, en: string) => Math.max(header.indexOf(fr), header.indexOf(en));
    const finding = `Revue de direction tenue, compte rendu vérifié (${lng}, classeur).`;
    sheet.eachRow((row) => {
      if (row.getCell(header.indexOf("Code")).value !== code) return;
      row.getCell(column("Cotation de l'audit", "Audit rating")).value = 2;
      row.getCell(column("Constat", "Finding")).value = finding;
      row.getCell(column("Classement", "Classification")).value = t.recommendation;
      row.getCell(column("Méthodes", "Methods")).value = t.interview;
    });
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByRole("link", { name: t.importXlsx }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.importTitle);
    await page.getByLabel(t.file).setInputFiles({ name: `cotations-audit-${lng}.xlsx`, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
    await page.getByRole("button", { name: t.preview }).click();
    await expect(page.getByText(t.summary)).toBeVisible();
    await expect(page.getByText(finding)).toBeVisible();
    await page.getByRole("button", { name: t.confirmImport }).click();
    await expect(page.getByText(t.applied)).toBeVisible();

    await page.goto(`${listPath}/${code}`);
    await expect(page.getByLabel(t.rating[2])).toBeChecked();
    await expect(page.locator("textarea#finding")).toHaveValue(finding);
    await expect(page.getByRole("checkbox", { name: t.interview })).toBeChecked();
  });

  test("the auditor confirms the N/A of a service the hospital lacks, refuses another with why, and the comparison says which", async ({ browser }, testInfo) => {
    const lng = languageOf(testInfo);
    const t = w[lng];
    // Its own context: the refused save answers 400, which the browser logs as an error on the shared page.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
    const page = await context.newPage();
    await signIn(page, lng, "auditeur@label.example.org");
    const listPath = await openScoringList(page, lng);
    // The demo Fann has no maternity: every maternity criterion is N/A. Each language takes its own two.
    const [confirm, refuse] = lng === "fr" ? ["7.1.2", "7.2.1"] : ["7.1.1", "7.1.4"];
    await page.goto(`${listPath}/${confirm}`);
    await expect(page.getByText(t.hospitalSaysNa)).toBeVisible();
    await expect(page.getByText(t.pending)).toBeVisible();
    await page.getByLabel(t.na).check();
    await page.locator("textarea#finding").fill("Aucune salle de naissance ; registre des accouchements absent ; parturientes orientées vers la maternité de référence.");
    await page.getByRole("button", { name: t.save }).click();
    await expect(page.getByText(t.savedPlain)).toBeVisible();
    await expect(page.getByText(t.confirmed)).toBeVisible();

    // Refusing is rating on the scale: without a finding, even at the top, the form says why it is needed and keeps the choice.
    await page.goto(`${listPath}/${refuse}`);
    await page.getByLabel(t.rating[3]).check();
    await page.getByRole("button", { name: t.save }).click();
    await expect(page.getByText(t.refusalReason)).toBeVisible();
    await expect(page.getByLabel(t.rating[3])).toBeChecked();
    const why = "Deux tables de naissance en service, 40 accouchements le mois dernier : le « Non applicable » ne tient pas.";
    await page.locator("textarea#finding").fill(why);
    await page.getByRole("button", { name: t.save }).click();
    await expect(page.getByText(t.savedPlain)).toBeVisible();
    await expect(page.getByText(t.refused)).toBeVisible();

    await page.goto(listPath.replace(/criteria$/, "comparison"));
    const row = (code: string) => page.locator("table.service-na-table tbody tr", { has: page.locator("strong", { hasText: new RegExp(`^${code.replaceAll(".", "\\.")}$`) }) });
    await expect(row(confirm)).toContainText(t.confirmed);
    await expect(row(refuse)).toContainText(t.refused);
    await expect(row(refuse)).toContainText(why);
    await expect(row(refuse)).toContainText(t.rating[3]);
    await expect(row("7.3.3")).toContainText(t.pending);
    await context.close();
  });
});
