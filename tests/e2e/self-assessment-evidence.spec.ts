// The Fann coordinator's evidence library and action plan, with and without JavaScript (fr-FR and en-GB).
import type { Page } from "@playwright/test";
import { minimalPdf } from "#scripts/seed/demo-files.ts";
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: {
    library: "Bibliothèque de preuves",
    file: "Fichier",
    upload: "Déposer le document",
    evidenceSaved: "Preuves mises à jour.",
    libraryFile: "Document de la bibliothèque",
    criterion: "Critère",
    link: "Rattacher au critère",
    plan: "Plan d'actions",
    what: "Action à mener",
    who: "Pilote",
    due: "Échéance",
    status: "Statut",
    inProgress: "En cours",
    add: "Ajouter l'action",
    actionSaved: "Plan d'actions mis à jour.",
    onlyOverdue: "Seulement les actions en retard",
    filter: "Filtrer",
    team: "Répartition des chapitres",
    mine: "Mes chapitres",
    deleteOpen: "Supprimer…",
    deleteConfirm: (name: string) => `Je confirme la suppression de « ${name} »`,
    deleteButton: "Supprimer définitivement",
    deleted: "Fichier supprimé de la bibliothèque.",
    saveAction: "Enregistrer l'action",
  },
  en: {
    library: "Evidence library",
    file: "File",
    upload: "Upload the document",
    evidenceSaved: "Evidence updated.",
    libraryFile: "Document from the library",
    criterion: "Criterion",
    link: "Link to the criterion",
    plan: "Improvement plan",
    what: "Action to take",
    who: "Owner",
    due: "Due date",
    status: "Status",
    inProgress: "In progress",
    add: "Add the action",
    actionSaved: "Improvement plan updated.",
    onlyOverdue: "Overdue actions only",
    filter: "Filter",
    team: "Chapter assignments",
    mine: "My chapters",
    deleteOpen: "Delete…",
    deleteConfirm: (name: string) => `I confirm deleting “${name}”`,
    deleteButton: "Delete for good",
    deleted: "File deleted from the library.",
    saveAction: "Save the action",
  },
} as const;

/** The Fann process's address, from the list of processes the coordinator sees. */
async function fannProcess(page: Page): Promise<string> {
  await page.goto("/processes");
  const href = await page.getByRole("link", { name: "CNHU de Fann" }).first().getAttribute("href");
  expect(href).toMatch(/^\/processes\/[0-9a-f-]{36}$/);
  return href!;
}

async function uploadAndLink(page: Page, lng: "fr" | "en", processUrl: string, fileName: string, criterion: string) {
  const t = w[lng];
  await page.goto(`${processUrl}/evidence`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.library);
  await page.getByLabel(t.file, { exact: true }).setInputFiles({ name: fileName, mimeType: "application/pdf", buffer: Buffer.from(minimalPdf([`Preuve ${fileName}`])) });
  await page.getByRole("button", { name: t.upload }).click();
  await expect(page.getByRole("status").filter({ hasText: t.evidenceSaved })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: fileName }) });
  await expect(row).toBeVisible();

  // The same file, linked to a criterion without uploading it again.
  await page.getByLabel(t.libraryFile).selectOption({ label: fileName });
  await page.getByLabel(t.criterion, { exact: true }).selectOption(criterion);
  await page.getByRole("button", { name: t.link }).click();
  await expect(page.getByRole("status").filter({ hasText: t.evidenceSaved })).toBeVisible();
  await expect(row.getByRole("link", { name: criterion, exact: true })).toBeVisible();
}

async function addAction(page: Page, lng: "fr" | "en", processUrl: string, title: string, criterion: string) {
  const t = w[lng];
  await page.goto(`${processUrl}/actions`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.plan);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: t.add }) });
  await form.getByLabel(t.criterion, { exact: true }).selectOption(criterion);
  await form.getByLabel(t.what).fill(title);
  await form.getByLabel(t.who).fill("Cellule qualité");
  await form.getByLabel(t.due).fill("2020-06-30");
  await form.getByLabel(t.status, { exact: true }).selectOption({ label: t.inProgress });
  await page.getByRole("button", { name: t.add }).click();
  await expect(page.getByRole("status").filter({ hasText: t.actionSaved })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: criterion, exact: true })).toBeVisible();

  // Past its due date and not done: it is among the overdue actions, a filter that lives in the URL.
  await page.getByLabel(t.onlyOverdue).check();
  await page.getByRole("button", { name: t.filter, exact: true }).click();
  await expect(page).toHaveURL(/overdue=1/);
  await expect(page.getByRole("row").filter({ hasText: title })).toBeVisible();
}

/** Deletes a library file: open the disclosure, tick the confirmation, delete; the file leaves the list. */
async function deleteFromLibrary(page: Page, lng: "fr" | "en", processUrl: string, fileName: string) {
  const t = w[lng];
  await page.goto(`${processUrl}/evidence`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: fileName }) });
  await row.getByText(t.deleteOpen).click();
  await row.getByLabel(t.deleteConfirm(fileName)).check();
  await row.getByRole("button", { name: t.deleteButton }).click();
  await expect(page.getByRole("status").filter({ hasText: t.deleted })).toBeVisible();
  await expect(page.getByRole("link", { name: fileName })).toHaveCount(0);
}

test("the Fann coordinator uploads a PDF, links it to a second criterion, downloads it and adds an action", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  const processUrl = await fannProcess(page);
  const fileName = `Protocole ${lng} ${Date.now()}.pdf`;
  await uploadAndLink(page, lng, processUrl, fileName, lng === "fr" ? "1.2.1" : "1.2.2");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: fileName }).click();
  expect((await download).suggestedFilename()).toBe(fileName);

  const title = `Diffuser le protocole (${lng}, ${Date.now()})`;
  await addAction(page, lng, processUrl, title, lng === "fr" ? "1.2.1" : "1.2.2");
  // The due date slipped: it is moved on the action's page, and the action leaves the overdue list it came from.
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.getByLabel(w[lng].due).fill("2031-06-30");
  await page.getByRole("button", { name: w[lng].saveAction }).click();
  await expect(page).toHaveURL(/overdue=1/);
  await expect(page.getByRole("status").filter({ hasText: w[lng].actionSaved })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);

  await page.goto(`${processUrl}/team`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].team);
  await expect(page.getByRole("heading", { name: w[lng].mine })).toBeVisible();
});

test("the same flow works with JavaScript disabled", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "fann@label.example.org");
  const processUrl = await fannProcess(page);
  const fileName = `Registre sans JS ${lng} ${Date.now()}.pdf`;
  await uploadAndLink(page, lng, processUrl, fileName, lng === "fr" ? "1.3.1" : "1.3.2");
  await addAction(page, lng, processUrl, `Action sans JavaScript (${lng}, ${Date.now()})`, lng === "fr" ? "1.3.1" : "1.3.2");
  await deleteFromLibrary(page, lng, processUrl, fileName);
  await context.close();
});
