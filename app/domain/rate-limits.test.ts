import { describe, expect, it } from "vitest";
import { rateLimitDecision, retryWait } from "./rate-limits.ts";

const now = new Date("2026-03-02T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const hourly = { limit: 3, windowMs: 60 * 60_000 };

describe("abuse limits", () => {
  it("lets events through up to the limit within the window", () => {
    expect(rateLimitDecision([], hourly, now)).toEqual({ ok: true });
    expect(rateLimitDecision([minutesAgo(1), minutesAgo(2)], hourly, now)).toEqual({ ok: true });
  });

  it("refuses the next one until the oldest counted event leaves the window", () => {
    expect(rateLimitDecision([minutesAgo(1), minutesAgo(2), minutesAgo(50)], hourly, now)).toEqual({ ok: false, retryAfterSeconds: 10 * 60 });
    // More events than the limit (a limit lowered since): the wait is until fewer than `limit` remain.
    expect(rateLimitDecision([minutesAgo(1), minutesAgo(2), minutesAgo(30), minutesAgo(50)], hourly, now)).toEqual({ ok: false, retryAfterSeconds: 30 * 60 });
  });

  it("does not count events older than the window", () => {
    expect(rateLimitDecision([minutesAgo(1), minutesAgo(61), minutesAgo(70)], hourly, now)).toEqual({ ok: true });
  });

  it("never asks to wait less than a second", () => {
    const decision = rateLimitDecision([minutesAgo(0), minutesAgo(0), new Date(now.getTime() - hourly.windowMs + 10)], hourly, now);
    expect(decision).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("says the wait in seconds under two minutes, then in whole minutes rounded up", () => {
    expect(retryWait(0.2)).toEqual({ unit: "seconds", count: 1 });
    expect(retryWait(119)).toEqual({ unit: "seconds", count: 119 });
    expect(retryWait(120)).toEqual({ unit: "minutes", count: 2 });
    expect(retryWait(3_599)).toEqual({ unit: "minutes", count: 60 });
  });

});
