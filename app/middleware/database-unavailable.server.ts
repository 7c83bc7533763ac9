import { createContext, data, RouterContextProvider, type MiddlewareFunction } from "react-router";
import { servicesContext } from "#app/context.ts";
import { isDatabaseUnreachable } from "#app/domain/database-errors.ts";
import { DATABASE_RETRY_AFTER_SECONDS, probeDatabase } from "#app/services/platform/database-health.server.ts";

/** Set when this request was answered 503 because the database could not be reached. */
const databaseUnavailableContext = createContext<boolean>(false);
/** Set when a loader, an action or a middleware of this request failed because the database could not be reached. */
const databaseErrorContext = createContext<boolean>(false);

/**
 * Called by entry.server's handleError with every fault React Router catches: notes one the database caused, which a
 * page's middleware cannot see otherwise (React Router renders it before `next()` returns).
 */
export function noteDatabaseError(error: unknown, context: unknown): void {
  if (context instanceof RouterContextProvider && isDatabaseUnreachable(error)) context.set(databaseErrorContext, true);
}

/**
 * A page or form that failed while the database is unreachable (PostgreSQL restarting, a failover, the network cut)
 * gets the translated 503 page with Retry-After instead of the 500 page (docs/decisions/0031). React Router renders a
 * page's loader or middleware error before `next()` returns: a 500 page is rendered again as the 503 page when its
 * error was a database one (noted by noteDatabaseError) or when a bounded probe of the database does not get through.
 * A resource route's error (a JSON endpoint, a download) does come through `next()`, and is judged the same way. A
 * 500 with the database answering and no database error behind it stays a 500 (a fault of the app).
 * Placed after i18next (the page is translated) and before anything that reads the database (the session).
 */
export const databaseUnavailableMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const unreachable = async () => (await probeDatabase(context.get(servicesContext).db)) !== "ok";
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    if (!isDatabaseUnreachable(error) && !(await unreachable())) throw error;
    return unavailable(context);
  }
  if (response.status === 500 && (context.get(databaseErrorContext) || (await unreachable()))) return unavailable(context);
  return response;
};

function unavailable(context: Readonly<RouterContextProvider>): never {
  context.set(databaseUnavailableContext, true);
  throw data({ status: "error", reason: "database_unavailable" }, { status: 503 });
}

/**
 * Puts Retry-After on that 503 (React Router drops a thrown answer's headers): it must run outside the middleware
 * above, whose throw is rendered into the response this one receives.
 */
export const databaseRetryAfterMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const response = await next();
  if (response.status === 503 && context.get(databaseUnavailableContext) && !response.headers.has("Retry-After")) {
    response.headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  }
  return response;
};
