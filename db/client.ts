import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import postgres from "postgres";
import * as schema from "./schema.ts";

/** The one database type the app uses, whichever driver is behind it. A transaction is also a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives: a PGlite folder, `memory://`, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
  /** Only for PGlite: the raw instance (tests dump and load data folders with it). */
  pglite?: PGlite;
}

export const DEFAULT_PGLITE_DIR = ".data/pglite";

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the database: PostgreSQL when `url` is a postgres:// URL, otherwise embedded PGlite in
 * `pgliteDir` (a folder, or `memory://`). Only one process may open a PGlite folder at a time.
 */
export async function openDatabase(options: {
  url?: string;
  pgliteDir?: string;
  loadDataDir?: Blob;
  /** Called with every SQL statement (benchmarks count queries per page). */
  onQuery?: (sql: string) => void;
} = {}): Promise<Database> {
  const logger = options.onQuery ? { logQuery: (query: string) => options.onQuery!(query) } : undefined;
  if (isPostgresUrl(options.url)) {
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema, logger });
    return {
      db,
      kind: "postgres",
      location: options.url.replace(/:[^:@/]*@/, ":***@"),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  const db = drizzlePglite({ client: pglite, schema, logger });
  return {
    db,
    kind: "pglite",
    location: dir,
    pglite,
    close: () => pglite.close(),
  };
}

/** The rows of a raw statement, whichever driver (PGlite answers `{ rows }`, postgres-js an array). */
export async function rowsOf<T>(db: Db, query: SQL | string): Promise<T[]> {
  const result = await db.execute(typeof query === "string" ? sql.raw(query) : query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
}
