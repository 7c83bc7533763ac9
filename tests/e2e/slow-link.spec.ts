// A hospital user on a slow link (issue 18, item 5; docs/decisions/0026-accessibility-and-slow-link-checks.md):
// Chromium's network emulation at 400 kbit/s each way and 400 ms of latency, from the login page to a saved rating.
// The flow must complete; how long it takes is bench/slow-link.ts's business, not this test's.
import { DEMO_PASSWORD, expect, languageOf, test, words } from "./support.ts";

const w = {
  fr: { processes: "Démarches", fully: "3 · Conforme", largely: "2 · Largement conforme", saved: "Enregistré" },
  en: { processes: "Processes", fully: "3 · Fully met", largely: "2 · Largely met", saved: "Saved" },
} as const;

test("on a 400 kbit/s link with 400 ms of latency, a hospital user signs in, opens a criterion and saves a rating", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 });

  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill("fann@label.example.org");
  await page.getByLabel(words[lng].password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible({ timeout: 60_000 });

  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
  await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CNHU de Fann", { timeout: 60_000 });
  // A criterion of a chapter no other browser test rates (each language its own); the value changes whatever it was.
  await page.goto(`${page.url()}/criteria?chapter=${lng === "fr" ? "10" : "7"}`);
  await page.locator("table.criteria-table tbody a").last().click();
  const justification = page.locator("textarea#justification");
  await expect(justification).toBeVisible({ timeout: 60_000 });
  // The page is usable before its script has arrived (a plain form); the autosave needs the script: wait for it.
  await page.waitForLoadState("networkidle", { timeout: 60_000 });
  await justification.fill("Constat saisi sur un lien lent.");
  const chosen = (await page.getByRole("radio", { name: t.fully }).isChecked()) ? t.largely : t.fully;
  await page.getByRole("radio", { name: chosen }).check();
  await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole("radio", { name: chosen })).toBeChecked({ timeout: 60_000 });
});
