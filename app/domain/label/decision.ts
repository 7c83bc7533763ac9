/** The labelling committee's decision. */
export const DECISION_OUTCOMES = ["awarded", "deferred", "refused"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
import type { LevelCode } from "#app/domain/referential/schema.ts";
// Placeholder until the label-domain branch lands (same signatures).
export interface DecisionInput {
  outcome: DecisionOutcome;
  level: LevelCode | null;
  levelJustification: string;
  mentionFr: string;
  mentionEn: string;
  decidedOn: string;
  validFrom: string | null;
  validUntil: string | null;
  conditions: string;
  revisitOn: string | null;
  reasons: string;
  committeeMembers: string;
  signerName: string;
  signerTitle: string;
}
export type DecisionIssueCode = string;
export function decisionIssues(input: DecisionInput, computedLevel: LevelCode | null): { field: keyof DecisionInput; code: DecisionIssueCode }[] {
  const issues: { field: keyof DecisionInput; code: string }[] = [];
  if (input.outcome === "awarded" && !input.level) issues.push({ field: "level", code: "required" });
  if (input.outcome === "awarded" && input.level !== computedLevel && !input.levelJustification.trim()) issues.push({ field: "levelJustification", code: "justification_required" });
  return issues;
}
export function departsFromComputedLevel(input: DecisionInput, computedLevel: LevelCode | null): boolean {
  return input.outcome === "awarded" && input.level !== computedLevel;
}
