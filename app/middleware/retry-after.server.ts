import { createContext, type MiddlewareFunction } from "react-router";

/** The wait a refusal (enforceRateLimits) announces, in seconds; null when nothing was refused. */
export const retryAfterContext = createContext<number | null>(null);

/**
 * Puts Retry-After on a 429 answer, page or data request alike: React Router keeps a thrown answer's headers only
 * for routes that export `headers`, and the limited routes should not each have to.
 */
export const retryAfterMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const response = await next();
  const seconds = context.get(retryAfterContext);
  if (response.status === 429 && seconds !== null && !response.headers.has("Retry-After")) response.headers.set("Retry-After", String(seconds));
  return response;
};
