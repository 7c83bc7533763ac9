// How the outbox is delivered at least once (ADR 0009): a sender claims one message at a time with a lease, counts
// the try, and after a refusal or a timeout waits longer and longer before the next; after the last allowed try the
// message is a dead letter. The lease outlasts the send's timeout, so a live sender never loses its message to
// another; a sender that crashed loses it when the lease ends, and the next one sends it again with the same
// Message-ID (a receiving server, or a person, recognises the repeat).

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

export const OUTBOX_DELIVERY = {
  /** Tries before a message is given up (OUTBOX_MAX_ATTEMPTS overrides it). */
  maxAttempts: 8,
  /** Wait after the first failed try; doubled after each further one. */
  firstRetryMs: MINUTE_MS,
  /** The longest wait between two tries. */
  maxRetryMs: 6 * 60 * MINUTE_MS,
  /** A send that has not finished by then is abandoned and counts as a failure. */
  sendTimeoutMs: 60 * SECOND_MS,
  /** How long a claim keeps other senders away: well beyond the send's timeout. */
  leaseMs: 5 * MINUTE_MS,
} as const;

/** The wait before the next try after `attempts` tries have failed (1 → 1 min, 2 → 2 min, 3 → 4 min … capped). */
export function retryDelayMs(attempts: number, rules: { firstRetryMs: number; maxRetryMs: number } = OUTBOX_DELIVERY): number {
  const doublings = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(rules.firstRetryMs * 2 ** doublings, rules.maxRetryMs);
}

export type AfterFailure = { retry: true; delayMs: number; nextAttemptAt: Date } | { retry: false };

/** What follows a failed try, the `attempts`-th: another try later, or the dead letter once `maxAttempts` are used. */
export function afterFailure(attempts: number, now: Date, maxAttempts: number = OUTBOX_DELIVERY.maxAttempts): AfterFailure {
  if (attempts >= maxAttempts) return { retry: false };
  const delayMs = retryDelayMs(attempts);
  return { retry: true, delayMs, nextAttemptAt: new Date(now.getTime() + delayMs) };
}

/**
 * The message's Message-ID, the same on every try: the outbox row's id at the public host (PUBLIC_URL's, else the
 * sender address's domain, else a name that cannot clash with a real host).
 */
export function outboxMessageId(outboxId: string, publicUrl: string | undefined, from: string): string {
  const host = publicUrl ? hostOf(publicUrl) : null;
  const domain = host ?? /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? "label.invalid";
  return `<outbox.${outboxId}@${domain}>`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

export type DeliveryState = "sent" | "dead" | "sending" | "retrying" | "waiting";

/** Where a message stands, as the outbox page says it. */
export function deliveryState(
  message: { sentAt: Date | null; deadAt: Date | null; claimedUntil: Date | null; attempts: number },
  now: Date,
): DeliveryState {
  if (message.sentAt) return "sent";
  if (message.deadAt) return "dead";
  if (message.claimedUntil && message.claimedUntil > now) return "sending";
  return message.attempts > 0 ? "retrying" : "waiting";
}
