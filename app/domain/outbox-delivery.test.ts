import { describe, expect, it } from "vitest";
import { afterFailure, deliveryState, OUTBOX_DELIVERY, outboxMessageId, retryDelayMs } from "./outbox-delivery.ts";

const now = new Date("2026-12-06T10:00:00Z");
const minutes = (m: number) => m * 60_000;

describe("outbox retries", () => {
  it("waits twice as long after each failed try, up to six hours", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n))).toEqual([1, 2, 4, 8, 16, 32, 64].map(minutes));
    expect(retryDelayMs(10)).toBe(minutes(360));
    expect(retryDelayMs(1000)).toBe(minutes(360));
  });

  it("tries again later until the last allowed try, then gives up (a dead letter)", () => {
    expect(afterFailure(1, now)).toEqual({ retry: true, delayMs: minutes(1), nextAttemptAt: new Date("2026-12-06T10:01:00Z") });
    expect(afterFailure(3, now)).toEqual({ retry: true, delayMs: minutes(4), nextAttemptAt: new Date("2026-12-06T10:04:00Z") });
    expect(afterFailure(OUTBOX_DELIVERY.maxAttempts - 1, now).retry).toBe(true);
    expect(afterFailure(OUTBOX_DELIVERY.maxAttempts, now)).toEqual({ retry: false });
    expect(afterFailure(2, now, 2)).toEqual({ retry: false });
  });

  it("keeps a claim longer than a send may take, so a live sender never loses its message to another", () => {
    expect(OUTBOX_DELIVERY.leaseMs).toBeGreaterThan(2 * OUTBOX_DELIVERY.sendTimeoutMs);
    // The eight tries span a few hours: a mail server down for an afternoon does not lose a message.
    const span = Array.from({ length: OUTBOX_DELIVERY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(span).toBe(minutes(127));
  });
});

describe("outbox message identity", () => {
  const id = "6f1c7a52-5a0e-4a43-9e59-1d2b0f6c1e11";
  it("names the message after its outbox row at the public host, the same on every try", () => {
    expect(outboxMessageId(id, "https://label.aphp.fr/", "Label <no-reply@other.example>")).toBe(`<outbox.${id}@label.aphp.fr>`);
    expect(outboxMessageId(id, "https://label.aphp.fr:8443", "x")).toBe(`<outbox.${id}@label.aphp.fr>`);
  });
  it("falls back to the sender's domain, then to a reserved name", () => {
    expect(outboxMessageId(id, undefined, "Label AP-HP <no-reply@Label.Example.org>")).toBe(`<outbox.${id}@label.example.org>`);
    expect(outboxMessageId(id, undefined, "no-reply@label.example.org")).toBe(`<outbox.${id}@label.example.org>`);
    expect(outboxMessageId(id, undefined, "Label")).toBe(`<outbox.${id}@label.invalid>`);
  });
});

describe("a message's delivery state", () => {
  const base = { sentAt: null, deadAt: null, claimedUntil: null, attempts: 0 };
  it("reads a live claim as being sent, and an expired one as waiting for its next try", () => {
    expect(deliveryState(base, now)).toBe("waiting");
    expect(deliveryState({ ...base, attempts: 1, claimedUntil: new Date(now.getTime() + 1000) }, now)).toBe("sending");
    expect(deliveryState({ ...base, attempts: 1, claimedUntil: new Date(now.getTime() - 1000) }, now)).toBe("retrying");
    expect(deliveryState({ ...base, attempts: 8, deadAt: now }, now)).toBe("dead");
    expect(deliveryState({ ...base, attempts: 2, sentAt: now }, now)).toBe("sent");
  });
});
