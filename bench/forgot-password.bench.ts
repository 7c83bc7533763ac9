// "Forgot password" answer time for an address with an account and one without, interleaved: the two must not be
// told apart (the link is made after the answer). Also the time of the next page, which the reset work could delay.
// The server runs in a child process, so the client's own work does not share its event loop.
// Usage: npx react-router build && npx tsx bench/forgot-password.bench.ts     (limits set high)
// On a fresh in-memory PGlite, or on PostgreSQL with BENCH_DATABASE_URL=postgres://… (a throw-away database).
import { fork } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import postgres from "postgres";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { openDatabase, type Database } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { TestBrowser } from "#tests/support/server.ts";

const RUNS = 200;

async function serve(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const benchName = `label_bench_reset_${process.pid}`;
  const admin = adminUrl ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : null;
  let database: Database;
  if (admin) {
    await admin.unsafe(`create database ${benchName}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${benchName}`;
    database = await openDatabase({ url: url.toString() });
    await runMigrations(database, url.toString());
  } else {
    database = await openDatabase({ pgliteDir: "memory://" });
    await runMigrations(database);
  }
  await seedDemo(database.db, hashPassword);
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const config = readConfig({ NODE_ENV: "production", RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: "1000000", RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: "1000000" });
  const app = createApp({ db: database.db, config });
  const server = createServer((req, res) => void app(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.send!({ port: (server.address() as AddressInfo).port, kind: database.kind });
  process.on("message", async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.close();
    if (admin) {
      await admin.unsafe(`drop database if exists ${benchName} with (force)`);
      await admin.end();
    }
    process.exit(0);
  });
}

async function measure(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: "server" } });
  const { port, kind: engine } = await new Promise<{ port: number; kind: string }>((resolve) => child.once("message", (m) => resolve(m as { port: number; kind: string })));
  const browser = new TestBrowser(`http://127.0.0.1:${port}`);
  await browser.get("/forgot-password");

  async function timed(work: () => Promise<Response>): Promise<number> {
    const started = performance.now();
    const response = await work();
    await response.text();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    return performance.now() - started;
  }

  const figures = { known: [] as number[], unknown: [] as number[], afterKnown: [] as number[], afterUnknown: [] as number[] };
  for (let i = 0; i < RUNS + 10; i++) {
    // Alternating which goes first, so that neither always follows the other's background work.
    const order = i % 2 ? (["known", "unknown"] as const) : (["unknown", "known"] as const);
    for (const kind of order) {
      const email = kind === "known" ? "fann@label.example.org" : `personne-${i}@nulle-part.example`;
      const answer = await timed(() => browser.post("/forgot-password", { email }));
      const next = await timed(() => browser.get("/login"));
      if (i < 10) continue; // warm-up
      figures[kind].push(answer);
      figures[kind === "known" ? "afterKnown" : "afterUnknown"].push(next);
    }
  }

  const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
  const line = (label: string, xs: number[]) =>
    console.log(`${label.padEnd(34)} median ${quantile(xs, 0.5).toFixed(2)} ms · p90 ${quantile(xs, 0.9).toFixed(2)} ms`);
  console.log(`\nPOST /forgot-password, ${RUNS} of each, interleaved (${engine}):`);
  line("address with an account", figures.known);
  line("address without an account", figures.unknown);
  console.log(`difference of medians              ${(quantile(figures.known, 0.5) - quantile(figures.unknown, 0.5)).toFixed(2)} ms`);
  line("next page, after a known address", figures.afterKnown);
  line("next page, after an unknown one", figures.afterUnknown);
  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));
}

await (process.env.BENCH_ROLE === "server" ? serve() : measure());
