// npx tsx bench/backup-figures.ts — the size and time of `npm run backup` and `npm run restore` on the demo database
// (what `npm start` seeds): in-memory PGlite, evidence files in a temporary folder; with DATABASE_URL, the same on a
// new PostgreSQL database (dropped at the end). Prints the archive's size and the seconds each step took.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { writeBackup } from "#app/services/backup/backup.server.ts";
import { restoreBackup } from "#app/services/backup/restore.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { openDatabase, type Database } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { withDatabase } from "#tests/support/global-setup.ts";

const work = mkdtempSync(join(tmpdir(), "label-backup-bench-"));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

async function engine(kind: "pglite" | "postgres") {
  const made: string[] = [];
  const admin = kind === "postgres" ? postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} }) : null;
  const open = async (): Promise<{ database: Database; url?: string }> => {
    if (!admin) return { database: await openDatabase({ pgliteDir: "memory://" }) };
    const name = `label_backup_bench_${made.length}_${process.pid}`;
    await admin.unsafe(`create database ${name}`);
    made.push(name);
    const url = withDatabase(process.env.DATABASE_URL!, name);
    return { database: await openDatabase({ url }), url };
  };
  try {
    const source = await open();
    await runMigrations(source.database, source.url);
    await importShippedReferentials(source.database.db);
    const storage = folderStorage(join(work, `${kind}-uploads`));
    await seedDemoData(source.database.db, { storage, hashPassword });
    await ensureRegistry(source.database.db);
    const file = join(work, `${kind}.tar.gz`);
    let started = performance.now();
    const summary = await writeBackup(source.database, storage, file);
    const backupSeconds = seconds(started);
    const rows = summary.manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    const fileBytes = summary.manifest.files.reduce((sum, f) => sum + f.sizeBytes, 0);
    const target = await open();
    started = performance.now();
    await restoreBackup(target.database, folderStorage(join(work, `${kind}-restored`)), file, { postgresUrl: target.url });
    const restoreSeconds = seconds(started);
    console.log(
      `${kind.padEnd(8)} ${summary.manifest.tables.length} tables, ${rows} rows, ${summary.manifest.files.length} files (${(fileBytes / 1024).toFixed(1)} KiB) → ` +
        `archive ${(statSync(file).size / 1024).toFixed(1)} KiB; backup ${backupSeconds} s, restore ${restoreSeconds} s`,
    );
    await source.database.close();
    await target.database.close();
  } finally {
    for (const name of made) await admin!.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  }
}

try {
  await engine("pglite");
  if (process.env.DATABASE_URL) await engine("postgres");
} finally {
  rmSync(work, { recursive: true, force: true });
}
