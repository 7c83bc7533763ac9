// What the benchmarks share: a median, a timed run, a throw-away database that counts its queries (the local
// PostgreSQL when it answers, else in-memory PGlite), and a page measured through the built app.
import { Worker } from "node:worker_threads";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { openDatabase, type Database } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
export { freePort } from "#tests/support/free-port.ts";
import type { TestBrowser } from "#tests/support/server.ts";

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One warm-up run (fonts, JIT, caches), then `runs` timed ones. */
export async function time<T>(runs: number, work: () => Promise<T>): Promise<{ median: number; first: number; last: T }> {
  const first = performance.now();
  let last = await work();
  const firstMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await work();
    times.push(performance.now() - t);
  }
  return { median: median(times), first: firstMs, last };
}

export interface BenchDatabase {
  database: Database;
  /** Queries run since the last reset. */
  queries(): number;
  resetQueries(): void;
  close(): Promise<void>;
}

/**
 * A migrated, empty database: a new one on the PostgreSQL of `adminUrl` (default BENCH_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), dropped on close; in-memory PGlite when PostgreSQL does not answer,
 * or straight away when `adminUrl` is null.
 */
export async function openBenchDatabase(name: string, adminUrl: string | null = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"): Promise<BenchDatabase> {
  let count = 0;
  const onQuery = () => void count++;
  const counter = { queries: () => count, resetQueries: () => void (count = 0) };
  try {
    if (adminUrl === null) throw new Error("PGlite asked for");
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const database_ = `label_bench_${name}_${process.pid}`;
    await admin.unsafe(`create database ${database_}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database_}`;
    const database = await openDatabase({ url: url.toString(), onQuery });
    await runMigrations(database, url.toString());
    return {
      database,
      ...counter,
      async close() {
        await database.close();
        await admin.unsafe(`drop database if exists ${database_} with (force)`);
        await admin.end();
      },
    };
  } catch {
    if (adminUrl !== null) console.log("PostgreSQL not reachable: using in-memory PGlite.");
    const database = await openDatabase({ pgliteDir: "memory://", onQuery });
    await runMigrations(database);
    return { database, ...counter, close: () => database.close() };
  }
}

/**
 * A page through the built app: server time (median of `runs`, after a warm-up), HTML size raw and gzip, and the
 * queries one request runs. Prints one line; returns the HTML.
 */
export async function measurePage(browser: TestBrowser, bench: Pick<BenchDatabase, "queries" | "resetQueries">, label: string, path: string, runs = 20): Promise<string> {
  await browser.get(path).then((r) => r.text());
  const times: number[] = [];
  let html = "";
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    html = await (await browser.get(path)).text();
    times.push(performance.now() - started);
  }
  bench.resetQueries();
  await (await browser.get(path)).text();
  const perPage = bench.queries();
  console.log(
    `${label.padEnd(34)} median ${median(times).toFixed(1)} ms · HTML ${(html.length / 1024).toFixed(0)} KiB, gzip ${(gzipSync(html).length / 1024).toFixed(1)} KiB · ${perPage} queries`,
  );
  return html;
}

/** The value at quantile `q` (0..1) of `xs`, nearest rank. */
export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

/**
 * `browsers` each ask for `path` again and again, together, for `seconds` (after one warm-up request each): pages
 * served per second, and the 95th percentile of the response time (whole body read). Any answer but 200 throws.
 */
export async function loadPage(browsers: TestBrowser[], path: string, seconds: number): Promise<{ perSecond: number; p95: number; requests: number }> {
  const clients = browsers.map((browser) => ({ cookie: browser.cookieHeader(), language: "fr-FR,fr;q=0.9" }));
  const worker = new Worker(new URL("./load-clients.mjs", import.meta.url), { workerData: { baseUrl: browsers[0]!.baseUrl, path, seconds, clients } });
  const { latencies, elapsed } = await new Promise<{ latencies: number[]; elapsed: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
  return { perSecond: latencies.length / elapsed, p95: quantile(latencies, 0.95), requests: latencies.length };
}

export interface PageBytes {
  html: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  js: { raw: number; gzip: number };
}

/**
 * What a browser downloads for a page on a first visit: the HTML, the style sheets it links and the scripts it loads or
 * preloads (each file gzipped on its own, as served), raw and gzip.
 */
export async function pageBytes(browser: TestBrowser, path: string): Promise<PageBytes> {
  const html = Buffer.from(await (await browser.get(path)).arrayBuffer());
  const text = html.toString("utf8");
  const links = (pattern: RegExp) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]!.replaceAll("&amp;", "&")))];
  const css = links(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g);
  // Scripts: loaded (src), preloaded (modulepreload) or imported by the inline module script that starts the app.
  const js = [
    ...links(/<script[^>]*src="([^"]+)"/g),
    ...links(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ...links(/(?:import|from)\s*\(?\s*"(\/[^"]+\.js)"/g),
  ];
  const files = async (urls: string[]) => {
    let raw = 0;
    let gzip = 0;
    for (const url of new Set(urls)) {
      const body = Buffer.from(await (await browser.get(url)).arrayBuffer());
      raw += body.length;
      gzip += gzipSync(body).length;
    }
    return { raw, gzip };
  };
  return { html: { raw: html.length, gzip: gzipSync(html).length }, css: await files(css), js: await files(js) };
}
