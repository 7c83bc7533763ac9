import { defineConfig } from "@playwright/test";
import { E2E_DATA_DIR, E2E_PORT as port } from "./tests/e2e/run-folder.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/support/chromium.ts";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 3,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  // Every spec runs twice: as a French-speaking browser and as an English-speaking one.
  projects: [
    { name: "fr-FR", use: { browserName: "chromium", locale: "fr-FR" } },
    { name: "en-GB", use: { browserName: "chromium", locale: "en-GB" } },
  ],
  webServer: {
    // A throw-away PGlite folder seeded with the demo accounts; never .data/pglite, so npm start can run beside it.
    command: `rm -rf ${E2E_DATA_DIR} && npm start -- --demo`,
    url: `http://127.0.0.1:${port}/healthz`,
    env: { PORT: String(port), PGLITE_DIR: `${E2E_DATA_DIR}/pglite`, UPLOADS_DIR: `${E2E_DATA_DIR}/uploads`, DATABASE_URL: "", NODE_ENV: "production" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
