import type { Locator, Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, languageOf, signIn, test, words } from "./support.ts";

// What a newcomer notices first: the dashboard's figures, the language after signing in, the DRI's navigation.

const w = {
  fr: {
    mainNav: "Navigation principale",
    main: ["Accueil", "Démarches", "Coopérations", "Référentiel", "Labels"],
    admin: [/^Utilisateurs$/, /^Candidatures/, /^Messages envoyés$/, /^Gestion du référentiel$/, /^Journal d'audit$/],
    administration: "Administration",
    usersTitle: "Utilisateurs",
    byStatus: "Par statut",
    unknown: /Statut inconnu/,
    seeList: "Voir la liste de ces projets",
    activeIn: (year: number) => `Actifs en ${year}`,
    report: /Rapport annuel 2025 : 93 coopérations actives dans 42 pays/,
    partial: /Le registre ne documente qu'une partie des coopérations/,
  },
  en: {
    mainNav: "Main navigation",
    main: ["Home", "Processes", "Cooperations", "Standards manual", "Labels"],
    admin: [/^Users$/, /^Applications/, /^Sent messages$/, /^Manage standards manual$/, /^Audit trail$/],
    administration: "Administration",
    usersTitle: "Users",
    byStatus: "By status",
    unknown: /Status unknown/,
    seeList: "See the list of these projects",
    activeIn: (year: number) => `Active in ${year}`,
    report: /Annual report 2025: 93 active cooperations in 42 countries/,
    partial: /The registry documents only part of AP-HP's cooperations/,
  },
} as const;

/** The first number a text holds ("55 projets", "42 projets sur 55 correspondent aux filtres"). */
async function firstNumber(locator: Locator): Promise<number> {
  const text = (await locator.textContent()) ?? "";
  return Number(/\d+/.exec(text)![0]);
}
const listCount = (page: Page) => firstNumber(page.locator("p[role=status]"));
const headline = (page: Page) => firstNumber(page.locator("#headline"));

test("the dashboard's headline counts what the registry's list shows, the status-unknown projects and a year's view included", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "admin@label.example.org");
  await page.goto("/cooperations");
  const documented = await listCount(page);
  expect(documented).toBeGreaterThan(0);

  await page.goto("/cooperations/dashboard");
  expect(await headline(page)).toBe(documented);
  await expect(page.getByText(t.report)).toBeVisible();
  await expect(page.getByText(t.partial)).toBeVisible();
  // The projects of unknown status are counted and one click from their list.
  const unknownLink = page.getByRole("list", { name: t.byStatus }).getByRole("link", { name: t.unknown });
  const unknownText = (await unknownLink.textContent())!;
  const unknown = Number(/(\d+)\s*$/.exec(unknownText)![1]);
  expect(unknown).toBeGreaterThan(0);
  await unknownLink.click();
  await expect(page).toHaveURL(/\/cooperations\?status=unknown$/);
  await expect.poll(() => listCount(page)).toBe(unknown);

  // The year's view is a plain link away, and its list counts the same projects.
  const year = new Date().getFullYear();
  await page.goto("/cooperations/dashboard");
  await page.getByRole("link", { name: t.activeIn(year), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/cooperations/dashboard\\?year=${year}$`));
  // The URL changes before React has rendered the new page (a transition): wait for the year's own headline.
  await expect(page.locator("#headline")).toContainText(String(year));
  const active = await headline(page);
  await page.getByRole("link", { name: t.seeList }).click();
  await expect(page).toHaveURL(new RegExp(`/cooperations\\?year=${year}$`));
  await expect.poll(() => listCount(page)).toBe(active);
});

test("signing in switches the pages to the account's language, unless the other was chosen with the switch on this device", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const locale = testInfo.project.use.locale;
  // From a French browser, the English-speaking colleague at Fann; from an English one, Fann's French-speaking coordinator.
  const account = lng === "fr" ? "ibrahima@label.example.org" : "fann@label.example.org";
  const other = lng === "fr" ? "en" : "fr";
  const submit = async (page: Page, as: "fr" | "en") => {
    await page.getByLabel(words[as].email).fill(account);
    await page.getByLabel(words[as].password, { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: words[as].submit }).click();
  };

  const fresh = await browser.newContext({ locale });
  const page = await fresh.newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
  await submit(page, lng);
  await expect(page.getByRole("button", { name: words[other].logout })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", other);
  await page.getByRole("link", { name: other === "en" ? "Processes" : "Démarches", exact: true }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", other);
  await fresh.close();

  // The browser's own language chosen with the switch (to the other and back): the sign-in keeps it.
  const chosen = await browser.newContext({ locale });
  const tab = await chosen.newPage();
  await tab.goto("/login");
  await tab.getByRole("link", { name: other.toUpperCase(), exact: true }).click();
  await expect(tab.locator("html")).toHaveAttribute("lang", other);
  await tab.getByRole("link", { name: lng.toUpperCase(), exact: true }).click();
  await expect(tab.locator("html")).toHaveAttribute("lang", lng);
  await submit(tab, lng);
  await expect(tab.getByRole("button", { name: words[lng].logout })).toBeVisible();
  await expect(tab.locator("html")).toHaveAttribute("lang", lng);
  await chosen.close();
});

test("the DRI's navigation holds on one line at 1280 px, the administration pages in a menu that opens with the keyboard", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, lng, "admin@label.example.org");
  const nav = page.getByRole("navigation", { name: t.mainNav });
  const middles: number[] = [];
  const middle = async (entry: Locator) => {
    const box = (await entry.boundingBox())!;
    return box.y + box.height / 2;
  };
  for (const name of t.main) {
    const link = nav.getByRole("link", { name, exact: true });
    await expect(link).toBeVisible();
    middles.push(await middle(link));
  }
  const summary = nav.getByText(t.administration, { exact: true });
  await expect(summary).toBeVisible();
  middles.push(await middle(summary));
  expect(Math.max(...middles) - Math.min(...middles), "every entry on one line").toBeLessThan(8);
  for (const name of t.admin) await expect(nav.getByRole("link", { name })).toBeHidden();

  // Keyboard: Tab reaches the menu, Enter opens it, Escape closes it, Enter on an entry follows it.
  await nav.getByRole("link", { name: "Labels", exact: true }).focus();
  await page.keyboard.press("Tab");
  await expect(summary).toBeFocused();
  await page.keyboard.press("Enter");
  for (const name of t.admin) await expect(nav.getByRole("link", { name })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: t.admin[0] })).toBeHidden();
  await expect(summary).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: t.admin[0] })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.usersTitle);
  await expect(nav.getByRole("link", { name: t.admin[0] })).toBeHidden();

  // On a phone: nothing wider than the screen, and the menu opens in the flow of the bar.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await summary.click();
  for (const name of t.admin) await expect(nav.getByRole("link", { name })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
