// What `npm start` runs (through scripts/start.ts, which sets NODE_ENV first), compiled to build/start by
// `npm run build` (scripts/build-server.ts): migrate, seed the demo on the first embedded run, serve on PORT.

import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import { createLogger } from "#app/services/platform/logger.server.ts";
import { createEvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { hasAnyUser, printDemoAccounts } from "#scripts/seed/demo.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { SERVER_BUILD } from "./build-if-needed.ts";
import { httpStack } from "./http-stack.ts";
import { gracefulShutdown } from "./shutdown.ts";

const startedAt = performance.now();
const config = readConfig();
// The process's log (JSON lines on standard output, or LOG_FORMAT=pretty); the demo accounts alone are printed as a
// table, for the person who just ran `npm start`.
const logger = createLogger(config);
const info = (message: string) => logger.info(message.trim());
const storage = createEvidenceStorage(config); // the evidence files: UPLOADS_DIR, or the bucket of S3_URL

// Every SQL statement is counted (GET /metrics), on either engine, by drizzle's query hook.
let statements = 0;
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR, onQuery: () => void statements++ });
let closing = false;
let jobs: { stop(): Promise<void> } | undefined;
let server: Server | undefined;
// SIGTERM (systemd, a container) or SIGINT (Ctrl+C): stop accepting, finish the requests in flight, stop the jobs,
// close the database, exit 0 (scripts/shutdown.ts).
const shutdown = gracefulShutdown({
  server: () => server,
  stopJobs: async () => jobs?.stop(), // a reminder run or a delivery in flight finishes before the database closes
  closeDatabase: () => database.close(),
  graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
  log: info,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    closing = true;
    void shutdown(signal);
  });
}

await runMigrations(database, config.DATABASE_URL);
await importShippedReferentials(database.db, undefined, { log: info }); // shipped versions are product data
// The demo (accounts, processes, audits): on the first embedded run, or when asked with --demo; never silently on
// PostgreSQL.
const wantDemo = process.argv.includes("--demo") || (database.kind === "pglite" && !(await hasAnyUser(database.db)));
const demoAccounts = wantDemo ? (await seedDemoData(database.db, { storage, hashPassword, log: info })).accounts : null;
await ensureRegistry(database.db, { log: info }); // the cooperation registry is reference data: loaded when empty

const { createApp, createMetrics, startBackgroundJobs } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
// One logger and one set of metrics for the app and its background jobs; metrics only when /metrics is on.
const metrics = config.METRICS_TOKEN ? createMetrics({ db: database.db, databaseStatements: () => statements }) : null;
const app = httpStack(createApp({ db: database.db, config, storage, logger, metrics }));

server = app.listen(config.PORT, () => {
  logger.info({ port: config.PORT, database: database.kind, location: database.location, metrics: metrics !== null }, `Label is running at http://localhost:${config.PORT}`);
  if (demoAccounts) printDemoAccounts(demoAccounts);
  logger.info({ ms: Math.round(performance.now() - startedAt) }, "ready");
  // Daily reminders (now, then every hour) and, with SMTP_URL, outbox delivery (every minute).
  if (!closing) jobs = startBackgroundJobs({ db: database.db, config, logger, metrics });
});
