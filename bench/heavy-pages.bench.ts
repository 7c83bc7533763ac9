// The heavy pages against a minimal signed-in one (/account): throughput with 8 concurrent clients, p95, CPU time
// per request (the steadier figure on a shared machine: share = /account's CPU per request / the page's), and the
// HTML's gzip size and its hydration share. The built app over HTTP on a fresh in-memory PGlite with the whole demo
// (shipped referentials, Touba's decided audit), signed in as the DRI's admin.
// Run: npx tsx bench/heavy-pages.bench.ts [seconds per page, default 4; 0: sizes only]
process.env.NODE_ENV ??= "production";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { buildIfNeeded } from "#scripts/build-if-needed.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { signedInAs, type TestBrowser } from "#tests/support/server.ts";
import { kib } from "./support.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const SECONDS = Number(process.argv[2] ?? 4);
const CLIENTS = 8;

buildIfNeeded();
const uploadsDir = mkdtempSync(join(tmpdir(), "label-heavy-bench-"));
const database = await openDatabase({ pgliteDir: "memory://" });
await runMigrations(database);
await importShippedReferentials(database.db);
const seeded = await seedDemoData(database.db, { storage: folderStorage(uploadsDir), hashPassword });
const app = await serveApp(database.db, { env: { UPLOADS_DIR: uploadsDir } });
const browser = await signedInAs(app.baseUrl, "admin@label.example.org");
const touba = seeded.touba!.processId;

/** Requests per second and p95 over `SECONDS`, `CLIENTS` at a time. */
async function load(b: TestBrowser, path: string) {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const response = await b.get(path);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  // CPU per request (server and this client share the process): what throughput is on a machine not shared.
  return { rate: times.length / SECONDS, p95: times[Math.floor(times.length * 0.95)]!, cpu: (used.user + used.system) / 1000 / times.length };
}

const pages: [string, string][] = [
  ["/account (reference)", "/account"],
  ["process overview", `/processes/${touba}`],
  ["one chapter's criteria", `/processes/${touba}/criteria?chapter=1`],
  ["all criteria", `/processes/${touba}/criteria`],
  ["a criterion", `/processes/${touba}/criteria/1.1.1`],
  ["audit overview", `/processes/${touba}/audit`],
  ["audit criteria", `/processes/${touba}/audit/criteria`],
  ["audit criterion", `/processes/${touba}/audit/criteria/1.1.1`],
  ["audit comparison", `/processes/${touba}/audit/comparison`],
  ["decision", `/processes/${touba}/decision`],
  ["whole 2024 version", "/referentials/label-qss/2024"],
  ["cooperation dashboard", "/cooperations/dashboard"],
];

let reference = { rate: 0, p95: 0, cpu: 0 };
console.log(`${CLIENTS} clients, ${SECONDS} s per page, PGlite in memory, loopback; share and p95 ratio against /account.`);
for (const [label, path] of pages) {
  const html = await (await browser.get(path)).text();
  const hydration = [...html.matchAll(/<script[^>]*>[\s\S]*?<\/script>/g)].reduce((n, m) => n + m[0].length, 0);
  const measured = SECONDS > 0 ? await load(browser, path) : { rate: 1, p95: 1, cpu: 1 };
  if (path === "/account") reference = measured;
  console.log(
    `${label.padEnd(24)} ${measured.rate.toFixed(0).padStart(5)} req/s  share ${(measured.rate / reference.rate).toFixed(2)}  ` +
      `p95 ${measured.p95.toFixed(0).padStart(4)} ms (×${(measured.p95 / reference.p95).toFixed(1)})  ` +
      `CPU ${measured.cpu.toFixed(1).padStart(5)} ms/req (share ${(reference.cpu / measured.cpu).toFixed(2)})  ` +
      `HTML gzip ${kib(gzipSync(html).length).padStart(9)} (scripts ${kib(hydration)} raw of ${kib(html.length)})`,
  );
}

await app.close();
await database.close();
rmSync(uploadsDir, { recursive: true, force: true });
