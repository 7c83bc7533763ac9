import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FREE_ATTEMPTS,
  ACCOUNT_MAX_WAIT_MS,
  accountThrottleKey,
  accountWaitAfterFailures,
  signInWait,
  throttleKey,
  type ThrottleState,
} from "./login-throttle.ts";

const now = new Date("2026-03-02T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const blocked = (ms: number): ThrottleState => ({ failures: 30, lastFailureAt: now, blockedUntil: later(ms) });

describe("sign-in slow-down per account, across addresses", () => {
  it("lets many more attempts through than per address, then doubles the wait up to a few minutes", () => {
    for (let f = 0; f < ACCOUNT_FREE_ATTEMPTS; f++) expect(accountWaitAfterFailures(f)).toBe(0);
    expect(accountWaitAfterFailures(ACCOUNT_FREE_ATTEMPTS)).toBe(5_000);
    expect(accountWaitAfterFailures(ACCOUNT_FREE_ATTEMPTS + 2)).toBe(20_000);
    expect(accountWaitAfterFailures(1_000)).toBe(ACCOUNT_MAX_WAIT_MS);
    expect(ACCOUNT_MAX_WAIT_MS).toBeLessThanOrEqual(3 * 60_000);
  });

  it("keeps the account's counter apart from every address's, whatever the case of the e-mail", () => {
    expect(accountThrottleKey(" Touba@Label.example.org")).toBe(accountThrottleKey("touba@label.example.org"));
    expect(accountThrottleKey("touba@label.example.org")).not.toBe(throttleKey("touba@label.example.org", "10.0.0.1"));
  });

  it("makes an address the account does not know wait for the longer of the two counters", () => {
    expect(signInWait({}, false, now)).toBe(0);
    expect(signInWait({ account: blocked(90_000) }, false, now)).toBe(90_000);
    expect(signInWait({ pair: blocked(10_000), account: blocked(90_000) }, false, now)).toBe(90_000);
    expect(signInWait({ pair: blocked(200_000), account: blocked(90_000) }, false, now)).toBe(200_000);
  });

  it("spares a known address the account's wait, not its own", () => {
    expect(signInWait({ account: blocked(90_000) }, true, now)).toBe(0);
    expect(signInWait({ pair: blocked(10_000), account: blocked(90_000) }, true, now)).toBe(10_000);
  });

  it("ignores waits that are over", () => {
    expect(signInWait({ pair: blocked(-1), account: blocked(-5_000) }, false, now)).toBe(0);
    expect(signInWait({ pair: { failures: 3, lastFailureAt: now, blockedUntil: null } }, false, now)).toBe(0);
  });

});
