// The size and speed of taking a visit offline (issue 17, item 5): the bytes a 2024 visit stores in the browser
// (the visit, then its evidence files downloaded on request, reported apart) and the time to make it available offline over a slow link — 400 kbit/s each way and
// 400 ms of round trip — made by a throttling TCP proxy on loopback (Chromium's own network emulation may not reach
// the service worker's fetches; a proxy slows everything).
//
// Usage: npx react-router build && npx tsx bench/offline-visit.ts
// Starts the built app over a fresh PGlite folder with a visit of the Fann 2024 process to score
// (tests/e2e/audit-visit-server.ts), the proxy in front of it, and Chromium (tests/support/chromium.ts) with a fresh
// profile.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "#tests/support/chromium.ts";
import { freePort, kib } from "./support.ts";

const RATE_BITS_PER_SECOND = Number(process.env.BENCH_RATE_KBIT ?? 400) * 1000;
const ROUND_TRIP_MS = Number(process.env.BENCH_RTT_MS ?? 400);

/**
 * One shared link each way: a chunk leaves when the link is free, takes its size at the rate, and arrives half a round
 * trip later. Every connection shares the link, as on a site's one slow uplink.
 */
function throttlingProxy(listenPort: number, targetPort: number) {
  const linkFree = { down: 0, up: 0 };
  const bytes = { down: 0, up: 0 };
  const pipe = (from: Socket, to: Socket, direction: "down" | "up") => {
    from.on("data", (chunk: Buffer) => {
      bytes[direction] += chunk.length;
      const now = performance.now();
      const start = Math.max(now, linkFree[direction]);
      linkFree[direction] = start + (chunk.length * 8 * 1000) / RATE_BITS_PER_SECOND;
      const arrival = linkFree[direction] + ROUND_TRIP_MS / 2;
      setTimeout(() => to.destroyed || to.write(chunk), arrival - now);
    });
    from.on("end", () => {
      const wait = Math.max(0, linkFree[direction] + ROUND_TRIP_MS / 2 - performance.now());
      setTimeout(() => to.end(), wait);
    });
    from.on("error", () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    pipe(client, upstream, "up");
    pipe(upstream, client, "down");
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.listen(listenPort, "127.0.0.1");
  return { bytes, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function startApp(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/audit-visit-server.ts"], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const deadline = Date.now() + 180_000; ; ) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the app did not start");
    await new Promise((r) => setTimeout(r, 300));
  }
}

const appPort = await freePort();
const proxyPort = await freePort();
const dir = mkdtempSync(join(tmpdir(), "label-bench-offline-"));
const profile = mkdtempSync(join(tmpdir(), "label-bench-offline-profile-"));
const app = await startApp(appPort, dir);
const proxy = throttlingProxy(proxyPort, appPort);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
  locale: "fr-FR",
  baseURL: `http://127.0.0.1:${proxyPort}`,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(600_000);
  const coldStart = performance.now();
  await page.goto("/login?lng=fr");
  await page.getByLabel("Adresse e-mail").fill("auditeur@label.example.org");
  await page.getByLabel("Mot de passe", { exact: true }).fill("demo-label-2025");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByRole("button", { name: "Se déconnecter" }).waitFor();
  const processId = await page.evaluate(async () => {
    const html = await (await fetch("/processes")).text();
    return /\/processes\/([0-9a-f-]{36})/.exec(html.slice(html.indexOf("CNHU de Fann") - 400))?.[1] ?? null;
  });
  if (!processId) throw new Error("the Fann process was not found");
  await page.goto(`/processes/${processId}/audit`);
  await page.getByRole("button", { name: "Rendre disponible hors ligne" }).waitFor();
  const pageReady = performance.now();
  console.error(`  visit page ready after ${((pageReady - coldStart) / 1000).toFixed(1)} s`);
  const wire = { ...proxy.bytes };
  const started = performance.now();
  await page.getByRole("button", { name: "Rendre disponible hors ligne" }).click();
  const ticker = setInterval(() => console.error(`  … ${((performance.now() - started) / 1000).toFixed(0)} s, ${kib(proxy.bytes.down - wire.down)} down`), 15_000);
  await page.getByText("Disponible hors ligne sur cet appareil.").waitFor({ timeout: 300_000 }).finally(() => clearInterval(ticker));
  const seconds = (performance.now() - started) / 1000;
  const downloaded = proxy.bytes.down - wire.down;
  // Then the evidence files, on request (the demo's: three small files).
  const evidenceWire = proxy.bytes.down;
  const evidenceStarted = performance.now();
  await page.getByRole("button", { name: /^Télécharger aussi/ }).click();
  await page.getByText(/qui s'ouvrent? hors ligne$/).waitFor({ timeout: 300_000 });
  const evidenceSeconds = (performance.now() - evidenceStarted) / 1000;
  const evidenceDownloaded = proxy.bytes.down - evidenceWire;
  // A string, not a function: tsx's helpers (`__name`) do not exist in the page.
  const stored = (await page.evaluate(`(async (id) => {
    const sizes = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      let total = 0;
      for (const request of await cache.keys()) total += (await (await cache.match(request)).arrayBuffer()).byteLength;
      sizes[name.endsWith(":evidence") ? "evidence files (Cache Storage)" : name.startsWith("label-visit:") ? "visit documents (Cache Storage)" : "app shell (Cache Storage)"] = total;
    }
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("label-offline");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store) => new Promise((resolve, reject) => {
      const r = db.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const visits = await all("visits");
    const contents = await all("contents");
    sizes["visit data (IndexedDB, as JSON)"] = JSON.stringify(visits.find((v) => v.processId === id)?.visit ?? null).length;
    sizes["version content (IndexedDB, as JSON)"] = contents.reduce((n, c) => n + JSON.stringify(c.content).length, 0);
    const estimate = await navigator.storage.estimate();
    return { sizes, usage: estimate.usage ?? 0 };
  })(${JSON.stringify(processId)})`)) as { sizes: Record<string, number>; usage: number };
  const evidenceBytes = stored.sizes["evidence files (Cache Storage)"] ?? 0;
  const total = Object.values(stored.sizes).reduce((a, b) => a + b, 0) - evidenceBytes;
  console.log(`Offline visit, 2024 version (136 criteria); link ${RATE_BITS_PER_SECOND / 1000} kbit/s, ${ROUND_TRIP_MS} ms round trip`);
  for (const [part, size] of Object.entries(stored.sizes)) console.log(`  ${part.padEnd(40)} ${kib(size).padStart(12)}`);
  console.log(`  ${"total stored, evidence files apart".padEnd(40)} ${kib(total).padStart(12)}  (${total} bytes)`);
  console.log(`  ${"navigator.storage.estimate().usage".padEnd(40)} ${kib(stored.usage).padStart(12)}`);
  console.log(`  downloaded over the link while taking it offline: ${kib(downloaded)} (compressed on the wire)`);
  console.log(`  time to make it available offline (click → "available"), visit page already open: ${seconds.toFixed(1)} s`);
  console.log(`  evidence files, downloaded on request: ${kib(evidenceBytes)} stored, ${kib(evidenceDownloaded)} over the link, ${evidenceSeconds.toFixed(1)} s`);
  console.log(`  from an empty browser (sign-in, visit page, then offline): ${((performance.now() - coldStart) / 1000).toFixed(1)} s (page ready after ${((pageReady - coldStart) / 1000).toFixed(1)} s)`);
} finally {
  await context.close();
  await proxy.close();
  app.kill("SIGTERM");
  await new Promise((r) => app.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
