/**
 * What comes next in a labelling process, as the hospital reads it on its home: which process the home is about, the
 * one step ahead in each state, how far each chapter has gone and what is left in it, and how many days are left
 * before a date. Pure: the home's loader gives the facts, the page puts them in words (app/components/home/).
 */
import type { DecisionOutcome } from "#app/domain/label/decision.ts";
import type { PreparedVersion, ScoringResult } from "#app/domain/scoring/engine.ts";
import { isClosed, type ProcessState } from "./state-machine.ts";

/**
 * The process the hospital's home is about: the open one; else the newest, when the committee decided it (its
 * decision stays worth reading until the next process opens); none when the newest was withdrawn or there is none.
 */
export function homeProcess<P extends { state: ProcessState; openedAt: Date }>(processes: readonly P[]): P | null {
  const open = processes.find((p) => !isClosed(p.state));
  if (open) return open;
  const newest = [...processes].sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0];
  return newest?.state === "decided" ? newest : null;
}

/** The one step ahead, each worded on the home (`hospital:next.<step>`). */
export const NEXT_STEPS = [
  // The self-assessment: criteria are left to rate; then a renewal's carried-over ratings are left to confirm; once
  // all are, the coordinator hands it in.
  "rate",
  "confirm",
  "submit",
  // Handed in: the DRI schedules the visit and its team.
  "schedule_visit",
  // The auditors' visit: scheduled (its dates and lead), then under way; the lead hands the audit in.
  "visit",
  "visit_in_progress",
  // The audit handed in: the labelling committee decides.
  "committee",
  // Deferred: the hospital meets the conditions; the DRI schedules the revisit.
  "revisit",
  // Decided: the label awarded, or refused.
  "awarded",
  "refused",
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/**
 * The step ahead of a process in `state`. `left`: applicable criteria not yet rated (the self-assessment); `toConfirm`:
 * ratings carried over from the previous process nobody confirmed or changed yet; `outcome`: the committee's decision
 * in force (a decided process). Nothing comes after a withdrawal.
 */
export function nextStep(state: ProcessState, facts: { left: number; toConfirm?: number; outcome: DecisionOutcome | null }): NextStep | null {
  switch (state) {
    case "self_assessment":
      if (facts.left > 0) return "rate";
      return (facts.toConfirm ?? 0) > 0 ? "confirm" : "submit";
    case "submitted":
      return "schedule_visit";
    case "audit_scheduled":
      return "visit";
    case "audit_in_progress":
      return "visit_in_progress";
    case "audit_submitted":
      return "committee";
    case "deferred":
      return "revisit";
    case "decided":
      return facts.outcome === "refused" ? "refused" : "awarded";
    case "withdrawn":
      return null;
  }
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function utcDay(isoDate: string): number {
  if (!ISO_DATE.test(isoDate)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${isoDate}`);
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** Calendar days from `today` to `date` (both `YYYY-MM-DD`): 0 on the day itself, negative once it has passed. */
export function daysUntil(date: string, today: string): number {
  return utcDay(date) - utcDay(today);
}

/** A due date and the days left before it; overdue from the day after it. */
export function dueIn(date: string, today: string): { date: string; days: number; overdue: boolean } {
  const days = daysUntil(date, today);
  return { date, days, overdue: days < 0 };
}

export interface ChapterProgress {
  code: string;
  /** Applicable criteria rated, of those applicable (N/A ones left out). */
  rated: number;
  applicable: number;
  left: number;
  /** The chapter's first criterion left to rate, in referential order; null when none is left. */
  firstUnrated: string | null;
}

/** Every chapter's progress and its first criterion left to rate, in the version's order. */
export function chapterProgress(prepared: PreparedVersion, result: Pick<ScoringResult, "chapters" | "criteria">): ChapterProgress[] {
  const first = new Map<number, string>();
  result.criteria.forEach((criterion, i) => {
    const chapterIndex = prepared.criteria[i]!.chapterIndex;
    if (criterion.status === "unrated" && !first.has(chapterIndex)) first.set(chapterIndex, criterion.code);
  });
  return result.chapters.map((chapter, i) => ({
    code: chapter.code,
    rated: chapter.rated,
    applicable: chapter.applicable,
    left: chapter.applicable - chapter.rated,
    firstUnrated: first.get(i) ?? null,
  }));
}
