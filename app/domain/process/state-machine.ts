/**
 * The labelling process state machine: the one place that says which state may follow which, and who may
 * move it. Later stages (audit, decision) are listed so the whole journey reads in one table.
 */
import type { AuditTeamRole } from "#app/domain/audit/visit.ts";
import type { Actor, Role } from "#app/domain/auth/permissions.ts";

export const PROCESS_STATES = [
  "self_assessment",
  "submitted",
  "audit_scheduled",
  "audit_in_progress",
  "audit_submitted",
  "deferred",
  "decided",
  "withdrawn",
] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/** A process in one of these states is closed: a new one may be opened for the establishment. */
export const CLOSED_STATES: readonly ProcessState[] = ["decided", "withdrawn"];

/**
 * States in which the hospital has handed in its self-assessment: what AP-HP auditors read to prepare a visit
 * (a self-assessment in progress, or withdrawn before it was handed in, stays the hospital's).
 */
export const HANDED_IN_STATES: readonly ProcessState[] = ["submitted", "audit_scheduled", "audit_in_progress", "audit_submitted", "deferred", "decided"];

export interface TransitionActor {
  role: Role;
  isCoordinator: boolean;
  /** The actor belongs to the process's establishment. */
  ofEstablishment: boolean;
  /** The actor's place on the process's audit team, if any. */
  teamRole?: AuditTeamRole | null;
}

/** The state machine's view of a signed-in actor facing one establishment's process. */
export function transitionActor(
  actor: Pick<Actor, "role" | "isCoordinator" | "establishmentId">,
  process: { establishmentId: string },
  teamRole: AuditTeamRole | null = null,
): TransitionActor {
  const base = { role: actor.role, isCoordinator: actor.isCoordinator, ofEstablishment: actor.establishmentId === process.establishmentId };
  return teamRole ? { ...base, teamRole } : base;
}

type Who = (actor: TransitionActor) => boolean;
const dri: Who = (a) => a.role === "dri_admin";
const coordinator: Who = (a) => a.role === "hospital" && a.isCoordinator && a.ofEstablishment;
const teamMember: Who = (a) => a.role === "auditor" && (a.teamRole === "lead" || a.teamRole === "co_auditor");
const lead: Who = (a) => a.role === "auditor" && a.teamRole === "lead";

interface TransitionRule {
  from: ProcessState;
  to: ProcessState;
  who: Who;
  /** A written reason is required (kept in the history). */
  reasonRequired: boolean;
}

const RULES: TransitionRule[] = [
  { from: "self_assessment", to: "submitted", who: coordinator, reasonRequired: false },
  { from: "submitted", to: "self_assessment", who: dri, reasonRequired: true },
  { from: "submitted", to: "audit_scheduled", who: dri, reasonRequired: false },
  // The visit starts with the team's first rating; only the lead auditor hands the consolidated audit in.
  { from: "audit_scheduled", to: "audit_in_progress", who: teamMember, reasonRequired: false },
  { from: "audit_in_progress", to: "audit_submitted", who: lead, reasonRequired: false },
  // The committee: an award or a refusal closes the process; a deferral waits for a revisit (a new audit round), after
  // which the committee decides again. A wrong decision is annulled with a reason and taken again.
  { from: "audit_submitted", to: "decided", who: dri, reasonRequired: false },
  { from: "audit_submitted", to: "deferred", who: dri, reasonRequired: false },
  { from: "deferred", to: "audit_scheduled", who: dri, reasonRequired: false },
  { from: "decided", to: "audit_submitted", who: dri, reasonRequired: true },
  { from: "deferred", to: "audit_submitted", who: dri, reasonRequired: true },
  ...(["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted", "deferred"] as const).map(
    (from): TransitionRule => ({ from, to: "withdrawn", who: dri, reasonRequired: true }),
  ),
];

export type TransitionCheck = { ok: true; reasonRequired: boolean } | { ok: false; reason: "not_allowed" | "forbidden" };

/** Whether `actor` may move a process from `from` to `to`. */
export function checkTransition(actor: TransitionActor, from: ProcessState, to: ProcessState): TransitionCheck {
  const rule = RULES.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, reason: "not_allowed" };
  if (!rule.who(actor)) return { ok: false, reason: "forbidden" };
  return { ok: true, reasonRequired: rule.reasonRequired };
}

/** The moves open to this actor from a state (for the buttons a page shows). */
export function availableTransitions(actor: TransitionActor, from: ProcessState): ProcessState[] {
  return RULES.filter((r) => r.from === from && r.who(actor)).map((r) => r.to);
}

export function isClosed(state: ProcessState): boolean {
  return CLOSED_STATES.includes(state);
}

/** The hospital may change its self-assessment only while it is in progress; afterwards it is read-only. */
export function isSelfAssessmentEditable(state: ProcessState): boolean {
  return state === "self_assessment";
}
