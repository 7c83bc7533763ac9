import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { outbox, userTokens } from "#db/schema.ts";
import type { Language } from "#app/domain/language.ts";

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

/**
 * A stored link as the reader follows it. Messages written without a request (the daily job, the demo seed) and
 * without PUBLIC_URL store a path: it is put behind `origin` (the public origin, or the page's) when one is known.
 */
export function absoluteLink(link: string | null, origin: string | undefined): string | null {
  return link?.startsWith("/") && origin ? new URL(link, origin).href : link;
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
      tokenUsedAt: userTokens.usedAt,
      tokenRevokedAt: userTokens.revokedAt,
      tokenExpiresAt: userTokens.expiresAt,
    })
    .from(outbox)
    .leftJoin(userTokens, eq(userTokens.id, outbox.userTokenId))
    .orderBy(desc(outbox.createdAt))
    .limit(options.limit ?? 200);
  const now = Date.now();
  return rows.map(({ tokenUsedAt, tokenRevokedAt, tokenExpiresAt, ...row }) => {
    const withdrawn = tokenUsedAt !== null || tokenRevokedAt !== null || (tokenExpiresAt !== null && tokenExpiresAt.getTime() <= now);
    return { ...row, link: withdrawn ? null : row.link };
  });
}

/** Removes the stored link of every message carrying these tokens (called when a link is used or revoked). */
export async function withdrawLinks(db: Db, userTokenIds: string[]): Promise<void> {
  if (userTokenIds.length === 0) return;
  await db.update(outbox).set({ link: null }).where(inArray(outbox.userTokenId, userTokenIds));
}

/**
 * Sends unsent messages by SMTP when SMTP_URL is set. Runs outside any transaction (network work) and
 * never throws: a failure is recorded on the message and the link stays readable in the outbox. Each message is
 * claimed (marked sent) before it goes out, so two instances delivering at once never send it twice.
 */
export async function deliverPendingMessages(db: Db, smtpUrl: string | undefined, from: string, publicUrl?: string): Promise<number> {
  if (!smtpUrl) return 0;
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(smtpUrl);
  const pending = await db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.sentAt), isNull(outbox.sendError)))
    .limit(50);
  let sent = 0;
  for (const message of pending) {
    const claimed = await db
      .update(outbox)
      .set({ sentAt: sql`now()` })
      .where(and(eq(outbox.id, message.id), isNull(outbox.sentAt), isNull(outbox.sendError)))
      .returning({ id: outbox.id });
    if (claimed.length === 0) continue;
    try {
      await transport.sendMail({
        from,
        to: message.toEmail,
        subject: message.subject,
        text: renderBody(message.body, absoluteLink(message.link, publicUrl), ""),
      });
      sent++;
    } catch (error) {
      await db
        .update(outbox)
        .set({ sentAt: null, sendError: String(error instanceof Error ? error.message : error).slice(0, 500) })
        .where(eq(outbox.id, message.id));
    }
  }
  return sent;
}
