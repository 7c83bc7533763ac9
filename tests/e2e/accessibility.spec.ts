// Accessibility of the main pages (issue 18, item 6; docs/decisions/0026-accessibility-and-slow-link-checks.md):
// axe finds no serious or critical violation on each page, in both languages, colour never carries a meaning
// alone (statuses and levels in words, chart series told apart by pattern), and the document never scrolls
// sideways at 360 px wide nor at 200 % zoom (a 1280 px window zoomed to 200 % lays out 640 CSS px: the test sets
// that viewport width). One sign-in per role and per test: each test visits many pages.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, languageOf, signIn, test, words } from "./support.ts";

// axe reads every node of a page: long pages (a version's criteria, a report) take seconds on a busy machine.
test.describe.configure({ timeout: 180_000 });

const WIDTHS = [
  { name: "200 % zoom", width: 640 },
  { name: "360 px", width: 360 },
];

/** The path of a process's page, as the list of processes links it (hospital, auditor and DRI alike). */
async function processPath(page: Page, hospital: string | RegExp) {
  await page.goto("/processes");
  const href = await page.getByRole("main").getByRole("link", { name: hospital }).first().getAttribute("href");
  return /^\/processes\/[0-9a-f-]{36}/.exec(href ?? "")![0];
}

/**
 * Visits each page and returns what is wrong with it, all pages at once (one failure lists them all): axe's serious
 * and critical violations (WCAG 2.x A and AA rules), and a document wider than the window at each width.
 */
async function problemsOf(page: Page, paths: string[]) {
  const problems: string[] = [];
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await expect(page.locator("h1").first()).toBeVisible();
    // Only the violations are wanted: axe need not gather every node that passes (much of its time on long pages).
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).options({ resultTypes: ["violations"] }).analyze();
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
      problems.push(`${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(" | ")}`);
    }
    const colourOnly = await page.evaluate(colourAlone);
    if (colourOnly.length) problems.push(`${path}: colour alone carries meaning: ${colourOnly.join(" | ")}`);
    for (const { name, width } of WIDTHS) {
      await page.setViewportSize({ width, height: viewport.height });
      const overflow = await page.evaluate(() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return null;
        // The widest element that sticks out, to say what to fix.
        const clipped = (e: Element) => {
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return true;
          return false;
        };
        const culprit = [...document.body.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(e)).pop();
        return `${root.scrollWidth} > ${root.clientWidth} (${culprit ? `${culprit.tagName.toLowerCase()}.${[...culprit.classList].join(".")}` : "?"})`;
      });
      if (overflow) problems.push(`${path}: scrolls sideways at ${name}: ${overflow}`);
    }
    await page.setViewportSize(viewport);
  }
  return problems;
}

/**
 * What colour marks (levels, statuses, gaps, warnings) must also say in words, and what charts must show besides
 * colour: a bar's figure in text beside it and, where two series sit side by side, a pattern telling them apart.
 * Runs in the page; returns what fails.
 */
function colourAlone() {
  const failures: string[] = [];
  for (const e of document.querySelectorAll(".badge, .gap, .dri-late, .warning-text, .text-danger, .certificate-status, .service-na-status, .ref-level, .save-state:not(.save-state-idle)")) {
    if (!(e as HTMLElement).offsetParent && getComputedStyle(e).position !== "fixed") continue;
    if (!e.textContent?.trim() && !e.getAttribute("aria-label")) failures.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")} has no words`);
  }
  for (const svg of document.querySelectorAll("svg[role=img]")) {
    if (!svg.querySelector("text")) failures.push(`chart ${svg.getAttribute("aria-labelledby")} has no figures in text`);
    const series = new Set([...svg.querySelectorAll("rect[class*=bar-]")].map((r) => [...r.classList].find((c) => c.includes("bar-"))));
    if (series.size > 1 && !svg.querySelector("pattern")) failures.push(`chart ${svg.getAttribute("aria-labelledby")} tells its series apart by colour alone`);
  }
  for (const img of document.querySelectorAll("img")) if (!img.hasAttribute("alt")) failures.push(`img ${img.getAttribute("src")} has no text alternative`);
  return failures;
}

test("the public pages have no serious accessibility violation and fit narrow screens", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await page.goto(`/labels?lng=${lng}`);
  const verify = await page.locator("a[href^='/verify/']").first().getAttribute("href");
  expect(verify).toMatch(/^\/verify\/LQS-/);
  expect(await problemsOf(page, [`/login?lng=${lng}`, "/apply", "/verify", verify!, "/labels"])).toEqual([]);
});

test("the hospital's pages have no serious accessibility violation and fit narrow screens", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  const fann = await processPath(page, "CNHU de Fann");
  const pages = ["/", fann, `${fann}/criteria`, `${fann}/criteria/1.1.1`, `${fann}/evidence`, `${fann}/actions`, `${fann}/report`, `${fann}/import`];
  expect(await problemsOf(page, pages)).toEqual([]);
});

test("the auditor's pages have no serious accessibility violation and fit narrow screens", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "auditeur@label.example.org");
  const touba = await processPath(page, /Cheikh Ahmadou Khadim/);
  const bingerville = await processPath(page, /Bingerville/);
  const pages = ["/", `${touba}/audit`, `${touba}/audit/criteria`, `${touba}/audit/criteria/1.1.1`, `${bingerville}/audit/criteria/1.1.1`, `${touba}/audit/comparison`, `${touba}/audit/report`];
  expect(await problemsOf(page, pages)).toEqual([]);
});

test("the DRI's pages have no serious accessibility violation and fit narrow screens", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "admin@label.example.org");
  const lome = await processPath(page, /Sylvanus Olympio/);
  const pages = [
    "/",
    `${lome}/decision`,
    "/admin/applications",
    "/admin/users",
    "/admin/audit-trail",
    "/referentials",
    "/referentials/label-qss/2024",
    "/referentials/diff?from=label-qss%402019&to=label-qss%402024",
  ];
  expect(await problemsOf(page, pages)).toEqual([]);
});

test("the registry's pages have no serious accessibility violation and fit narrow screens", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "admin@label.example.org");
  expect(await problemsOf(page, ["/cooperations", "/cooperations/dashboard", "/cooperations/establishments", "/cooperations/agreements"])).toEqual([]);
});

const w = {
  fr: { save: "Enregistrer la cotation", saved: "Enregistré", fully: "3 · Conforme", largely: "2 · Largement conforme", wrong: "Adresse e-mail ou mot de passe incorrect" },
  en: { save: "Save the rating", saved: "Saved", fully: "3 · Fully met", largely: "2 · Largely met", wrong: "Incorrect e-mail address or password" },
} as const;

/** Presses Tab until the focus is on the element `isTarget` recognises (maybe already: an autofocus) (bounded: a page has few stops before it). */
async function tabTo(page: Page, isTarget: string) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((test) => new Function("e", `return ${test}`)(document.activeElement), isTarget)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${isTarget}`);
}

/** The focus ring of the focused element: an outline or a box-shadow, never none. */
async function focusRing(page: Page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0, shadow: style.boxShadow !== "none" };
  });
}

/**
 * On a rating form (the hospital's or the audit's), Tab to the scale, see the focus ring, Space: the scale's first
 * value, "fully met" (no justification needed); the autosave confirms it and a reload shows it saved.
 */
async function rateFullyMetWithKeys(page: Page, lng: "fr" | "en") {
  await tabTo(page, "e && e.name === 'rating' && e.type === 'radio'");
  expect(Object.values(await focusRing(page))).toContain(true);
  await page.keyboard.press("Space");
  await expect(page.getByLabel(w[lng].fully)).toBeChecked();
  await expect(page.locator("#save-state")).toHaveText(w[lng].saved, { timeout: 10_000 });
  await page.reload();
  await expect(page.getByLabel(w[lng].fully)).toBeChecked();
}

test("a hospital user rates a criterion with the keyboard alone and sees where the focus is", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  const fann = await processPath(page, "CNHU de Fann");
  // A chapter no other browser test rates (each language its own).
  await page.goto(`${fann}/criteria?chapter=${lng === "fr" ? "12" : "9"}&unrated=on`);
  await page.goto((await page.locator("table.criteria-table tbody a").first().getAttribute("href"))!);
  await rateFullyMetWithKeys(page, lng);
});

test("a refused rating marks its field and points at the message (plain form)", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  // Without JavaScript the server's answer draws the errors (with it, the autosave's: the same form component).
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "fann@label.example.org");
  const fann = await processPath(page, "CNHU de Fann");
  await page.goto(`${fann}/criteria/${lng === "fr" ? "2.1.1" : "8.1.1"}`);
  const justification = page.locator("textarea#justification");
  await justification.fill("");
  await page.getByLabel(t.largely).check();
  await page.getByRole("button", { name: t.save }).click();
  await expect(justification).toHaveAttribute("aria-invalid", "true");
  expect((await justification.getAttribute("aria-describedby"))!.split(" ")).toContain("justification-error");
  await expect(page.locator("#justification-error")).not.toBeEmpty();
  // Nothing was saved: the rating shown is still the one chosen, kept with the refused input.
  await expect(page.getByLabel(t.largely)).toBeChecked();
  await context.close();
});

test("the lead auditor rates a criterion with the keyboard alone and the rating is saved", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "auditeur@label.example.org");
  // The Bingerville visit, scheduled, is the lead auditor's to score; the other audit tests run on servers of their own.
  const bingerville = await processPath(page, /Bingerville/);
  await page.goto(`${bingerville}/audit/criteria/${lng === "fr" ? "2.1.1" : "2.1.2"}`);
  await rateFullyMetWithKeys(page, lng);
});

test("the login form announces a refused sign-in and ties each missing field to its message", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const w0 = words[lng];
  await page.goto(`/login?lng=${lng}`);
  // Keyboard only: Tab to the e-mail field, type, Tab to the password, type, Enter.
  await tabTo(page, "e && e.type === 'email'");
  expect(Object.values(await focusRing(page))).toContain(true);
  await page.keyboard.type("fann@label.example.org");
  await page.keyboard.press("Tab");
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText(w[lng].wrong);

  // An empty form: each field is marked invalid and described by its message.
  await page.getByLabel(w0.email).fill("");
  await page.getByLabel(w0.password, { exact: true }).fill("");
  await page.getByRole("button", { name: w0.submit }).click();
  for (const field of [page.getByLabel(w0.email), page.getByLabel(w0.password, { exact: true })]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
    const ids = (await field.getAttribute("aria-describedby"))!.split(" ");
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(" ").trim()).not.toBe("");
  }
});
