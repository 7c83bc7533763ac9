// The serving process's memory (RSS) on PostgreSQL: at rest after start, then after a short load (signed-in pages,
// CONCURRENCY at a time). Compares what `npm start` runs (the compiled server, plain node, with npm start's node flags
// read from package.json) with the TypeScript sources run through tsx, as npm start did before ADR 0025.
// Usage: npm run build && npx tsx bench/server-memory.ts [requests]   (BENCH_DATABASE_URL: default local PostgreSQL)
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { SERVE_BUILD } from "#scripts/build-if-needed.ts";
import { signedInAs } from "#tests/support/server.ts";

const requests = Number(process.argv[2] ?? 400);
const CONCURRENCY = 8;
const PATHS = ["/account", "/processes", "/", "/referentials/label-qss/2024"];
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The node flags of `npm start` (package.json), with LABEL_MAX_HEAP_MB's default. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
  const flags = /\bnode ((?:--\S+ )*)build\/start\/start\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error(`npm start's node command not understood: ${start}`);
  return flags.split(" ").filter(Boolean).map((flag) => flag.replace(/\$\{LABEL_MAX_HEAP_MB:-(\d+)\}/, (_, heap: string) => process.env.LABEL_MAX_HEAP_MB ?? heap));
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

async function measure(label: string, args: string[], port: number) {
  const name = `label_bench_memory_${process.pid}_${port}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const child: ChildProcess = spawn(process.execPath, [...args, "--demo"], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: url.toString(), NODE_ENV: "production", SMTP_URL: "" },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (const started = Date.now(); !(await fetch(`${base}/healthz`).then((r) => r.ok, () => false)); ) {
      if (child.exitCode !== null || Date.now() - started > 300_000) throw new Error(`${label}: the server did not start`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, 3000)); // the start's background work settles
    const atRest = rssMiB(child.pid!);
    const browsers = await Promise.all(["admin@label.example.org", "fann@label.example.org", "auditeur@label.example.org"].map((email) => signedInAs(base, email)));
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < requests) {
          const i = sent++;
          const response = await browsers[i % browsers.length]!.get(PATHS[i % PATHS.length]!);
          await response.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const afterLoad = rssMiB(child.pid!);
    console.log(`${label.padEnd(60)} at rest ${atRest.toFixed(0)} MiB, after ${requests} pages ${afterLoad.toFixed(0)} MiB (${(requests / seconds).toFixed(0)} pages/s)`);
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

// BENCH_NODE_OPTIONS: node flags to try on the compiled server (e.g. heap sizes), measured besides the two above.
const flags = process.env.BENCH_NODE_OPTIONS?.split(" ").filter(Boolean);
if (flags) await measure(`compiled, ${flags.join(" ")}`, [...flags, SERVE_BUILD], 3197);
else {
  const flags = startFlags();
  await measure(`npm start (node ${flags.join(" ")})`, [...flags, SERVE_BUILD], 3198);
  await measure("sources through tsx", ["--import", "tsx", "scripts/start.ts"], 3199);
}
