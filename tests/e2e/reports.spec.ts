// The self-assessment report: the Fann coordinator opens the printable view from the overview, downloads the PDF
// report (its text has the hospital's name and a chapter title, in the page language) and the XLSX export.
// Then, with JavaScript disabled, a justification edited offline in that workbook is imported (upload → preview →
// confirm). In fr-FR and en-GB; both projects share one server and database (each language edits its own criterion).
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { pdfText } from "#tests/support/pdf-text.ts";
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: {
    processes: "Démarches de labellisation",
    view: "Rapport imprimable",
    title: "Rapport d'auto-évaluation — CNHU de Fann",
    pdf: "Télécharger le rapport (PDF)",
    xlsx: "Exporter les cotations (Excel)",
    chapter9: "Prévention et contrôle des infections",
    reportTitle: "Rapport d'auto-évaluation",
    pdfName: /^CNHU-de-Fann-2024-rapport-\d{4}-\d{2}-\d{2}\.pdf$/,
    xlsxName: /^CNHU-de-Fann-2024-cotations-\d{4}-\d{2}-\d{2}\.xlsx$/,
    import: "Importer des cotations préparées hors ligne",
    file: "Classeur Excel (.xlsx)",
    preview: "Voir l'aperçu",
    summary: "À modifier : 1 ·",
    confirm: "Importer 1 cotation",
    applied: "1 cotation importée.",
  },
  en: {
    processes: "Labelling processes",
    view: "Printable report",
    title: "Self-assessment report — CNHU de Fann",
    pdf: "Download the report (PDF)",
    xlsx: "Export the ratings (Excel)",
    chapter9: "Infection prevention and control",
    reportTitle: "Self-assessment report",
    pdfName: /^CNHU-de-Fann-2024-report-\d{4}-\d{2}-\d{2}\.pdf$/,
    xlsxName: /^CNHU-de-Fann-2024-ratings-\d{4}-\d{2}-\d{2}\.xlsx$/,
    import: "Import ratings prepared offline",
    file: "Excel workbook (.xlsx)",
    preview: "Preview",
    summary: "To change: 1 ·",
    confirm: "Import 1 rating",
    applied: "1 rating imported.",
  },
} as const;

test("the coordinator opens the printable report from the overview and downloads the PDF and the XLSX", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  await page.goto("/processes");
  await page.getByRole("link", { name: "CNHU de Fann" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CNHU de Fann");

  await page.getByRole("link", { name: w[lng].view }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].title);
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(w[lng].chapter9) })).toBeVisible();
  await expect(page.getByRole("link", { name: "Procédure hygiène des mains 2024.pdf" }).first()).toBeVisible();

  const downloadingPdf = page.waitForEvent("download");
  await page.getByRole("link", { name: w[lng].pdf }).click();
  const pdf = await downloadingPdf;
  expect(pdf.suggestedFilename()).toMatch(w[lng].pdfName);
  const text = pdfText(readFileSync((await pdf.path())!));
  expect(text).toContain(w[lng].reportTitle);
  expect(text).toContain("CNHU de Fann");
  expect(text).toContain(w[lng].chapter9);

  const downloadingXlsx = page.waitForEvent("download");
  await page.getByRole("link", { name: w[lng].xlsx }).click();
  const xlsx = await downloadingXlsx;
  expect(xlsx.suggestedFilename()).toMatch(w[lng].xlsxName);
  // An Office Open XML file is a ZIP archive.
  expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("with JavaScript disabled, the coordinator imports a justification edited offline in the exported workbook", async ({ browser }, testInfo) => {
  test.setTimeout(60_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "fann@label.example.org");
  await page.goto("/processes");
  await page.getByRole("link", { name: "CNHU de Fann" }).click();
  const processUrl = new URL(page.url()).pathname;

  // The team edits one justification in the exported workbook, away from the app.
  const code = lng === "fr" ? "2.1.1" : "2.1.2";
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await (await page.request.get(`${processUrl}/export.xlsx`)).body()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  const justification = `Relu en réunion qualité (${lng}, ${Date.now()}).`;
  sheet.eachRow((row) => {
    if (row.getCell(header.indexOf("Code")).value === code) row.getCell(header.indexOf("Justification")).value = justification;
  });
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

  await page.getByRole("link", { name: t.import }).click();
  await page.getByLabel(t.file).setInputFiles({ name: `cotations-${lng}.xlsx`, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
  await page.getByRole("button", { name: t.preview }).click();
  await expect(page.getByText(t.summary)).toBeVisible();
  await expect(page.getByText(justification)).toBeVisible();
  await page.getByRole("button", { name: t.confirm }).click();
  await expect(page.getByText(t.applied)).toBeVisible();

  await page.goto(`${processUrl}/criteria/${code}`);
  await expect(page.getByText(justification).first()).toBeVisible();
  await context.close();
});
