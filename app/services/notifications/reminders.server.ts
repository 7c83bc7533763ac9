/**
 * The daily reminders: coordinators 14 and 3 days before the self-assessment due date, the people in charge of
 * action items due today or past due, the DRI and the coordinators 6 months and 1 month before a label expires, and
 * the DRI when a deferred process's revisit date has passed. Run inside the app (see server/app.ts startBackgroundJobs) by every instance; the
 * first to claim the day in `job_runs` does the work, the others do nothing.
 *
 * Reminders are found by windows ("due within 14 days", "within 3 days", "past due") rather than by exact day, so a
 * day the job did not run is caught up the next; dedupe keys make any re-run write nothing twice.
 */
import { and, eq, gte, inArray, isNotNull, lt, lte, ne, notInArray, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { actionItems, establishments, labellingDecisions, labellingProcesses, labels, users } from "#db/schema.ts";
import { expiryReminderDue } from "#app/domain/label/status.ts";
import { addDays, DUE_REMINDERS } from "#app/domain/notifications.ts";
import { CLOSED_STATES } from "#app/domain/process/state-machine.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { labelsOfEstablishment } from "#app/services/label/labels.server.ts";
import { runOncePerPeriod } from "#app/services/platform/job-runs.server.ts";
import { driAdmins, establishmentStaff, notify, type NotifyContext } from "./notifications.server.ts";

export const REMINDERS_JOB = "reminders";

export interface ReminderCounts {
  /** People notified, per reminder. */
  due14: number;
  due3: number;
  /** Actions due today. */
  actionsDue: number;
  overdue: number;
  /** People told of a label expiring in 6 months or in 1 month. */
  labelsExpiring: number;
  /** DRI admins told that a deferred process's revisit date has passed. */
  revisitsDue: number;
}

export type ReminderRun = { claimed: false; runOn: string } | { claimed: true; runOn: string; counts: ReminderCounts };

/**
 * Runs the day's reminders once across every instance (app/services/platform/job-runs.server.ts). `now` decides the
 * day (UTC); `instance` names who worked (host:pid). If the work fails the claim is released, so a later check (the
 * next hour) tries again.
 */
export async function runDailyReminders(db: Db, options: NotifyContext & { now: Date; instance: string }): Promise<ReminderRun> {
  const runOn = todayIso(options.now);
  const run = await runOncePerPeriod(db, { job: REMINDERS_JOB, runOn, instance: options.instance, now: options.now }, () => sendReminders(db, options, runOn));
  return run.claimed ? { claimed: true, runOn, counts: run.result } : run;
}

async function sendReminders(db: Db, ctx: NotifyContext, today: string): Promise<ReminderCounts> {
  const counts: ReminderCounts = { due14: 0, due3: 0, actionsDue: 0, overdue: 0, labelsExpiring: 0, revisitsDue: 0 };

  // Self-assessments in progress with a due date in a reminder's window: their coordinators.
  for (const reminder of DUE_REMINDERS) {
    const processes = await db
      .select({ id: labellingProcesses.id, establishmentId: labellingProcesses.establishmentId, establishment: establishments.name, due: labellingProcesses.selfAssessmentDue })
      .from(labellingProcesses)
      .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
      .where(
        and(
          eq(labellingProcesses.state, "self_assessment"),
          isNotNull(labellingProcesses.selfAssessmentDue),
          gte(labellingProcesses.selfAssessmentDue, addDays(today, reminder.from)),
          lte(labellingProcesses.selfAssessmentDue, addDays(today, reminder.to)),
        ),
      );
    for (const process of processes) {
      counts[reminder.name] += await db.transaction(async (tx) =>
        notify(tx, ctx, {
          userIds: await establishmentStaff(tx, process.establishmentId, { coordinatorsOnly: true }),
          kind: "self_assessment_due",
          processId: process.id,
          params: { establishment: process.establishment, dueDate: process.due },
          dedupeKey: `${reminder.name}:${process.id}:${process.due}`,
        }),
      );
    }
  }

  // Actions due today, then actions past due, not done, in processes still open: the colleague to remind, else the
  // coordinators. An action due on a day the job did not run is caught by the overdue reminder the next day.
  counts.actionsDue = await remindActions(db, ctx, eq(actionItems.dueDate, today), "action_due", "actiondue");
  counts.overdue = await remindActions(db, ctx, lt(actionItems.dueDate, today), "action_overdue", "overdue");
  counts.labelsExpiring = await remindExpiringLabels(db, ctx, today);
  counts.revisitsDue = await remindRevisitsDue(db, ctx, today);
  return counts;
}

/**
 * Labels ending within 6 months, then within 1 month: the DRI and the establishment's coordinators, once per
 * window. A label no longer in force (suspended, revoked, annulled) or already followed by a newer one is left alone.
 */
async function remindExpiringLabels(db: Db, ctx: NotifyContext, today: string): Promise<number> {
  const ending = await db
    .select({ id: labels.id, establishmentId: labels.establishmentId, validUntil: labels.validUntil })
    .from(labels)
    .where(and(gte(labels.validUntil, today), lte(labels.validUntil, addDays(today, 200))));
  let told = 0;
  for (const candidate of ending) {
    const window = expiryReminderDue(candidate.validUntil, today);
    if (!window) continue;
    const history = await labelsOfEstablishment(db, candidate.establishmentId, today);
    const label = history.find((l) => l.id === candidate.id);
    const superseded = history.some((l) => l.id !== candidate.id && l.validUntil > candidate.validUntil && (l.status === "valid" || l.status === "expiring"));
    if (!label || label.status !== "expiring" || superseded) continue;
    told += await db.transaction(async (tx) =>
      notify(tx, ctx, {
        userIds: [...(await driAdmins(tx)), ...(await establishmentStaff(tx, label.establishmentId, { coordinatorsOnly: true }))],
        kind: "label_expiring",
        processId: label.processId,
        params: { establishment: label.establishmentName, certificate: label.certificateNumber, validUntil: label.validUntil, levelFr: label.levelName.fr, levelEn: label.levelName.en },
        dedupeKey: `expiry:${window}:${label.id}`,
      }),
    );
  }
  return told;
}

/** Deferred processes whose revisit date has passed with no visit scheduled: the DRI, once per deferral. */
async function remindRevisitsDue(db: Db, ctx: NotifyContext, today: string): Promise<number> {
  const due = await db
    .select({ processId: labellingProcesses.id, establishment: establishments.name, decisionId: labellingDecisions.id, revisitOn: labellingDecisions.revisitOn })
    .from(labellingDecisions)
    .innerJoin(labellingProcesses, eq(labellingProcesses.id, labellingDecisions.processId))
    .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
    .where(and(eq(labellingProcesses.state, "deferred"), eq(labellingDecisions.outcome, "deferred"), lt(labellingDecisions.revisitOn, today)));
  let told = 0;
  for (const row of due) {
    told += await db.transaction(async (tx) =>
      notify(tx, ctx, {
        userIds: await driAdmins(tx),
        kind: "revisit_due",
        processId: row.processId,
        params: { establishment: row.establishment, revisitOn: row.revisitOn },
        dedupeKey: `revisit:${row.decisionId}`,
      }),
    );
  }
  return told;
}

async function remindActions(db: Db, ctx: NotifyContext, dueCondition: SQL, kind: "action_due" | "action_overdue", keyPrefix: string): Promise<number> {
  const actions = await db
    .select({
      id: actionItems.id,
      title: actionItems.title,
      dueDate: actionItems.dueDate,
      criterionId: actionItems.criterionId,
      processId: labellingProcesses.id,
      referentialVersionId: labellingProcesses.referentialVersionId,
      establishmentId: labellingProcesses.establishmentId,
      establishment: establishments.name,
      ownerUserId: actionItems.ownerUserId,
    })
    .from(actionItems)
    .innerJoin(labellingProcesses, eq(labellingProcesses.id, actionItems.processId))
    .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
    .where(and(ne(actionItems.status, "done"), isNotNull(actionItems.dueDate), dueCondition, notInArray(labellingProcesses.state, [...CLOSED_STATES])));
  const owners = await activeMembers(db, actions.map((a) => a.ownerUserId).filter((id): id is string => id !== null));
  let notified = 0;
  for (const action of actions) {
    const frozen = await getFrozenVersion(db, action.referentialVersionId);
    // The chosen colleague only while they are still an active member of the establishment.
    const owner = action.ownerUserId && owners.get(action.ownerUserId) === action.establishmentId ? action.ownerUserId : null;
    notified += await db.transaction(async (tx) =>
      notify(tx, ctx, {
        userIds: owner ? [owner] : await establishmentStaff(tx, action.establishmentId, { coordinatorsOnly: true }),
        kind,
        processId: action.processId,
        params: { establishment: action.establishment, title: action.title, criterion: frozen.criterionCodes.get(action.criterionId) ?? "", dueDate: action.dueDate },
        dedupeKey: `${keyPrefix}:${action.id}:${action.dueDate}`,
      }),
    );
  }
  return notified;
}

/** Active users among `ids`, with their establishment. */
async function activeMembers(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, establishmentId: users.establishmentId })
    .from(users)
    .where(and(inArray(users.id, [...new Set(ids)]), eq(users.active, true)));
  return new Map(rows.map((r) => [r.id, r.establishmentId]));
}
