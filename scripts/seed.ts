// npm run seed -- --demo : demo establishments and accounts on the configured database (PGlite or PostgreSQL).
// Never run it against the PGlite folder of a running server.
import { openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import { printDemoAccounts, seedDemo } from "../db/seed/demo";
import { readConfig } from "../app/config.server";
import { hashPassword } from "../app/services/passwords.server";

if (!process.argv.includes("--demo")) {
  console.error("Usage: npm run seed -- --demo   (creates the demo accounts; idempotent)");
  process.exit(1);
}
const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await runMigrations(database, config.DATABASE_URL);
  printDemoAccounts(await seedDemo(database.db, hashPassword));
} finally {
  await database.close();
}
