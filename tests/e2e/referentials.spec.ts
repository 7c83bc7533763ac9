// Reading the referential: browse the 2024 version, search (with and without JavaScript) and land on a criterion,
// filter critical criteria, compare the two newest versions (2024 → 2026), download the PDF and read its text.
// In fr-FR and en-GB.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, languageOf, signIn, test, words } from "./support.ts";

const w = {
  fr: {
    nav: "Référentiel",
    version2024: "Version 2024",
    title2024: "Label qualité et sécurité des soins AP-HP à l'international — Référentiel 2024",
    chapter9: "Prévention et contrôle des infections",
    search: "Mots ou code de critère",
    searchButton: "Rechercher",
    handHygiene: "hygiène des mains",
    criterion: (code: string) => `Critère ${code}`,
    tier: "Niveau d'exigence",
    critical: "Impératif",
    criticalCount: "20 critères sur 136 correspondent à la recherche.",
    compare: "Comparer",
    diffTitle: "Évolutions de la version 2024 à la version 2026",
    added: "Critères ajoutés",
    pdf: "Version complète (PDF)",
    toc: "Sommaire",
  },
  en: {
    nav: "Standards manual",
    version2024: "Version 2024",
    title2024: "AP-HP International Quality and Safety of Care Label — 2024 Standards Manual",
    chapter9: "Infection prevention and control",
    search: "Words or criterion code",
    searchButton: "Search",
    handHygiene: "hand hygiene",
    criterion: (code: string) => `Criterion ${code}`,
    tier: "Tier",
    critical: "Critical",
    criticalCount: "20 of 136 criteria match.",
    compare: "Compare",
    diffTitle: "Changes from version 2024 to version 2026",
    added: "Criteria added",
    pdf: "Whole version (PDF)",
    toc: "Contents",
  },
} as const;

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "label-e2e-pdf-"));
  try {
    writeFileSync(join(dir, "doc.pdf"), bytes);
    const result = spawnSync("pdftotext", [join(dir, "doc.pdf"), "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a hospital coordinator browses the 2024 version down to a chapter", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "touba@label.example.org");
  await page.getByRole("navigation", { name: lng === "fr" ? "Navigation principale" : "Main navigation" }).getByRole("link", { name: w[lng].nav, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].nav);
  await page.getByRole("link", { name: new RegExp(w[lng].version2024) }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].title2024);
  await expect(page).toHaveTitle(new RegExp(w[lng].title2024.slice(0, 20)));
  await page.locator("#toc").getByRole("link", { name: new RegExp(w[lng].chapter9) }).click();
  await expect(page).toHaveURL(/#chapter-9$/);
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(w[lng].chapter9) })).toBeInViewport();
  // Every criterion has a deep link.
  await page.goto("/referentials/label-qss/2024#9.2.3");
  await expect(page.locator('article[id="9.2.3"]')).toBeInViewport();
});

test("the whole version, opened by its address, keeps its links within the app and reads in the other language", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const other = lng === "fr" ? "en" : "fr";
  await signIn(page, lng, "touba@label.example.org");
  // A document load: the criteria's markup is the server's, adopted by hydration without rendering it again.
  await page.goto("/referentials/label-qss/2024");
  await expect(page.locator('article[id="9.2.3"]')).toBeVisible();
  // Hydrated: React holds the content's element (a hydration error would fail the test through the console).
  await page.waitForFunction(() => Object.keys(document.querySelector(".ref-content")!).some((key) => key.startsWith("__reactFiber")));
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.locator('article[id="1.1.1"]').getByRole("link", { name: w[lng].criterion("1.1.1") }).click();
  await expect(page).toHaveURL(/\/referentials\/label-qss\/2024\/criteria\/1\.1\.1$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("1.1.1");
  // Followed within the app: the document is the same one.
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  // Back to the version by a client navigation: rendered in the browser this time, the same criteria.
  await page.goBack();
  await expect(page.locator('article[id="9.2.3"]')).toBeVisible();
  await expect(page.locator(".ref-content article.ref-criterion")).toHaveCount(136);
  // The other language, by the switch: the criteria follow.
  await page.getByRole("navigation", { name: lng === "fr" ? "Langue" : "Language" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(w[other].chapter9) })).toBeVisible();
  await expect(page.locator('article[id="1.1.1"]').getByRole("link", { name: w[other].criterion("1.1.1") })).toBeVisible();
});

test("from a page not found, the way to the whole version shows every criterion", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "touba@label.example.org");
  // An old link: the error page is the first document, hydrated; the rest of the way is client navigations.
  await page.goto("/referentials/label-qss/2024/nothing-here");
  await page.waitForFunction(() => Object.keys(document.querySelector(".app-header")!).some((key) => key.startsWith("__reactFiber")));
  await page.getByRole("navigation", { name: lng === "fr" ? "Navigation principale" : "Main navigation" }).getByRole("link", { name: w[lng].nav, exact: true }).click();
  await page.getByRole("link", { name: new RegExp(w[lng].version2024) }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].title2024);
  await expect(page.locator(".ref-content article.ref-criterion")).toHaveCount(136);
  await expect(page.locator('article[id="9.2.3"]')).toBeVisible();
});

test("searching for hand hygiene lands on the criterion, accents and case ignored", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "auditeur@label.example.org");
  await page.goto("/referentials/label-qss/2024");
  await page.getByLabel(w[lng].search).fill(w[lng].handHygiene.toUpperCase());
  await page.getByRole("button", { name: w[lng].searchButton, exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  const status = page.getByRole("status");
  await expect(status).toBeVisible();
  await expect(status).toBeInViewport();
  await page.getByRole("link", { name: w[lng].criterion("9.2.3"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].criterion("9.2.3"));
  await expect(page.getByText(w[lng].chapter9).first()).toBeVisible();
  await expect(page.getByText(new RegExp(w[lng].handHygiene, "i")).first()).toBeVisible();
});

test("filtering critical criteria keeps the filter in the URL", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  await page.goto("/referentials/label-qss/2024");
  await page.getByLabel(w[lng].tier, { exact: true }).selectOption({ label: w[lng].critical });
  await page.getByRole("button", { name: w[lng].searchButton, exact: true }).click();
  await expect(page).toHaveURL(/tier=critical/);
  await expect(page.getByRole("status")).toHaveText(w[lng].criticalCount);
  await expect(page.locator("article.ref-criterion")).toHaveCount(20);
  await expect(page.locator("article.ref-criterion:not(.ref-criterion-critical)")).toHaveCount(0);
  // The same address gives the same list (shareable, bookmarkable).
  await page.reload();
  await expect(page.locator("article.ref-criterion")).toHaveCount(20);
  await expect(page.getByLabel(w[lng].tier, { exact: true })).toHaveValue("critical");
});

test("comparing the two newest versions, 2024 and 2026, shows what changed", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "admin@label.example.org");
  await page.goto("/referentials");
  await page.getByRole("button", { name: w[lng].compare, exact: true }).click();
  await expect(page).toHaveURL(/\/referentials\/diff\?from=label-qss%402024&to=label-qss%402026/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].diffTitle);
  const addedRow = page.getByRole("row", { name: new RegExp(w[lng].added) });
  await expect(addedRow).toContainText("25");
  await expect(page.locator("del").first()).toBeVisible();
  await expect(page.locator("ins").first()).toBeVisible();
});

test("the PDF of the version downloads, with its chapters in the page language and accents intact", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const lng = languageOf(testInfo);
  await signIn(page, lng, "touba@label.example.org");
  await page.goto("/referentials/label-qss/2024");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: w[lng].pdf }).first().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`label-qss-2024-${lng}.pdf`);
  const { readFileSync } = await import("node:fs");
  const text = pdfText(readFileSync((await download.path())!));
  expect(text).toContain(w[lng].chapter9);
  expect(text).toContain(w[lng].toc);
  expect(text).toContain(w[lng].criterion("9.2.3"));
  // A chapter title with its accents, whatever the page language: the French chapter PDF.
  const french = await page.request.get("/referentials/label-qss/2024/pdf?chapter=9&lng=fr");
  expect(french.status()).toBe(200);
  const frenchText = pdfText(await french.body());
  expect(frenchText).toContain("Prévention et contrôle des infections");
  expect(frenchText).toContain("Éléments de preuve attendus");
});

test("search works with JavaScript disabled", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill("touba@label.example.org");
  await page.getByLabel(words[lng].password, { exact: true }).fill("demo-label-2025");
  await page.getByRole("button", { name: words[lng].submit }).click();
  await page.goto("/referentials/label-qss/2024");
  await page.getByLabel(w[lng].search).fill(lng === "fr" ? "securite" : "SAFETY");
  await page.getByLabel(w[lng].tier, { exact: true }).selectOption("critical");
  await page.getByRole("button", { name: w[lng].searchButton, exact: true }).click();
  await expect(page).toHaveURL(/q=(securite|SAFETY).*tier=critical/);
  await expect(page.getByRole("status")).toBeVisible();
  const count = await page.locator("article.ref-criterion").count();
  expect(count).toBeGreaterThan(0);
  await expect(page.locator("article.ref-criterion:not(.ref-criterion-critical)")).toHaveCount(0);
  await context.close();
});
