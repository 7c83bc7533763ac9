/**
 * Rules of the audit site visit: the team, the schedule, an audit rating and who may read or change the audit.
 * Pure: the services apply them to what they loaded.
 */
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { ProcessState } from "#app/domain/process/state-machine.ts";
import type { Service } from "#app/domain/referential/schema.ts";
import { METHODS } from "#app/domain/referential/vocabulary.ts";
import { hasControlCharacters } from "#app/domain/text.ts";
import { serviceNaReview } from "./service-na.ts";

export const AUDIT_TEAM_ROLES = ["lead", "co_auditor"] as const;
export type AuditTeamRole = (typeof AUDIT_TEAM_ROLES)[number];

/** What an audit finding says of the criterion. */
export const FINDING_CLASSIFICATIONS = ["strength", "recommendation", "non_conformity"] as const;
export type FindingClassification = (typeof FINDING_CLASSIFICATIONS)[number];

export const FINDING_MAX = 5000;
export const SUMMARY_MAX = 20000;

/** States in which the visit exists (scheduled or later). */
export const VISIT_STATES: readonly ProcessState[] = ["audit_scheduled", "audit_in_progress", "audit_submitted", "deferred", "decided"];
/** States in which the team rates. */
export const AUDIT_EDITABLE_STATES: readonly ProcessState[] = ["audit_scheduled", "audit_in_progress"];

export function isAuditEditable(state: ProcessState): boolean {
  return AUDIT_EDITABLE_STATES.includes(state);
}

export type ScheduleProblem = "dates_required" | "ends_before_start" | "lead_required" | "lead_in_co_auditors";

export interface ScheduleInput {
  startsOn: string | null;
  endsOn: string | null;
  leadId: string | null;
  coAuditorIds: readonly string[];
}

/** Problems with a visit's dates and team, by field; empty when it may be saved. Dates are ISO `YYYY-MM-DD`. */
export function checkSchedule(input: ScheduleInput): Partial<Record<"startsOn" | "endsOn" | "leadId" | "coAuditorIds", ScheduleProblem>> {
  const problems: Partial<Record<"startsOn" | "endsOn" | "leadId" | "coAuditorIds", ScheduleProblem>> = {};
  if (!input.startsOn) problems.startsOn = "dates_required";
  if (!input.endsOn) problems.endsOn = "dates_required";
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) problems.endsOn = "ends_before_start";
  if (!input.leadId) problems.leadId = "lead_required";
  else if (input.coAuditorIds.includes(input.leadId)) problems.coAuditorIds = "lead_in_co_auditors";
  return problems;
}

export type AuditRatingProblem =
  | "rating_off_scale"
  | "na_not_allowed"
  | "finding_required"
  /** The auditor refuses the hospital's N/A on a service-dependent criterion (rates it on the scale) without saying why. */
  | "na_refusal_reason_required"
  | "finding_too_long"
  | "finding_control_characters"
  | "classification_required"
  | "classification_too_mild"
  | "method_unknown";

export interface AuditRatingRules {
  /** The scale's values, e.g. [3, 2, 1, 0]. */
  scaleValues: readonly number[];
  naAllowed: boolean;
  /** The service the criterion depends on, and the hospital's rating: refusing its N/A needs a finding. */
  service?: Service | null | undefined;
  selfRating?: RatingValue | null | undefined;
}

export interface AuditRatingInput {
  rating: RatingValue | null | undefined;
  finding: string;
  classification: FindingClassification | null | undefined;
  methods: readonly string[];
}

/**
 * Problems with an audit rating, by field; empty when it may be saved. A rating says what was observed: N/A and any
 * rating below the top need a finding, and a rating below the top is a recommendation or a non-conformity (never
 * a strength). A rating at the top may carry a strength, or nothing. Rating on the scale a service-dependent criterion
 * the hospital rated N/A refuses that N/A: it needs a finding saying why, whatever the value.
 */
export function checkAuditRating(
  input: AuditRatingInput,
  rules: AuditRatingRules,
): Partial<Record<"rating" | "finding" | "classification" | "methods", AuditRatingProblem>> {
  const problems: Partial<Record<"rating" | "finding" | "classification" | "methods", AuditRatingProblem>> = {};
  const { rating } = input;
  const top = Math.max(...rules.scaleValues);
  if (rating === undefined || (typeof rating === "number" && !rules.scaleValues.includes(rating))) problems.rating = "rating_off_scale";
  else if (rating === "NA" && !rules.naAllowed) problems.rating = "na_not_allowed";
  const belowTop = typeof rating === "number" && rating < top;
  if (input.finding.length > FINDING_MAX) problems.finding = "finding_too_long";
  else if (hasControlCharacters(input.finding, { multiline: true })) problems.finding = "finding_control_characters";
  else if (input.finding.trim() === "") {
    if (rating !== undefined && rules.service && serviceNaReview({ service: rules.service }, rules.selfRating ?? null, rating) === "refused") problems.finding = "na_refusal_reason_required";
    else if (rating === "NA" || belowTop) problems.finding = "finding_required";
  }
  if (input.classification === undefined) problems.classification = "classification_required";
  else if (belowTop && input.classification !== "recommendation" && input.classification !== "non_conformity") {
    problems.classification = input.classification === null ? "classification_required" : "classification_too_mild";
  }
  if (input.methods.some((m) => !(METHODS as readonly string[]).includes(m))) problems.methods = "method_unknown";
  return problems;
}

/** "strength" → "strength", "" → null (none), anything else → undefined (invalid). */
export function parseClassification(raw: string | null | undefined): FindingClassification | null | undefined {
  if (raw === null || raw === undefined || raw === "") return null;
  return (FINDING_CLASSIFICATIONS as readonly string[]).includes(raw) ? (raw as FindingClassification) : undefined;
}

/** The methods posted, deduplicated, in the referential's order of methods. */
export function normaliseMethods(raw: readonly string[]): string[] {
  const set = new Set(raw);
  const known = METHODS.filter((m) => set.has(m));
  const unknown = [...set].filter((m) => !(METHODS as readonly string[]).includes(m));
  return [...known, ...unknown];
}

export interface AuditAccess {
  /** The actor's place on the process's team, if any. */
  teamRole: AuditTeamRole | null;
  /** The DRI released the audit report to the hospital. */
  released: boolean;
}

/**
 * Who reads the audit (ratings, findings, summary, report): the DRI; the team; the hospital's staff once the DRI
 * released the report. Nobody else (an auditor off the team does not see the process at all).
 */
export function canReadAudit(actor: Actor, ofEstablishment: boolean, access: AuditAccess): boolean {
  if (actor.role === "dri_admin") return true;
  if (actor.role === "auditor") return access.teamRole !== null;
  return actor.role === "hospital" && ofEstablishment && access.released;
}

export type AuditEditRefusal = "forbidden" | "not_editable" | null;

/** Whether the actor may rate: a member of the team, while the visit is scheduled or in progress. */
export function auditEditRefusal(actor: Actor, state: ProcessState, teamRole: AuditTeamRole | null): AuditEditRefusal {
  if (actor.role !== "auditor" || teamRole === null) return "forbidden";
  return isAuditEditable(state) ? null : "not_editable";
}

/** Consolidation (changing a colleague's rating, the summary, submission) belongs to the lead. */
export function isLead(teamRole: AuditTeamRole | null): boolean {
  return teamRole === "lead";
}

/**
 * A co-auditor rates what nobody rated yet and changes their own ratings; a rating a colleague saved is the lead's
 * to change (the history keeps both names).
 */
export function mayChangeAuditRating(teamRole: AuditTeamRole | null, actorId: string, lastSavedBy: string | null): boolean {
  if (teamRole === "lead") return true;
  return teamRole === "co_auditor" && (lastSavedBy === null || lastSavedBy === actorId);
}
