import type { Db } from "#db/client.ts";
import { and, desc, eq } from "drizzle-orm";
import { auditTrailEvents, users } from "#db/schema.ts";

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
export async function recordInAuditTrail(
  db: Db,
  event: { actorUserId: string | null; action: string; entityType: string; entityId: string; changes?: FieldChanges },
): Promise<void> {
  await db.insert(auditTrailEvents).values({
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    changes: event.changes ?? null,
  });
}

/** The history of one record, newest first, with the actor's name. */
export async function listAuditTrail(db: Db, entityType: string, entityId: string) {
  return db
    .select({
      id: auditTrailEvents.id,
      at: auditTrailEvents.at,
      action: auditTrailEvents.action,
      changes: auditTrailEvents.changes,
      actorName: users.name,
    })
    .from(auditTrailEvents)
    .leftJoin(users, eq(users.id, auditTrailEvents.actorUserId))
    .where(and(eq(auditTrailEvents.entityType, entityType), eq(auditTrailEvents.entityId, entityId)))
    .orderBy(desc(auditTrailEvents.at), desc(auditTrailEvents.id));
}
