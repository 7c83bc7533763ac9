// A visit taken offline (issue 17; docs/decisions/0023-offline-visit.md), in a persistent browser profile so that
// "close and reopen the browser" is real. The network is cut by stopping the test's own app server (Playwright's
// setOffline does not reach the service worker's fetches), then the server comes back over the same data.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { DEMO_PASSWORD, languageOf, words } from "./support.ts";
import { startSeededServer, startServer, stopServer } from "./visit-server.ts";
import { freePort } from "#tests/support/free-port.ts";

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
    remember: /Rester connecté 30 jours/,
    banner: "Modifications en attente sur cet appareil",
    twoOffline: "Hors ligne — 2 modifications en attente",
    twoWaiting: "2 modifications en attente d'envoi",
    oneToReview: "1 modification à revoir :",
    syncNow: "Synchroniser maintenant",
    signedOut: "Votre session a expiré : reconnectez-vous, les modifications en attente seront envoyées ensuite.",
    conflictInBanner: "conflit avec un collègue : ouvrez le critère pour choisir.",
    conflict: "Dr Fatou Ba a enregistré ce critère pendant que vous le modifiiez",
    keepMine: "Enregistrer ma version",
    saved: "Enregistré",
    nonConformity: "Non-conformité",
    ratingOne: "1 · Partiellement conforme",
    submitted: "refusée : l'audit est remis (ou la démarche n'est plus modifiable)",
    discard: "Abandonner cette modification",
    historyOnline: "Historique disponible en ligne : cette copie hors connexion ne le contient pas.",
    downloadEvidence: /^Télécharger aussi les pièces justificatives \(3 fichiers, [\d,]+\s(ko|Mo)\)$/,
    evidenceStored: /^les pièces justificatives \(3 fichiers, [\d,]+\s(ko|Mo)\), qui s'ouvrent hors ligne$/,
    notOffline: "Procédure hygiène des mains 2024.pdf (non disponible hors ligne)",
    evidenceQuota: "Pièces justificatives non disponibles hors ligne. L'espace de stockage de ce navigateur est plein : aucune pièce n'a été gardée. La visite reste disponible hors ligne",
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
    remember: /Keep me signed in for 30 days/,
    banner: "Changes waiting on this device",
    twoOffline: "Offline — 2 changes waiting",
    twoWaiting: "2 changes waiting to be sent",
    oneToReview: "1 change to review:",
    syncNow: "Sync now",
    signedOut: "Your session has expired: sign in again and the waiting changes will be sent.",
    conflictInBanner: "conflict with a colleague: open the criterion to choose.",
    conflict: "Dr Fatou Ba saved this criterion while you were editing it",
    keepMine: "Save my version",
    saved: "Saved",
    nonConformity: "Non-conformity",
    ratingOne: "1 · Partially met",
    submitted: "refused: the audit has been submitted (or the process can no longer be changed)",
    discard: "Discard this change",
    historyOnline: "History available online: this offline copy does not hold it.",
    downloadEvidence: /^Also download the evidence files \(3 files, [\d.]+\s(kB|MB)\)$/,
    evidenceStored: /^the evidence files \(3 files, [\d.]+\s(kB|MB)\), which open offline$/,
    notOffline: "Procédure hygiène des mains 2024.pdf (not available offline)",
    evidenceQuota: "Evidence files not available offline. This browser's storage is full: no file was kept. The visit stays available offline",
  },
} as const;

function launch(profile: string, baseURL: string, locale: string): Promise<BrowserContext> {
  const use = test.info().project.use;
  return chromium.launchPersistentContext(profile, {
    ...use.launchOptions,
    locale,
    baseURL,
  });
}

async function signInAgain(page: Page, lng: "fr" | "en", email = "auditeur@label.example.org", remember = false) {
  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill(email);
  await page.getByLabel(words[lng].password, { exact: true }).fill(DEMO_PASSWORD);
  if (remember) await page.getByLabel(w[lng].remember).check();
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible();
}

/** Runs one SQL statement on the stopped server's data folder (tests/e2e/pglite-sql.ts): what happens server-side. */
async function runSql(dir: string, statement: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/pglite-sql.ts", join(dir, "pglite"), statement], { stdio: ["ignore", "ignore", "inherit"] });
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`SQL failed (${code}): ${statement}`);
}

/** Opens the Fann visit's page through the processes list; returns the process's path. */
async function openVisit(page: Page, t: (typeof w)["fr" | "en"]) {
  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
  const href = await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().getAttribute("href");
  const processPath = /^\/processes\/[0-9a-f-]{36}/.exec(href ?? "")![0];
  await page.goto(`${processPath}/audit`);
  return processPath;
}

/** Opens the Fann visit and makes it available offline; returns the process's path. */
async function takeVisitOffline(page: Page, t: (typeof w)["fr" | "en"]) {
  const processPath = await openVisit(page, t);
  await page.getByRole("button", { name: t.take }).click();
  await expect(page.getByText(t.available)).toBeVisible({ timeout: 60_000 });
  return processPath;
}

/** `count` criteria of the lead's chapters nobody rated, never opened in this browser (the stored page is 1.1.1's). */
async function unratedCriteria(context: BrowserContext, processPath: string, count: number) {
  const visit = await (await context.request.get(`${processPath}/audit/offline.json`)).json();
  const rated = new Set(visit.audit.filter((r: { rating: string | null }) => r.rating !== null).map((r: { code: string }) => r.code));
  const chosen: string[] = [];
  for (const chapter of ["1", "2"]) for (const s of [1, 2, 3]) for (const c of [1, 2, 3]) {
    const code = `${chapter}.${s}.${c}`;
    if (chosen.length === count || code === "1.1.1" || rated.has(code)) continue;
    if ((await context.request.get(`${processPath}/audit/criteria/${code}`)).status() === 200) chosen.push(code);
  }
  expect(chosen).toHaveLength(count);
  return chosen;
}

/** The audit ratings of these criteria as the server holds them ("rating|finding|version", null when none). */
async function storedRatings(context: BrowserContext, processPath: string, codes: string[]) {
  const now = await (await context.request.get(`${processPath}/audit/offline.json`)).json();
  return codes.map((code) => now.audit.find((r: { code: string }) => r.code === code) ?? null).map((r: { rating: string | null; finding: string; version: number } | null) => r && `${r.rating}|${r.finding}|${r.version}`);
}

/** Rates a criterion on its page while the server cannot be reached: the change waits in the browser. */
async function rateOffline(page: Page, t: (typeof w)["fr" | "en"], finding: string) {
  await page.getByRole("checkbox", { name: t.observation }).check();
  await page.locator("textarea#finding").fill(finding);
  await page.getByLabel(t.recommendation, { exact: true }).check();
  await page.getByLabel(t.rating).check();
  await expect(page.locator("#save-state")).toContainText(t.offline, { timeout: 10_000 });
}

/** Uncaught errors of the page (failed requests while offline are expected; exceptions are not). */
function watch(page: Page, errors: string[]) {
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (m) => { if (process.env.DEBUG_OFFLINE) console.log("console:", m.type(), m.text()); });
}

/** What each test here starts from: the browser's language, a free port, a data folder and a browser profile of its own. */
async function prepare(testInfo: TestInfo, name: string) {
  const lng = languageOf(testInfo);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `label-e2e-${name}-`));
  const profile = mkdtempSync(join(tmpdir(), `label-e2e-${name}-profile-`));
  return {
    lng,
    t: w[lng],
    locale: lng === "fr" ? "fr-FR" : "en-GB",
    port,
    baseURL: `http://127.0.0.1:${port}`,
    dir,
    profile,
    cleanUp: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The browser over the persistent profile (opened again after closing it), its page watched for errors. */
async function openBrowser(profile: string, baseURL: string, locale: string, errors: string[]) {
  const context = await launch(profile, baseURL, locale);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page, errors);
  return { context, page };
}

test("an auditor takes the visit offline, reopens the browser without a network, rates three criteria never opened, they reach the server; removed from the device, and never seen by the next user", async ({}, testInfo) => {
  // In French only, as the next one: the offline pages' English is driven by the storage and evidence tests below.
  test.skip(languageOf(testInfo) === "en", "French only");
  test.setTimeout(300_000);
  const { lng, t, locale, port, baseURL, dir, profile, cleanUp } = await prepare(testInfo, "offline");
  const errors: string[] = [];
  let server: ChildProcess | null = await startSeededServer(port, dir);
  let context: BrowserContext | null = null;
  try {
    let page: Page;
    ({ context, page } = await openBrowser(profile, baseURL, locale, errors));
    await signInAgain(page, lng);

    // The Fann visit's page: make it available offline.
    const processPath = await takeVisitOffline(page, t);
    const chosen = await unratedCriteria(context, processPath, 3);

    // The network goes: the server stops. The browser is closed and opened again.
    await stopServer(server);
    server = null;
    await context.close();
    ({ context, page } = await openBrowser(profile, baseURL, locale, errors));

    for (const code of chosen) {
      await page.goto(`${processPath}/audit/criteria/${code}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
      await expect(page.getByText(t.fromStore)).toBeVisible();
      // The store holds no history: the page says where to find it, never "not rated yet".
      await expect(page.getByText(t.historyOnline)).toBeVisible();
      await rateOffline(page, t, `Constat hors ligne ${code}`);
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
    server = await startServer(port, dir);
    await signInAgain(page, lng);
    await page.goto(`${processPath}/audit`);
    await expect
      .poll(() => storedRatings(context!, processPath, chosen), { timeout: 20_000 })
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
    cleanUp();
  }
});

test("offline while the server moves on: a colleague's save comes back as a conflict to choose, an expired session keeps the queue until the same auditor signs in, a submitted audit refuses the change with its reason", async ({}, testInfo) => {
  // In French only: the longest scenario of the suite (two servers, a session expired, an audit submitted), and its
  // server-side answers are tested in both languages in tests/integration/offline-visit.test.ts; the offline pages'
  // English is driven by the three other tests here (\`npm test\` must stay well under 20 minutes).
  test.skip(languageOf(testInfo) === "en", "French only");
  test.setTimeout(300_000);
  const { lng, t, locale, port, baseURL, dir, profile, cleanUp } = await prepare(testInfo, "offline-sync");
  const errors: string[] = [];
  let server: ChildProcess | null = await startSeededServer(port, dir);
  let context: BrowserContext | null = null;
  try {
    let page: Page;
    ({ context, page } = await openBrowser(profile, baseURL, locale, errors));
    // "Remember me": the session outlives the browser, so it can expire on the server while the page is open.
    await signInAgain(page, lng, "auditeur@label.example.org", true);
    const processPath = await takeVisitOffline(page, t);
    const [contested, quiet, late] = await unratedCriteria(context, processPath, 3) as [string, string, string];

    // The network goes; the browser is closed and opened again, and the lead rates two criteria.
    await stopServer(server);
    server = null;
    await context.close();
    ({ context, page } = await openBrowser(profile, baseURL, locale, errors));
    for (const code of [contested, quiet]) {
      await page.goto(`${processPath}/audit/criteria/${code}`);
      await expect(page.getByText(t.fromStore)).toBeVisible();
      await rateOffline(page, t, `Constat hors ligne ${code}`);
    }
    await expect(page.getByTestId("offline-count")).toHaveText(t.twoOffline);

    // Meanwhile, on the server: the lead's session ends, and the co-auditor rates the first of the two.
    await runSql(dir, "delete from sessions where user_id = (select id from users where email = 'auditeur@label.example.org')");
    server = await startServer(port, dir);
    const other = await chromium.launch(test.info().project.use.launchOptions);
    try {
      const colleague = await (await other.newContext({ locale, baseURL })).newPage();
      await signInAgain(colleague, lng, "fatou.ba@audit.example.org");
      await colleague.goto(`${processPath}/audit/criteria/${contested}`);
      await colleague.locator("textarea#finding").fill("Constat de la co-auditrice.");
      await colleague.getByLabel(t.nonConformity, { exact: true }).check();
      await colleague.getByLabel(t.ratingOne).check();
      await expect(colleague.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });
    } finally {
      await other.close();
    }

    // The connection is back but the session is gone: nothing is sent, nothing is lost, and the lead is told why.
    await page.getByRole("button", { name: t.syncNow }).click();
    await expect(page.getByText(t.signedOut)).toBeVisible();
    await expect(page.getByTestId("offline-count")).toHaveText(t.twoWaiting);
    // The same auditor signs in again: the queue goes. The quiet criterion is saved; the contested one is a conflict.
    await signInAgain(page, lng);
    await expect.poll(() => storedRatings(context!, processPath, [quiet]), { timeout: 20_000 }).toEqual([`2|Constat hors ligne ${quiet}|1`]);
    const banner = page.getByRole("region", { name: t.banner });
    await expect(banner.getByRole("listitem").filter({ hasText: t.conflictInBanner })).toContainText(contested);
    expect(await storedRatings(context, processPath, [contested])).toEqual(["1|Constat de la co-auditrice.|1"]);
    // On the criterion's page, the colleague's value beside the lead's own, as in the online conflict; the lead keeps theirs.
    await banner.getByRole("link", { name: contested, exact: true }).click();
    const alert = page.getByRole("alert").filter({ hasText: t.conflict });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(t.ratingOne);
    await expect(page.locator("textarea#finding")).toHaveValue(`Constat hors ligne ${contested}`);
    await alert.getByRole("button", { name: t.keepMine }).click();
    await expect(page.locator("#save-state")).toHaveText(t.saved, { timeout: 10_000 });
    expect(await storedRatings(context, processPath, [contested])).toEqual([`2|Constat hors ligne ${contested}|2`]);
    // Nothing lost: the history keeps the colleague's save under the lead's.
    await page.reload();
    const history = page.locator("section[aria-labelledby='audit-history-title'] table");
    await expect(history).toContainText("Dr Fatou Ba");
    await expect(history).toContainText("Dr Marc Lefèvre");

    // Offline again, a third criterion rated; meanwhile the audit is submitted on the server.
    await page.goto(`${processPath}/audit/criteria/${late}`);
    await stopServer(server);
    server = null;
    await rateOffline(page, t, `Constat hors ligne ${late}`);
    await runSql(dir, `update labelling_processes set state = 'audit_submitted' where id = '${processPath.split("/")[2]}'`);
    server = await startServer(port, dir);
    await page.getByRole("button", { name: t.syncNow }).click();
    // Refused, kept in the queue with its reason until discarded, and never applied.
    const refusal = page.getByRole("region", { name: t.banner }).getByRole("listitem").filter({ hasText: t.submitted });
    await expect(refusal).toContainText(late);
    await expect(refusal.getByRole("button", { name: t.discard })).toBeVisible();
    // Not counted as waiting: nothing is left to send, one change to review.
    await expect(page.getByTestId("offline-count")).toBeHidden();
    await expect(page.getByTestId("offline-stuck-count")).toHaveText(t.oneToReview);
    expect(await storedRatings(context, processPath, [late])).toEqual([null]);
    expect(errors).toEqual([]);
  } finally {
    await context?.close();
    if (server) await stopServer(server);
    cleanUp();
  }
});

test("when the browser's storage is full, the visit is marked not fully available offline and nothing of it is kept", async ({}, testInfo) => {
  test.setTimeout(240_000);
  const { lng, t, locale, port, baseURL, dir, profile, cleanUp } = await prepare(testInfo, "offline-quota");
  const server = await startSeededServer(port, dir);
  const context = await launch(profile, baseURL, locale);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await signInAgain(page, lng);
    await openVisit(page, t);
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
    cleanUp();
  }
});

test("the auditor downloads the evidence files too: offline, a criterion links to a file that opens from the store; a full storage keeps none and the visit; a file not downloaded is said not available offline; removed from the device with the visit", async ({}, testInfo) => {
  test.setTimeout(300_000);
  const { lng, t, locale, port, baseURL, dir, profile, cleanUp } = await prepare(testInfo, "offline-evidence");
  const errors: string[] = [];
  let server: ChildProcess | null = await startSeededServer(port, dir);
  const { context, page } = await openBrowser(profile, baseURL, locale, errors);
  try {
    await signInAgain(page, lng);
    // The visit only: its evidence files are offered, with their count and total size, before anything is downloaded.
    const processPath = await takeVisitOffline(page, t);
    await expect(page.getByRole("button", { name: t.downloadEvidence })).toBeVisible();
    const procedureName = "Procédure hygiène des mains 2024.pdf";
    const visit = await (await context.request.get(`${processPath}/audit/offline.json`)).json();
    const procedure = visit.library.find((f: { originalName: string }) => f.originalName === procedureName) as { id: string };
    const online = await (await context.request.get(`${processPath}/evidence/${procedure.id}`)).body();

    // The browser's storage fills up meanwhile: no file is kept, the visit stays available offline.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: baseURL, quotaSize: 1_000 });
    await page.getByRole("button", { name: t.downloadEvidence }).click();
    await expect(page.getByRole("alert")).toContainText(t.evidenceQuota);
    await expect(page.getByText(t.available)).toBeVisible();
    expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.endsWith(":evidence")))).toEqual([]);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: baseURL });

    // Offline without the files: the criterion's file is named, not linked, and said not available offline.
    await stopServer(server);
    server = null;
    const criterion = `${processPath}/audit/criteria/9.2.3`;
    await page.goto(criterion);
    await expect(page.getByText(t.fromStore)).toBeVisible();
    await expect(page.locator("#evidence")).toContainText(t.notOffline);
    await expect(page.locator("#evidence").getByRole("link", { name: procedureName })).toHaveCount(0);

    // Back online, the files too.
    server = await startServer(port, dir);
    await page.goto(`${processPath}/audit`);
    await page.getByRole("button", { name: t.downloadEvidence }).click();
    await expect(page.getByRole("listitem").filter({ hasText: t.evidenceStored })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("button", { name: t.downloadEvidence })).toHaveCount(0);

    // Offline again: the criterion links to the file, which opens from the store, byte for byte.
    await stopServer(server);
    server = null;
    await page.goto(criterion);
    await expect(page.getByText(t.fromStore)).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#evidence").getByRole("link", { name: procedureName }).click()]);
    expect(download.suggestedFilename()).toBe(procedureName);
    expect(readFileSync((await download.path())!).equals(online)).toBe(true);

    // "Remove from this device", offline on the stored overview: the files go with the visit.
    await page.goto(`${processPath}/audit`);
    await page.getByRole("button", { name: t.remove }).click();
    await expect(page.getByText(t.removed)).toBeVisible();
    expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("label-visit:")))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    if (server) await stopServer(server);
    cleanUp();
  }
});
