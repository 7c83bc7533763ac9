// `npm start`'s server over a data folder of its own, holding the demo and a visit of the Fann process to score
// (tests/e2e/audit-visit-server.ts): for the browser tests that score, stop and restart a server of their own (the
// audit scoring and offline visit specs) without touching the shared server's data.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { E2E_DATA_DIR } from "./run-folder.ts";

/** The compiled server (`npm start`'s) over `dir`, answering once /healthz does. */
export async function startServer(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["build/start/start.js"], {
    env: { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped (${child.exitCode})`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    if (Date.now() > deadline) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export async function stopServer(child: ChildProcess) {
  child.kill("SIGTERM");
  if (child.exitCode === null) await once(child, "exit");
}

let template: Promise<string> | undefined;
/**
 * The seeded data folder, made once per run in the run's folder: the first worker that needs it seeds it (`mkdir`
 * decides which), the others wait for its `ready` mark. Migrating and seeding costs a server start several times over.
 */
function seededTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(E2E_DATA_DIR, "visit-template");
    const ready = join(dir, "ready");
    mkdirSync(E2E_DATA_DIR, { recursive: true });
    try {
      mkdirSync(dir);
    } catch {
      for (const deadline = Date.now() + 180_000; !existsSync(ready); await new Promise((resolve) => setTimeout(resolve, 250))) {
        if (Date.now() > deadline) throw new Error(`the visit template was never seeded (${dir})`);
      }
      return dir;
    }
    const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/audit-visit-server.ts"], {
      env: { ...process.env, PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", NODE_ENV: "production", SMTP_URL: "", PREPARE_ONLY: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new Error(`seeding the visit template failed (${code})`);
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
