// A PGlite folder with the demo accounts and a visit to score, scheduled through the services
// (tests/support/audit-visit.ts): a visit of the Fann process, so the audit-scoring and offline browser tests score
// freely without touching the demo's visits that other specs read (the shared e2e server's data folder cannot be
// opened by a second process). With PREPARE_ONLY it only prepares the folder (tests/e2e/visit-server.ts copies it for
// each server); without, it then serves it as `npm start` does (bench/offline-visit.ts). PORT, PGLITE_DIR and
// UPLOADS_DIR set by the caller.
process.env.NODE_ENV ??= "production";

const { readConfig } = await import("#app/config.server.ts");
const { openDatabase } = await import("#db/client.ts");
const { runMigrations } = await import("#db/migrate.ts");
const { importShippedReferentials } = await import("#app/services/referential/referentials.server.ts");
const { hashPassword } = await import("#app/services/accounts/passwords.server.ts");
const { seedDemo } = await import("#scripts/seed/demo.ts");
const { scheduleDemoVisit } = await import("#tests/support/audit-visit.ts");
const { createEvidenceStorage } = await import("#app/services/storage/evidence-storage.server.ts");

const config = readConfig();
const database = await openDatabase({ pgliteDir: config.PGLITE_DIR });
await runMigrations(database);
await importShippedReferentials(database.db);
await seedDemo(database.db, hashPassword);
await scheduleDemoVisit(database.db, { storage: createEvidenceStorage(config) });
// Only one process may open the folder: closed before the server opens it.
await database.close();
// PREPARE_ONLY: the folder is a template the tests copy (tests/e2e/visit-server.ts); no server.
if (process.env.PREPARE_ONLY) process.exit(0);
// Then the server `npm start` runs: the compiled one (build/start).
const { SERVE_BUILD } = await import("#scripts/build-if-needed.ts");
const { pathToFileURL } = await import("node:url");
await import(pathToFileURL(SERVE_BUILD).href);

export {};
