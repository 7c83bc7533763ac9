import { defineConfig } from "vitest/config";

// Integration tests run on PGlite always, and again on PostgreSQL when DATABASE_URL is set.
const engines = process.env.DATABASE_URL ? (["pglite", "postgres"] as const) : (["pglite"] as const);

export default defineConfig({
  test: {
    projects: [
      {
              test: {
          name: "unit",
          include: ["app/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      ...engines.map((engine) => ({
              test: {
          name: `integration-${engine}`,
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
