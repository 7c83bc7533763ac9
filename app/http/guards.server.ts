import { data, redirect, type RouterContextProvider } from "react-router";
import { servicesContext, sessionContext, type SessionUser } from "#app/context.ts";
import { canAccessEstablishment, hasRole, type Role } from "#app/domain/auth/permissions.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { isRequestBodyTooLarge } from "#app/services/platform/request-body.server.ts";
import type { NotifyContext } from "#app/services/notifications/notifications.server.ts";

type Context = Readonly<RouterContextProvider>;

export function getServices(context: Context) {
  return context.get(servicesContext);
}

/** A same-site path to return to after signing in; anything else (other hosts, `//evil`, `/\evil`) becomes `/`. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  try {
    const url = new URL(target, "http://localhost");
    if (url.origin !== "http://localhost") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
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
  try {
    return await request.formData();
  } catch (error) {
    if (isRequestBodyTooLarge(error)) throw data({ reason: "too_large" }, { status: 413 });
    throw data({ reason: "bad_request" }, { status: 400 });
  }
}

export function notFound(): never {
  throw data({ reason: "not_found" }, { status: 404 });
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
