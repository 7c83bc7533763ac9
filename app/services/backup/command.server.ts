// What `npm run backup` and `npm run restore` share before their work (ADR 0029): the archive's path, the same
// configuration as every script (DATABASE_URL, PGLITE_DIR, UPLOADS_DIR, S3_URL), and the refusal of a PGlite folder
// in use, checked before anything heavy is loaded so that it is immediate.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readConfig } from "#app/config.server.ts";

/**
 * Only one process may open a PGlite folder (STACK.md): PGlite writes postmaster.pid in it while open and removes it
 * on a clean close. Present: a server (or a script) has it open, or the last one was killed without closing it.
 */
export function pgliteFolderInUse(dir: string): boolean {
  return !dir.startsWith("memory://") && existsSync(join(dir, "postmaster.pid"));
}

export const PGLITE_IN_USE = (dir: string) =>
  `The PGlite folder ${dir} is open in another process (a running \`npm start\`?): only one process may open it. ` +
  `Stop the server (Ctrl-C or SIGTERM), then run this command again. If no server is running, the last one was ` +
  `killed without closing the folder: start it once and stop it with Ctrl-C, then try again.`;

/** Exits with the reason when the command cannot run; otherwise the archive's path, the database and the storage. */
export async function prepareCommand(options: { usage: string; databaseMustExist: boolean }) {
  const argument = process.argv[2];
  if (!argument || argument.startsWith("-")) {
    console.error(options.usage);
    process.exit(1);
  }
  // npm runs scripts from the project folder: a relative FILE is taken from where the command was typed.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), argument);
  const config = readConfig();
  if (!config.DATABASE_URL && pgliteFolderInUse(config.PGLITE_DIR)) {
    console.error(PGLITE_IN_USE(config.PGLITE_DIR));
    process.exit(2);
  }
  if (options.databaseMustExist && !config.DATABASE_URL && !existsSync(config.PGLITE_DIR)) {
    console.error(`No database to back up: the PGlite folder ${config.PGLITE_DIR} does not exist (set PGLITE_DIR or DATABASE_URL).`);
    process.exit(1);
  }
  const { createEvidenceStorage } = await import("#app/services/storage/evidence-storage.server.ts");
  const { openDatabase } = await import("#db/client.ts");
  const storage = createEvidenceStorage(config);
  const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  return { file, config, storage, database, started: performance.now() };
}

export const secondsSince = (started: number) => ((performance.now() - started) / 1000).toFixed(1);
