// Cold start: `npm start` on a fresh, empty PGlite folder (migrations + demo seed + first page).
// Usage: npx tsx bench/cold-start.ts [runs]   (uses the existing build; run `npm run build` first)
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { SERVE_BUILD } from "#scripts/build-if-needed.ts";

const runs = Number(process.argv[2] ?? 3);
const port = 3197;
const dir = ".data/bench-cold-start";

async function once(): Promise<{ ready: number; firstPage: number }> {
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [SERVE_BUILD], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: dir, DATABASE_URL: "" },
    stdio: "ignore",
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/login`);
        if (response.ok) {
          await response.text();
          const firstPage = performance.now() - started;
          return { ready: firstPage, firstPage };
        }
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 120_000) throw new Error("no answer after 120 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill("SIGINT");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const times: number[] = [];
for (let i = 0; i < runs; i++) times.push((await once()).firstPage);
times.sort((a, b) => a - b);
console.log(`cold start to first /login page (fresh PGlite folder, existing build), ${runs} runs:`);
console.log(`  median ${Math.round(times[Math.floor(times.length / 2)]!)} ms, min ${Math.round(times[0]!)} ms, max ${Math.round(times.at(-1)!)} ms`);
