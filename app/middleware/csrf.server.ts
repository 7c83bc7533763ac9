import { createContext, data, type MiddlewareFunction } from "react-router";
import { servicesContext } from "#app/context.ts";
import { CSRF_FIELD } from "#app/csrf.ts";
import { generateToken, tokensEqual } from "#app/domain/auth/tokens.ts";
import { publicOrigin } from "#app/http/guards.server.ts";
import { readCookie } from "#app/services/accounts/sessions.server.ts";
import { isRequestBodyTooLarge } from "#app/services/platform/request-body.server.ts";
import { secureCookies } from "./session.server.ts";

export const CSRF_COOKIE = "label_csrf";

/** The form token of this visitor (double-submit: cookie + hidden field), for browsers that send no Origin. */
export const csrfTokenContext = createContext<string>("");

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses cross-site writes. Browsers send Origin with every POST; it must be the app's own. When no Origin
 * is sent (old browsers, some proxies), the hidden form token must match the visitor's cookie.
 */
export const csrfMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const cookieToken = readCookie(request, CSRF_COOKIE);
  const token = cookieToken ?? generateToken();
  context.set(csrfTokenContext, token);

  if (!SAFE_METHODS.has(request.method)) {
    const origin = request.headers.get("Origin");
    const expected = publicOrigin(context, request);
    let allowed: boolean;
    if (origin && origin !== "null") allowed = origin === expected;
    else {
      // A body over the limit is a 413 here too; any other unreadable body simply carries no token.
      const form = await request
        .clone()
        .formData()
        .catch((error: unknown) => {
          if (isRequestBodyTooLarge(error)) throw data({ reason: "too_large" }, { status: 413 });
          return null;
        });
      const submitted = form?.get(CSRF_FIELD);
      allowed = !!cookieToken && typeof submitted === "string" && tokensEqual(submitted, cookieToken);
    }
    if (!allowed) throw data({ reason: "csrf" }, { status: 403 });
  }

  const response = await next();
  if (!cookieToken) {
    const parts = [`${CSRF_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax"];
    if (secureCookies(request, context.get(servicesContext).config.PUBLIC_URL)) parts.push("Secure");
    response.headers.append("Set-Cookie", parts.join("; "));
  }
  return response;
};
