// npm test — type-check, build, unit + integration tests (PGlite; PostgreSQL too when DATABASE_URL is set),
// then the browser tests; ends with one summary line "N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
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

/** Like run, without waiting: for stages that do not depend on each other. */
function start(stage: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  console.log(`\n▶ ${stage}: ${command} ${args.join(" ")}`);
  const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return new Promise((resolve) =>
    child.on("close", (code) => {
      if (code !== 0) stageFailures.push(stage);
      resolve(code === 0);
    }),
  );
}

// 1 and 2, side by side once the route types are generated (neither reads the other's output): types, and the
// production build the integration and browser tests run against.
const typegen = run("typecheck", "npx", ["react-router", "typegen"]);
const [, built] = await Promise.all([
  typegen ? start("typecheck", "npx", ["tsc", "--noEmit"]) : false,
  start("build", "npm", ["run", "build"], { NODE_ENV: "production" }),
]);

// 3. Unit and integration tests.
if (built) {
  const vitestReport = `${REPORTS}/vitest.json`;
  rmSync(vitestReport, { force: true });
  const vitestPassed = run("vitest", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
  const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(vitestReport);
  if (vitest) {
    total.passed += vitest.numPassedTests;
    total.failed += vitest.numFailedTests;
    total.skipped += vitest.numPendingTests + vitest.numTodoTests;
  }
  // A failed run with no failed test (an error outside any test, a report not written) still counts as one failure.
  if (!vitestPassed && !vitest?.numFailedTests) total.failed += 1;

  // 4. Browser tests (fr-FR and en-GB), against the built app on its own port and throw-away database.
  const e2eReport = "test-results/e2e.json";
  rmSync(e2eReport, { force: true });
  // No trace recorded here (recording every test's trace costs about 4 % of the run, and CI keeps none):
  // `npx playwright test <spec>` keeps the trace of a failure (playwright.config.ts) for `npx playwright show-trace`.
  const e2ePassed = run("playwright", "npx", ["playwright", "test", "--trace=off"]);
  const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(e2eReport);
  if (e2e) {
    total.passed += e2e.stats.expected + e2e.stats.flaky;
    total.failed += e2e.stats.unexpected;
    total.skipped += e2e.stats.skipped;
  }
  if (!e2ePassed && !e2e?.stats.unexpected) total.failed += 1;
}

const seconds = Math.round((Date.now() - startedAt) / 1000);
console.log("");
if (stageFailures.length) console.log(`Stages that failed: ${[...new Set(stageFailures)].join(", ")}`);
console.log(`Total time: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
// A failed stage with no failed test (type error, build error) still counts as one failure.
const failed = total.failed || (stageFailures.length ? 1 : 0);
console.log(`${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
