/** Who may change a self-assessment (ratings, comments, evidence, actions), and why not. Pure. */
import type { Actor } from "#app/domain/auth/permissions.ts";
import { isSelfAssessmentEditable, type ProcessState } from "./state-machine.ts";

export type EditRefusal = "forbidden" | "not_editable";

/**
 * Null when the actor may edit: the establishment's own hospital staff, while the self-assessment is in progress.
 * Others are refused as "forbidden" whatever the state; the staff, once it is handed in, as "not_editable".
 */
export function selfAssessmentEditRefusal(
  actor: Pick<Actor, "role" | "establishmentId">,
  process: { establishmentId: string; state: ProcessState },
): EditRefusal | null {
  if (actor.role !== "hospital" || actor.establishmentId !== process.establishmentId) return "forbidden";
  if (!isSelfAssessmentEditable(process.state)) return "not_editable";
  return null;
}

export function canEditSelfAssessment(actor: Pick<Actor, "role" | "establishmentId">, process: { establishmentId: string; state: ProcessState }): boolean {
  return selfAssessmentEditRefusal(actor, process) === null;
}
