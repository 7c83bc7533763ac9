// The built app (the same bundle `npm start` serves) over a given database, on a random local port. No test
// runner here: the integration tests, the browser tests that bring their own data, and the benchmarks use it.
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import type { Db } from "#db/client.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { httpStack } from "#scripts/http-stack.ts";

/**
 * The request being served, for whatever runs on its behalf: the SQL statements of its loaders and actions, and the
 * work the app does after its answer (`res.writableEnded` tells the two apart: `res.end()` hands the last byte over).
 */
export const servedRequest = new AsyncLocalStorage<{ req: IncomingMessage; res: ServerResponse }>();

/**
 * `withStatic`: behind the stack `npm start` serves (compression, the built static files), for a real browser; the
 * app's handler alone otherwise (HTTP tests read pages, not assets).
 */
export async function serveApp(db: Db, options: { env?: Record<string, string>; withStatic?: boolean } = {}): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const app = createApp({ db, config: readConfig({ NODE_ENV: "production", ...options.env }) });
  const handle = options.withStatic ? httpStack(app) : (req: IncomingMessage, res: ServerResponse) => void app(req, res);
  const server = createServer((req, res) => servedRequest.run({ req, res }, () => handle(req, res)));
  // The test's fetch and the server share one busy event loop: with the default 5 s, an idle connection could be
  // closed by the server just as fetch reuses it (ECONNRESET). A test's server lives a few minutes at most.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // At the end of a test nothing is in flight that matters: connections kept alive are closed too, not waited for.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
