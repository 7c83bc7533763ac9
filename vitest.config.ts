import { defineConfig } from "vitest/config";

// Integration tests run on PGlite always, and again on PostgreSQL when DATABASE_URL is set.
//
// isolate: false — a worker runs its test files one after another in one module graph (not a fresh one per file): the
// built app, PGlite and drizzle are loaded once per worker, which halves the suite's time. Each file still gets its
// own database and server; nothing in the app keeps state between files that a test could see (ADR 0025).
const engines = process.env.DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

export default defineConfig({
  test: {
    // Two files at a time on the 2-core machines this runs on: much of an integration file's time is spent waiting
    // (on PostgreSQL, on a child server, on a timer), which one worker alone would leave the second core idle through.
    maxWorkers: 2,
    projects: [
      {
              test: {
          name: "unit",
          isolate: false,
          include: ["app/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
          // The fuzz properties' inputs are random: one seed in many makes a run of several seconds (a 270 KB CSV).
          testTimeout: 20_000,
        },
      },
      ...engines.map((engine) => ({
              test: {
          name: `integration-${engine}`,
          isolate: false,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          env: { TEST_DATABASE: engine, NODE_ENV: "test" },
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
