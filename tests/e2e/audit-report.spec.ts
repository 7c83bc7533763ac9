// The end of the audit in a browser: on a complete audit (every applicable criterion rated, no summary, not submitted),
// the lead cannot submit before writing the summary, writes it, submits the audit through the overview page and sees
// it submitted and read-only; then sees the chapter chart and the agreement figures, and downloads the audit report
// PDF (its text, read with pdftotext, has the hospital's name, a chapter title and the summary, in the page's
// language). The comparison reads the same with JavaScript disabled.
// The audited process is this spec's own: a server of the built app over an in-memory database, filled through the
// services by tests/support/audit-fixtures.ts (not the demo seed), one per browser language (tests/support/audited-app.ts
// --to-submit, started once per project: each language's worker has its own server and process).
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { pdfText } from "#tests/support/pdf-text.ts";
import { expect, languageOf, startAuditedApp, test, words } from "./support.ts";

interface Fixture {
  processId: string;
  establishment: { name: string };
  lead: { email: string; name: string };
  coAuditor: { email: string };
}

const w = {
  fr: {
    overview: "Visite d'audit",
    inProgress: "Visite en cours",
    submittedState: "Rapport d'audit remis",
    allRated: /^(\d+) critères applicables cotés sur \1$/,
    summaryFr: "Synthèse en français",
    summaryEn: "Synthèse en anglais",
    saveSummary: "Enregistrer la synthèse",
    summarySaved: "La synthèse est enregistrée.",
    submit: "Soumettre l'audit",
    summaryRequired: "Rédigez la synthèse de l'audit (en français ou en anglais) avant de le soumettre.",
    submitted: "L'audit est soumis : il n'est plus modifiable. La DRI est prévenue.",
    statusTitle: "Audit soumis",
    submittedBy: (name: string) => new RegExp(`^Soumis par ${escapeRegExp(name)} le .+\\.$`),
    allCriteria: "Tous les critères",
    scoring: "Cotation de l'audit",
    listReadOnly: "Lecture seule : l'audit n'est pas modifiable par vous (soumis, ou vous n'êtes pas membre de l'équipe).",
    toComparison: "Comparaison avec l'auto-évaluation",
    comparisonDraft: "L'audit n'est pas encore soumis : ces chiffres changent à mesure que l'équipe cote.",
    reportDraft: "Brouillon : l'audit n'est pas encore soumis ; ce rapport change à mesure que l'équipe cote.",
    submittedOn: (name: string) => new RegExp(`^le .+ par ${escapeRegExp(name)}$`),
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
    overview: "Audit visit",
    inProgress: "Site visit in progress",
    submittedState: "Audit report submitted",
    allRated: /^(\d+) of \1 applicable criteria rated$/,
    summaryFr: "Summary in French",
    summaryEn: "Summary in English",
    saveSummary: "Save the summary",
    summarySaved: "The summary is saved.",
    submit: "Submit the audit",
    summaryRequired: "Write the audit summary (in French or English) before submitting it.",
    submitted: "The audit is submitted: it can no longer be changed. The DRI is told.",
    statusTitle: "Audit submitted",
    submittedBy: (name: string) => new RegExp(`^Submitted by ${escapeRegExp(name)} on .+\\.$`),
    allCriteria: "All criteria",
    scoring: "Audit scoring",
    listReadOnly: "Read only: you cannot change this audit (submitted, or you are not on the team).",
    toComparison: "Comparison with the self-assessment",
    comparisonDraft: "The audit is not submitted yet: these figures change as the team rates.",
    reportDraft: "Draft: the audit is not submitted yet; this report changes as the team rates.",
    submittedOn: (name: string) => new RegExp(`^on .+ by ${escapeRegExp(name)}$`),
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

/** The lead's summary, typed in the browser (short: one line of the PDF). */
const SUMMARY = {
  fr: "Points forts : une direction engagée. Recommandation prioritaire : tracer l'hygiène des mains.",
  en: "Strengths: committed leadership. Priority recommendation: trace hand hygiene.",
};

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// One fixture per browser language: the file's tests share it, in one worker.
test.describe.configure({ mode: "serial" });

let stopServer: (() => Promise<void>) | undefined;
let app: { baseUrl: string; password: string };
let fixture: Fixture;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const ready = await startAuditedApp<Fixture>(["e2e", "--to-submit"]);
  stopServer = ready.stop;
  app = { baseUrl: ready.baseUrl, password: ready.password };
  fixture = ready.fixture;
});
test.afterAll(async () => {
  await stopServer?.();
});

/** Signs in on this spec's own server (its origin is not the configured base URL). */
async function signInAs(page: Page, lng: "fr" | "en", email: string) {
  await page.goto(`${app.baseUrl}/login?lng=${lng}`);
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

test("the lead writes the summary and submits the audit, sees the comparison chart and the agreement figures, and downloads the audit report PDF", async ({ page, consoleErrors }, testInfo) => {
  test.setTimeout(60_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signInAs(page, lng, fixture.lead.email);

  // The overview of a complete audit still in progress: every applicable criterion rated, no summary yet.
  await page.goto(`${app.baseUrl}/processes/${fixture.processId}/audit`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.overview);
  await expect(page.getByText(t.inProgress)).toBeVisible();
  await expect(page.getByRole("progressbar", { name: t.allRated })).toBeVisible();
  const summaryFr = page.getByRole("textbox", { name: t.summaryFr });
  const summaryEn = page.getByRole("textbox", { name: t.summaryEn });
  await expect(summaryFr).toHaveValue("");
  await expect(summaryEn).toHaveValue("");
  const submit = page.getByRole("button", { name: t.submit });

  // Submitting without a summary is refused, and said. The refusal is a 400 answer, which the browser logs as an
  // error: that one line is expected here, and taken out of the console errors the test ends by checking.
  await submit.click();
  await expect(page.getByRole("alert").filter({ hasText: t.summaryRequired })).toBeVisible();
  const refused = (message: string) => /status of 400\b/.test(message);
  await expect.poll(() => consoleErrors.filter(refused).length).toBe(1);
  consoleErrors.splice(consoleErrors.findIndex(refused), 1);
  await expect(page.getByText(t.inProgress)).toBeVisible();

  // The lead writes the summary in both languages and saves it.
  await summaryFr.fill(SUMMARY.fr);
  await summaryEn.fill(SUMMARY.en);
  await page.getByRole("button", { name: t.saveSummary }).click();
  await expect(page.getByRole("status").filter({ hasText: t.summarySaved })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);

  // Then submits: the audit is submitted, by the lead, and the overview is read-only (no summary form, no submit).
  await submit.click();
  await expect(page.getByRole("status").filter({ hasText: t.submitted })).toBeVisible();
  await expect(page.getByText(t.submittedState)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: t.statusTitle })).toBeVisible();
  await expect(page.getByText(t.submittedBy(fixture.lead.name))).toBeVisible();
  await expect(page.getByText(SUMMARY[lng], { exact: true })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(submit).toHaveCount(0);

  // The scoring list says it is read-only now.
  await page.getByRole("link", { name: t.allCriteria, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.scoring);
  await expect(page.getByText(t.listReadOnly)).toBeVisible();

  // The comparison, reached from the overview, is no longer a draft.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.overview);
  await page.getByRole("link", { name: t.toComparison }).click();
  await seesComparison(page, lng);
  await expect(page.getByText(t.comparisonDraft)).toHaveCount(0);

  await page.getByRole("link", { name: t.report, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${t.report} — ${fixture.establishment.name}`);
  await expect(page.getByRole("definition").filter({ hasText: t.submittedOn(fixture.lead.name) })).toBeVisible();
  await expect(page.getByText(t.reportDraft)).toHaveCount(0);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: t.pdf }).click();
  const pdf = await downloading;
  expect(pdf.suggestedFilename()).toMatch(t.pdfName);
  const text = pdfText(readFileSync((await pdf.path())!));
  expect(text).toContain(fixture.establishment.name);
  expect(text).toContain(t.chapter9);
  expect(text).toContain(t.level);
  expect(text).toContain(SUMMARY[lng]);
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
