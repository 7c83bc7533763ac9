// Graceful shutdown of the serving process (scripts/serve.ts, docs/deployment.md): on SIGTERM or SIGINT it stops
// accepting connections, lets the requests in flight finish (up to SHUTDOWN_GRACE_SECONDS, then cuts what is left),
// stops the background jobs (a reminder run or a delivery in flight finishes), closes the database and exits 0.
import type { Server } from "node:http";

/**
 * Stops accepting connections and resolves once every request in flight has been answered: a kept-alive
 * connection is closed as soon as it is idle (its last answer says `Connection: close`). After `graceMs`, the
 * connections still busy are cut (`cut: true`).
 */
export async function drainHttpServer(server: Server, graceMs: number): Promise<{ cut: boolean }> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const closeAfterAnswer = (_req: unknown, res: { setHeader(name: string, value: string): void; headersSent: boolean }) => {
    if (!res.headersSent) res.setHeader("Connection", "close");
  };
  server.prependListener("request", closeAfterAnswer);
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  let cut = false;
  const bound = setTimeout(() => {
    cut = true;
    server.closeAllConnections();
  }, graceMs);
  try {
    await closed;
  } finally {
    clearInterval(idle);
    clearTimeout(bound);
    server.off("request", closeAfterAnswer);
  }
  return { cut };
}

export interface ShutdownParts {
  /** The HTTP server, once listening (a signal during the migrations has none yet). */
  server: () => Server | undefined;
  /** Stops the background jobs, waiting for the task in flight. */
  stopJobs: () => Promise<void>;
  closeDatabase: () => Promise<void>;
  graceMs: number;
  log?: (message: string) => void;
  exit?: (code: number) => void;
}

/** The signal handler: runs once (a second signal while draining is ignored), then exits 0 (1 if closing failed). */
export function gracefulShutdown(parts: ShutdownParts): (signal: string) => Promise<void> {
  const log = parts.log ?? console.log;
  const exit = parts.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  return async (signal) => {
    if (closing) return;
    closing = true;
    let code = 0;
    const server = parts.server();
    if (server) {
      log(`\n${signal}: no new connections; finishing the requests in flight (at most ${Math.round(parts.graceMs / 1000)} s)…`);
      const { cut } = await drainHttpServer(server, parts.graceMs);
      if (cut) log("Requests still running after the grace period were cut.");
    } else log(`\n${signal}: closing…`);
    await parts.stopJobs();
    log("Closing the database…");
    await parts.closeDatabase().catch((error: unknown) => {
      console.error(error);
      code = 1;
    });
    exit(code);
  };
}
