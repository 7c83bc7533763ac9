/**
 * Counting events per key in a window, in the database (so a restart or a second instance does not reset the
 * counts): the abuse limits of app/domain/rate-limits.ts, and any other "has this happened lately" question
 * (e.g. the addresses an account signed in from). Keys are stored as their SHA-256.
 */
import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { rateLimitEvents } from "#db/schema.ts";
import type { AppConfig } from "#app/config.server.ts";
import { hashToken } from "#app/domain/auth/tokens.ts";
import { RATE_LIMITS, rateLimitDecision, type RateLimitName } from "#app/domain/rate-limits.ts";

export interface RateLimitCheck {
  limit: RateLimitName;
  key: string;
}

export type RateLimitOutcome = { ok: true } | { ok: false; limit: RateLimitName; retryAfterSeconds: number };

/** The number of events a limit allows, as configured. */
export function allowedEvents(config: AppConfig, limit: RateLimitName): number {
  return config[RATE_LIMITS[limit].env];
}

/**
 * Counts one event for every check, unless one of them is already at its limit: then nothing is counted and the
 * answer says how long to wait. An advisory lock per key makes concurrent requests count one after the other, so
 * a burst cannot slip past the limit on PostgreSQL (PGlite has one connection anyway).
 */
export async function consumeRateLimits(db: Db, config: AppConfig, checks: RateLimitCheck[], now = new Date()): Promise<RateLimitOutcome> {
  const counted = checks
    .map((check) => ({
      limit: check.limit,
      keyHash: hashToken(check.key),
      rule: { limit: allowedEvents(config, check.limit), windowMs: RATE_LIMITS[check.limit].windowMs },
    }))
    // Always the same lock order: two requests locking the same keys cannot deadlock.
    .sort((a, b) => `${a.limit}:${a.keyHash}`.localeCompare(`${b.limit}:${b.keyHash}`));
  return db.transaction(async (tx) => {
    for (const c of counted) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${c.limit}:${c.keyHash}`}))`);
    for (const c of counted) {
      const recent = await tx
        .select({ at: rateLimitEvents.at })
        .from(rateLimitEvents)
        .where(and(eq(rateLimitEvents.bucket, c.limit), eq(rateLimitEvents.keyHash, c.keyHash), gt(rateLimitEvents.at, new Date(now.getTime() - c.rule.windowMs))))
        .orderBy(desc(rateLimitEvents.at))
        .limit(c.rule.limit);
      const decision = rateLimitDecision(
        recent.map((r) => r.at),
        c.rule,
        now,
      );
      if (!decision.ok) return { ok: false, limit: c.limit, retryAfterSeconds: decision.retryAfterSeconds } as const;
    }
    if (counted.length) await tx.insert(rateLimitEvents).values(counted.map((c) => ({ bucket: c.limit, keyHash: c.keyHash, at: now })));
    return { ok: true } as const;
  });
}

/** Records that something happened for `key` (outside the abuse limits, e.g. a successful sign-in from an address). */
export async function recordEvent(db: Db, bucket: string, key: string, now = new Date()): Promise<void> {
  await db.insert(rateLimitEvents).values({ bucket, keyHash: hashToken(key), at: now });
}

/** Whether `recordEvent(bucket, key)` happened within the last `windowMs`. */
export async function happenedRecently(db: Db, bucket: string, key: string, windowMs: number, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ id: rateLimitEvents.id })
    .from(rateLimitEvents)
    .where(and(eq(rateLimitEvents.bucket, bucket), eq(rateLimitEvents.keyHash, hashToken(key)), gt(rateLimitEvents.at, new Date(now.getTime() - windowMs))))
    .limit(1);
  return row !== undefined;
}

/** Forgets the events of `bucket` older than `windowMs` (they count no more). */
export async function forgetEvents(db: Db, bucket: string, windowMs: number, now = new Date()): Promise<void> {
  await db.delete(rateLimitEvents).where(and(eq(rateLimitEvents.bucket, bucket), lt(rateLimitEvents.at, new Date(now.getTime() - windowMs))));
}

/** Forgets every abuse-limit event that left its window (the background jobs call it every hour). */
export async function pruneRateLimitEvents(db: Db, now = new Date()): Promise<void> {
  for (const [bucket, rule] of Object.entries(RATE_LIMITS)) await forgetEvents(db, bucket, rule.windowMs, now);
}
