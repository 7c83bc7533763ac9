// Who works on which chapter of a process's self-assessment: the coordinator assigns colleagues of the
// establishment, who hear of it.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { chapterAssignments, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { notify, userName, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";
import { ProcessError } from "./process-error.ts";

/** Chapter code → names of the colleagues assigned to it. */
export async function loadAssignments(db: Db, process: ProcessSummary) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const chapterCodes = new Map([...frozen.chapterIds].map(([code, id]) => [id, code]));
  const rows = await db
    .select({ chapterId: chapterAssignments.chapterId, userId: users.id, name: users.name })
    .from(chapterAssignments)
    .innerJoin(users, eq(users.id, chapterAssignments.userId))
    .where(eq(chapterAssignments.processId, process.id))
    .orderBy(asc(users.name));
  const out = new Map<string, { userId: string; name: string }[]>();
  for (const row of rows) {
    const code = chapterCodes.get(row.chapterId);
    if (!code) continue;
    out.set(code, [...(out.get(code) ?? []), { userId: row.userId, name: row.name }]);
  }
  return out;
}

/** Replaces the colleagues assigned to a chapter (coordinator only, colleagues of the same establishment). */
export async function assignChapter(db: Db, actor: Actor, process: ProcessSummary, chapterCode: string, userIds: string[], ctx: NotifyContext) {
  if (!(actor.role === "hospital" && actor.isCoordinator && actor.establishmentId === process.establishmentId)) throw new ProcessError("forbidden");
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const chapterId = frozen.chapterIds.get(chapterCode);
  if (!chapterId) throw new ProcessError("not_found");
  await db.transaction(async (tx) => {
    const colleagues = userIds.length
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, userIds), eq(users.establishmentId, process.establishmentId), eq(users.active, true)))
      : [];
    const before = await tx
      .select({ userId: chapterAssignments.userId })
      .from(chapterAssignments)
      .where(and(eq(chapterAssignments.processId, process.id), eq(chapterAssignments.chapterId, chapterId)));
    await tx.delete(chapterAssignments).where(and(eq(chapterAssignments.processId, process.id), eq(chapterAssignments.chapterId, chapterId)));
    if (colleagues.length) {
      await tx.insert(chapterAssignments).values(colleagues.map((c) => ({ processId: process.id, chapterId, userId: c.id, assignedBy: actor.id })));
    }
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "process.assign_chapter",
      entityType: "labelling_process",
      entityId: process.id,
      changes: { [`chapter ${chapterCode}`]: { from: before.map((b) => b.userId).sort(), to: colleagues.map((c) => c.id).sort() } },
    });
    // Only the newly assigned hear of it (not those already on the chapter, not the coordinator assigning).
    const already = new Set(before.map((b) => b.userId));
    const chapter = frozen.version.chapters.find((c) => c.code === chapterCode);
    await notify(tx, ctx, {
      userIds: colleagues.map((c) => c.id).filter((id) => !already.has(id) && id !== actor.id),
      kind: "chapter_assigned",
      processId: process.id,
      params: {
        establishment: process.establishmentName,
        chapter: chapterCode,
        chapterTitleFr: chapter?.title.fr ?? "",
        chapterTitleEn: chapter?.title.en ?? "",
        actor: await userName(tx, actor.id),
      },
    });
  });
}

/** Colleagues of the process's establishment (for assignments). */
export async function listEstablishmentColleagues(db: Db, process: ProcessSummary) {
  return db
    .select({ id: users.id, name: users.name, isCoordinator: users.isCoordinator })
    .from(users)
    .where(and(eq(users.establishmentId, process.establishmentId), eq(users.active, true)))
    .orderBy(asc(users.name));
}
