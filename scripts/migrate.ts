// npm run db:migrate — applies the migrations to DATABASE_URL, or to the PGlite folder (PGLITE_DIR).
// Never point it at the folder of a running server: only one process may open a PGlite folder.
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { readConfig } from "#app/config.server.ts";

const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  await runMigrations(database, config.DATABASE_URL);
  console.log(`Migrations applied (${database.kind}: ${database.location}).`);
} finally {
  await database.close();
}
