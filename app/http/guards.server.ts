import { data, redirect, type RouterContextProvider } from "react-router";
import { clientAddressContext, servicesContext, sessionContext, type SessionUser } from "#app/context.ts";
import { canAccessEstablishment, hasRole, type Role } from "#app/domain/auth/permissions.ts";
import { RATE_LIMITS, type RateLimitName } from "#app/domain/rate-limits.ts";
import { retryAfterContext } from "#app/middleware/retry-after.server.ts";
import { consumeRateLimits } from "#app/services/platform/rate-limits.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { isRequestBodyTooLarge } from "#app/services/platform/request-body.server.ts";
import type { NotifyContext } from "#app/services/notifications/notifications.server.ts";

type Context = Readonly<RouterContextProvider>;

export function getServices(context: Context) {
  return context.get(servicesContext);
}

/** The signed-in user; anonymous visitors go to /login and come back here afterwards. */
export function requireUser(context: Context, request: Request): SessionUser {
  const session = context.get(sessionContext);
  if (!session) {
    const url = new URL(request.url);
    // A `.data` request is React Router's own fetch of a page's data: come back to the page itself.
    const path = url.pathname.replace(/\.data$/, "").replace(/\/_root$/, "/") || "/";
    url.searchParams.delete("_routes");
    const back = path + (url.search === "?" ? "" : url.search);
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return session.user;
}

export function forbidden(): never {
  throw data({ reason: "forbidden" }, { status: 403 });
}

/**
 * The posted form. A body that is not a form (wrong content type, truncated upload) is the client's
 * mistake: 400 with the translated "bad request" page, never a 500; a body over the limit (FORM_MAX_KB, see
 * app/middleware/request-body.server.ts) stops being read there: 413.
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    if (isRequestBodyTooLarge(error)) throw data({ reason: "too_large" }, { status: 413 });
    throw data({ reason: "bad_request" }, { status: 400 });
  }
  for (const name of form.keys()) if (FAR_INDEX.test(name)) throw data({ reason: "bad_request" }, { status: 400 });
  return form;
}

/**
 * A field name with an index of four digits or more (`establishmentIds[1000000]`). Conform builds an array that long
 * from it, and zod then checks every empty slot: one such 40-byte field cost 14 s and a 50 MB reply. No form of ours
 * has more than a few dozen rows.
 */
const FAR_INDEX = /\[\s*\d{4,}\s*\]/;

export function notFound(): never {
  throw data({ reason: "not_found" }, { status: 404 });
}

/** What the 429 page reads (root.tsx): which limit, and when to try again. */
export interface TooManyRequestsData {
  reason: "rate_limited";
  about: (typeof RATE_LIMITS)[RateLimitName]["about"];
  retryAfterSeconds: number;
}

/**
 * Counts this request against abuse limits (app/domain/rate-limits.ts); past one, 429 with Retry-After: the
 * translated "try again in …" page (root.tsx), also after a form posted without JavaScript. A key left out is the
 * client's address. One line at the top of a loader or action, e.g. for a public page:
 * `await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);`
 */
export async function enforceRateLimits(context: Context, checks: { limit: RateLimitName; key?: string }[]): Promise<void> {
  const { db, config } = getServices(context);
  const address = context.get(clientAddressContext);
  const outcome = await consumeRateLimits(db, config, checks.map((c) => ({ limit: c.limit, key: c.key ?? address })));
  if (outcome.ok) return;
  // A Response rather than `data()`, so that a resource route (JSON, files) sends it as it is.
  const body: TooManyRequestsData = { reason: "rate_limited", about: RATE_LIMITS[outcome.limit].about, retryAfterSeconds: outcome.retryAfterSeconds };
  context.set(retryAfterContext, outcome.retryAfterSeconds);
  throw Response.json(body, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
}

/** The signed-in user if they hold one of the roles; otherwise 403. */
export function requireRole(context: Context, request: Request, ...roles: Role[]): SessionUser {
  const user = requireUser(context, request);
  if (!hasRole(user, ...roles)) forbidden();
  return user;
}

export function requireEstablishmentAccess(context: Context, request: Request, establishmentId: string): SessionUser {
  const user = requireUser(context, request);
  if (!canAccessEstablishment(user, establishmentId)) forbidden();
  return user;
}

/** The origin that links in messages point to. */
export function publicOrigin(context: Context, request: Request): string {
  return new URL(getServices(context).config.PUBLIC_URL ?? request.url).origin;
}

/** What a service needs to notify people of an event during this request (links to the public origin). */
export function notifyContext(context: Context, request: Request): NotifyContext {
  return { baseUrl: publicOrigin(context, request), t: translate };
}
