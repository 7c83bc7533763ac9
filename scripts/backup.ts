// npm run backup -- FILE — one consistent archive (a gzip'd tar with a manifest) of the database and the evidence
// files (ADR 0029), from the configured database (DATABASE_URL, or the PGlite folder PGLITE_DIR) and storage
// (UPLOADS_DIR, or the bucket of S3_URL). On PostgreSQL the server may keep running. A PGlite folder opens in one
// process only: stop the server first (the command refuses a folder in use).
import { prepareCommand, secondsSince } from "#app/services/backup/command.server.ts";

const { file, storage, database, started } = await prepareCommand({
  usage: "Usage: npm run backup -- FILE   (e.g. npm run backup -- label-2026-01-05.tar.gz)",
  databaseMustExist: true,
});
const { BackupFileMissing, writeBackup } = await import("#app/services/backup/backup.server.ts");
let code = 0;
try {
  console.log(`Backing up ${database.kind} (${database.location}) and the evidence files (${storage.location}) to ${file}…`);
  // A file erased by a deletion after the snapshot was taken: a second snapshot no longer references it.
  const summary = await writeBackup(database, storage, file).catch((error: unknown) => {
    if (!(error instanceof BackupFileMissing)) throw error;
    console.log(`${error.message}; taking the snapshot again…`);
    return writeBackup(database, storage, file);
  });
  const { manifest } = summary;
  const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
  const fileBytes = manifest.files.reduce((sum, f) => sum + f.sizeBytes, 0);
  console.log(
    `Done in ${secondsSince(started)} s: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} evidence files ` +
      `(${(fileBytes / 1048576).toFixed(1)} MiB), schema version ${manifest.schemaVersion?.tag ?? "none"}.`,
  );
  console.log(`Archive: ${file}, ${(summary.archiveBytes / 1048576).toFixed(2)} MiB, SHA-256 ${summary.archiveSha256} (keep it apart to check the copy later).`);
  for (const warning of summary.warnings) console.warn(`Warning: ${warning}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof BackupFileMissing ? `${error.message} (lost from the storage?)` : (error as Error).message}`);
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
