// The abuse limits, in one place: what is counted, per what, over how long, and the environment variable that
// changes the number (app/config.server.ts reads it; README.md lists it). The counting itself is
// app/services/platform/rate-limits.server.ts; a refusal is a 429 page saying when to try again.

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

export interface RateLimitRule {
  /** Default number of events allowed in the window. */
  limit: number;
  windowMs: number;
  /** The environment variable that overrides `limit`. */
  env: string;
  /** Which explanation the 429 page gives (errors.tooManyRequests.about.*). */
  about: "passwordReset" | "applications" | "evidenceUploads" | "publicReads";
}

export const RATE_LIMITS = {
  /** Reset links asked for one e-mail address (known or not: the limit must not tell which). */
  passwordResetPerEmail: { limit: 3, windowMs: HOUR_MS, env: "RATE_LIMIT_PASSWORD_RESET_PER_EMAIL", about: "passwordReset" },
  /** Reset links asked from one client address, whatever the e-mail addresses. */
  passwordResetPerClient: { limit: 10, windowMs: HOUR_MS, env: "RATE_LIMIT_PASSWORD_RESET_PER_CLIENT", about: "passwordReset" },
  /** Applications to join sent from one client address. */
  applicationsPerClient: { limit: 5, windowMs: HOUR_MS, env: "RATE_LIMIT_APPLICATIONS_PER_CLIENT", about: "applications" },
  /** Evidence files one person uploads to one criterion of one process (or to the library without a criterion). */
  evidenceUploadsPerCriterion: { limit: 60, windowMs: HOUR_MS, env: "RATE_LIMIT_EVIDENCE_UPLOADS_PER_CRITERION", about: "evidenceUploads" },
  /** Public pages read without an account (certificate check, label list) from one client address. */
  publicReadsPerClient: { limit: 120, windowMs: MINUTE_MS, env: "RATE_LIMIT_PUBLIC_READS_PER_CLIENT", about: "publicReads" },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export type RateLimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Whether one more event fits, given the times of the events already counted in the window (newest first; only
 * the `limit` newest matter). When it does not, the wait until the oldest of those leaves the window.
 */
export function rateLimitDecision(recent: readonly Date[], rule: { limit: number; windowMs: number }, now: Date): RateLimitDecision {
  const inWindow = recent.filter((at) => now.getTime() - at.getTime() < rule.windowMs);
  if (inWindow.length < rule.limit) return { ok: true };
  const oldestCounted = inWindow.slice(0, rule.limit).at(-1)!;
  const waitMs = oldestCounted.getTime() + rule.windowMs - now.getTime();
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** "Try again in …" in the unit a reader expects: seconds under two minutes, then minutes (rounded up). */
export function retryWait(retryAfterSeconds: number): { unit: "seconds" | "minutes"; count: number } {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return seconds < 120 ? { unit: "seconds", count: seconds } : { unit: "minutes", count: Math.ceil(seconds / 60) };
}
