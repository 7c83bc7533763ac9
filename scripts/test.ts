// npm test — type-check, build, unit + integration tests (PGlite; PostgreSQL too when DATABASE_URL is set),
// then the browser tests; ends with one summary line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const startedAt = Date.now();
const REPORTS = ".data/test-reports";
mkdirSync(REPORTS, { recursive: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const stageFailures: string[] = [];

function run(stage: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n▶ ${stage}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) stageFailures.push(stage);
  return result.status === 0;
}

function readJson<T>(path: string): T | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : null;
}

// 1. Types (route types are generated first).
run("typecheck", "npx", ["react-router", "typegen"]) && run("typecheck", "npx", ["tsc", "--noEmit"]);

// 2. The production build the integration and browser tests run against.
const built = run("build", "npx", ["react-router", "build"], { NODE_ENV: "production" });

// 3. Unit and integration tests.
if (built) {
  const vitestReport = `${REPORTS}/vitest.json`;
  rmSync(vitestReport, { force: true });
  run("vitest", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
  const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestReport);
  if (vitest) {
    total.passed += vitest.numPassedTests;
    total.failed += vitest.numFailedTests;
    total.skipped += vitest.numPendingTests + vitest.numTodoTests;
  }

  // 4. Browser tests (fr-FR and en-GB), against the built app on its own port and throw-away database.
  const e2eReport = "test-results/e2e.json";
  rmSync(e2eReport, { force: true });
  run("playwright", "npx", ["playwright", "test"]);
  const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(e2eReport);
  if (e2e) {
    total.passed += e2e.stats.expected + e2e.stats.flaky;
    total.failed += e2e.stats.unexpected;
    total.skipped += e2e.stats.skipped;
  }
}

const seconds = Math.round((Date.now() - startedAt) / 1000);
console.log("");
if (stageFailures.length) console.log(`Stages that failed: ${[...new Set(stageFailures)].join(", ")}`);
console.log(`Total time: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
// A failed stage with no failed test (type error, build error) still counts as one failure.
const failed = total.failed || (stageFailures.length ? 1 : 0);
console.log(`${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
