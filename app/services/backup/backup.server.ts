// `npm run backup -- FILE` (scripts/backup.ts): one consistent archive of the database and of the evidence files
// (ADR 0029). The rows are read table by table, as PostgreSQL's own JSON of each row (row_to_json: exact for numeric,
// timestamps, arrays, jsonb, bytea), inside one REPEATABLE READ, READ ONLY transaction: a running server on
// PostgreSQL can be backed up, and every row is of the same instant. The evidence files the snapshot's rows reference
// are copied while that transaction is open (a file is written before its row and never changed, ADR 0007).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { asc, isNull, sql } from "drizzle-orm";
import { rowsOf, type Database, type Db } from "#db/client.ts";
import { evidenceFiles } from "#db/schema.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { appliedMigrations, MANIFEST_ENTRY, sequenceValues, shippedMigrations, tableRef, tableShapes, type Manifest } from "./catalog.server.ts";
import { TarWriter } from "./tar.server.ts";

/** Rows are written in entries of about this size (held in memory one at a time). */
const CHUNK_BYTES = 4 * 1024 * 1024;
const FETCH_ROWS = 1000;

/** An evidence file of the snapshot was no longer in the storage: erased meanwhile (run again), or lost. */
export class BackupFileMissing extends Error {
  override name = "BackupFileMissing";
  constructor(readonly keys: string[]) {
    super(`evidence files missing from the storage: ${keys.join(", ")}`);
  }
}

export interface BackupSummary {
  manifest: Manifest;
  archiveBytes: number;
  archiveSha256: string;
  /** Stored files whose bytes no longer match their row's SHA-256 (copied as they are, named here). */
  warnings: string[];
}

const hashOf = () => createHash("sha256");

async function dumpTable(tx: Db, tar: TarWriter, table: Manifest["tables"][number]) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let pendingRows = 0;
  const flush = async () => {
    if (pendingRows === 0) return;
    const entry = `tables/${table.name}/${String(table.chunks.length + 1).padStart(6, "0")}.ndjson`;
    const hash = hashOf();
    await tar.entry(entry, pendingBytes, pending, (chunk) => hash.update(chunk));
    table.chunks.push({ entry, rows: pendingRows, sizeBytes: pendingBytes, sha256: hash.digest("hex") });
    [pending, pendingBytes, pendingRows] = [[], 0, 0];
  };
  // A cursor: a large table streams through, FETCH_ROWS rows at a time.
  await tx.execute(sql.raw(`declare backup_rows no scroll cursor for select row_to_json(t)::text as "row" from ${tableRef(table.name)} t`));
  for (;;) {
    const rows = await rowsOf<{ row: string }>(tx, `fetch ${FETCH_ROWS} from backup_rows`);
    if (rows.length === 0) break;
    for (const { row } of rows) {
      // A raw newline can only be whitespace between JSON tokens (a json column's own text): one row per line.
      const line = Buffer.from(`${row.includes("\n") ? row.replace(/[\r\n]+/g, " ") : row}\n`);
      pending.push(line);
      pendingBytes += line.length;
      pendingRows++;
      table.rows++;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
  }
  await flush();
  await tx.execute(sql.raw("close backup_rows"));
}

/**
 * Writes the archive to `file` (refused if it exists): first under FILE.partial, renamed once complete, so a failed
 * backup never leaves a file that looks whole.
 */
export async function writeBackup(
  database: Pick<Database, "db" | "kind">,
  storage: EvidenceStorage,
  file: string,
  options: { log?: (line: string) => void | Promise<void> } = {},
): Promise<BackupSummary> {
  const log = options.log ?? (() => {});
  if (await stat(file).catch(() => null)) throw new Error(`${file} already exists: choose another name (a backup never overwrites one).`);
  const partial = `${file}.partial`;
  const gzip = createGzip({ level: 6 });
  const archiveHash = hashOf();
  let archiveBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      archiveHash.update(chunk);
      archiveBytes += chunk.length;
      done(null, chunk);
    },
  });
  const written = pipeline(gzip, meter, createWriteStream(partial, { flags: "wx" }));
  const tar = new TarWriter(gzip);
  const warnings: string[] = [];
  try {
    const manifest = await database.db.transaction(
      async (tx) => {
        // Timestamps written in UTC whatever the server's zone; floats with every digit.
        for (const setting of ["timezone = 'UTC'", "extra_float_digits = 1", "intervalstyle = 'postgres'"]) await tx.execute(sql.raw(`set local ${setting}`));
        const [{ version }] = (await rowsOf<{ version: string }>(tx, "select current_setting('server_version') as version")) as [{ version: string }];
        const migrations = await appliedMigrations(tx);
        const last = migrations.at(-1);
        if (!last) throw new Error("this database was never migrated: it holds no Label data (check DATABASE_URL or PGLITE_DIR).");
        const manifest: Manifest = {
          format: "label-backup",
          formatVersion: 1,
          createdAt: new Date().toISOString(),
          source: { engine: database.kind, serverVersion: version },
          schemaVersion: last ? { ...last, tag: shippedMigrations().find((m) => String(m.when) === last.createdAt && m.hash === last.hash)?.tag ?? null } : null,
          migrations,
          tables: [],
          sequences: [],
          files: [],
        };
        for (const shape of await tableShapes(tx)) {
          const table = { name: shape.name, columns: shape.columns, rows: 0, chunks: [] };
          manifest.tables.push(table);
          await dumpTable(tx, tar, table);
          await log(`${shape.name}: ${table.rows} rows`);
        }
        manifest.sequences = await sequenceValues(tx);
        // The files of the snapshot's library (a deleted file was erased, ADR 0007), by stored name.
        const files = await tx
          .select({ key: evidenceFiles.storedName, sha256: evidenceFiles.sha256 })
          .from(evidenceFiles)
          .where(isNull(evidenceFiles.deletedAt))
          .orderBy(asc(evidenceFiles.storedName));
        const missing: string[] = [];
        for (const { key, sha256: expected } of files) {
          const found = await storage.get(key);
          if (!found) {
            missing.push(key);
            continue;
          }
          const entry = `files/${key}`;
          const hash = hashOf();
          await tar.entry(entry, found.sizeBytes, found.body, (chunk) => hash.update(chunk)).finally(() => found.body.destroy());
          const sha256 = hash.digest("hex");
          if (sha256 !== expected) warnings.push(`${key}: its bytes in the storage do not match the SHA-256 recorded at upload (copied as they are)`);
          manifest.files.push({ key, entry, sizeBytes: found.sizeBytes, sha256 });
        }
        if (missing.length) throw new BackupFileMissing(missing);
        await log(`${manifest.files.length} evidence files`);
        return manifest;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    const text = Buffer.from(JSON.stringify(manifest, null, 1));
    await tar.entry(MANIFEST_ENTRY, text.length, [text]);
    await tar.finish();
    await written;
    await rename(partial, file);
    return { manifest, archiveBytes, archiveSha256: archiveHash.digest("hex"), warnings };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}
