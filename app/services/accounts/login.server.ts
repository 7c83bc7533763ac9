import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { loginThrottles, users } from "#db/schema.ts";
import { THROTTLE_WINDOW_MS, throttleKey, waitAfterFailures } from "#app/domain/auth/login-throttle.ts";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server.ts";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks an e-mail and password. A wrong password and an unknown address give the same answer in the same
 * time. Failures slow further attempts down per (account, client address).
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const key = throttleKey(email, input.clientAddress);
  const [throttle] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
  if (throttle?.blockedUntil && throttle.blockedUntil > now) {
    return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil((throttle.blockedUntil.getTime() - now.getTime()) / 1000) };
  }

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.email, email));
  let valid = false;
  if (user?.active && user.passwordHash) valid = await verifyPassword(user.passwordHash, input.password);
  else await verifyAgainstDummy(input.password);

  if (!valid) {
    const recent = throttle && now.getTime() - throttle.lastFailureAt.getTime() < THROTTLE_WINDOW_MS;
    const failures = (recent ? throttle.failures : 0) + 1;
    const wait = waitAfterFailures(failures);
    const blockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
    await db
      .insert(loginThrottles)
      .values({ key, failures, lastFailureAt: now, blockedUntil })
      .onConflictDoUpdate({ target: loginThrottles.key, set: { failures, lastFailureAt: now, blockedUntil } });
    return { ok: false, reason: "invalid" };
  }
  if (throttle) await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
  return { ok: true, userId: user!.id };
}

/** Forgets old failure counters (called now and then, not on the sign-in path). */
export async function pruneLoginThrottles(db: Db, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  await db.delete(loginThrottles).where(sql`${loginThrottles.lastFailureAt} < ${cutoff}`);
}
