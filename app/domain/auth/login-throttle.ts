/**
 * Progressive slow-down of failed sign-ins, per (account, client address). A whole hospital may share one
 * address, so the wait is capped low: a stranger can slow an account down, never lock it out for long.
 */
export const FREE_ATTEMPTS = 5;
export const MAX_WAIT_MS = 5 * 60 * 1000;
/** Failures older than this are forgotten. */
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;

/** How long the next attempt must wait after `failures` consecutive failures. */
export function waitAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, 2 ** (failures - FREE_ATTEMPTS) * 5_000);
}

export function throttleKey(email: string, clientAddress: string): string {
  return `${email.trim().toLowerCase()}|${clientAddress}`;
}
