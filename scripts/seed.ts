// npm run seed -- --demo : the demo (accounts, processes, audits; the registry too when empty) on the configured
// database (PGlite or PostgreSQL).
// npm run seed -- --registry : (re)load the cooperation registry's reference data (never duplicates a record).
// Never run it against the PGlite folder of a running server.
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { printDemoAccounts } from "#scripts/seed/demo.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { readConfig } from "#app/config.server.ts";
import { createEvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { describeSeedReport, loadRegistrySeed } from "#app/services/registry/registry-seed.server.ts";

const wantDemo = process.argv.includes("--demo");
const wantRegistry = process.argv.includes("--registry");
if (!wantDemo && !wantRegistry) {
  console.error("Usage: npm run seed -- --demo        (creates the demo accounts and processes; idempotent)");
  console.error("       npm run seed -- --registry    (loads the cooperation registry seed; idempotent)");
  process.exit(1);
}
const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await runMigrations(database, config.DATABASE_URL);
  if (wantRegistry) console.log(describeSeedReport(await loadRegistrySeed(database.db)));
  if (wantDemo) {
    // The processes need label-qss 2024, published by the first start.
    const demo = await seedDemoData(database.db, { storage: createEvidenceStorage(config), hashPassword, log: console.log });
    printDemoAccounts(demo.accounts);
    if (!demo.fann) console.log("Demo process (CNHU de Fann): already there, or label-qss 2024 not published yet (start the app once, then seed again).");
    if (!demo.touba) console.log("Demo audit and decision (CHNCAK Touba): already there, or label-qss 2024 not published yet.");
    if (!demo.lome) console.log("Demo audit awaiting a decision (CHU Sylvanus Olympio, Lomé): already there, or label-qss 2024 not published yet.");
    if (!demo.thirdHospital) console.log("Demo visit (HME Bingerville): already there, or label-qss 2024 not published yet.");
    if (!demo.bingervilleHistory) console.log("Demo label history (HME Bingerville, 2019 and 2023): already there, or label-qss 2019 not imported yet.");
  }
} finally {
  await database.close();
}
