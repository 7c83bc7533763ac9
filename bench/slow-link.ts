// A hospital on a slow link (issue 18, item 5): Chromium's network emulation (CDP Network.emulateNetworkConditions)
// at 400 kbit/s each way and 400 ms of latency. Reports the first contentful paint of /login on a first visit (empty
// cache) with what it loaded, and the time from a rating change to the "saved" confirmation once the autosave pause
// is over. Goals: /login usable within 2 s on a first visit; a save confirmed within 1 s after the pause.
//
// Usage: npx react-router build && npx tsx bench/slow-link.ts [saves]
// Starts the built app (`scripts/start.ts --demo`) over a fresh PGlite folder and Chromium
// (tests/support/chromium.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "#tests/support/chromium.ts";
import { freePort, kib, median } from "./support.ts";

const saves = Number(process.argv[2] ?? 5);
const LINK = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), "label-bench-slow-link-"));
const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--demo"], {
  env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "" },
  stdio: ["ignore", "ignore", "inherit"],
});
for (const deadline = Date.now() + 180_000; ; ) {
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
  if (Date.now() > deadline || app.exitCode !== null) throw new Error("the app did not start");
  await new Promise((r) => setTimeout(r, 300));
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function slowPage(): Promise<Page> {
  // A new context each time: an empty cache, as on a first visit.
  const context = await browser.newContext({ locale: "fr-FR", baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", LINK);
  page.setDefaultTimeout(120_000);
  return page;
}

try {
  // /login on a first visit: its paint, its load, and the bytes and requests it needed.
  const firstVisits: { fcp: number; dcl: number; load: number }[] = [];
  let resources: { name: string; type: string; bytes: number; start: number; end: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await slowPage();
    await page.goto("/login?lng=fr", { waitUntil: "load" });
    // Strings, not functions: tsx's helpers (`__name`) do not exist in the page.
    const figures = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return {
        fcp: fcp ? fcp.startTime : -1,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        resources: [
          { name: "document", type: "navigation", bytes: nav.transferSize, start: 0, end: nav.responseEnd },
          ...performance.getEntriesByType("resource").map((r) => ({ name: new URL(r.name).pathname, type: r.initiatorType, bytes: r.transferSize, start: r.startTime, end: r.responseEnd })),
        ],
      };
    })()`)) as { fcp: number; dcl: number; load: number; resources: typeof resources };
    firstVisits.push(figures);
    resources = figures.resources;
    await page.context().close();
  }
  const total = resources.reduce((sum, r) => sum + r.bytes, 0);
  console.log("/login, first visit (empty cache), 400 kbit/s each way, 400 ms latency, 3 runs:");
  console.log(`  first contentful paint: median ${Math.round(median(firstVisits.map((v) => v.fcp)))} ms (goal: 2000 ms)`);
  console.log(`  DOMContentLoaded: median ${Math.round(median(firstVisits.map((v) => v.dcl)))} ms; load: median ${Math.round(median(firstVisits.map((v) => v.load)))} ms`);
  console.log(`  ${resources.length} requests, ${kib(total)} transferred:`);
  console.log("    size, requested at → received at (ms), kind, path:");
  for (const r of [...resources].sort((a, b) => a.end - b.end)) console.log(`    ${kib(r.bytes).padStart(10)}  ${String(Math.round(r.start)).padStart(5)} → ${String(Math.round(r.end)).padStart(5)}  ${r.type.padEnd(10)} ${r.name}`);

  // A rating change: the pause, then the save until the form says "Enregistré".
  const page = await slowPage();
  await page.goto("/login?lng=fr");
  await page.getByLabel("Adresse e-mail").fill("fann@label.example.org");
  await page.getByLabel("Mot de passe", { exact: true }).fill("demo-label-2025");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  await page.goto("/processes");
  await page.getByRole("main").getByRole("link", { name: "CNHU de Fann" }).first().click();
  await page.getByRole("heading", { level: 1, name: "CNHU de Fann" }).waitFor();
  await page.goto(`${page.url()}/criteria?chapter=12`);
  await page.locator("table.criteria-table tbody a").first().click();
  await page.locator("textarea#justification").waitFor();
  await page.waitForLoadState("networkidle"); // the autosave needs the page's script (the plain form works before)
  // A justification, so that every value of the scale can be saved.
  await page.locator("textarea#justification").fill("Mesure du banc d'essai sur lien lent.");
  await page.getByText("Enregistré", { exact: true }).waitFor();
  const confirmations: number[] = [];
  const pauses: number[] = [];
  for (let i = 0; i < saves; i++) {
    await page.evaluate(`window.__saveStates = []; new MutationObserver(() => window.__saveStates.push([performance.now(), document.querySelector("#save-state").className])).observe(document.querySelector("#save-state"), { attributes: true })`);
    const changed = (await page.evaluate("performance.now()")) as number;
    await page.getByLabel(i % 2 ? "3 · Conforme" : "2 · Largement conforme").check();
    await page.locator("#save-state.save-state-saved").waitFor();
    const states = (await page.evaluate("window.__saveStates")) as [number, string][];
    const saving = states.find(([, c]) => c.includes("saving"))![0];
    const saved = states.findLast(([, c]) => c.includes("saved"))![0];
    pauses.push(saving - changed);
    confirmations.push(saved - saving);
  }
  console.log(`rating change to "saved", ${saves} saves:`);
  console.log(`  autosave pause (change to sending): median ${Math.round(median(pauses))} ms`);
  console.log(`  sending to "saved" confirmed: median ${Math.round(median(confirmations))} ms, max ${Math.round(Math.max(...confirmations))} ms (goal: 1000 ms)`);
} finally {
  await browser.close();
  app.kill("SIGTERM");
  await new Promise((r) => app.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
