// A visit taken offline (issue 17; docs/decisions/0023-offline-visit.md), in a persistent browser profile so that
// "close and reopen the browser" is real. The network is cut by stopping the test's own app server (Playwright's
// setOffline does not reach the service worker's fetches), then the server comes back over the same data.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, languageOf, words } from "./support.ts";

const w = {
  fr: {
    processes: "Démarches",
    take: "Rendre disponible hors ligne",
    available: "Disponible hors ligne sur cet appareil.",
    incomplete: "Visite pas entièrement disponible hors ligne.",
    quota: "L'espace de stockage de ce navigateur est plein : rien n'a été gardé.",
    remove: "Retirer de cet appareil",
    removed: "La visite a été retirée de cet appareil.",
    fromStore: "Hors connexion : page affichée depuis la copie enregistrée",
    threeWaiting: "Hors ligne — 3 modifications en attente",
    observation: "Observation",
    recommendation: "Recommandation",
    rating: "2 · Largement conforme",
    offline: "Hors connexion",
    list: "Cotation de l'audit",
  },
  en: {
    processes: "Processes",
    take: "Make available offline",
    available: "Available offline on this device.",
    incomplete: "Visit not fully available offline.",
    quota: "This browser's storage is full: nothing was kept.",
    remove: "Remove from this device",
    removed: "The visit was removed from this device.",
    fromStore: "Offline: page shown from the copy stored",
    threeWaiting: "Offline — 3 changes waiting",
    observation: "Observation",
    recommendation: "Recommendation",
    rating: "2 · Largely met",
    offline: "Offline",
    list: "Audit scoring",
  },
} as const;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The app over its own data folder: the first start seeds a visit to score (tests/e2e/audit-visit-server.ts). */
async function startServer(args: string[], port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode})`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    if (Date.now() > deadline) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
async function stopServer(child: ChildProcess) {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "exit");
}

function launch(profile: string, baseURL: string, locale: string): Promise<BrowserContext> {
  const use = test.info().project.use;
  return chromium.launchPersistentContext(profile, {
    ...use.launchOptions,
    locale,
    baseURL,
  });
}

async function signInAgain(page: Page, lng: "fr" | "en", email = "auditeur@label.example.org") {
  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill(email);
  await page.getByLabel(words[lng].password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible();
}

/** Uncaught errors of the page (failed requests while offline are expected; exceptions are not). */
function watch(page: Page, errors: string[]) {
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (m) => { if (process.env.DEBUG_OFFLINE) console.log("console:", m.type(), m.text()); });
}

test("an auditor takes the visit offline, reopens the browser without a network, rates three criteria never opened, they reach the server; removed from the device, and never seen by the next user", async ({}, testInfo) => {
  test.setTimeout(300_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  const locale = lng === "fr" ? "fr-FR" : "en-GB";
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "label-e2e-offline-"));
  const profile = mkdtempSync(join(tmpdir(), "label-e2e-offline-profile-"));
  const errors: string[] = [];
  let server: ChildProcess | null = await startServer(["--import", "tsx", "tests/e2e/audit-visit-server.ts"], port, dir);
  let context: BrowserContext | null = null;
  try {
    context = await launch(profile, baseURL, locale);
    let page = context.pages()[0] ?? (await context.newPage());
    watch(page, errors);
    await signInAgain(page, lng);

    // The Fann visit's page: make it available offline.
    await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
    const href = await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().getAttribute("href");
    const processPath = /^\/processes\/[0-9a-f-]{36}/.exec(href ?? "")![0];
    await page.goto(`${processPath}/audit`);
    await page.getByRole("button", { name: t.take }).click();
    await expect(page.getByText(t.available)).toBeVisible({ timeout: 60_000 });
    // Three criteria of the lead's chapters never opened in this browser (the stored page is 1.1.1's).
    const visit = await (await context.request.get(`${processPath}/audit/offline.json`)).json();
    const codes: string[] = [];
    for (const chapter of ["1", "2"]) for (const s of [1, 2, 3]) for (const c of [1, 2, 3]) codes.push(`${chapter}.${s}.${c}`);
    const rated = new Set(visit.audit.filter((r: { rating: string | null }) => r.rating !== null).map((r: { code: string }) => r.code));
    const chosen: string[] = [];
    for (const code of codes) {
      if (chosen.length === 3) break;
      if (code === "1.1.1" || rated.has(code)) continue;
      const online = await context.request.get(`${processPath}/audit/criteria/${code}`);
      if (online.status() === 200) chosen.push(code);
    }
    expect(chosen).toHaveLength(3);

    // The network goes: the server stops. The browser is closed and opened again.
    await stopServer(server);
    server = null;
    await context.close();
    context = await launch(profile, baseURL, locale);
    page = context.pages()[0] ?? (await context.newPage());
    watch(page, errors);

    for (const code of chosen) {
      await page.goto(`${processPath}/audit/criteria/${code}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
      await expect(page.getByText(t.fromStore)).toBeVisible();
      await page.getByRole("checkbox", { name: t.observation }).check();
      await page.locator("textarea#finding").fill(`Constat hors ligne ${code}`);
      await page.getByLabel(t.recommendation, { exact: true }).check();
      await page.getByLabel(t.rating).check();
      await expect(page.locator("#save-state")).toContainText(t.offline, { timeout: 10_000 });
    }
    // The scoring list opens offline too (the copy stored when the visit was taken offline).
    await page.getByRole("navigation", { name: /fil d'ariane|breadcrumb/i }).getByRole("link", { name: t.list }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.list);
    await expect(page.locator("table.criteria-table").first()).toBeVisible();
    // Three changes wait in this browser, and every page of the visit says so.
    await expect(page.getByTestId("offline-count")).toHaveText(t.threeWaiting);

    // The network comes back: the next page sends what waited, in the order typed.
    // Closing the browser ended the session (not "remember me"): the same auditor signs in again, and the saves
    // kept in the browser go.
    server = await startServer(["build/start/start.js"], port, dir); // npm start's server, compiled
    await signInAgain(page, lng);
    await page.goto(`${processPath}/audit`);
    await expect
      .poll(async () => {
        const now = await (await context!.request.get(`${processPath}/audit/offline.json`)).json();
        return chosen.map((code) => now.audit.find((r: { code: string }) => r.code === code) ?? null).map((r: { rating: string; finding: string; version: number } | null) => r && `${r.rating}|${r.finding}|${r.version}`);
      }, { timeout: 20_000 })
      .toEqual(chosen.map((code) => `2|Constat hors ligne ${code}|1`));
    // Each one's history shows the save.
    await page.goto(`${processPath}/audit/criteria/${chosen[0]}`);
    await expect(page.locator("section[aria-labelledby='audit-history-title'] table")).toContainText("Dr Marc Lefèvre");

    // Remove from this device: the store is empty again.
    await page.goto(`${processPath}/audit`);
    await page.getByRole("button", { name: t.remove }).click();
    await expect(page.getByText(t.removed)).toBeVisible();
    const stores = () =>
      page.evaluate(async () => {
        const documents = (await caches.keys()).filter((k) => k.startsWith("label-visit:")).length;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open("label-offline");
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const visits = await new Promise<number>((resolve) => {
          const r = db.transaction("visits").objectStore("visits").count();
          r.onsuccess = () => resolve(r.result);
        });
        db.close();
        return { documents, visits };
      });
    expect(await stores()).toEqual({ documents: 0, visits: 0 });

    // Taken offline again; logging out erases it (nothing waits to be sent); then another auditor signs in on this
    // browser and finds nothing of the first one's visit.
    await page.getByRole("button", { name: t.take }).click();
    await expect(page.getByText(t.available)).toBeVisible({ timeout: 60_000 });
    expect((await stores()).visits).toBe(1);
    await page.getByRole("button", { name: words[lng].logout }).click();
    await page.waitForURL(/\/login/);
    expect(await stores()).toEqual({ documents: 0, visits: 0 });
    await signInAgain(page, lng, "fatou.ba@audit.example.org");
    await page.goto(`${processPath}/audit`);
    await expect(page.getByRole("button", { name: t.take })).toBeVisible();
    await expect(page.getByText(t.available)).toHaveCount(0);
    await expect.poll(stores).toEqual({ documents: 0, visits: 0 });
    expect(errors).toEqual([]);
  } finally {
    await context?.close();
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});

test("when the browser's storage is full, the visit is marked not fully available offline and nothing of it is kept", async ({}, testInfo) => {
  test.setTimeout(240_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "label-e2e-offline-quota-"));
  const profile = mkdtempSync(join(tmpdir(), "label-e2e-offline-quota-profile-"));
  const server = await startServer(["--import", "tsx", "tests/e2e/audit-visit-server.ts"], port, dir);
  const context = await launch(profile, baseURL, lng === "fr" ? "fr-FR" : "en-GB");
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await signInAgain(page, lng);
    await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
    const href = await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().getAttribute("href");
    const processPath = /^\/processes\/[0-9a-f-]{36}/.exec(href ?? "")![0];
    await page.goto(`${processPath}/audit`);
    // A browser with little room left: 200 kB for this site.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: baseURL, quotaSize: 200_000 });
    await page.getByRole("button", { name: t.take }).click();
    await expect(page.getByText(t.incomplete)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(t.quota)).toBeVisible();
    await expect(page.getByText(t.available)).toHaveCount(0);
    const kept = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("label-visit:")));
    expect(kept).toEqual([]);
  } finally {
    await context.close();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
