import { readFileSync } from "node:fs";
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: {
    registry: "Registre des coopérations",
    nav: "Coopérations",
    country: "Pays",
    theme: "Thème",
    filter: "Filtrer",
    togo: "Togo",
    infectious: "Infectiologie, antibiorésistance, hygiène",
    project: "One Health Togo 2 : lutte intégrée contre l'antibiorésistance",
    partner: "CHU Sylvanus Olympio",
    dashboard: "Tableau de bord des coopérations",
    dashboardLink: "Tableau de bord",
    headline: /\d+ projets documentés au registre dans \d+ pays/,
    headlineYear: /\d+ projets? actifs? en 2017 dans \d+ pays/,
    byTheme: "Par thème",
    mapAlt: /Carte du monde/,
    matches: /2 projets sur \d+ correspondent aux filtres/,
  },
  en: {
    registry: "Cooperation registry",
    nav: "Cooperations",
    country: "Country",
    theme: "Theme",
    filter: "Filter",
    togo: "Togo",
    infectious: "Infectious diseases, antimicrobial resistance, hygiene",
    project: "One Health Togo 2: integrated fight against antimicrobial resistance",
    partner: "CHU Sylvanus Olympio",
    dashboard: "Cooperation dashboard",
    dashboardLink: "Dashboard",
    headline: /\d+ projects? documented in the registry in \d+ countr(y|ies)/,
    headlineYear: /\d+ projects? active in 2017 in \d+ countr(y|ies)/,
    byTheme: "By theme",
    mapAlt: /World map/,
    matches: /2 of \d+ projects match the filters/,
  },
} as const;

test("the DRI filters by country and theme, opens a project and downloads the CSV", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "admin@label.example.org");
  await page.getByRole("navigation", { name: lng === "fr" ? "Navigation principale" : "Main navigation" }).getByRole("link", { name: t.nav }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.registry);
  await page.getByLabel(t.country, { exact: true }).selectOption({ label: t.togo });
  await page.getByLabel(t.theme, { exact: true }).selectOption({ label: t.infectious });
  await page.getByRole("button", { name: t.filter }).click();
  await expect(page).toHaveURL(/country=TG/);
  await expect(page).toHaveURL(/theme=infectious/);
  await expect(page.getByText(t.matches)).toBeVisible();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "CSV", exact: true }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^cooperations-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  expect(text).toContain("One Health Togo 2 : lutte intégrée contre l'antibiorésistance");
  expect(text.split("\r\n").filter(Boolean)).toHaveLength(3);

  await page.getByRole("link", { name: t.project }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.project);
  await expect(page.getByRole("link", { name: t.partner })).toBeVisible();
});

test("the dashboard shows the headline, charts and the world map", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "auditeur@label.example.org");
  await page.goto("/cooperations");
  await page.getByRole("link", { name: t.dashboardLink, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.dashboard);
  await expect(page.locator("#headline")).toHaveText(t.headline);
  await expect(page.getByRole("heading", { name: t.byTheme })).toBeVisible();
  const map = page.getByRole("img", { name: t.mapAlt });
  await expect(map).toBeVisible();
  await expect.poll(() => map.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.getByLabel(lng === "fr" ? "Année" : "Year", { exact: true }).selectOption("2017");
  await page.getByRole("button", { name: lng === "fr" ? "Afficher" : "Show", exact: true }).click();
  await expect(page).toHaveURL(/year=2017/);
  await expect(page.locator("#headline")).toHaveText(t.headlineYear);
});

test("the list filters and pages with JavaScript disabled", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(lng === "fr" ? "Adresse e-mail" : "E-mail address").fill("admin@label.example.org");
  await page.getByLabel(lng === "fr" ? "Mot de passe" : "Password", { exact: true }).fill("demo-label-2025");
  await page.getByRole("button", { name: lng === "fr" ? "Se connecter" : "Sign in" }).click();
  await page.goto("/cooperations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.registry);
  await page.getByLabel(t.country, { exact: true }).selectOption({ label: t.togo });
  await page.getByLabel(t.theme, { exact: true }).selectOption({ label: t.infectious });
  await page.getByRole("button", { name: t.filter }).click();
  await expect(page.getByText(t.matches)).toBeVisible();
  await expect(page.getByRole("link", { name: t.project })).toBeVisible();
  await page.goto("/cooperations");
  await page.getByRole("link", { name: lng === "fr" ? "Page suivante →" : "Next page →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await context.close();
});
