// The public pages under load: N labels (200 by default), then 50 concurrent clients on loopback, each request from
// its own client address (X-Forwarded-For behind TRUST_PROXY, so the per-address limit is counted as in real life,
// and set high so that nothing is refused), for a bounded time per phase: /healthz first (the baseline of this run:
// one `select 1`), then /verify/<a known number>, /verify/<an unknown number> and /verify/<garbage> interleaved (the
// three must take about the same time), then /labels.json. Prints requests per second, median and p95 latency, and
// the ratio to /healthz (for the interleaved phase, its total requests per second). The server runs in a child process, so the clients' own work does not share its event loop.
// Run: npx react-router build && npx tsx bench/public-labels.bench.ts
// (the local PostgreSQL when it answers, else in-memory PGlite; BENCH_LABELS=200 BENCH_SECONDS=10 BENCH_CLIENTS=50)
import { randomBytes } from "node:crypto";
import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import { certificateNumber } from "#app/domain/label/certificate-number.ts";
import { LEVEL_CODES } from "#app/domain/referential/schema.ts";
import { todayIso } from "#app/services/label/labels.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { addDays, insertLabel } from "#tests/support/label-fixtures.ts";
import { median, openBenchDatabase } from "./support.ts";

const LABELS = Number(process.env.BENCH_LABELS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const COUNTRIES = ["SN", "CI", "TG", "BJ", "ML", "BF", "CM", "MA", "TN", "MG", "HT", "VN", "LB"];

interface Ready {
  port: number;
  kind: string;
  numbers: string[];
}

async function serve(): Promise<void> {
  const bench = await openBenchDatabase("public_labels");
  const { db } = bench.database;
  await ensureRegistry(db);
  const today = todayIso();
  const numbers: string[] = [];
  const started = performance.now();
  for (let i = 0; i < LABELS; i++) {
    const validFrom = addDays(today, -((i * 37) % 1200));
    const label = await insertLabel(db, {
      establishment: { name: `Hôpital de référence n° ${i + 1}`, city: `Ville ${i % 40}`, countryCode: COUNTRIES[i % COUNTRIES.length]! },
      level: LEVEL_CODES[i % LEVEL_CODES.length]!,
      validFrom,
      validUntil: addDays(validFrom, 4 * 365 - 1),
      mentionFr: i % 10 === 0 ? "pour la dynamique engendrée" : "",
      mentionEn: i % 10 === 0 ? "for the momentum it created" : "",
    });
    numbers.push(label.certificateNumber);
  }
  console.log(`${LABELS} labels written in ${((performance.now() - started) / 1000).toFixed(1)} s (${bench.database.kind})`);
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const config = readConfig({ NODE_ENV: "production", TRUST_PROXY: "true", RATE_LIMIT_PUBLIC_READS_PER_CLIENT: "1000000" });
  const app = createApp({ db, config });
  const server = createServer((req, res) => void app(req, res));
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.send!({ port: (server.address() as AddressInfo).port, kind: bench.database.kind, numbers } satisfies Ready);
  process.on("message", async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await bench.close();
    process.exit(0);
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

interface Case {
  label: string;
  path: () => string;
  status: number;
}

/**
 * CLIENTS loops for SECONDS, each request from a random client address and of one of `cases` drawn at random (cases
 * measured together share whatever else the machine does meanwhile); every answer must have its case's status.
 */
async function load(baseUrl: string, cases: Case[]) {
  const latencies = cases.map(() => [] as number[]);
  const wrong = new Map<string, number>();
  const end = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const i = Math.floor(Math.random() * cases.length);
      const { path, status, label } = cases[i]!;
      const address = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 254)}`;
      const started = performance.now();
      const response = await fetch(baseUrl + path(), { headers: { "X-Forwarded-For": address, "Accept-Language": "fr-FR" } });
      await response.arrayBuffer();
      latencies[i]!.push(performance.now() - started);
      if (response.status !== status) wrong.set(`${label}: ${response.status}`, (wrong.get(`${label}: ${response.status}`) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  return { figures: latencies.map((xs) => ({ rps: xs.length / seconds, median: median(xs), p95: quantile(xs, 0.95) })), wrong };
}

async function measure(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: "server" } });
  const ready = await new Promise<Ready>((resolve) => child.once("message", (m) => resolve(m as Ready)));
  const baseUrl = `http://127.0.0.1:${ready.port}`;
  const pick = () => ready.numbers[Math.floor(Math.random() * ready.numbers.length)]!;
  const unknown = certificateNumber(2025, randomBytes(5));
  const garbage = encodeURIComponent("' OR 1=1 -- ".repeat(8));
  const listed = (await (await fetch(`${baseUrl}/labels.json`)).json()) as { count: number };
  const jsonBytes = (await (await fetch(`${baseUrl}/labels.json`)).arrayBuffer()).byteLength;
  console.log(`\n${CLIENTS} concurrent clients on loopback, ${SECONDS} s per address, ${ready.kind}, ${ready.numbers.length} labels (${listed.count} in the public list, labels.json ${(jsonBytes / 1024).toFixed(0)} KiB):`);
  // The three checks of a number run together, interleaved: a known one, an unknown one and garbage must take
  // about the same time, which separate runs on a busy machine could not show.
  const phases: Case[][] = [
    [{ label: "/healthz (baseline)", path: () => "/healthz", status: 200 }],
    [
      { label: "/verify/<known number>", path: () => `/verify/${pick()}`, status: 200 },
      { label: "/verify/<unknown number> (404)", path: () => `/verify/${unknown}`, status: 404 },
      { label: "/verify/<garbage> (404)", path: () => `/verify/${garbage}`, status: 404 },
    ],
    [{ label: "/labels.json", path: () => "/labels.json", status: 200 }],
  ];
  let baseline: { rps: number; p95: number } | null = null;
  for (const cases of phases) {
    // A short warm-up (JIT, connections), not counted.
    const warm = performance.now();
    while (performance.now() - warm < 500) for (const c of cases) await (await fetch(baseUrl + c.path())).arrayBuffer();
    const { figures, wrong } = await load(baseUrl, cases);
    const total = figures.reduce((n, f) => n + f.rps, 0);
    if (cases.length > 1) console.log(`  (the next ${cases.length} together, drawn at random: ${total.toFixed(0)} req/s in all)`);
    cases.forEach((c, i) => {
      const f = figures[i]!;
      baseline ??= f;
      const ratio = `${((total / baseline.rps) * 100).toFixed(0)} % of /healthz req/s, p95 × ${(f.p95 / baseline.p95).toFixed(1)}`;
      console.log(`${c.label.padEnd(32)} ${f.rps.toFixed(0).padStart(6)} req/s · median ${f.median.toFixed(1)} ms · p95 ${f.p95.toFixed(1)} ms · ${ratio}`);
    });
    if (wrong.size) console.log(`  unexpected statuses: ${JSON.stringify(Object.fromEntries(wrong))}`);
  }
  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));
}

await (process.env.BENCH_ROLE === "server" ? serve() : measure());
