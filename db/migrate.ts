import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { resolve } from "node:path";
import postgres from "postgres";
import type { Database } from "./client.ts";

// From the project folder, like the shipped referentials and the built client: the compiled server (build/start)
// runs this module from another folder than db/.
export const MIGRATIONS_FOLDER = resolve("db/migrations");

/** An arbitrary constant shared by every instance of the app: the advisory lock that serialises migrations. */
const MIGRATION_LOCK_ID = 7_415_202_5;

/**
 * Applies the checked-in migrations. On PostgreSQL, several app instances may start together: they take a
 * session-level advisory lock on a dedicated connection, so only one migrates at a time. `migrationsFolder`: another
 * folder (a restore migrates only up to its archive's schema version).
 */
export async function runMigrations(database: Database, postgresUrl?: string, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!postgresUrl) throw new Error("runMigrations: the PostgreSQL URL is required");
  const client = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
