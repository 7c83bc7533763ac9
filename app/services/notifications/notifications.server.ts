/**
 * Notifications: one in-app notice per person concerned, plus its e-mail copy through the outbox in the
 * person's language. Called inside the transaction of the event, so a notice exists exactly when the event does.
 * Every read and write of the list is scoped to the signed-in user: another person's notice does not exist for them.
 */
import { and, count, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { notifications, users } from "#db/schema.ts";
import { formatDate } from "#app/domain/format.ts";
import {
  notificationMessage,
  notificationPath,
  notificationSubjectKey,
  type NotificationKind,
  type NotificationParams,
} from "#app/domain/notifications.ts";
import { enqueueMessage, LINK_PLACEHOLDER } from "#app/services/platform/outbox.server.ts";
import type { Translate } from "#app/services/accounts/users.server.ts";

/**
 * What writing a notice needs besides the database: a translator for the recipient's language and the origin put in
 * front of the link (the public origin; "" when unknown, e.g. in the daily job without PUBLIC_URL: the stored link
 * is then a path, which the outbox page and the mailer resolve, see outbox.server.ts).
 */
export interface NotifyContext {
  baseUrl: string;
  t: Translate;
}

export interface Notice {
  userIds: string[];
  kind: NotificationKind;
  processId: string | null;
  params: NotificationParams;
  /** At most one notice per (person, key): a scheduled notice written twice is kept once. */
  dedupeKey?: string;
}

/**
 * Writes a notice for each active recipient (duplicates and inactive accounts are skipped) and its e-mail in their
 * language. With a dedupe key, people who already had it get nothing, not even the e-mail. Returns how many were
 * notified.
 */
export async function notify(db: Db, ctx: NotifyContext, notice: Notice): Promise<number> {
  const ids = [...new Set(notice.userIds)];
  if (ids.length === 0) return 0;
  const recipients = await db
    .select({ id: users.id, email: users.email, name: users.name, language: users.language })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.active, true)));
  if (recipients.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(recipients.map((r) => ({ userId: r.id, kind: notice.kind, processId: notice.processId, params: notice.params, dedupeKey: notice.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  const notified = new Set(inserted.map((row) => row.userId));
  const link = ctx.baseUrl + notificationPath(notice.kind, notice.processId, notice.params);
  for (const recipient of recipients) {
    if (!notified.has(recipient.id)) continue;
    const lng = recipient.language;
    const message = notificationMessage(notice.kind, notice.params, lng, formatDate);
    await enqueueMessage(db, {
      toEmail: recipient.email,
      language: lng,
      kind: `notification.${notice.kind}`,
      subject: ctx.t(lng, notificationSubjectKey(notice.kind), message.values),
      body: ctx.t(lng, "notifications:email.body", { name: recipient.name, text: ctx.t(lng, message.key, message.values), link: LINK_PLACEHOLDER }),
      link,
    });
  }
  return notified.size;
}

// ─── Who is concerned ─────────────────────────────────────────────────────────────────────────────────────

/** Active staff of an establishment (only its coordinators when asked), without `exceptUserId` (the actor). */
export async function establishmentStaff(db: Db, establishmentId: string, options: { coordinatorsOnly?: boolean; exceptUserId?: string } = {}): Promise<string[]> {
  const conditions = [eq(users.establishmentId, establishmentId), eq(users.role, "hospital"), eq(users.active, true)];
  if (options.coordinatorsOnly) conditions.push(eq(users.isCoordinator, true));
  if (options.exceptUserId) conditions.push(ne(users.id, options.exceptUserId));
  return (await db.select({ id: users.id }).from(users).where(and(...conditions))).map((r) => r.id);
}

/** Active DRI administrators. */
export async function driAdmins(db: Db, options: { exceptUserId?: string } = {}): Promise<string[]> {
  const conditions = [eq(users.role, "dri_admin"), eq(users.active, true)];
  if (options.exceptUserId) conditions.push(ne(users.id, options.exceptUserId));
  return (await db.select({ id: users.id }).from(users).where(and(...conditions))).map((r) => r.id);
}

/** A person's name, for "X assigned you…" (null when unknown). */
export async function userName(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

// ─── The reader's list ────────────────────────────────────────────────────────────────────────────────────

export const NOTIFICATIONS_PAGE_SIZE = 50;

/** One page of the user's notices, newest first (the text is rendered by the page, in the reader's language). */
export async function listNotifications(db: Db, userId: string, page = 1, pageSize = NOTIFICATIONS_PAGE_SIZE) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      processId: notifications.processId,
      params: notifications.params,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { notices: rows.slice(0, pageSize), hasOlder: rows.length > pageSize };
}

/** Unread notices of a user: one indexed count, run for every signed-in page (the header badge). */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's notices read. False when it is not theirs (or does not exist): the caller answers 404. */
export async function markRead(db: Db, userId: string, notificationId: string, now = new Date()): Promise<boolean> {
  const [mine] = await db
    .select({ readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)));
  if (!mine) return false;
  if (!mine.readAt) {
    await db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  }
  return true;
}

/**
 * Following a notice's link: marks it read and says where it leads. Null when it is not the user's (or does not
 * exist): the caller answers 404.
 */
export async function openNotification(db: Db, userId: string, notificationId: string, now = new Date()): Promise<string | null> {
  const [mine] = await db
    .select({ kind: notifications.kind, processId: notifications.processId, params: notifications.params })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)));
  if (!mine) return null;
  await markRead(db, userId, notificationId, now);
  return notificationPath(mine.kind, mine.processId, mine.params);
}

/** Marks every unread notice of the user read; returns how many changed. */
export async function markAllRead(db: Db, userId: string, now = new Date()): Promise<number> {
  const changed = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return changed.length;
}
