/**
 * Session lifetime rules (Lucia's design). Shared computers are common in partner hospitals, so a
 * session ends after 12 hours without activity; "remember me" makes it a sliding 30 days.
 */
export const IDLE_SESSION_MS = 12 * 60 * 60 * 1000;
export const REMEMBERED_SESSION_MS = 30 * 24 * 60 * 60 * 1000;
/** Extending the expiry costs a write: do it at most once a minute for idle sessions, once a day for remembered ones. */
const IDLE_RENEWAL_STEP_MS = 60 * 1000;
const REMEMBERED_RENEWAL_STEP_MS = 24 * 60 * 60 * 1000;

export interface SessionTimes {
  expiresAt: Date;
  rememberMe: boolean;
}

export function sessionLifetimeMs(rememberMe: boolean): number {
  return rememberMe ? REMEMBERED_SESSION_MS : IDLE_SESSION_MS;
}

export function newSessionExpiry(now: Date, rememberMe: boolean): Date {
  return new Date(now.getTime() + sessionLifetimeMs(rememberMe));
}

export function isSessionExpired(session: SessionTimes, now: Date): boolean {
  return now.getTime() >= session.expiresAt.getTime();
}

/** The new expiry when activity should slide the session forward, or null when no write is needed yet. */
export function renewedExpiry(session: SessionTimes, now: Date): Date | null {
  if (isSessionExpired(session, now)) return null;
  const fresh = newSessionExpiry(now, session.rememberMe);
  const step = session.rememberMe ? REMEMBERED_RENEWAL_STEP_MS : IDLE_RENEWAL_STEP_MS;
  return fresh.getTime() - session.expiresAt.getTime() >= step ? fresh : null;
}
