import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditTrailEvents, outbox, users, userTokens } from "#db/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { afterFailure, OUTBOX_DELIVERY, outboxMessageId } from "#app/domain/outbox-delivery.ts";
import { recordInAuditTrail } from "./audit-trail.server.ts";
import { log } from "./logger.server.ts";

export interface OutgoingMessage {
  toEmail: string;
  language: Language;
  kind: string;
  subject: string;
  /** Text with a `{link}` placeholder. */
  body: string;
  link?: string;
  userTokenId?: string;
}

export async function enqueueMessage(db: Db, message: OutgoingMessage): Promise<string> {
  const [row] = await db
    .insert(outbox)
    .values({ ...message, link: message.link ?? null, userTokenId: message.userTokenId ?? null })
    .returning({ id: outbox.id });
  return row!.id;
}

export const LINK_PLACEHOLDER = "{link}";
const REQUEUED = "outbox.requeued";
/** The reason a message with a withdrawn link is given up (the DRI's page words it; see LINK_PLACEHOLDER). */
export const LINK_WITHDRAWN = "link withdrawn: already used, revoked or expired";

/**
 * A stored link as the reader follows it. Messages written without a request (the daily job, the demo seed) and
 * without PUBLIC_URL store a path: it is put behind `origin` (the public origin, or the page's) when one is known.
 */
export function absoluteLink(link: string | null, origin: string | undefined): string | null {
  return link?.startsWith("/") && origin ? new URL(link, origin).href : link;
}

/** Whether a message's token no longer opens anything: used, revoked, or expired at `now`. */
function tokenWithdrawn(token: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null }, now: number): boolean {
  return token.usedAt !== null || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt.getTime() <= now);
}

/** The body as the recipient reads it; a withdrawn link (used or expired) is replaced by `withdrawnText`. */
export function renderBody(body: string, link: string | null, withdrawnText: string): string {
  return body.replaceAll(LINK_PLACEHOLDER, link ?? withdrawnText);
}

/** The outbox as DRI admins read it. A link whose token was used, revoked or has expired is not shown any more. */
export async function listOutbox(db: Db, options: { limit?: number } = {}) {
  const rows = await db
    .select({
      id: outbox.id,
      toEmail: outbox.toEmail,
      language: outbox.language,
      kind: outbox.kind,
      subject: outbox.subject,
      body: outbox.body,
      link: outbox.link,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      sendError: outbox.sendError,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      claimedUntil: outbox.claimedUntil,
      deadAt: outbox.deadAt,
      tokenUsedAt: userTokens.usedAt,
      tokenRevokedAt: userTokens.revokedAt,
      tokenExpiresAt: userTokens.expiresAt,
    })
    .from(outbox)
    .leftJoin(userTokens, eq(userTokens.id, outbox.userTokenId))
    .orderBy(desc(outbox.createdAt))
    .limit(options.limit ?? 200);
  const now = Date.now();
  // Who sent a dead letter again, and when (the latest time per message), from the audit trail.
  const requeues = rows.length
    ? await db
        .select({ id: auditTrailEvents.entityId, at: auditTrailEvents.at, by: users.name })
        .from(auditTrailEvents)
        .leftJoin(users, eq(users.id, auditTrailEvents.actorUserId))
        .where(and(eq(auditTrailEvents.entityType, "outbox"), eq(auditTrailEvents.action, REQUEUED), inArray(auditTrailEvents.entityId, rows.map((r) => r.id))))
        .orderBy(auditTrailEvents.at)
    : [];
  const requeued = new Map(requeues.map((r) => [r.id, { at: r.at, by: r.by }]));
  return rows.map(({ tokenUsedAt, tokenRevokedAt, tokenExpiresAt, ...row }) => {
    const link = tokenWithdrawn({ usedAt: tokenUsedAt, revokedAt: tokenRevokedAt, expiresAt: tokenExpiresAt }, now) ? null : row.link;
    // A message whose link no longer works is not sent again (a new invitation or reset link is the way).
    return { ...row, link, linkGone: link === null && row.body.includes(LINK_PLACEHOLDER), requeued: requeued.get(row.id) ?? null };
  });
}

/**
 * The outbox as monitoring reads it (GET /metrics): messages waiting to be sent (due or backing off), the age in
 * seconds of the oldest of them (0 when none), and dead letters not sent since.
 */
export async function outboxBacklog(db: Db): Promise<{ waiting: number; oldestWaitingSeconds: number; dead: number }> {
  const [row] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${outbox.deadAt} is null)`.mapWith(Number),
      oldestWaitingSeconds: sql<number>`coalesce(extract(epoch from now() - min(${outbox.createdAt}) filter (where ${outbox.deadAt} is null)), 0)`.mapWith(Number),
      dead: sql<number>`count(*) filter (where ${outbox.deadAt} is not null)`.mapWith(Number),
    })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  return row ?? { waiting: 0, oldestWaitingSeconds: 0, dead: 0 };
}

/** Removes the stored link of every message carrying these tokens (called when a link is used or revoked). */
export async function withdrawLinks(db: Db, userTokenIds: string[]): Promise<void> {
  if (userTokenIds.length === 0) return;
  await db.update(outbox).set({ link: null }).where(inArray(outbox.userTokenId, userTokenIds));
}

export interface DeliveryConfig {
  SMTP_URL?: string | undefined;
  SMTP_FROM: string;
  PUBLIC_URL?: string | undefined;
  OUTBOX_MAX_ATTEMPTS?: number;
}

/**
 * Sends the messages that are due by SMTP when SMTP_URL is set, at least once each (ADR 0009). Runs outside any
 * transaction (network work) and never throws. One message at a time: a sender claims it (`FOR UPDATE SKIP LOCKED`,
 * so two instances never take the same one) with a lease and counts the try, then sends it with its stable
 * Message-ID. A refusal or a timeout is recorded and the message waits (exponential backoff) for its next try; after
 * the last allowed try it is a dead letter. A sender that crashes mid-send leaves its claim to expire: the message is
 * then sent again, with the same Message-ID. `limit` bounds one round.
 */
export async function deliverPendingMessages(db: Db, config: DeliveryConfig, options: { limit?: number; leaseMs?: number; sendTimeoutMs?: number; stopping?: () => boolean } = {}): Promise<number> {
  if (!config.SMTP_URL) return 0;
  const maxAttempts = config.OUTBOX_MAX_ATTEMPTS ?? OUTBOX_DELIVERY.maxAttempts;
  const leaseMs = options.leaseMs ?? OUTBOX_DELIVERY.leaseMs;
  const sendTimeoutMs = options.sendTimeoutMs ?? OUTBOX_DELIVERY.sendTimeoutMs;
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    url: config.SMTP_URL,
    connectionTimeout: sendTimeoutMs,
    greetingTimeout: sendTimeoutMs,
    socketTimeout: sendTimeoutMs,
  });
  let sent = 0;
  try {
    await buryAbandoned(db, maxAttempts);
    // A server shutting down claims nothing more: what it has not taken waits for the next round, here or elsewhere.
    for (let round = 0; round < (options.limit ?? 50) && !options.stopping?.(); round++) {
      const message = await claimNextMessage(db, maxAttempts, leaseMs);
      if (!message) break;
      // A message whose link was withdrawn since (a token revoked, used or replaced) would arrive with a hole where the
      // link was: it is given up with that reason, shown to the DRI, never sent.
      if (await linkGone(db, message)) {
        await db.update(outbox).set({ claimedUntil: null, deadAt: sql`now()`, sendError: LINK_WITHDRAWN }).where(eq(outbox.id, message.id));
        continue;
      }
      try {
        await withTimeout(
          transport.sendMail({
            from: config.SMTP_FROM,
            to: message.toEmail,
            subject: message.subject,
            messageId: outboxMessageId(message.id, config.PUBLIC_URL, config.SMTP_FROM),
            text: renderBody(message.body, absoluteLink(message.link, config.PUBLIC_URL), ""),
          }),
          sendTimeoutMs,
        );
        await db.update(outbox).set({ sentAt: sql`now()`, claimedUntil: null, sendError: null }).where(eq(outbox.id, message.id));
        sent++;
      } catch (error) {
        const reason = String(error instanceof Error ? error.message : error).slice(0, 500);
        const next = afterFailure(message.attempts, new Date(), maxAttempts);
        // Unless another sender has claimed it since (this one outlived its lease): its try is its own.
        await db
          .update(outbox)
          .set(next.retry ? { sendError: reason, claimedUntil: null, nextAttemptAt: sql`now() + ${secondsLater(next.delayMs)}` } : { sendError: reason, claimedUntil: null, deadAt: sql`now()` })
          .where(and(eq(outbox.id, message.id), isNull(outbox.sentAt), eq(outbox.attempts, message.attempts)));
      }
    }
  } catch (error) {
    log().error({ err: error }, "outbox delivery failed");
  } finally {
    transport.close();
  }
  return sent;
}

/** Claims the next due message (the oldest wait first) for `leaseMs` and counts the try; null when none is due. */
async function claimNextMessage(db: Db, maxAttempts: number, leaseMs: number) {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        isNull(outbox.sentAt),
        isNull(outbox.deadAt),
        lt(outbox.attempts, maxAttempts),
        lte(outbox.nextAttemptAt, sql`now()`),
        or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
      ),
    )
    .orderBy(outbox.nextAttemptAt, outbox.createdAt)
    .limit(1)
    .for("update", { skipLocked: true });
  const [claimed] = await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, claimedUntil: sql`now() + ${secondsLater(leaseMs)}` })
    .where(inArray(outbox.id, due))
    .returning({ id: outbox.id, toEmail: outbox.toEmail, subject: outbox.subject, body: outbox.body, link: outbox.link, userTokenId: outbox.userTokenId, attempts: outbox.attempts });
  return claimed ?? null;
}

/** Whether a message carries a link that no longer works (withdrawn, or its token used, revoked or expired). */
async function linkGone(db: Db, message: { body: string; link: string | null; userTokenId: string | null }): Promise<boolean> {
  if (!message.body.includes(LINK_PLACEHOLDER)) return false;
  if (message.link === null) return true;
  if (!message.userTokenId) return false;
  const [token] = await db
    .select({ usedAt: userTokens.usedAt, revokedAt: userTokens.revokedAt, expiresAt: userTokens.expiresAt })
    .from(userTokens)
    .where(eq(userTokens.id, message.userTokenId));
  return !token || tokenWithdrawn(token, Date.now());
}

/** Messages whose last allowed try was claimed by a sender that never came back: dead letters once its lease ends. */
async function buryAbandoned(db: Db, maxAttempts: number): Promise<void> {
  await db
    .update(outbox)
    .set({ deadAt: sql`now()`, claimedUntil: null, sendError: sql`coalesce(${outbox.sendError}, 'interrupted')` })
    // Also those past the allowed tries when the allowance was lowered (or differs between instances): never claimed
    // again, they would wait for ever.
    .where(and(isNull(outbox.sentAt), isNull(outbox.deadAt), gte(outbox.attempts, maxAttempts), or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`))));
}

/** An interval of `ms` as SQL (times are the database's, the same clock for every instance). */
function secondsLater(ms: number) {
  return sql`make_interval(secs => ${ms / 1000}::double precision)`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the mail server within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends a dead letter again (the DRI's "send again"): its tries start over, due now. Recorded in the audit trail
 * with who asked. False when the message is not a dead letter (already sent again, or sent).
 */
export async function requeueMessage(db: Db, actorUserId: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ attempts: outbox.attempts, deadAt: outbox.deadAt, sendError: outbox.sendError, body: outbox.body, link: outbox.link, userTokenId: outbox.userTokenId })
      .from(outbox)
      .where(and(eq(outbox.id, id), isNotNull(outbox.deadAt), isNull(outbox.sentAt)))
      .for("update");
    if (!before) return false;
    // Sent again, a link that no longer works would only mislead: a new link is the way (a new invitation or reset).
    if (await linkGone(tx, before)) return false;
    await tx
      .update(outbox)
      .set({ deadAt: null, attempts: 0, nextAttemptAt: sql`now()`, claimedUntil: null, sendError: null })
      .where(eq(outbox.id, id));
    await recordInAuditTrail(tx, {
      actorUserId,
      action: REQUEUED,
      entityType: "outbox",
      entityId: id,
      changes: {
        deadAt: { from: before.deadAt!.toISOString(), to: null },
        attempts: { from: before.attempts, to: 0 },
        sendError: { from: before.sendError, to: null },
      },
    });
    return true;
  });
}
