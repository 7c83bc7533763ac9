// npm run storage:copy — copies the evidence files from the folder (UPLOADS_DIR) to the bucket of S3_URL, verified by
// SHA-256, before the app is started with S3_URL (ADR 0028). Resumable: run it again after an interruption, the files
// already in the bucket are skipped. Run it with the app stopped, or run it again after the switch-over, so that
// nothing uploaded meanwhile is left behind. Never against the PGlite folder of a running server.
import { readConfig } from "#app/config.server.ts";
import { copyEvidenceFiles } from "#app/services/storage/storage-copy.server.ts";
import { createEvidenceStorage, folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { openDatabase } from "#db/client.ts";

const config = readConfig();
if (!config.S3_URL) {
  console.error("Set S3_URL to the bucket to copy to (s3://ACCESS_KEY:SECRET@host:port/bucket?region=…; see the README).");
  process.exit(1);
}
const from = folderStorage(config.UPLOADS_DIR);
const to = createEvidenceStorage(config);
console.log(`Copying the evidence files from the ${from.location} to the ${to.location}…`);
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
let code = 0;
try {
  const summary = await copyEvidenceFiles(database.db, from, to, console.log);
  console.log(
    `Copied and verified: ${summary.copied}. Already in the bucket: ${summary.alreadyThere}. Missing from the folder: ${summary.missing}. Failed: ${summary.failed}.`,
  );
  if (summary.missing || summary.failed) {
    console.error("Not complete: see the lines above, then run it again.");
    code = 1;
  }
} finally {
  await database.close();
}
process.exit(code);
