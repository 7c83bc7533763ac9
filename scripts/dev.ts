// npm run dev — Vite dev server with hot reload, on the same database setup as npm start.
process.env.NODE_ENV = "development";

import express from "express";
import { createServer } from "vite";
import { readConfig } from "#app/config.server.ts";
import { createLogger } from "#app/services/platform/logger.server.ts";
import { createMetrics } from "#app/services/platform/metrics.server.ts";
import { createEvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { hasAnyUser, printDemoAccounts, seedDemo } from "#scripts/seed/demo.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";

const config = readConfig();
// Readable lines at the terminal unless LOG_FORMAT says otherwise.
const logger = createLogger({ ...config, LOG_FORMAT: process.env.LOG_FORMAT ? config.LOG_FORMAT : "pretty" });
const storage = createEvidenceStorage(config);
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
await runMigrations(database, config.DATABASE_URL);
await importShippedReferentials(database.db, undefined, { log: console.log }); // shipped versions are product data
if (process.argv.includes("--demo") || (database.kind === "pglite" && !(await hasAnyUser(database.db)))) {
  printDemoAccounts(await seedDemo(database.db, hashPassword));
  await seedDemoProcess(database.db, { storage, hashPassword }); // Fann's self-assessment in progress
}
await ensureRegistry(database.db, { log: console.log }); // the cooperation registry is reference data: loaded when empty

// Made once: the app below is made again for every request (hot reload), its metrics must outlive it.
const metrics = config.METRICS_TOKEN ? createMetrics({ db: database.db }) : null;
const vite = await createServer({ server: { middlewareMode: true } });
const app = express();
app.use(vite.middlewares);
app.use(async (req, res, next) => {
  try {
    const { createApp } = (await vite.ssrLoadModule("./server/app.ts")) as typeof import("#server/app.ts");
    createApp({ db: database.db, config: { ...config, NODE_ENV: "development" }, storage, logger, metrics })(req, res, next);
  } catch (error) {
    next(error);
  }
});
const server = app.listen(config.PORT, () => console.log(`Dev server at http://localhost:${config.PORT}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    server.close();
    await vite.close();
    await database.close();
    process.exit(0);
  });
}
