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
import { limitedRequestBody } from "#app/services/platform/request-body.server.ts";
import { createEvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";

// The process that serves the app also runs its background jobs, from this same bundle (one copy of every module).
export { startBackgroundJobs } from "#app/services/platform/background-jobs.server.ts";

export type RequestListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

export function createApp(given: AppServices, build?: () => Promise<ServerBuild>): RequestListener {
  // One evidence storage for the app's life (one S3 client and its connection pool), unless the process gave one.
  const services = { ...given, storage: given.storage ?? createEvidenceStorage(given.config) };
  const handle = createRequestHandler(
    build ?? (() => import("virtual:react-router/server-build") as Promise<ServerBuild>),
    services.config.NODE_ENV,
  );
  return async (req, res, next) => {
    try {
      const context = new RouterContextProvider();
      context.set(servicesContext, services);
      context.set(clientAddressContext, clientAddress(req, services.config.TRUST_PROXY));
      const { request, bodyRefused } = toRequest(req, res, { bodyLimit: requestBodyLimit(req.headers["content-type"], services.config), publicUrl: services.config.PUBLIC_URL });
      context.set(dataRequestContext, new URL(request.url).pathname.endsWith(".data"));
      const response = await handle(request, context);
      // A body refused as too large is not read to its end: the connection closes after the answer.
      await sendResponse(res, response, { close: bodyRefused() });
    } catch (error) {
      if (next) next(error);
      else {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal Server Error");
      }
    }
  };
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
