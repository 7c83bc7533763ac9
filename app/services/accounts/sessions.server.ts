import { and, eq, lt, ne } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, sessions, users } from "#db/schema.ts";
import type { SessionUser } from "#app/context.ts";
import { generateToken, hashToken } from "#app/domain/auth/tokens.ts";
import { isSessionExpired, newSessionExpiry, renewedExpiry } from "#app/domain/auth/session-policy.ts";

export const SESSION_COOKIE = "label_session";

export async function createSession(db: Db, userId: string, rememberMe: boolean, now = new Date()) {
  const token = generateToken();
  const expiresAt = newSessionExpiry(now, rememberMe);
  await db.insert(sessions).values({ id: hashToken(token), userId, expiresAt, rememberMe });
  return { token, expiresAt, rememberMe };
}

export interface ValidatedSession {
  id: string;
  user: SessionUser;
  expiresAt: Date;
  rememberMe: boolean;
  /** True when the expiry moved forward and the cookie must be sent again. */
  renewed: boolean;
}

/** Looks a browser's token up; expired sessions and deactivated users get nothing. Slides the expiry on activity. */
export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidatedSession | null> {
  const id = hashToken(token);
  const [row] = await db
    .select({
      expiresAt: sessions.expiresAt,
      rememberMe: sessions.rememberMe,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        establishmentId: users.establishmentId,
        isCoordinator: users.isCoordinator,
        active: users.active,
        language: users.language,
      },
      establishmentName: establishments.name,
      establishmentCountryCode: establishments.countryCode,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(establishments, eq(establishments.id, users.establishmentId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return null;
  if (isSessionExpired(row, now) || !row.user.active) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  const renewal = renewedExpiry(row, now);
  if (renewal) {
    await db.update(sessions).set({ expiresAt: renewal }).where(eq(sessions.id, id));
    expiresAt = renewal;
  }
  return {
    id,
    user: { ...row.user, establishmentName: row.establishmentName, establishmentCountryCode: row.establishmentCountryCode },
    expiresAt,
    rememberMe: row.rememberMe,
    renewed: renewal !== null,
  };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (role change, deactivation), or every other one (password change). */
export async function invalidateUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export function sessionCookie(token: string, options: { rememberMe: boolean; expiresAt: Date; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  // Without "remember me" the cookie dies with the browser; the server's 12-hour idle limit applies anyway.
  if (options.rememberMe) parts.push(`Expires=${options.expiresAt.toUTCString()}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** A cookie's value; a value that is not valid percent-encoding (a garbled cookie) counts as no cookie. */
export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eqIndex = part.indexOf("=");
    if (eqIndex < 0) continue;
    if (part.slice(0, eqIndex).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eqIndex + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}
