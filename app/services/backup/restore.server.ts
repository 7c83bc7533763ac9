// `npm run restore -- FILE` (scripts/restore.ts): an archive of writeBackup restored into an EMPTY database and an
// EMPTY evidence storage (ADR 0029). First the whole archive is read and checked against its manifest (every entry's
// size and SHA-256, every table's row count): a damaged, truncated or altered archive is refused before anything is
// touched. Then the database is migrated up to the archive's schema version (not beyond: `npm start` applies the
// newer migrations as after any upgrade), and the rows and files are written in one transaction: all or nothing.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Db } from "#db/client.ts";
import { MIGRATIONS_FOLDER, runMigrations } from "#db/migrate.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import {
  appliedMigrations,
  MANIFEST_ENTRY,
  manifestSchema,
  quoteIdent,
  shippedMigrations,
  tableRef,
  tableShapes,
  tablesFilledByMigrations,
  type AppliedMigration,
  type Manifest,
} from "./catalog.server.ts";
import { readTar, type TarEntry } from "./tar.server.ts";

/** The archive or the target was refused; the message says why and what to do. Nothing was changed. */
export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
/** Rows sent to the database per statement (about a megabyte at most). */
const BATCH_BYTES = 1024 * 1024;

const damaged = (file: string, error: unknown) =>
  error instanceof RestoreRefused
    ? error
    : (error as NodeJS.ErrnoException).code === "ENOENT"
      ? new RestoreRefused(`${file} does not exist.`)
      : new RestoreRefused(`The archive ${file} is damaged or truncated (${(error as Error).message}): nothing was restored.`);

/** The archive's entries, in order; a gzip or tar failure, wherever it is read, is a refusal: the archive is damaged. */
async function* entriesOf(file: string): AsyncGenerator<TarEntry> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const chunks = async function* () {
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      throw damaged(file, error);
    }
  };
  try {
    for await (const entry of readTar(chunks())) {
      yield {
        ...entry,
        body: (async function* () {
          try {
            yield* entry.body;
          } catch (error) {
            throw damaged(file, error);
          }
        })(),
      };
    }
  } catch (error) {
    throw damaged(file, error);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

const refusedTampered = (what: string) =>
  new RestoreRefused(`The archive does not match its manifest (${what}): it was altered or damaged. Nothing was restored.`);

/**
 * Reads the whole archive and checks it against its manifest; returns the manifest. Throws RestoreRefused otherwise.
 */
export async function verifyArchive(file: string): Promise<Manifest> {
  const seen = new Map<string, { sizeBytes: number; sha256: string; lines: number }>();
  let manifestText: string | null = null;
  for await (const entry of entriesOf(file)) {
    if (manifestText !== null) throw refusedTampered(`${entry.name} after the manifest`);
    if (entry.name === MANIFEST_ENTRY) {
      if (entry.size > MANIFEST_MAX_BYTES) throw refusedTampered("a manifest too large");
      const parts: Buffer[] = [];
      for await (const chunk of entry.body) parts.push(chunk);
      manifestText = Buffer.concat(parts).toString("utf8");
      continue;
    }
    const hash = createHash("sha256");
    let lines = 0;
    for await (const chunk of entry.body) {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    }
    if (seen.has(entry.name)) throw refusedTampered(`${entry.name} twice`);
    seen.set(entry.name, { sizeBytes: entry.size, sha256: hash.digest("hex"), lines });
  }
  if (manifestText === null) throw new RestoreRefused(`The archive ${file} has no manifest: it is truncated, or not a Label backup. Nothing was restored.`);
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText);
  } catch {
    throw refusedTampered("the manifest is not JSON");
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw refusedTampered(`the manifest is malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const manifest = parsed.data;
  const take = (entry: string, sizeBytes: number, sha256: string) => {
    const found = seen.get(entry);
    if (!found) throw refusedTampered(`${entry} is missing`);
    if (found.sizeBytes !== sizeBytes || found.sha256 !== sha256) throw refusedTampered(`the SHA-256 of ${entry} differs`);
    seen.delete(entry);
    return found;
  };
  for (const table of manifest.tables) {
    let rows = 0;
    for (const chunk of table.chunks) {
      if (take(chunk.entry, chunk.sizeBytes, chunk.sha256).lines !== chunk.rows) throw refusedTampered(`the row count of ${chunk.entry} differs`);
      rows += chunk.rows;
    }
    if (rows !== table.rows) throw refusedTampered(`the row count of table ${table.name} differs`);
  }
  for (const file of manifest.files) take(file.entry, file.sizeBytes, file.sha256);
  if (seen.size) throw refusedTampered(`entries the manifest does not list: ${[...seen.keys()].slice(0, 3).join(", ")}`);
  return manifest;
}

const sameMigrations = (a: AppliedMigration[], b: AppliedMigration[]) => a.length === b.length && a.every((m, i) => m.hash === b[i]!.hash && m.createdAt === b[i]!.createdAt);

/** Refuses a database with any row or a storage with any object, or one migrated beyond or beside the archive. */
async function checkTarget(db: Db, storage: EvidenceStorage, manifest: Manifest) {
  const filled: string[] = [];
  const reference = tablesFilledByMigrations();
  for (const table of await tableShapes(db)) {
    if (reference.has(table.name)) continue;
    const [any] = await rowsOf<{ one: number }>(db, `select 1 as "one" from ${tableRef(table.name)} limit 1`);
    if (any) filled.push(table.name);
  }
  if (filled.length) {
    throw new RestoreRefused(
      `The database is not empty (rows in ${filled.slice(0, 5).join(", ")}${filled.length > 5 ? `, and ${filled.length - 5} more tables` : ""}). ` +
        "A backup is restored only into an empty database: create a new one (createdb) or point PGLITE_DIR at a new folder. Nothing was restored.",
    );
  }
  const applied = await appliedMigrations(db);
  if (!sameMigrations(applied, manifest.migrations.slice(0, applied.length))) {
    throw new RestoreRefused("The database was migrated to another schema version than the archive's: restore into a new, empty database. Nothing was restored.");
  }
  for await (const key of storage.keys()) {
    throw new RestoreRefused(`The evidence storage (${storage.location}) is not empty (${key}…): restore into an empty folder or bucket. Nothing was restored.`);
  }
}

/** A migrations folder holding the shipped migrations up to the archive's schema version (drizzle applies them all). */
async function migrationsUpTo(manifest: Manifest): Promise<string> {
  const shipped = shippedMigrations();
  const known = manifest.migrations.every((m, i) => shipped[i]?.hash === m.hash && String(shipped[i]?.when) === m.createdAt);
  if (!known) {
    throw new RestoreRefused(
      `The archive's schema version (${manifest.schemaVersion?.tag ?? manifest.schemaVersion?.createdAt ?? "none"}) is not one this version of Label ships: ` +
        "restore it with the version of Label that made it (or a newer one). Nothing was restored.",
    );
  }
  const folder = await mkdtemp(join(tmpdir(), "label-restore-migrations-"));
  await mkdir(join(folder, "meta"));
  const journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, manifest.migrations.length);
  await writeFile(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  for (const m of shipped.slice(0, manifest.migrations.length)) await copyFile(join(MIGRATIONS_FOLDER, `${m.tag}.sql`), join(folder, `${m.tag}.sql`));
  return folder;
}

export interface RestoreSummary {
  manifest: Manifest;
  rows: number;
  files: number;
}

/**
 * Restores `file` into `database` and `storage`, both empty. `postgresUrl`: the database's URL (migrations on
 * PostgreSQL take their own connection).
 */
export async function restoreBackup(
  database: Pick<Database, "db" | "kind">,
  storage: EvidenceStorage,
  file: string,
  options: { postgresUrl?: string; log?: (line: string) => void } = {},
): Promise<RestoreSummary> {
  const log = options.log ?? (() => {});
  const manifest = await verifyArchive(file);
  log(`Archive checked: ${manifest.tables.length} tables, ${manifest.files.length} evidence files, schema version ${manifest.schemaVersion?.tag ?? "?"}.`);
  await checkTarget(database.db, storage, manifest);

  const folder = await migrationsUpTo(manifest);
  try {
    await runMigrations(database as Database, options.postgresUrl, folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  if (!sameMigrations(await appliedMigrations(database.db), manifest.migrations)) {
    throw new RestoreRefused("After migrating, the database's schema version differs from the archive's: nothing was restored.");
  }
  const shapes = await tableShapes(database.db);
  const describe = (t: { name: string; columns: { name: string; type: string }[] }) =>
    `${t.name}(${[...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => `${c.name} ${c.type}`).join(", ")})`;
  const expected = manifest.tables.map(describe).sort();
  const actual = shapes.map(describe).sort();
  const differing = expected.filter((t) => !actual.includes(t)).concat(actual.filter((t) => !expected.includes(t)));
  if (differing.length) throw new RestoreRefused(`The tables differ from the archive's at the same schema version (${differing[0]}): nothing was restored.`);

  const written: string[] = [];
  try {
    await database.db.transaction(async (tx) => load(tx, storage, file, manifest, shapes, written, log));
  } catch (error) {
    // The rows were rolled back; the files written so far go too (the storage was empty).
    for (const key of written) await storage.delete(key).catch(() => {});
    throw error;
  }
  return { manifest, rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0), files: manifest.files.length };
}

async function load(
  tx: Db,
  storage: EvidenceStorage,
  file: string,
  manifest: Manifest,
  shapes: Awaited<ReturnType<typeof tableShapes>>,
  written: string[],
  log: (line: string) => void,
) {
  // Foreign keys are dropped and added back at the end (validated then), so rows go in whatever the order, cycles and
  // self-references included; the app's triggers (frozen referentials, append-only trails) are off meanwhile: the
  // rows are restored as they were, not written anew. Both need only the tables' owner, not a superuser.
  const foreignKeys = await rowsOf<{ table: string; name: string; definition: string }>(
    tx,
    `select c.relname as "table", con.conname as "name", pg_get_constraintdef(con.oid) as "definition"
       from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
      where con.contype = 'f' and n.nspname = 'public' order by 1, 2`,
  );
  for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table ${tableRef(fk.table)} drop constraint ${quoteIdent(fk.name)}`));
  for (const shape of shapes) await tx.execute(sql.raw(`alter table ${tableRef(shape.name)} disable trigger user`));
  // The reference rows the migrations wrote make way for the archive's.
  const reference = tablesFilledByMigrations();
  for (const shape of shapes) if (reference.has(shape.name)) await tx.execute(sql.raw(`delete from ${tableRef(shape.name)}`));

  const chunkTable = new Map(manifest.tables.flatMap((t) => t.chunks.map((c) => [c.entry, { table: t, chunk: c }] as const)));
  const fileByEntry = new Map(manifest.files.map((f) => [f.entry, f]));
  const shapeByName = new Map(shapes.map((s) => [s.name, s]));
  for await (const entry of entriesOf(file)) {
    const target = chunkTable.get(entry.name);
    if (target) {
      const shape = shapeByName.get(target.table.name)!;
      const columns = target.table.columns.map((c) => quoteIdent(c.name)).join(", ");
      const insert = (batch: string[]) =>
        tx.execute(
          sql`${sql.raw(`insert into ${tableRef(shape.name)} (${columns}) ${shape.identityAlways ? "overriding system value " : ""}select ${columns} from json_populate_recordset(null::${tableRef(shape.name)}, `)}${`[${batch.join(",")}]`}::text::json)`,
        );
      const hash = createHash("sha256");
      const decoder = new StringDecoder("utf8"); // a character may straddle two chunks
      let rest = "";
      let batch: string[] = [];
      let batchBytes = 0;
      for await (const chunk of entry.body) {
        hash.update(chunk);
        const lines = (rest + decoder.write(chunk)).split("\n");
        rest = lines.pop()!;
        for (const line of lines) {
          batch.push(line);
          batchBytes += line.length;
          if (batchBytes >= BATCH_BYTES) {
            await insert(batch);
            [batch, batchBytes] = [[], 0];
          }
        }
      }
      if (batch.length) await insert(batch);
      // Read a second time: it must still be the archive that was checked.
      if (rest || hash.digest("hex") !== target.chunk.sha256) throw refusedTampered(`${entry.name} changed while it was restored`);
      continue;
    }
    const evidence = fileByEntry.get(entry.name);
    if (evidence) {
      written.push(evidence.key);
      const stored = await storage.put(evidence.key, entry.body, { maxBytes: evidence.sizeBytes, sha256: evidence.sha256 });
      if (stored.sha256 !== evidence.sha256 || stored.sizeBytes !== evidence.sizeBytes) throw refusedTampered(`${entry.name} changed while it was restored`);
    }
  }

  for (const seq of manifest.sequences) {
    const name = `public.${quoteIdent(seq.name)}`;
    if (seq.lastValue === null) await tx.execute(sql.raw(`alter sequence ${name} restart`));
    else await tx.execute(sql`select setval(${name}::text::regclass, ${seq.lastValue}::text::bigint, true)`);
  }
  for (const shape of shapes) await tx.execute(sql.raw(`alter table ${tableRef(shape.name)} enable trigger user`));
  log("Checking the foreign keys…");
  for (const fk of foreignKeys) await tx.execute(sql.raw(`alter table ${tableRef(fk.table)} add constraint ${quoteIdent(fk.name)} ${fk.definition}`));
  for (const table of manifest.tables) {
    const [counted] = await rowsOf<{ n: string }>(tx, `select count(*)::text as "n" from ${tableRef(table.name)}`);
    if (Number(counted?.n) !== table.rows) throw new RestoreRefused(`Table ${table.name}: ${counted?.n} rows restored instead of ${table.rows}. Nothing was restored.`);
  }
}
