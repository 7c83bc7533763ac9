// npm run restore -- FILE — restores an archive of `npm run backup` into an EMPTY database (DATABASE_URL, or the
// PGlite folder PGLITE_DIR) and an EMPTY evidence storage (UPLOADS_DIR, or the bucket of S3_URL), after checking it
// against its manifest (ADR 0029). Refuses, changing nothing, a damaged or altered archive and a target that is not
// empty. The database ends at the archive's schema version; `npm start` then serves it (newer migrations applied).
import { prepareCommand, secondsSince } from "#app/services/backup/command.server.ts";

const { file, config, storage, database, started } = await prepareCommand({
  usage: "Usage: npm run restore -- FILE   (into an empty database and an empty evidence storage)",
  databaseMustExist: false,
});
const { restoreBackup, RestoreRefused } = await import("#app/services/backup/restore.server.ts");
let code = 0;
try {
  console.log(`Restoring ${file} into ${database.kind} (${database.location}) and the evidence files' ${storage.location}…`);
  const summary = await restoreBackup(database, storage, file, { postgresUrl: config.DATABASE_URL, log: console.log });
  console.log(
    `Restored in ${secondsSince(started)} s: ${summary.rows} rows in ${summary.manifest.tables.length} tables and ${summary.files} evidence files, ` +
      `checked against the manifest; schema version ${summary.manifest.schemaVersion?.tag ?? "none"} (backup of ${summary.manifest.createdAt}). ` +
      "Start the app with npm start.",
  );
} catch (error) {
  console.error(error instanceof RestoreRefused ? error.message : `Restore failed, no row or file was restored: ${(error as Error).message}`);
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
