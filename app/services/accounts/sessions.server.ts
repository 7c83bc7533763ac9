import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, sessions, users } from "#db/schema.ts";
import type { SessionUser } from "#app/context.ts";
import { generateToken, hashToken } from "#app/domain/auth/tokens.ts";
import { isSessionExpired, newSessionExpiry, renewedExpiry } from "#app/domain/auth/session-policy.ts";
import { addressPrefix, lastSeenDue, USER_AGENT_MAX } from "#app/domain/auth/devices.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";

export const SESSION_COOKIE = "label_session";

/** Where a session was opened from, as the user's list of sessions shows it. */
export interface SessionDevice {
  userAgent: string | null;
  clientAddress: string | null;
}

export function deviceOf(request: Request, clientAddress: string | null): SessionDevice {
  return { userAgent: request.headers.get("User-Agent"), clientAddress };
}

export async function createSession(db: Db, userId: string, rememberMe: boolean, now = new Date(), device?: SessionDevice) {
  const token = generateToken();
  const expiresAt = newSessionExpiry(now, rememberMe);
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    expiresAt,
    rememberMe,
    userAgent: device?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    ipPrefix: addressPrefix(device?.clientAddress),
    lastSeenAt: now,
  });
  return { token, expiresAt, rememberMe };
}

export interface ValidatedSession {
  id: string;
  user: SessionUser;
  /** Whether the user has a second factor (REQUIRE_SECOND_FACTOR sends a user of a listed role without one to enrol). */
  secondFactorEnrolled: boolean;
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
      lastSeenAt: sessions.lastSeenAt,
      totpEnabledAt: users.totpEnabledAt,
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
  // One write at most, and only every few minutes: the expiry slides and "last seen" moves together.
  const seen = lastSeenDue(row.lastSeenAt, now);
  if (renewal || seen) {
    await db
      .update(sessions)
      .set({ ...(renewal ? { expiresAt: renewal } : {}), ...(seen ? { lastSeenAt: now } : {}) })
      .where(eq(sessions.id, id));
    if (renewal) expiresAt = renewal;
  }
  return {
    id,
    user: { ...row.user, establishmentName: row.establishmentName, establishmentCountryCode: row.establishmentCountryCode },
    secondFactorEnrolled: row.totpEnabledAt !== null,
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

/** A user's sessions still alive, the most recently seen first (what /account/sessions lists). */
export async function listUserSessions(db: Db, userId: string, now = new Date()) {
  return db
    .select({ id: sessions.id, userAgent: sessions.userAgent, ipPrefix: sessions.ipPrefix, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > ${now.toISOString()}::timestamptz`))
    .orderBy(desc(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`), desc(sessions.createdAt));
}

/**
 * Ends one of the user's own sessions (scoped by the user: another person's session id ends nothing). The list shows
 * a short handle of each session (its id is the SHA-256 of the token, which grants nothing by itself).
 */
export async function endOwnSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ended = await tx.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId))).returning({ id: sessions.id });
    if (ended.length === 0) return false;
    await recordInAuditTrail(tx, { actorUserId: userId, action: "auth.session_ended", entityType: "user", entityId: userId, changes: { endedBy: { from: null, to: "user" } } });
    return true;
  });
}

/** A DRI administrator ends every session of a user (a lost laptop, a departure). */
export async function endAllSessionsOf(db: Db, actorUserId: string, userId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    await recordInAuditTrail(tx, {
      actorUserId,
      action: "auth.sessions_ended_by_admin",
      entityType: "user",
      entityId: userId,
      changes: { sessions: { from: ended.length, to: 0 } },
    });
    return ended.length;
  });
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
