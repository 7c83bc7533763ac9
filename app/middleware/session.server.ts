import type { MiddlewareFunction } from "react-router";
import { servicesContext, sessionContext } from "#app/context.ts";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, validateSessionToken } from "#app/services/accounts/sessions.server.ts";

/** Cookies are Secure whenever the app is served over HTTPS (PUBLIC_URL https://…, as in production). */
export function secureCookies(request: Request, publicUrl: string | undefined): boolean {
  return (publicUrl ?? request.url).startsWith("https:");
}

/** Finds who is signed in, slides the session forward on activity, and forgets a dead cookie. */
export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return next();
  const { db, config } = context.get(servicesContext);
  const secure = secureCookies(request, config.PUBLIC_URL);
  const session = await validateSessionToken(db, token);
  context.set(sessionContext, session ? { id: session.id, user: session.user, secondFactorEnrolled: session.secondFactorEnrolled } : null);
  const response = await next();
  // A route (login, logout) may have set the cookie itself: leave its decision alone.
  if (response.headers.get("Set-Cookie")?.includes(`${SESSION_COOKIE}=`)) return response;
  if (!session) response.headers.append("Set-Cookie", clearedSessionCookie(secure));
  else if (session.renewed && session.rememberMe) {
    response.headers.append("Set-Cookie", sessionCookie(token, { ...session, secure }));
  }
  return response;
};
