/**
 * Progressive slow-down of failed sign-ins, counted twice:
 * - per (account, client address): 5 free attempts, then a wait that doubles from 5 s up to 5 minutes;
 * - per account across every address (`email|*`), so that rotating addresses does not escape it: 20 free
 *   attempts an hour, then a wait that doubles from 5 s up to 3 minutes.
 * A stranger can thus slow an account down, never lock it out for long; and the per-account wait spares the
 * addresses the account signed in from in the last 30 days (a hospital's own connection), where only the
 * per-address count applies. A new address waits like any other: it cannot be told from an attacker's.
 */
export const FREE_ATTEMPTS = 5;
export const MAX_WAIT_MS = 5 * 60 * 1000;
export const ACCOUNT_FREE_ATTEMPTS = 20;
export const ACCOUNT_MAX_WAIT_MS = 3 * 60 * 1000;
/** Failures older than this are forgotten. */
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;
/** How long a successful sign-in makes its address "known" to the account. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

const FIRST_WAIT_MS = 5_000;

/** How long the next attempt from that address must wait after `failures` consecutive failures. */
export function waitAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, 2 ** (failures - FREE_ATTEMPTS) * FIRST_WAIT_MS);
}

/** How long the next attempt on the account, from an address it does not know, must wait after `failures` failures from anywhere. */
export function accountWaitAfterFailures(failures: number): number {
  if (failures < ACCOUNT_FREE_ATTEMPTS) return 0;
  return Math.min(ACCOUNT_MAX_WAIT_MS, 2 ** (failures - ACCOUNT_FREE_ATTEMPTS) * FIRST_WAIT_MS);
}

export function throttleKey(email: string, clientAddress: string): string {
  return `${email.trim().toLowerCase()}|${clientAddress}`;
}

/** The counter of the account across addresses ("*" is no client address). */
export function accountThrottleKey(email: string): string {
  return throttleKey(email, "*");
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

/**
 * How long an attempt must wait, in milliseconds (0: check the password now): the address's own wait, and the
 * account's unless the address is one the account signed in from lately.
 */
export function signInWait(counters: { pair?: ThrottleState; account?: ThrottleState }, knownAddress: boolean, now: Date): number {
  const remaining = (state: ThrottleState | undefined) => Math.max(0, (state?.blockedUntil?.getTime() ?? 0) - now.getTime());
  return Math.max(remaining(counters.pair), knownAddress ? 0 : remaining(counters.account));
}
