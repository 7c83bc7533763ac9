// What the benchmarks share: a median, a timed run, a throw-away database that counts its queries (the local
// PostgreSQL when it answers, else in-memory PGlite), and a page measured through the built app.
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { openDatabase, type Database } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import type { TestBrowser } from "#tests/support/server.ts";

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** A free local port, for a server a benchmark starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
 * A migrated, empty database: a new one on the local PostgreSQL (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped on close; in-memory PGlite when PostgreSQL does not answer.
 */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  let count = 0;
  const onQuery = () => void count++;
  const counter = { queries: () => count, resetQueries: () => void (count = 0) };
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  try {
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
    console.log("PostgreSQL not reachable: using in-memory PGlite.");
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
