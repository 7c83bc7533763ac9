/**
 * The labelling committee's decision: what each outcome must say before it is recorded. Pure: the form and the
 * service both ask it, so a decision is refused the same way in the browser and on the server.
 */
import type { LevelCode } from "#app/domain/referential/schema.ts";

export const DECISION_OUTCOMES = ["awarded", "deferred", "refused"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** The decision as the committee's secretary enters it. Dates are calendar days (`YYYY-MM-DD`); text as typed. */
export interface DecisionInput {
  outcome: DecisionOutcome;
  level: LevelCode | null;
  /** Why the committee departs from the computed level (kept forever). */
  levelJustification: string;
  mentionFr: string;
  mentionEn: string;
  decidedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  /** What a deferred hospital must do before the committee looks again. */
  conditions: string;
  revisitOn: string | null;
  /** Why the label is refused. */
  reasons: string;
  committeeMembers: string;
  signerName: string;
  signerTitle: string;
}

export type DecisionIssueCode =
  | "required"
  | "invalid_date"
  | "justification_required"
  | "validity_order"
  | "mention_both_languages"
  | "revisit_before_decision";

export interface DecisionIssue {
  field: keyof DecisionInput;
  code: DecisionIssueCode;
}

const blank = (text: string | null) => text === null || text.trim() === "";

/** A real calendar day written `YYYY-MM-DD` (2025-02-30 is not). */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** An award at a level other than the one the audit computed (or an award when none was computed). */
export function departsFromComputedLevel(input: Pick<DecisionInput, "outcome" | "level">, computedLevel: LevelCode | null): boolean {
  return input.outcome === "awarded" && input.level !== null && input.level !== computedLevel;
}

/**
 * What stops the decision from being recorded, one issue at most per field; empty when it may be. Fields that do
 * not belong to the outcome (an award's mention on a refusal…) are not looked at.
 */
export function decisionIssues(input: DecisionInput, computedLevel: LevelCode | null): DecisionIssue[] {
  const issues: DecisionIssue[] = [];
  const add = (field: keyof DecisionInput, code: DecisionIssueCode) => void issues.push({ field, code });
  /** The field's date when it holds one, else null with its issue added. */
  const date = (field: "decidedOn" | "validFrom" | "validUntil" | "revisitOn"): string | null => {
    const value = input[field];
    if (blank(value)) add(field, "required");
    else if (!isCalendarDay(value!)) add(field, "invalid_date");
    else return value;
    return null;
  };

  const decidedOn = date("decidedOn");
  switch (input.outcome) {
    case "awarded": {
      if (input.level === null) add("level", "required");
      else if (departsFromComputedLevel(input, computedLevel) && blank(input.levelJustification)) add("levelJustification", "justification_required");
      if (blank(input.mentionFr) !== blank(input.mentionEn)) add(blank(input.mentionFr) ? "mentionFr" : "mentionEn", "mention_both_languages");
      const validFrom = date("validFrom");
      const validUntil = date("validUntil");
      if (validFrom && validUntil && validUntil <= validFrom) add("validUntil", "validity_order");
      break;
    }
    case "deferred": {
      if (blank(input.conditions)) add("conditions", "required");
      const revisitOn = date("revisitOn");
      if (decidedOn && revisitOn && revisitOn <= decidedOn) add("revisitOn", "revisit_before_decision");
      break;
    }
    case "refused":
      if (blank(input.reasons)) add("reasons", "required");
      break;
  }
  for (const field of ["committeeMembers", "signerName", "signerTitle"] as const) if (blank(input[field])) add(field, "required");
  return issues;
}
