import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { InlineCssProvider } from "#app/components/inline-css.tsx";
import stylesheet from "./app.css?url";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { isRouteErrorResponse, MemoryRouter, ServerRouter, type EntryContext, type HandleErrorFunction, type RouterContextProvider, type ServerInstrumentation } from "react-router";
import { RequestIdProvider } from "#app/components/error-reference.tsx";
import { currentScope, log } from "#app/services/platform/logger.server.ts";
import { FrozenMarkupContext, type RenderFrozenMarkup } from "#app/components/frozen-markup.tsx";
import { NonceProvider } from "#app/components/nonce.tsx";
import { PageLanguage, TranslationProvider } from "#app/components/translation.tsx";
import resources from "#app/locales/index.ts";
import { nonceContext } from "./context.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { noteDatabaseError } from "#app/middleware/database-unavailable.server.ts";

export const streamTimeout = 5_000;

/**
 * The matched route's pattern (`/processes/:processId`), for the request's log line and metrics: React Router hands
 * it to the root route's middleware, which runs first on every matched request (page, data or resource route).
 */
export const instrumentations: ServerInstrumentation[] = [
  {
    route(route) {
      if (route.id !== "root") return;
      route.instrument({
        async middleware(handler, info) {
          const scope = currentScope();
          // React Router writes the pattern without its leading slash ("processes/:processId").
          if (scope) scope.route ??= info.pattern.startsWith("/") ? info.pattern : `/${info.pattern}`;
          await handler();
        },
      });
    },
  },
];

/** A fault in a loader, an action or the rendering: logged with its stack under the request's id (not a 4xx, nor a client gone). */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  noteDatabaseError(error, context); // the 503 page's cue (app/middleware/database-unavailable.server.ts)
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const fault = isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error;
  log().error({ err: fault }, "request failed");
};

// The built stylesheet's text, read once, for first visits (null in development: Vite serves the file).
let stylesheetCss: string | null | undefined;
function stylesheetText(): string | null {
  if (stylesheetCss === undefined) {
    try {
      stylesheetCss = stylesheet.startsWith("/assets/") ? readFileSync(join("build/client", stylesheet), "utf8") : null;
    } catch {
      stylesheetCss = null;
    }
  }
  return stylesheetCss;
}

// One per language for every request: the server's texts never change, so each `t` made (and what it remembers) serves all.
const pageLanguages = new Map<string, PageLanguage>();
function pageLanguage(language: string): PageLanguage {
  let page = pageLanguages.get(language);
  if (!page) pageLanguages.set(language, (page = new PageLanguage(language, resources)));
  return page;
}

// Frozen content's markup by key and language (frozen-markup.tsx): a few versions in a few languages at a time.
const frozenMarkup = new Map<string, string>();
const KEPT_MARKUP = 24;
const renderFrozenMarkup: RenderFrozenMarkup = (key, language, element) => {
  const kept = `${language.language}\u0000${key}`;
  let html = frozenMarkup.get(kept);
  if (html === undefined) {
    // Its own render: the texts of the page's language, and a router for its links (their paths are absolute).
    html = renderToStaticMarkup(
      <TranslationProvider language={language}>
        <MemoryRouter>{element}</MemoryRouter>
      </TranslationProvider>,
    );
    frozenMarkup.set(kept, html);
    while (frozenMarkup.size > KEPT_MARKUP) frozenMarkup.delete(frozenMarkup.keys().next().value!);
  }
  return html;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  entryContext: EntryContext,
  routerContext: RouterContextProvider,
) {
  const nonce = routerContext.get(nonceContext);
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    // Bots and SPA-less clients get the whole document at once; browsers get it streamed.
    const readyOption = (userAgent && isbot(userAgent)) || entryContext.isSpaMode ? "onAllReady" : "onShellReady";

    const { pipe, abort } = renderToPipeableStream(
      <TranslationProvider language={pageLanguage(getLocale(routerContext))}>
        <NonceProvider value={nonce}>
          <InlineCssProvider value={stylesheetText()}>
            <RequestIdProvider value={currentScope()?.requestId}>
              <FrozenMarkupContext value={renderFrozenMarkup}>
                <ServerRouter context={entryContext} url={request.url} nonce={nonce} />
              </FrozenMarkupContext>
            </RequestIdProvider>
          </InlineCssProvider>
        </NonceProvider>
      </TranslationProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while streaming are logged once the shell is out; before that they reject above.
          if (shellRendered) log().error({ err: error }, "rendering failed");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
