// The server bundle's entry (see vite.config.ts): a Node request handler around the React Router build.
// The process that runs it (scripts/start.ts, scripts/dev.ts, the tests) opens the database and passes it in,
// so there is exactly one database instance per process.
//
// The adapter is ours rather than @react-router/express's so that the RouterContextProvider we build and the
// request handler that checks it come from the same copy of react-router, whoever loads this bundle. It also
// bounds every request body (FORM_MAX_KB for forms, the upload limits for multipart) before anything reads it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequestHandler, RouterContextProvider, type ServerBuild } from "react-router";
import { clientAddressContext, dataRequestContext, servicesContext, type AppServices } from "#app/context.ts";
import { requestBodyLimit } from "#app/middleware/request-body.server.ts";
import { inLogScope, LogScope, requestId, silentLogger } from "#app/services/platform/logger.server.ts";
import { bearerMatches, createMetrics, type AppMetrics } from "#app/services/platform/metrics.server.ts";
import { limitedRequestBody } from "#app/services/platform/request-body.server.ts";
import { createEvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";

// The process that serves the app also runs its background jobs, from this same bundle (one copy of every module),
// and gives both the same logger and metrics.
export { startBackgroundJobs } from "#app/services/platform/background-jobs.server.ts";
export { createLogger } from "#app/services/platform/logger.server.ts";
export { createMetrics } from "#app/services/platform/metrics.server.ts";

/**
 * React Router's handler. Given a function, React Router derives its route tables again on every request (flattening
 * and ranking every route: a tenth of a light page's CPU); outside development the build is loaded once, so they are
 * derived once. In development Vite gives a fresh build on each request (HMR).
 */
function requestHandlerOf(build: () => Promise<ServerBuild>, mode: string) {
  if (mode === "development") return createRequestHandler(build, mode);
  let handler: Promise<ReturnType<typeof createRequestHandler>> | undefined;
  return async (request: Request, context: RouterContextProvider) => {
    handler ??= build().then(
      (loaded) => createRequestHandler(loaded, mode),
      (error: unknown) => {
        handler = undefined; // tried again on the next request
        throw error;
      },
    );
    return (await handler)(request, context);
  };
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

/** React Router's build of the app (routes, entry); a fault test passes createApp one with a route changed. */
export const serverBuild = () => import("virtual:react-router/server-build") as Promise<ServerBuild>;

export function createApp(given: AppServices, build?: () => Promise<ServerBuild>): RequestListener {
  const { config } = given;
  // One evidence storage for the app's life (one S3 client and its connection pool), unless the process gave one.
  // No logger given (tests, benchmarks): nothing is logged. Metrics only when /metrics is on (METRICS_TOKEN).
  const services = {
    ...given,
    storage: given.storage ?? createEvidenceStorage(config),
    logger: given.logger ?? silentLogger(),
    metrics: given.metrics !== undefined ? given.metrics : config.METRICS_TOKEN ? createMetrics({ db: given.db }) : null,
  };
  const handle = requestHandlerOf(build ?? serverBuild, config.NODE_ENV);
  const { logger, metrics } = services;

  async function serve(req: IncomingMessage, res: ServerResponse, next: ((error?: unknown) => void) | undefined, scope: LogScope, started: number) {
    let status = 500;
    try {
      res.setHeader("X-Request-Id", scope.requestId!);
      if (metrics && isMetricsPath(req.url)) {
        scope.route = "/metrics";
        status = await scrape(req, res, config.METRICS_TOKEN!, metrics);
        return;
      }
      const context = new RouterContextProvider();
      context.set(servicesContext, services);
      context.set(clientAddressContext, clientAddress(req, config.TRUST_PROXY));
      const { request, bodyRefused } = toRequest(req, res, { bodyLimit: requestBodyLimit(req.headers["content-type"], config), publicUrl: config.PUBLIC_URL });
      context.set(dataRequestContext, new URL(request.url).pathname.endsWith(".data"));
      const response = await handle(request, context);
      status = response.status;
      // A body refused as too large is not read to its end: the connection closes after the answer.
      await sendResponse(res, response, { close: bodyRefused() });
    } catch (error) {
      // In development Vite shows the fault; elsewhere it is logged here, under the request's id (not by Express).
      if (next && config.NODE_ENV === "development") next(error);
      else {
        scope.logger.error({ err: error }, "request failed");
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      }
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route = scope.route ?? routeOutsideRouter(req.url);
      metrics?.request(req.method ?? "", route, status, seconds);
      // The one line of a request: its pattern, never its URL (a query string or a path may hold a token).
      // Health checks and scrapes that succeed come every few seconds: at debug level, out of the default log.
      const level = status < 400 && (route === "/healthz" || route === "/metrics") ? "debug" : "info";
      logger[level]({ reqId: scope.requestId, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10, ...(res.writableFinished ? {} : { aborted: true }) }, "request");
    }
  }

  return (req, res, next) => {
    const started = performance.now();
    const scope = new LogScope(logger, { reqId: requestId(req.headers["x-request-id"], config.TRUST_PROXY) });
    return inLogScope(scope, () => serve(req, res, next, scope, started));
  };
}

const isMetricsPath = (url: string | undefined) => url === "/metrics" || url?.startsWith("/metrics?") === true;

/**
 * GET /metrics for a scraper holding METRICS_TOKEN (401 otherwise, so the metrics say nothing to anyone else).
 * Answered before the router: no session, no CSRF, no page. Returns the status sent.
 */
async function scrape(req: IncomingMessage, res: ServerResponse, token: string, metrics: AppMetrics): Promise<number> {
  if (!bearerMatches(req.headers.authorization, token)) {
    res.writeHead(401, { "Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" });
    res.end("Unauthorized");
    return 401;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { "Content-Type": "text/plain; charset=utf-8", Allow: "GET, HEAD" });
    res.end("Method Not Allowed");
    return 405;
  }
  const body = await metrics.registry.metrics();
  res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : body);
  return 200;
}

/** The label of a request no route's middleware saw: React Router's route manifest (lazy discovery), or no route at all. */
function routeOutsideRouter(url: string | undefined): string {
  return url?.startsWith("/__manifest") ? "/__manifest" : "unmatched";
}

function toRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: { bodyLimit: number; publicUrl: string | undefined },
): { request: Request; bodyRefused: () => boolean } {
  // Behind a proxy (TLS ended there), the public address is PUBLIC_URL, not what the Host header and the socket
  // say: the request carries it, so React Router's own origin check of form posts and the app agree.
  const host = req.headers.host ?? "localhost";
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  const origin = options.publicUrl ? new URL(options.publicUrl).origin : `${protocol}://${host}`;
  // The request line is a path of this site: "//evil.example/x" must not be read as another host.
  const url = new URL(`/${(req.url ?? "/").replace(/^[/\\]+/, "")}`, origin);
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  let bodyRefused = () => false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = limitedRequestBody(req, options.bodyLimit);
    init.body = body.stream;
    init.duplex = "half";
    bodyRefused = body.refused;
  }
  return { request: new Request(url, init), bodyRefused };
}

async function sendResponse(res: ServerResponse, response: Response, options: { close: boolean }): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    headers[key] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  if (options.close) headers["connection"] = "close";
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Written chunk by chunk without flushing (unlike writeReadableStreamToWritable), so the compression layer of
  // `npm start` compresses the page as one stream instead of flushing a tiny gzip block per chunk.
  // One "drain" listener per response: the compression middleware moves "drain" listeners onto its zlib stream,
  // where removing them does not reach, so a listener per wait would pile up on a long download. A client that
  // goes away ("close") ends the wait too, and the rest of the body is cancelled.
  let resume: (() => void) | null = null;
  const wake = () => {
    resume?.();
    resume = null;
  };
  res.on("drain", wake);
  res.on("close", wake);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((r) => (resume = r));
      if (res.destroyed) {
        await reader.cancel();
        break;
      }
    }
  } finally {
    res.end();
  }
}

/** The client's address, for throttling. X-Forwarded-For is read only behind a trusted proxy (TRUST_PROXY). */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const value = Array.isArray(forwarded) ? forwarded.at(-1) : forwarded;
    const last = value?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? "unknown";
}
