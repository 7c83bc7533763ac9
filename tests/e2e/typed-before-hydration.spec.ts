// On a slow link the page shows (a plain form) before its modules have arrived: a hospital user may choose a rating
// and type a justification before the page is hydrated. Those changes must be autosaved all the same (issue 18;
// docs/decisions/0026-accessibility-and-slow-link-checks.md). The modules are held back until the changes are made.
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: { processes: "Démarches", fully: "3 · Conforme", largely: "2 · Largement conforme", saved: "Enregistré", first: "Procédure validée en 2024.", typed: "Saisi avant le chargement des scripts" },
  en: { processes: "Processes", fully: "3 · Fully met", largely: "2 · Largely met", saved: "Saved", first: "Procedure approved in 2024.", typed: "Typed before the scripts loaded" },
} as const;

test("a rating chosen and a justification typed before the page's script has run are autosaved", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "fann@label.example.org");
  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
  await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CNHU de Fann");
  // A chapter no other browser test rates (each language its own).
  await page.goto(`${page.url()}/criteria?chapter=${lng === "fr" ? "11" : "8"}`);
  await page.locator("table.criteria-table tbody a").first().click();
  await expect(page).toHaveURL(/\/criteria\/[0-9.]+$/);
  const justification = page.locator("textarea#justification");
  const criterion = page.url().replace(/[?#].*$/, "");

  // A justification saved already: React writes the server's text back into a textarea when it hydrates.
  await page.waitForLoadState("networkidle");
  await page.getByRole("radio", { name: t.largely }).check();
  await justification.fill(t.first);
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 20_000 });

  // The page again, its modules held back: the plain form is there, and the reader changes it.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/.+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(criterion, { waitUntil: "commit" });
  await expect(justification).toHaveValue(t.first);
  await page.getByRole("radio", { name: t.fully }).check();
  const typed = `${t.typed} (${testInfo.project.name})`;
  await justification.fill(typed);
  release();
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 20_000 });
  await expect(justification).toHaveValue(typed);

  await page.unroute(/\/assets\/.+\.js$/);
  await page.reload();
  await expect(page.getByRole("radio", { name: t.fully })).toBeChecked();
  await expect(justification).toHaveValue(typed);
});
