// The compiled server `npm start` runs (build/start/start.js), as a child process of the test: it can be killed
// (SIGKILL) or stopped (SIGTERM) and started again on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import { SERVE_BUILD } from "#scripts/build-if-needed.ts";
import { freePort } from "./free-port.ts";

export interface BuiltServer {
  baseUrl: string;
  child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Starts the built server with `env` added and waits until /healthz answers 200 (bounded). PORT is chosen here unless
 * given (a browser's offline copy belongs to one origin: the server comes back on the same port).
 */
export async function startBuiltServer(env: NodeJS.ProcessEnv, options: { readyWithinMs?: number; port?: number } = {}): Promise<BuiltServer> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [SERVE_BUILD], {
    env: { ...process.env, NODE_ENV: "production", SMTP_URL: "", DATABASE_URL: "", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + (options.readyWithinMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${output}`);
    if (await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false)) break;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer /healthz in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, child, output: () => output, exited };
}
