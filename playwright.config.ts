import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";

// Browser downloads are impossible on our machines: use Debian's Chromium when present.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const port = Number(process.env.E2E_PORT ?? 3111);
// One folder per port, so two runs side by side never share (or delete) each other's database.
export const E2E_DATA_DIR = `.data/e2e-${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 3,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]] : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
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
    env: { PORT: String(port), PGLITE_DIR: E2E_DATA_DIR, UPLOADS_DIR: `${E2E_DATA_DIR}/uploads`, DATABASE_URL: "", NODE_ENV: "production" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
