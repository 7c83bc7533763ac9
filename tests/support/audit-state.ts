// Everything a post about an audit could change, read straight from the database: the tests compare it before and
// after a refused post ("nothing changed").
import { asc, count, eq, like, or } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  auditChapterAssignments,
  auditRatings,
  auditTeamMembers,
  auditTrailEvents,
  auditVisits,
  labellingProcesses,
  notifications,
  outbox,
  processTransitions,
} from "#db/schema.ts";

/** The process and its visit (dates, summary, submission, release), team, chapters, ratings, history and who was told. */
export async function auditState(db: Db, processId: string) {
  return {
    process: await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)),
    visit: await db.select().from(auditVisits).where(eq(auditVisits.processId, processId)),
    team: await db.select().from(auditTeamMembers).where(eq(auditTeamMembers.processId, processId)).orderBy(asc(auditTeamMembers.userId)),
    chapters: await db
      .select()
      .from(auditChapterAssignments)
      .where(eq(auditChapterAssignments.processId, processId))
      .orderBy(asc(auditChapterAssignments.chapterId), asc(auditChapterAssignments.userId)),
    ratings: await db.select().from(auditRatings).where(eq(auditRatings.processId, processId)).orderBy(asc(auditRatings.criterionId)),
    transitions: await db.select().from(processTransitions).where(eq(processTransitions.processId, processId)).orderBy(asc(processTransitions.id)),
    // The process's own events and those of its ratings ("<process id>:<criterion code>").
    trail: await db
      .select()
      .from(auditTrailEvents)
      .where(or(eq(auditTrailEvents.entityId, processId), like(auditTrailEvents.entityId, `${processId}:%`)))
      .orderBy(asc(auditTrailEvents.id)),
    notices: await db.select().from(notifications).where(eq(notifications.processId, processId)).orderBy(asc(notifications.id)),
    mails: (await db.select({ n: count() }).from(outbox))[0]!.n,
  };
}
