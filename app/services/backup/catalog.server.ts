// What a backup holds and how it is checked (ADR 0029): the database's own catalog (every table of the public schema,
// its columns and types, the sequences, drizzle's migrations table) read the same way on PGlite (PostgreSQL 18) and
// PostgreSQL 15, and the manifest that describes an archive.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { rowsOf, type Db } from "#db/client.ts";
import { MIGRATIONS_FOLDER } from "#db/migrate.ts";
import { STORED_KEY } from "#app/services/storage/evidence-storage.server.ts";

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const tableRef = (name: string) => `public.${quoteIdent(name)}`;

export interface TableShape {
  name: string;
  columns: { name: string; type: string }[];
  /** Has a GENERATED ALWAYS identity column: its values are written with OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
}

/** Every table of the public schema with its columns (generated columns left out: the database computes them). */
export async function tableShapes(db: Db): Promise<TableShape[]> {
  const rows = await rowsOf<{ table: string; column: string; type: string; identity: string; generated: string }>(
    db,
    `select c.relname as "table", a.attname as "column", format_type(a.atttypid, a.atttypmod) as "type",
            a.attidentity::text as "identity", a.attgenerated::text as "generated"
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname, a.attnum`,
  );
  const tables = new Map<string, TableShape>();
  for (const row of rows) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [], identityAlways: false };
    tables.set(row.table, table);
    if (row.generated) continue;
    table.columns.push({ name: row.column, type: row.type });
    if (row.identity === "a") table.identityAlways = true;
  }
  return [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The sequences of the public schema and their last value (null: never used). */
export async function sequenceValues(db: Db): Promise<{ name: string; lastValue: string | null }[]> {
  return rowsOf(db, `select sequencename as "name", last_value::text as "lastValue" from pg_sequences where schemaname = 'public' order by sequencename`);
}

export interface AppliedMigration {
  hash: string;
  /** drizzle's created_at: the migration's `when` in the journal (milliseconds, as text). */
  createdAt: string;
}

/** drizzle's migrations table, oldest first ([] when the database was never migrated). */
export async function appliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const [found] = await rowsOf<{ present: boolean }>(db, `select to_regclass('drizzle.__drizzle_migrations') is not null as "present"`);
  if (!found?.present) return [];
  return rowsOf(db, `select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by created_at, id`);
}

/** The migrations this version of the app ships (db/migrations), with the hash drizzle records for each. */
export function shippedMigrations(folder = MIGRATIONS_FOLDER): { tag: string; when: number; hash: string }[] {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  return journal.entries.map((entry) => ({
    tag: entry.tag,
    when: entry.when,
    hash: createHash("sha256").update(readFileSync(join(folder, `${entry.tag}.sql`)).toString()).digest("hex"),
  }));
}

/**
 * The tables the migrations themselves fill (reference rows such as the countries): a freshly migrated database holds
 * these rows and is still "empty" for a restore, which replaces them with the archive's.
 */
export function tablesFilledByMigrations(folder = MIGRATIONS_FOLDER): Set<string> {
  const names = new Set<string>();
  for (const m of shippedMigrations(folder)) {
    const text = readFileSync(join(folder, `${m.tag}.sql`), "utf8");
    for (const match of text.matchAll(/insert\s+into\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi)) names.add(match[1]!.toLowerCase());
  }
  return names;
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const MANIFEST_ENTRY = "manifest.json";

export const manifestSchema = z.object({
  format: z.literal("label-backup"),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  source: z.object({ engine: z.enum(["pglite", "postgres"]), serverVersion: z.string() }),
  /** The last applied migration: the schema version the data belongs to. */
  schemaVersion: z.object({ tag: z.string().nullable(), hash: z.string(), createdAt: z.string() }).nullable(),
  migrations: z.array(z.object({ hash: z.string(), createdAt: z.string() })),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      columns: z.array(z.object({ name: z.string(), type: z.string() })),
      rows: count,
      /** The rows as NDJSON (one row_to_json per line), in entries of a few megabytes. */
      chunks: z.array(z.object({ entry: z.string(), rows: count, sizeBytes: count, sha256 })),
    }),
  ),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string().regex(/^-?\d+$/).nullable() })),
  files: z.array(z.object({ key: z.string().regex(STORED_KEY), entry: z.string(), sizeBytes: count, sha256 })),
});

export type Manifest = z.infer<typeof manifestSchema>;
