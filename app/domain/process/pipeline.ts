/**
 * The DRI's view of every labelling process: the pipeline by stage, each hospital with how long it has been in its
 * stage, and what needs the DRI now (visits to schedule, decisions to take, reports to release, revisits due,
 * self-assessments overdue). Pure: rows in, groups out. Dates are calendar days in UTC, as everywhere in the app.
 */
import type { DecisionOutcome } from "#app/domain/label/decision.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { daysUntil } from "./next-step.ts";
import type { ProcessState } from "./state-machine.ts";
import { todayIso } from "./workspace.ts";

/** The stages the DRI follows, in the order a process goes through them (a withdrawn process is not followed). */
export const PIPELINE_STAGES = ["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted", "deferred", "decided"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/**
 * A decided process stays in the pipeline this many months after it moved into "decided" (the decision recorded on the
 * platform, which may come a few days after the committee's date); older ones are the labels' story.
 */
export const DECIDED_WINDOW_MONTHS = 12;

/** What the pipeline needs to know of a process. */
export interface PipelineProcess {
  id: string;
  state: ProcessState;
  establishmentName: string;
  openedAt: Date;
  /** The latest move into the current state; null when the history records none (the opening then counts). */
  enteredAt: Date | null;
  selfAssessmentDue: string | null;
  /** The audit visit, once scheduled. */
  visit: { startsOn: string; endsOn: string; releasedAt: Date | null } | null;
  /** The committee's decision in force (the newest not annulled), if any. */
  decision: { outcome: DecisionOutcome; level: LevelCode | null; decidedOn: string; revisitOn: string | null } | null;
}

/** A process with the day it entered its stage and the whole days since. */
export type InStage<P> = P & { since: Date; days: number };

/** Whole calendar days from `since` to `now` (UTC days; never negative). */
export function daysSince(since: Date, now: Date): number {
  return Math.max(0, daysUntil(todayIso(now), todayIso(since)));
}

/** Whole calendar days from the calendar day `isoDate` (YYYY-MM-DD) to `now`. */
function daysSinceDay(isoDate: string, now: Date): number {
  return Math.max(0, daysUntil(todayIso(now), isoDate));
}

/**
 * A duration in the unit a reader expects: "today" under a day, days under two months, months under two years,
 * then years ("for 12 days", "for 5 months", "for 3 years").
 */
export function durationUnit(days: number): { unit: "today" } | { unit: "days" | "months" | "years"; count: number } {
  if (days < 1) return { unit: "today" };
  if (days < 60) return { unit: "days", count: days };
  if (days < 730) return { unit: "months", count: Math.floor(days / 30.4375) };
  return { unit: "years", count: Math.floor(days / 365.25) };
}

function inStage<P extends PipelineProcess>(process: P, now: Date): InStage<P> {
  const since = process.enteredAt ?? process.openedAt;
  return { ...process, since, days: daysSince(since, now) };
}

/** Longest waiting first, then by name (French order, as the DRI reads it). */
function longestFirst<P extends InStage<PipelineProcess>>(a: P, b: P): number {
  return b.days - a.days || a.establishmentName.localeCompare(b.establishmentName, "fr");
}

/** The first day still inside the decided window: the same day `DECIDED_WINDOW_MONTHS` months before `now`. */
function windowStart(now: Date): string {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - DECIDED_WINDOW_MONTHS, now.getUTCDate()));
  return todayIso(start);
}

/**
 * Every stage in order, each with its processes, longest in the stage first. A withdrawn process is left out, and a
 * decided one once it has been decided for longer than the window.
 */
export function buildPipeline<P extends PipelineProcess>(processes: readonly P[], now: Date): { stage: PipelineStage; items: InStage<P>[] }[] {
  const start = windowStart(now);
  const followed = processes
    .filter((p): p is P & { state: PipelineStage } => (PIPELINE_STAGES as readonly ProcessState[]).includes(p.state))
    .map((p) => inStage(p, now))
    .filter((p) => p.state !== "decided" || todayIso(p.since) >= start);
  return PIPELINE_STAGES.map((stage) => ({ stage, items: followed.filter((p) => p.state === stage).sort(longestFirst) }));
}

/** What needs the DRI now, from the processes (the applications and the labels come from their own lists). */
export interface DriAttention<P> {
  /** Self-assessments handed in, visit not yet scheduled: longest waiting first. */
  toSchedule: InStage<P>[];
  /** Audits handed in, waiting for the committee's decision: longest waiting first. */
  awaitingDecision: InStage<P>[];
  /** Audits handed in whose report the hospital has not received yet: longest waiting first. */
  reportsUnreleased: InStage<P>[];
  /** Deferred processes whose revisit date has passed, the oldest date first. */
  revisitsDue: (InStage<P> & { revisitOn: string; daysLate: number })[];
  /** Self-assessments still in progress after their due date, the oldest date first. */
  selfAssessmentsOverdue: (InStage<P> & { due: string; daysLate: number })[];
}

export function driAttention<P extends PipelineProcess>(processes: readonly P[], now: Date): DriAttention<P> {
  const today = todayIso(now);
  const all = processes.map((p) => inStage(p, now));
  const inState = (state: ProcessState) => all.filter((p) => p.state === state).sort(longestFirst);
  const awaitingDecision = inState("audit_submitted");
  return {
    toSchedule: inState("submitted"),
    awaitingDecision,
    reportsUnreleased: awaitingDecision.filter((p) => p.visit !== null && p.visit.releasedAt === null),
    revisitsDue: all
      .flatMap((p) => {
        const revisitOn = p.decision?.outcome === "deferred" ? p.decision.revisitOn : null;
        return p.state === "deferred" && revisitOn !== null && revisitOn < today ? [{ ...p, revisitOn, daysLate: daysSinceDay(revisitOn, now) }] : [];
      })
      .sort((a, b) => a.revisitOn.localeCompare(b.revisitOn) || longestFirst(a, b)),
    selfAssessmentsOverdue: all
      .flatMap((p) => {
        const due = p.selfAssessmentDue;
        return p.state === "self_assessment" && due !== null && due < today ? [{ ...p, due, daysLate: daysSinceDay(due, now) }] : [];
      })
      .sort((a, b) => a.due.localeCompare(b.due) || longestFirst(a, b)),
  };
}
