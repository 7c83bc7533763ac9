import type { Db } from "../../db/client";
import { and, desc, eq } from "drizzle-orm";
import { auditEvents, users } from "../../db/schema";

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** The fields whose value differs between two versions of a record (undefined in `after` means unchanged). */
export function changedFields<T extends Record<string, unknown>>(before: Partial<T> | null, after: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before ? before[key] : null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from: from ?? null, to };
  }
  return changes;
}

/** Records who did what and when. Call it inside the same transaction as the change it describes. */
export async function recordAudit(
  db: Db,
  event: { actorUserId: string | null; action: string; entityType: string; entityId: string; changes?: FieldChanges },
): Promise<void> {
  await db.insert(auditEvents).values({
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    changes: event.changes ?? null,
  });
}

/** The history of one record, newest first, with the actor's name. */
export async function listAuditEvents(db: Db, entityType: string, entityId: string) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      changes: auditEvents.changes,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
}
