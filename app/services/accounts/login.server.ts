import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { loginThrottles, pendingSignIns, users } from "#db/schema.ts";
import {
  accountThrottleKey,
  accountWaitAfterFailures,
  KNOWN_ADDRESS_MS,
  signInWait,
  THROTTLE_WINDOW_MS,
  throttleKey,
  waitAfterFailures,
} from "#app/domain/auth/login-throttle.ts";
import type { Language } from "#app/domain/language.ts";
import type { Role } from "#app/domain/auth/permissions.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { forgetEvents, happenedRecently, recordEvent } from "#app/services/platform/rate-limits.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server.ts";

export type LoginResult =
  | { ok: true; userId: string; language: Language; role: Role; secondFactorEnrolled: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** The addresses each account signed in from (rate_limit_events), which its per-account slow-down spares. */
const KNOWN_ADDRESS_BUCKET = "sign_in_address";

/**
 * One more failure on a counter, counted in the database (concurrent failures from many addresses all count),
 * and the wait it sets from now on.
 */
export async function countFailure(db: Db, key: string, waitFor: (failures: number) => number, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now, blockedUntil: null })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} > ${cutoff}::timestamptz then ${loginThrottles.failures} + 1 else 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const wait = waitFor(row!.failures);
  if (wait > 0) await db.update(loginThrottles).set({ blockedUntil: new Date(now.getTime() + wait) }).where(eq(loginThrottles.key, key));
}

/**
 * Checks an e-mail and password. A wrong password and an unknown address give the same answer in the same
 * time. Failures slow further attempts down per (account, client address) and per account (see login-throttle.ts).
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; clientAddress: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const pairKey = throttleKey(email, input.clientAddress);
  const accountKey = accountThrottleKey(email);
  const counters = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, [pairKey, accountKey]));
  const knownAddress = await happenedRecently(db, KNOWN_ADDRESS_BUCKET, pairKey, KNOWN_ADDRESS_MS, now);
  const pair = counters.find((c) => c.key === pairKey);
  const wait = signInWait({ pair, account: counters.find((c) => c.key === accountKey) }, knownAddress, now);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(wait / 1000) };

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active, language: users.language, role: users.role, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.email, email));
  let valid = false;
  if (user?.active && user.passwordHash) valid = await verifyPassword(user.passwordHash, input.password);
  else await verifyAgainstDummy(input.password);

  if (!valid) {
    await countFailure(db, pairKey, waitAfterFailures, now);
    await countFailure(db, accountKey, accountWaitAfterFailures, now);
    // The trail names the account when there is one, never the e-mail typed (personal data of whoever typed it).
    await recordInAuditTrail(db, { actorUserId: user?.id ?? null, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? "unknown" });
    return { ok: false, reason: "invalid" };
  }
  // The account's own counter is left to expire: a success proves nothing about the other addresses.
  if (pair) await db.delete(loginThrottles).where(eq(loginThrottles.key, pairKey));
  await recordEvent(db, KNOWN_ADDRESS_BUCKET, pairKey, now);
  return { ok: true, userId: user!.id, language: user!.language, role: user!.role, secondFactorEnrolled: user!.totpEnabledAt !== null };
}

/** Forgets old failure counters, known addresses and expired pending sign-ins (the background jobs call it every hour, not the sign-in path). */
export async function pruneLoginThrottles(db: Db, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  await db.delete(loginThrottles).where(lt(loginThrottles.lastFailureAt, cutoff));
  await forgetEvents(db, KNOWN_ADDRESS_BUCKET, KNOWN_ADDRESS_MS, now);
  // Second steps never finished (ADR 0034): they are refused once past their five minutes anyway.
  await db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now));
}
