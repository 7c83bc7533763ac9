// `npm start`'s server over a data folder of its own, holding the demo and a visit of the Fann process to score
// (tests/e2e/audit-visit-server.ts): for the browser tests that score, stop and restart a server of their own (the
// audit scoring and offline visit specs) without touching the shared server's data.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { E2E_DATA_DIR } from "./run-folder.ts";
import { startBuiltServer } from "#tests/support/built-server.ts";

/** The compiled server (`npm start`'s) over `dir`, on `port`, answering once /healthz does. */
export async function startServer(port: number, dir: string): Promise<ChildProcess> {
  const server = await startBuiltServer({ PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads") }, { port, readyWithinMs: 180_000 });
  return server.child;
}

export async function stopServer(child: ChildProcess) {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "exit");
}

let template: Promise<string> | undefined;
/**
 * The seeded data folder, made once per run in the run's folder: the first worker that needs it seeds it (`mkdir`
 * decides which), the others wait for its `ready` mark (or its `failed` one). Migrating and seeding costs a server
 * start several times over.
 */
function seededTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(E2E_DATA_DIR, "visit-template");
    const ready = join(dir, "ready");
    const failed = join(dir, "failed");
    mkdirSync(E2E_DATA_DIR, { recursive: true });
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // Another worker seeds it: wait for its mark, or for its failure (said at once, not after the deadline).
      for (const deadline = Date.now() + 180_000; !existsSync(ready); await new Promise((resolve) => setTimeout(resolve, 250))) {
        if (existsSync(failed)) throw new Error(`seeding the visit template failed in another worker: ${readFileSync(failed, "utf8")}`);
        if (Date.now() > deadline) throw new Error(`the visit template was never seeded (${dir})`);
      }
      return dir;
    }
    const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/audit-visit-server.ts"], {
      env: { ...process.env, PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "", PREPARE_ONLY: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // A worker torn down mid-seed (a test's timeout) takes the seeding with it, and says so to the others.
    const abandon = () => {
      child.kill();
      writeFileSync(failed, "the seeding worker stopped");
    };
    process.once("exit", abandon);
    const [code] = (await once(child, "exit")) as [number | null];
    process.off("exit", abandon);
    if (code !== 0) {
      writeFileSync(failed, `exit code ${code}`);
      throw new Error(`seeding the visit template failed (${code})`);
    }
    writeFileSync(ready, "");
    return dir;
  })();
  return template;
}

/** A copy of the seeded folder in `dir`, and the server over it. */
export async function startSeededServer(port: number, dir: string): Promise<ChildProcess> {
  const seeded = await seededTemplate();
  for (const part of ["pglite", "uploads"]) if (existsSync(join(seeded, part))) cpSync(join(seeded, part), join(dir, part), { recursive: true });
  return startServer(port, dir);
}
