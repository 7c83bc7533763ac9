// npm run seed -- --demo : demo establishments and accounts on the configured database (PGlite or PostgreSQL).
// npm run seed -- --registry : (re)load the cooperation registry's reference data (never duplicates a record).
// Never run it against the PGlite folder of a running server.
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { printDemoAccounts, seedDemo } from "#scripts/seed/demo.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { describeSeedReport, loadRegistrySeed } from "#app/services/registry/registry-seed.server.ts";

const wantDemo = process.argv.includes("--demo");
const wantRegistry = process.argv.includes("--registry");
if (!wantDemo && !wantRegistry) {
  console.error("Usage: npm run seed -- --demo        (creates the demo accounts; idempotent)");
  console.error("       npm run seed -- --registry    (loads the cooperation registry seed; idempotent)");
  process.exit(1);
}
const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await runMigrations(database, config.DATABASE_URL);
  if (wantRegistry) console.log(describeSeedReport(await loadRegistrySeed(database.db)));
  if (wantDemo) printDemoAccounts(await seedDemo(database.db, hashPassword));
  // Fann's self-assessment in progress (needs label-qss 2024, published by the first start; idempotent).
  const demoProcess = wantDemo ? await seedDemoProcess(database.db, { uploadsDir: config.UPLOADS_DIR, hashPassword }) : true;
  if (!demoProcess) console.log("Demo process: already there, or label-qss 2024 not published yet (start the app once, then seed again).");
} finally {
  await database.close();
}
