import { createContext, data, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { servicesContext } from "#app/context.ts";
import { isDatabaseUnreachable } from "#app/domain/database-errors.ts";
import { DATABASE_RETRY_AFTER_SECONDS, probeDatabase } from "#app/services/platform/database-health.server.ts";

/** Set when this request was answered 503 because the database could not be reached. */
const databaseUnavailableContext = createContext<boolean>(false);

/**
 * A page or form that failed while the database is unreachable (PostgreSQL restarting, a failover, the network cut)
 * gets the translated 503 page with Retry-After instead of the 500 page (docs/decisions/0031). React Router renders a
 * page's loader or middleware error before `next()` returns, so that error is not seen here: a 500 page is followed by
 * a bounded probe of the database, and rendered again as the 503 page when the probe does not get through. A resource
 * route's error (a JSON endpoint, a download) does come through `next()`: it is recognised by its code
 * (isDatabaseUnreachable) or by the probe. A 500 with the database answering stays a 500 (a fault of the app).
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
  if (response.status === 500 && (await unreachable())) return unavailable(context);
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
