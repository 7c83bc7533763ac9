import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type Database } from "#db/client.ts";
import { withDatabase } from "./global-setup.ts";

/**
 * A fresh, migrated, empty database for one test file, on the engine this project runs (TEST_DATABASE). `onQuery`
 * hears every SQL statement (to count a page's queries).
 */
export async function createTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<Database> {
  const { onQuery } = options;
  if ((process.env.TEST_DATABASE ?? "pglite") === "pglite") {
    const dump = readFileSync(inject("pgliteDump"));
    return openDatabase({ pgliteDir: "memory://", loadDataDir: new Blob([dump]), onQuery });
  }
  const url = process.env.DATABASE_URL!;
  const name = `label_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
  const database = await openDatabase({ url: withDatabase(url, name), onQuery });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
