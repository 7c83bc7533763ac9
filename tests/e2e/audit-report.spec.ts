// The audit's comparison and report in a browser: the lead of a submitted audit sees the chapter chart and the
// agreement figures, and downloads the audit report PDF (its text, read with pdftotext, has the hospital's name and
// a chapter title, in the page's language); the comparison reads the same with JavaScript disabled.
// The audited process is this spec's own: a server of the built app over an in-memory database, filled through the
// services by tests/support/audit-fixtures.ts (not the demo seed), one per browser language (tests/support/audited-app.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Page } from "@playwright/test";
import { pdfText } from "#tests/support/pdf-text.ts";
import { expect, languageOf, test, words } from "./support.ts";

interface Fixture {
  processId: string;
  establishment: { name: string };
  lead: { email: string };
  coAuditor: { email: string };
}

const w = {
  fr: {
    comparison: "Comparaison de l'auto-évaluation et de l'audit",
    chart: /Scores par chapitre : auto-évaluation et audit/,
    agreement: "Accord par chapitre et global, sur les critères cotés sur l'échelle des deux côtés",
    overall: "Ensemble des critères",
    kappa: /\d,\d\d : accord/,
    disagreements: "Critères cotés différemment par l'établissement et par l'audit, du plus grand écart au plus petit",
    report: "Rapport d'audit",
    pdf: "Télécharger le rapport d'audit (PDF)",
    pdfName: /^Centre-hospitalier-regional-de-Thies-e2e-2024-rapport-audit-\d{4}-\d{2}-\d{2}\.pdf$/,
    chapter9: "Prévention et contrôle des infections",
    level: "Les cotations de l'audit atteignent : Argent",
  },
  en: {
    comparison: "Self-assessment and audit compared",
    chart: /Scores per chapter: self-assessment and audit/,
    agreement: "Agreement per chapter and overall, on the criteria rated on the scale on both sides",
    overall: "All criteria",
    kappa: /\d\.\d\d: \w+/,
    disagreements: "Criteria rated differently by the hospital and by the audit, largest gap first",
    report: "Audit report",
    pdf: "Download the audit report (PDF)",
    pdfName: /^Centre-hospitalier-regional-de-Thies-e2e-2024-audit-report-\d{4}-\d{2}-\d{2}\.pdf$/,
    chapter9: "Infection prevention and control",
    level: "The audit ratings reach: Silver",
  },
} as const;

// One fixture per browser language: the file's tests share it, in one worker.
test.describe.configure({ mode: "serial" });

let server: ChildProcess | undefined;
let app: { baseUrl: string; password: string };
let fixture: Fixture;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  // Its own process: this runner does not load the app's modules (JSON imports, the production React build).
  server = spawn(process.execPath, ["--import", "tsx", "tests/support/audited-app.ts", "e2e"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: server.stdout! });
  const ready = await new Promise<{ baseUrl: string; password: string; fixture: Fixture }>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line));
    });
    server!.once("exit", (code) => reject(new Error(`the audited app stopped (${code})`)));
  });
  app = { baseUrl: ready.baseUrl, password: ready.password };
  fixture = ready.fixture;
});
test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
});

/** Signs in on this spec's own server (its origin is not the configured base URL). */
async function signInAs(page: Page, lng: "fr" | "en", email: string) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel(words[lng].email).fill(email);
  await page.getByLabel(words[lng].password, { exact: true }).fill(app.password);
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible();
}

async function seesComparison(page: Page, lng: "fr" | "en") {
  const t = w[lng];
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.comparison);
  await expect(page.getByRole("img", { name: t.chart })).toBeVisible();
  const agreement = page.getByRole("table", { name: t.agreement });
  await expect(agreement.getByRole("row", { name: new RegExp(t.overall) })).toContainText(t.kappa);
  await expect(agreement.getByRole("row", { name: new RegExp(t.chapter9) })).toBeVisible();
  // The largest disagreement comes first, linked to its audit page.
  const first = page.getByRole("table", { name: t.disagreements }).getByRole("row").nth(1).getByRole("link");
  await expect(first).toHaveAttribute("href", new RegExp(`/processes/${fixture.processId}/audit/criteria/(3|9)\\.`));
}

test("the lead sees the comparison chart and the agreement figures, and downloads the audit report PDF", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signInAs(page, lng, fixture.lead.email);
  await page.goto(`${app.baseUrl}/processes/${fixture.processId}/audit/comparison`);
  await seesComparison(page, lng);

  await page.getByRole("link", { name: t.report, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${t.report} — ${fixture.establishment.name}`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: t.pdf }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toMatch(t.pdfName);
  const text = pdfText(readFileSync((await pdf.path())!));
  expect(text).toContain(fixture.establishment.name);
  expect(text).toContain(t.chapter9);
  expect(text).toContain(t.level);
});

test("with JavaScript disabled, the comparison is the same page: chart, agreement figures, disagreements", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signInAs(page, lng, fixture.coAuditor.email);
  await page.goto(`${app.baseUrl}/processes/${fixture.processId}/audit/comparison`);
  await seesComparison(page, lng);
  await context.close();
});
