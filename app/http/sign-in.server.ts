import { redirect, type RouterContextProvider } from "react-router";
import { clientAddressContext, sessionContext } from "#app/context.ts";
import type { Language } from "#app/domain/language.ts";
import { safeRedirect } from "#app/domain/auth/redirects.ts";
import { secureCookies } from "#app/middleware/session.server.ts";
import { getServices } from "#app/http/guards.server.ts";
import { signInLanguageCookies } from "#app/http/language.server.ts";
import { createSession, deviceOf, sessionCookie } from "#app/services/accounts/sessions.server.ts";
import { PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_MS, secondFactorRequired } from "#app/services/accounts/second-factor.server.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";

type Context = Readonly<RouterContextProvider>;

/**
 * The end of a sign-in (after the password, or after the second factor): the session, its cookie, the account's
 * language, the trail, and the headers to answer with.
 */
export async function openSession(
  context: Context,
  request: Request,
  input: { userId: string; rememberMe: boolean; language: Language; method: "password" | "totp" | "recovery_code" },
): Promise<Headers> {
  const { db, config } = getServices(context);
  const session = await createSession(db, input.userId, input.rememberMe, new Date(), deviceOf(request, context.get(clientAddressContext)));
  await recordInAuditTrail(db, { actorUserId: input.userId, action: "auth.sign_in", entityType: "user", entityId: input.userId, changes: { method: { from: null, to: input.method } } });
  const secure = secureCookies(request, config.PUBLIC_URL);
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(session.token, { ...session, secure }));
  // Pages in the account's language from now on, unless the person chose another on this device.
  for (const cookie of await signInLanguageCookies(request, input.language, secure)) headers.append("Set-Cookie", cookie);
  return headers;
}

/** The short-lived cookie of a pending sign-in (HttpOnly, gone after five minutes), or its removal. */
export function pendingSignInCookie(context: Context, request: Request, token: string | null): string {
  const secure = secureCookies(request, getServices(context).config.PUBLIC_URL);
  const value = token ? `${PENDING_SIGN_IN_COOKIE}=${token}` : `${PENDING_SIGN_IN_COOKIE}=`;
  return [value, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${token ? PENDING_SIGN_IN_MS / 1000 : 0}`, ...(secure ? ["Secure"] : [])].join("; ");
}

export function redirectAfterSignIn(redirectTo: string | undefined, headers: Headers): Response {
  return redirect(safeRedirect(redirectTo), { headers });
}

/** Where a signed-in user of a role that requires a second factor, and who has none, is kept until enrolled. */
export const ENROLMENT_PATH = "/account/second-factor";

/**
 * REQUIRE_SECOND_FACTOR for sessions opened before the setting (a sign-in after it never opens one without the
 * factor): such a user reaches the enrolment page and nothing else (signing out is outside the signed-in pages).
 */
export function requireSecondFactorEnrolment(context: Context, request: Request): void {
  const session = context.get(sessionContext);
  if (!session || session.secondFactorEnrolled !== false) return;
  if (!secondFactorRequired(getServices(context).config.REQUIRE_SECOND_FACTOR, session.user.role)) return;
  const path = new URL(request.url).pathname.replace(/\.data$/, "");
  if (path !== ENROLMENT_PATH) throw redirect(ENROLMENT_PATH);
}
