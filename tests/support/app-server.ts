// The built app (the same bundle `npm start` serves) over a given database, on a random local port. No test
// runner here: the integration tests, the browser tests that bring their own data, and the benchmarks use it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import type { Db } from "#db/client.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { httpStack } from "#scripts/http-stack.ts";

/**
 * `withStatic`: behind the stack `npm start` serves (compression, the built static files), for a real browser; the
 * app's handler alone otherwise (HTTP tests read pages, not assets).
 */
export async function serveApp(db: Db, options: { env?: Record<string, string>; withStatic?: boolean } = {}): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const app = createApp({ db, config: readConfig({ NODE_ENV: "production", ...options.env }) });
  const server = options.withStatic ? createServer(httpStack(app)) : createServer((req, res) => void app(req, res));
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
