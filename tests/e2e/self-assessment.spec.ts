import type { Page } from "@playwright/test";
import { expect, languageOf, signedInContext, signIn, test } from "./support.ts";

const w = {
  fr: {
    processes: "Démarches",
    unrated: "Critères non cotés",
    filter: "Filtrer",
    justification: "Justification",
    save: "Enregistrer la cotation",
    saved: "Enregistré",
    savedPlain: "Cotation enregistrée.",
    largely: "2 · Largement conforme",
    fully: "3 · Conforme",
    conflict: "a enregistré ce critère pendant que vous le modifiiez",
    offline: "Hors connexion",
    waitingOffline: "Hors ligne — 1 modification en attente",
    keepMine: "Enregistrer ma version",
    logout: "Se déconnecter",
    logoutWaiting: "1 modification n'est pas encore envoyée.",
    logoutAnyway: "Télécharger et se déconnecter",
    importChanges: "Importer des modifications",
    imported: "1 modification importée",
    na: "NA · Non applicable",
    pendingMaternity: "N/A à confirmer par l'auditeur (pas de maternité)",
    serviceHint: "Ce critère dépend d'un service : {service}. « Non applicable » n'est possible que si l'établissement ne l'a pas",
    absenceRequired: "« Non applicable » sur ce critère signifie que l'établissement n'a pas ce service : {service}.",
    service: "transfusion sanguine",
    pending: "N/A à confirmer par l'auditeur (pas de transfusion sanguine)",
  },
  en: {
    processes: "Processes",
    unrated: "Unrated criteria",
    filter: "Filter",
    justification: "Justification",
    save: "Save the rating",
    saved: "Saved",
    savedPlain: "Rating saved.",
    largely: "2 · Largely met",
    fully: "3 · Fully met",
    conflict: "saved this criterion while you were editing it",
    offline: "Offline",
    waitingOffline: "Offline — 1 change waiting",
    keepMine: "Save my version",
    logout: "Sign out",
    logoutWaiting: "1 change has not been sent yet.",
    logoutAnyway: "Download and log out",
    importChanges: "Import changes",
    imported: "1 change imported",
    na: "N/A · Not applicable",
    pendingMaternity: "N/A to be confirmed by the auditor (no maternity unit)",
    serviceHint: "This criterion depends on a service: {service}. Not applicable is possible only if the hospital does not have it",
    absenceRequired: "Not applicable on this criterion means the hospital does not have this service: {service}.",
    service: "high-risk procedures (surgery, anaesthesia, endoscopy…)",
    pending: "N/A to be confirmed by the auditor (no high-risk procedures)",
  },
} as const;

/** The Fann process overview, reached as a user would. */
async function openFannProcess(page: Page, lng: "fr" | "en") {
  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: w[lng].processes }).click();
  await page.getByRole("link", { name: "CNHU de Fann" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CNHU de Fann");
  return page.url();
}

/** Unrated criteria left in a chapter (tests in parallel each work in their own chapter, so this is theirs alone). */
async function unratedIn(page: Page, processUrl: string, chapter: string) {
  await page.goto(`${processUrl}/criteria?chapter=${chapter}&unrated=on`);
  const text = await page.getByText(/^\d+ crit/).first().textContent();
  return Number(/^(\d+)/.exec(text ?? "")![1]);
}

/** Opens the first unrated criterion of a chapter (each browser language works in its own chapter). */
async function firstUnrated(page: Page, processUrl: string, chapter: string, { javaScript = true } = {}) {
  await page.goto(`${processUrl}/criteria?chapter=${chapter}&unrated=on`);
  const link = page.locator("table.criteria-table tbody a").first();
  const code = (await link.locator("strong").textContent())!;
  // The rows' plain anchors navigate within the app once the page is hydrated (in-app-links.tsx): same document.
  if (javaScript) {
    await page.waitForFunction(() => Object.keys(document.querySelector("table.criteria-table")!).some((key) => key.startsWith("__reactFiber")));
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  }
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
  if (javaScript) expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  return code;
}

test("the Fann coordinator rates a criterion, the autosave confirms it and progress moves", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  const processUrl = await openFannProcess(page, lng);
  const chapter = lng === "fr" ? "3" : "4";
  const before = await unratedIn(page, processUrl, chapter);
  const code = await firstUnrated(page, processUrl, chapter);
  await page.getByLabel(w[lng].largely).check();
  await page.getByLabel(w[lng].justification).fill("Procédure rédigée, diffusion en cours dans les services.");
  // No click on "save": the autosave does it after a short pause.
  await expect(page.locator("#save-state")).toHaveText(w[lng].saved, { timeout: 10_000 });
  expect(await unratedIn(page, processUrl, chapter)).toBe(before - 1);
  await page.goto(`${processUrl}/criteria/${code}`);
  await expect(page.getByText(w[lng].largely).first()).toBeVisible();
});

test("rating works as a plain form with JavaScript disabled", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "fann@label.example.org");
  const processUrl = await openFannProcess(page, lng);
  const chapter = lng === "fr" ? "5" : "6";
  const before = await unratedIn(page, processUrl, chapter);
  await firstUnrated(page, processUrl, chapter, { javaScript: false });
  await page.getByLabel(w[lng].fully).check();
  await page.getByRole("button", { name: w[lng].save }).click();
  await expect(page.getByText(w[lng].savedPlain)).toBeVisible();
  await expect(page).toHaveURL(/saved=rating/);
  expect(await unratedIn(page, processUrl, chapter)).toBe(before - 1);
  await context.close();
});

test("two people editing the same criterion end with a conflict message and no lost text", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const a = await signedInContext(browser, testInfo.project.use.locale, lng, "fann@label.example.org");
  const b = await signedInContext(browser, testInfo.project.use.locale, lng, "aissatou@label.example.org");
  const processUrl = await openFannProcess(a.page, lng);
  const code = lng === "fr" ? "7.3.1" : "7.3.2";
  await a.page.goto(`${processUrl}/criteria/${code}`);
  await b.page.goto(`${processUrl}/criteria/${code}`);
  await a.page.getByLabel(w[lng].largely).check();
  await a.page.getByLabel(w[lng].justification).fill("Version de Moussa : registre tenu, revue mensuelle.");
  await a.page.getByRole("button", { name: w[lng].save }).click();
  await expect(a.page.locator("#save-state")).toHaveText(w[lng].saved);

  const mine = "Version d'Aïssatou : revue trimestrielle seulement.";
  await b.page.getByLabel(w[lng].justification).fill(mine);
  await b.page.getByRole("button", { name: w[lng].save }).click();
  await expect(b.page.getByRole("alert").filter({ hasText: w[lng].conflict })).toBeVisible();
  // Both texts are on screen: the colleague's saved one and the one still in the form.
  await expect(b.page.getByText("Version de Moussa : registre tenu, revue mensuelle.")).toBeVisible();
  await expect(b.page.getByLabel(w[lng].justification)).toHaveValue(mine);
  await a.context.close();
  await b.context.close();
});

test("a change made offline is saved once the connection returns", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const { context, page } = await signedInContext(browser, testInfo.project.use.locale, lng, "fann@label.example.org");
  const processUrl = await openFannProcess(page, lng);
  const code = lng === "fr" ? "2.3.1" : "2.3.2";
  await page.goto(`${processUrl}/criteria/${code}`);
  await context.setOffline(true);
  const text = `Hors ligne ${lng} : comité qualité réuni en octobre, compte rendu à diffuser.`;
  await page.getByLabel(w[lng].largely).check();
  await page.getByLabel(w[lng].justification).fill(text);
  await expect(page.locator("#save-state")).toContainText(w[lng].offline, { timeout: 10_000 });
  // The page can even be reloaded later: the change waits in the browser. Back online, it goes.
  await context.setOffline(false);
  await expect(page.locator("#save-state")).toHaveText(w[lng].saved, { timeout: 10_000 });
  await page.reload();
  await expect(page.getByLabel(w[lng].justification)).toHaveValue(text);
  await expect(page.getByText(w[lng].largely).first()).toBeVisible();
  await context.close();
});

test("a change typed offline meets a colleague's save: back online, both are shown side by side and the person chooses", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const a = await signedInContext(browser, testInfo.project.use.locale, lng, "fann@label.example.org");
  const b = await signedInContext(browser, testInfo.project.use.locale, lng, "aissatou@label.example.org");
  const processUrl = await openFannProcess(a.page, lng);
  const code = lng === "fr" ? "6.1.1" : "6.1.2";
  await b.page.goto(`${processUrl}/criteria/${code}`);
  await b.page.waitForLoadState("networkidle");
  await b.context.setOffline(true);
  const mine = `Hors ligne (${lng}) : check-list appliquée au bloc, audit mensuel.`;
  await b.page.locator("textarea#justification").fill(mine);
  await expect(b.page.locator("#save-state")).toContainText(t.offline, { timeout: 10_000 });
  await expect(b.page.getByTestId("offline-count")).toHaveText(t.waitingOffline);

  await a.page.goto(`${processUrl}/criteria/${code}`);
  await a.page.getByLabel(t.largely).check();
  await a.page.locator("textarea#justification").fill("Version de Moussa : check-list affichée.");
  await a.page.getByRole("button", { name: t.save }).click();
  await expect(a.page.locator("#save-state")).toHaveText(t.saved);

  // Back online, the queued change is sent, runs into Moussa's save and is not applied: both are on screen.
  await b.context.setOffline(false);
  await expect(b.page.getByRole("alert").filter({ hasText: t.conflict })).toBeVisible({ timeout: 10_000 });
  await expect(b.page.getByText("Version de Moussa : check-list affichée.")).toBeVisible();
  await expect(b.page.locator("textarea#justification")).toHaveValue(mine);
  await b.page.getByRole("button", { name: t.keepMine }).click();
  await expect(b.page.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });
  await a.page.reload();
  await expect(a.page.locator("textarea#justification")).toHaveValue(mine);
  await a.context.close();
  await b.context.close();
});

test("logging out with a change not sent offers to sync, else downloads it; imported after signing in again, it is saved", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const { context, page } = await signedInContext(browser, testInfo.project.use.locale, lng, "fann@label.example.org");
  const processUrl = await openFannProcess(page, lng);
  const code = lng === "fr" ? "6.1.3" : "6.1.4";
  await page.goto(`${processUrl}/criteria/${code}`);
  // The server cannot be reached for saves (the change stays queued) while the rest of the site answers.
  await page.route("**/rating", (route) => route.abort("internetdisconnected"));
  const text = `Exporté (${lng}) : registre des évènements indésirables tenu.`;
  await page.locator("textarea#justification").fill(text);
  await expect(page.locator("#save-state")).toContainText(t.offline, { timeout: 10_000 });
  await page.getByRole("button", { name: t.logout }).click();
  await expect(page.getByRole("alertdialog")).toContainText(t.logoutWaiting);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: t.logoutAnyway }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^label-changes-\d{4}-\d{2}-\d{2}\.json$/);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);
  await expect(page).toHaveURL(/\/login/);
  await page.unroute("**/rating");

  // Signed in again: the queue was erased at logout, the file puts the change back and it goes.
  await signIn(page, lng, "fann@label.example.org");
  await page.goto(processUrl);
  await page.getByLabel(t.importChanges).setInputFiles(path);
  await expect(page.getByText(t.imported)).toBeVisible();
  await expect(page.getByTestId("offline-count")).toBeHidden({ timeout: 10_000 });
  await page.goto(`${processUrl}/criteria/${code}`);
  await expect(page.locator("textarea#justification")).toHaveValue(text);
  // Nothing waits any more: logout is immediate.
  await page.getByRole("button", { name: t.logout }).click();
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

test("N/A on a service-dependent criterion needs the service's absence in the justification, then awaits the auditor (plain form)", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "fann@label.example.org");
  const processUrl = await openFannProcess(page, lng);
  // The demo Fann has no maternity: its N/A on 7.1.2 (critical) waits for the auditor.
  await page.goto(`${processUrl}/criteria/7.1.2`);
  await expect(page.getByText(t.pendingMaternity)).toBeVisible();

  // A critical criterion that depends on a service (each language its own): N/A is offered, and what it means is said.
  const code = lng === "fr" ? "10.3.1" : "11.2.1";
  await page.goto(`${processUrl}/criteria/${code}`);
  await expect(page.getByText(t.serviceHint.replace("{service}", t.service))).toBeVisible();
  // The N/A option's description speaks of a justification too: the text box is named by its role.
  const justification = page.getByRole("textbox", { name: t.justification });
  await justification.fill("");
  await page.getByLabel(t.na).check();
  await page.getByRole("button", { name: t.save }).click();
  await expect(page.getByText(t.absenceRequired.replace("{service}", t.service))).toBeVisible();
  await expect(page.getByLabel(t.na)).toBeChecked();
  await justification.fill("Aucune activité de ce type dans l'établissement : les patients concernés sont adressés au CHU de référence.");
  await page.getByRole("button", { name: t.save }).click();
  await expect(page.getByText(t.savedPlain)).toBeVisible();
  await expect(page.getByText(t.pending)).toBeVisible();
  await context.close();
});
