// Referential pages benchmark: server time and size (raw and gzip) of the full 2024 version page, of a search,
// and PDF generation time for the whole 2024 version. The built app over HTTP on a fresh in-memory PGlite
// (migrated, shipped referentials imported, demo accounts), signed in as a hospital coordinator.
// Run: npx tsx bench/referential-pages.bench.ts   (builds first when the sources are newer than build/)
// React is loaded by the build (dynamic import below), after NODE_ENV is set: production React, as `npm start`.
process.env.NODE_ENV ??= "production";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { referentialDocument, renderPdf } from "#app/services/referential/referential-pdf.server.ts";
import { importShippedReferentials, listReferentialVersions, loadReferentialVersion } from "#app/services/referential/referentials.server.ts";
import resources from "#app/locales/index.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { buildIfNeeded, SERVER_BUILD } from "#scripts/build-if-needed.ts";
import i18next from "i18next";

const RUNS = 10;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

buildIfNeeded();
const database = await openDatabase({ pgliteDir: "memory://" });
await runMigrations(database);
await importShippedReferentials(database.db);
await seedDemo(database.db, hashPassword);

const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
const app = createApp({ db: database.db, config: readConfig({ NODE_ENV: "production" }) });
const server = createServer((req, res) => void app(req, res));
server.keepAliveTimeout = 120_000; // the PDF part below leaves the connection idle for seconds
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// Sign in as a browser would (form token cookie, then the form).
const cookies = new Map<string, string>();
const keep = (response: Response) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
};
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
keep(await fetch(`${base}/login`));
keep(
  await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: cookieHeader() },
    body: new URLSearchParams({ email: "touba@label.example.org", password: "demo-label-2025", csrf: cookies.get("label_csrf") ?? "" }),
  }),
);

async function measure(path: string) {
  const get = async () => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const response = await fetch(base + path, { headers: { Cookie: cookieHeader(), "Accept-Language": "fr-FR" } });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - t, cpu: (used.user + used.system) / 1000, body };
  };
  const first = await get();
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await get();
    times.push(run.ms);
    cpus.push(run.cpu);
  }
  const html = first.body;
  const scripts = [...html.toString("utf8").matchAll(/<script[^>]*>[\s\S]*?<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[0]), 0);
  return { first: first.ms, median: median(times), cpu: median(cpus), raw: html.length, gzip: gzipSync(html, { level: 6 }).length, scripts };
}

const pages = [
  ["full 2024 version page", "/referentials/label-qss/2024"],
  ["search \"hygiène des mains\"", "/referentials/label-qss/2024?q=hygi%C3%A8ne+des+mains"],
  ["critical criteria", "/referentials/label-qss/2024?tier=critical"],
  ["diff 2019 → 2024", "/referentials/diff?from=label-qss@2019&to=label-qss@2024"],
  ["ISQua coverage", "/referentials/label-qss/2024/coverage"],
] as const;
console.log(`Machine: ${(await import("node:os")).cpus().length} CPUs, load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
console.log(`Pages (fr, signed in; server time = full response over loopback, and the process's CPU time for it; median of ${RUNS} runs after a first one):`);
for (const [label, path] of pages) {
  const m = await measure(path);
  console.log(
    `  ${label.padEnd(28)} ${m.median.toFixed(1).padStart(6)} ms median, ${m.cpu.toFixed(0).padStart(4)} ms CPU (first ${m.first.toFixed(0)} ms)   ` +
      `HTML ${kb(m.raw)} raw, ${kb(m.gzip)} gzip (of which hydration data and scripts ${kb(m.scripts)} raw)`,
  );
}

// PDF of the whole version: the document built and rendered directly (no cache), then over HTTP.
const summary = (await listReferentialVersions(database.db)).find((v) => v.code === "label-qss" && v.version === "2024")!;
const content = (await loadReferentialVersion(database.db, "label-qss", "2024"))!;
const i18n = i18next.createInstance();
await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
const pdfTimes: number[] = [];
let size = 0;
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  const pdf = await renderPdf(referentialDocument({ summary, content, language: i === 3 ? "en" : "fr", chapter: null, t: i18n.getFixedT(i === 3 ? "en" : "fr", "referential") }));
  pdfTimes.push(performance.now() - t);
  size = pdf.length;
}
const chapterTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await renderPdf(referentialDocument({ summary, content, language: "fr", chapter: "9", t: i18n.getFixedT("fr", "referential") }));
  chapterTimes.push(performance.now() - t);
}
const [pdfCold, ...pdfWarm] = pdfTimes;
console.log(`PDF, whole 2024 version (136 criteria, ${kb(size)}): ${mean(pdfWarm).toFixed(0)} ms (mean of ${pdfWarm.length}; first, with font loading, ${pdfCold!.toFixed(0)} ms)`);
console.log(`PDF, chapter 9 only: ${mean(chapterTimes).toFixed(0)} ms (mean of ${chapterTimes.length})`);
const viaHttp = async () => {
  const t = performance.now();
  const response = await fetch(`${base}/referentials/label-qss/2024/pdf?lng=en`, { headers: { Cookie: cookieHeader() } });
  await response.arrayBuffer();
  return performance.now() - t;
};
const miss = await viaHttp();
const hit = await viaHttp();
console.log(`PDF over HTTP (en): ${miss.toFixed(0)} ms on first request, ${hit.toFixed(0)} ms when already rendered (in-memory cache)`);

await new Promise((resolve) => server.close(resolve));
await database.close();
