import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FREE_ATTEMPTS,
  ACCOUNT_MAX_WAIT_MS,
  accountThrottleKey,
  accountWaitAfterFailures,
  FREE_ATTEMPTS,
  MAX_WAIT_MS,
  signInWait,
  throttleKey,
  type ThrottleState,
  waitAfterFailures,
} from "./login-throttle.ts";

const now = new Date("2026-03-02T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const blocked = (ms: number): ThrottleState => ({ failures: 30, lastFailureAt: now, blockedUntil: later(ms) });

describe("sign-in slow-down waits", () => {
  const counters = [
    { per: "account and address", wait: waitAfterFailures, free: FREE_ATTEMPTS, max: MAX_WAIT_MS, cap: 5 * 60_000 },
    { per: "account, across addresses", wait: accountWaitAfterFailures, free: ACCOUNT_FREE_ATTEMPTS, max: ACCOUNT_MAX_WAIT_MS, cap: 3 * 60_000 },
  ];
  for (const c of counters) {
    it(`per ${c.per}: lets the first attempts through, then doubles the wait from 5 s up to a cap of minutes`, () => {
      for (let f = 0; f < c.free; f++) expect(c.wait(f)).toBe(0);
      expect(c.wait(c.free)).toBe(5_000);
      expect(c.wait(c.free + 2)).toBe(20_000);
      expect(c.wait(1_000)).toBe(c.max);
      expect(c.max).toBeLessThanOrEqual(c.cap);
    });
  }
  it("lets many more attempts through per account than per address", () => {
    expect(ACCOUNT_FREE_ATTEMPTS).toBeGreaterThan(3 * FREE_ATTEMPTS);
  });
});

describe("sign-in slow-down counters", () => {
  it("count per account and address, whatever the case of the e-mail", () => {
    expect(throttleKey(" Touba@Label.example.org", "10.0.0.1")).toBe(throttleKey("touba@label.example.org", "10.0.0.1"));
    expect(throttleKey("touba@label.example.org", "10.0.0.1")).not.toBe(throttleKey("touba@label.example.org", "10.0.0.2"));
  });

  it("keep the account's counter apart from every address's, whatever the case of the e-mail", () => {
    expect(accountThrottleKey(" Touba@Label.example.org")).toBe(accountThrottleKey("touba@label.example.org"));
    expect(accountThrottleKey("touba@label.example.org")).not.toBe(throttleKey("touba@label.example.org", "10.0.0.1"));
  });
});

describe("the wait of one attempt", () => {
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
