// Which errors mean "the database cannot be reached right now" (a restart, a failover, a network cut) rather than a
// fault of the app: those are answered 503 with Retry-After, not 500 (docs/decisions/0031).

/** Node's socket errors on the way to the database (refused, cut, timed out, name not resolved). */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** postgres.js's own codes for a connection that ended, was destroyed or could not be opened in time. */
const DRIVER_CODES = new Set(["CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT"]);
/**
 * PostgreSQL's SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Whether `error` (or one of its causes: drizzle wraps the driver's error) says the database is unreachable. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    if (NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
