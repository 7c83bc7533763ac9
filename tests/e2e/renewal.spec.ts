// A renewal in a browser: the DRI opens a new process for a hospital whose previous process (2019) was rated, the
// carry-over box appears for that hospital only, ticked; the process starts from the previous ratings, each marked
// "carried over from 2019 (code) — to confirm"; the coordinator confirms one with its button and changes another
// (the autosave drops its mark at once); the DRI's count follows. The hospital is this spec's own
// (tests/support/audited-app.ts --renewal), one per browser language.
import type { Page } from "@playwright/test";
import { expect, languageOf, startAuditedApp, test, words } from "./support.ts";

interface Fixture {
  establishment: { id: string; name: string };
  admin: { email: string };
  coordinator: { email: string };
}

const w = {
  fr: {
    hospital: "Établissement",
    carryOver: "Reprendre les évaluations de la démarche précédente (2019)",
    open: "Ouvrir la démarche",
    summary: (confirmed: number) => new RegExp(`^\\d+ évaluations reprises de la démarche 2019, dont ${confirmed} confirmées? ou modifiées?`),
    badge: "Reprise de 2019 (4.1.1) — à confirmer",
    anyBadge: /^Reprise de 2019 \([0-9., ]+\) — à confirmer$/,
    confirm: "Confirmer la cotation reprise du critère 4.1.1",
    confirmed: "Cotation reprise confirmée.",
    carriedFilter: "Reprises à confirmer",
    filter: "Filtrer",
    fully: "3 · Conforme",
    saved: "Enregistré",
  },
  en: {
    hospital: "Hospital",
    carryOver: "Start from the previous process's ratings (2019)",
    open: "Open the process",
    summary: (confirmed: number) => new RegExp(`^\\d+ ratings carried over from the 2019 process, ${confirmed} of them confirmed or changed`),
    badge: "Carried over from 2019 (4.1.1) — to confirm",
    anyBadge: /^Carried over from 2019 \([0-9., ]+\) — to confirm$/,
    confirm: "Confirm the carried-over rating of criterion 4.1.1",
    confirmed: "Carried-over rating confirmed.",
    carriedFilter: "Carried over, to confirm",
    filter: "Filter",
    fully: "3 · Fully met",
    saved: "Saved",
  },
} as const;

test.describe.configure({ mode: "serial" });

let stopServer: (() => Promise<void>) | undefined;
let baseUrl: string;
let password: string;
let fixture: Fixture;
let processUrl: string;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const ready = await startAuditedApp<Fixture>([`renewal-${languageOf(testInfo)}`, "--renewal"]);
  stopServer = ready.stop;
  ({ baseUrl, password } = ready);
  fixture = ready.fixture;
});
test.afterAll(async () => {
  await stopServer?.();
});

async function signInAs(page: Page, lng: "fr" | "en", email: string, secret: string) {
  await page.goto(`${baseUrl}/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill(email);
  await page.getByLabel(words[lng].password, { exact: true }).fill(secret);
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible();
}

test("the DRI opens a renewal that starts from the 2019 ratings, each marked to confirm", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signInAs(page, lng, fixture.admin.email, "demo-label-2025");
  await page.goto(`${baseUrl}/processes/new`);
  // Without JavaScript the box is there for any hospital ("if it had one"); the page's script shows it only for one
  // that had a process: gone once the page runs, as long as no hospital is chosen.
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  const hospital = page.getByLabel(t.hospital, { exact: true });
  await hospital.selectOption({ label: "CNHU de Fann (Dakar, SN)" });
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await hospital.selectOption(fixture.establishment.id);
  await expect(page.getByRole("checkbox", { name: t.carryOver })).toBeChecked();
  await page.getByRole("button", { name: t.open }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(fixture.establishment.name);
  processUrl = page.url().replace(/\?.*$/, "");
  await expect(page.getByText(t.summary(0))).toBeVisible();
});

test("the coordinator confirms one carried-over rating and changes another; the DRI's count follows", async ({ page, browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signInAs(page, lng, fixture.coordinator.email, password);
  await page.goto(`${processUrl}/criteria/4.1.1`);
  await expect(page.getByText(t.badge)).toBeVisible();
  await page.getByRole("button", { name: t.confirm }).click();
  await expect(page.getByText(t.confirmed)).toBeVisible();
  await expect(page.getByText(t.badge)).toHaveCount(0);

  // The list of those left to confirm; a rating changed there loses its mark as soon as the autosave has it.
  await page.goto(`${processUrl}/criteria?chapter=1`);
  await page.getByLabel(t.carriedFilter).check();
  await page.getByRole("button", { name: t.filter, exact: true }).click();
  const row = page.locator("table.criteria-table tbody tr").filter({ hasNotText: "3 ·" }).first();
  await expect(row.getByText(t.anyBadge)).toBeVisible();
  const code = (await row.getByRole("link").locator("strong").textContent())!;
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
  await expect(page.getByText(t.anyBadge)).toBeVisible();
  await page.getByLabel(t.fully).check();
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });
  await expect(page.getByText(t.anyBadge)).toHaveCount(0);

  const dri = await browser.newContext({ locale: testInfo.project.use.locale });
  const driPage = await dri.newPage();
  await signInAs(driPage, lng, fixture.admin.email, "demo-label-2025");
  await driPage.goto(processUrl);
  await expect(driPage.getByText(t.summary(2))).toBeVisible();
  await dri.close();
});
