// A PostgreSQL cluster of a test's own (initdb in a temporary folder, on a free port, on loopback), which the test may
// stop and start again: the fault tests restart it under a running app. Never the machine's shared cluster.
// initdb and postgres refuse to run as root: as root they run as the `postgres` OS user, in a folder it owns.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "./free-port.ts";

const run = promisify(execFile);
const BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (immediately) and erases its folder. */
  destroy(): Promise<void>;
}

/** The owner the cluster runs as: ourselves, or the `postgres` user when we are root. */
async function owner(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout: uid } = await run("id", ["-u", "postgres"]);
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Why a private cluster cannot be made here, or null when it can. */
export async function privatePostgresMissing(): Promise<string | null> {
  if (!existsSync(join(BIN, "initdb")) || !existsSync(join(BIN, "pg_ctl"))) return `no PostgreSQL binaries in ${BIN} (POSTGRES_BIN)`;
  if (process.getuid?.() === 0) {
    const user = await owner().catch(() => null);
    if (!user) return "running as root and there is no `postgres` OS user to run initdb as";
  }
  return null;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const user = await owner();
  const as = (command: string, args: string[]) => (user ? run("runuser", ["-u", "postgres", "--", join(BIN, command), ...args]) : run(join(BIN, command), args));
  const dir = mkdtempSync(join(tmpdir(), "label-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const port = await freePort();
  await as("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  // Loopback only, its socket in its own folder; no fsync (the tests stop it cleanly, never crash the machine).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => void (await as("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", "-t", "30", "start"]));
  const stop = async () => void (await as("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]));
  await start();
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  // Ready for queries (pg_ctl -w waits for the socket; a first connection confirms).
  const admin = postgres(url(), { max: 1, onnotice: () => {} });
  await admin`select 1`;
  await admin.end();
  return {
    url,
    start,
    stop,
    async destroy() {
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
