/**
 * The labelling committee's decision on a submitted audit: award (a label and its certificate), deferral (conditions
 * and a revisit: a new audit round) or refusal. A recorded decision is never changed (the database refuses it); a
 * wrong one is annulled with a reason, which sends the process back to the committee. Each step is one transaction
 * with its history, audit trail and notices; recording a decision releases the audit report.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  auditRatings,
  auditTeamMembers,
  auditRounds,
  auditVisits,
  decisionAnnulments,
  labelEvents,
  labellingDecisions,
  labellingProcesses,
  labels,
  processTransitions,
  users,
} from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { certificateNumber } from "#app/domain/label/certificate-number.ts";
import { decisionIssues, type DecisionInput } from "#app/domain/label/decision.ts";
import { checkTransition, transitionActor, type ProcessState } from "#app/domain/process/state-machine.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, establishmentStaff, notify, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadAuditRatings, scoreAudit } from "#app/services/audit/audit-ratings.server.ts";
import type { AuditVisit } from "#app/services/audit/visits.server.ts";
import { LabelError } from "./label-error.ts";

/** The refusal of a decision form: the problems by field (the form keeps what was typed). */
export class DecisionRefusal extends Error {
  constructor(public readonly problems: Partial<Record<keyof DecisionInput, string>>) {
    super("decision_refused");
  }
}

export interface RecordedDecision extends DecisionInput {
  id: string;
  auditRound: number;
  computedLevel: LevelCode | null;
  recordedAt: Date;
  recordedByName: string | null;
  annulment: { reason: string; at: Date; byName: string | null } | null;
  /** The certificate number of the label an award created. */
  certificateNumber: string | null;
}

/** Every decision on a process, newest first, with its annulment and its label's number (three queries). */
export async function listDecisions(db: Db, processId: string): Promise<RecordedDecision[]> {
  const rows = await db
    .select({ decision: labellingDecisions, recordedByName: users.name })
    .from(labellingDecisions)
    .leftJoin(users, eq(users.id, labellingDecisions.recordedBy))
    .where(eq(labellingDecisions.processId, processId))
    .orderBy(desc(labellingDecisions.recordedAt), desc(labellingDecisions.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.decision.id);
  const [annulments, numbers] = await Promise.all([
    db
      .select({ decisionId: decisionAnnulments.decisionId, reason: decisionAnnulments.reason, at: decisionAnnulments.annulledAt, byName: users.name })
      .from(decisionAnnulments)
      .leftJoin(users, eq(users.id, decisionAnnulments.annulledBy))
      .where(inArray(decisionAnnulments.decisionId, ids)),
    db.select({ decisionId: labels.decisionId, number: labels.certificateNumber }).from(labels).where(inArray(labels.decisionId, ids)),
  ]);
  const annulmentOf = new Map(annulments.map((a) => [a.decisionId, { reason: a.reason, at: a.at, byName: a.byName }]));
  const numberOf = new Map(numbers.map((n) => [n.decisionId, n.number]));
  return rows.map(({ decision: { processId: _, recordedBy: __, ...d }, recordedByName }) => ({
    ...d,
    recordedByName,
    annulment: annulmentOf.get(d.id) ?? null,
    certificateNumber: numberOf.get(d.id) ?? null,
  }));
}

/** The decision in force: the newest one not annulled, if any. */
export function decisionInForce(decisions: readonly RecordedDecision[]): RecordedDecision | null {
  return decisions.find((d) => d.annulment === null) ?? null;
}

/** A level's name in both languages, from the process's version. */
export function levelNames(frozen: FrozenVersion, level: LevelCode | null): { levelFr: string; levelEn: string } {
  const found = frozen.version.levels.find((l) => l.code === level);
  return { levelFr: found?.name.fr ?? "", levelEn: found?.name.en ?? "" };
}

/** The level the audit ratings reach now (the committee's default), and the scoring result behind it. */
export async function computedAuditLevel(db: Db, process: ProcessSummary) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const result = scoreAudit(frozen, await loadAuditRatings(db, process));
  return { frozen, result, level: result.level };
}

/** A fresh certificate number; a collision (40 random bits: practically never) is retried by the caller's loop. */
function newCertificateNumber(decidedOn: string): string {
  return certificateNumber(Number(decidedOn.slice(0, 4)), randomBytes(5));
}

/**
 * Records the committee's decision on a process whose audit is submitted. Refusals: DecisionRefusal (the form's
 * problems, by field), LabelError (forbidden, wrong state). An award creates the label; every decision releases
 * the audit report if the DRI had not yet.
 */
export async function recordDecision(db: Db, actor: Actor, process: ProcessSummary, visit: AuditVisit | null, input: DecisionInput, ctx: NotifyContext): Promise<{ decisionId: string; certificateNumber: string | null }> {
  if (actor.role !== "dri_admin") throw new LabelError("forbidden");
  const to: ProcessState = input.outcome === "deferred" ? "deferred" : "decided";
  const check = checkTransition(transitionActor(actor, process), process.state, to);
  if (!check.ok || !visit?.submittedAt) throw new LabelError("audit_not_submitted");
  const { frozen, level: computedLevel } = await computedAuditLevel(db, process);
  const problems: Partial<Record<keyof DecisionInput, string>> = {};
  for (const issue of decisionIssues(input, computedLevel)) problems[issue.field] ??= issue.code;
  if (Object.keys(problems).length) throw new DecisionRefusal(problems);
  const awarded = input.outcome === "awarded";

  for (let attempt = 0; ; attempt++) {
    const number = awarded ? newCertificateNumber(input.decidedOn) : null;
    try {
      return await db.transaction(async (tx) => {
        const moved = await tx
          .update(labellingProcesses)
          .set({ state: to, updatedAt: new Date() })
          .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, "audit_submitted")))
          .returning({ id: labellingProcesses.id });
        // Someone decided meanwhile: a second decision needs the first annulled.
        if (moved.length === 0) throw new LabelError("audit_not_submitted");
        const [round] = await tx.select({ round: auditVisits.round }).from(auditVisits).where(eq(auditVisits.processId, process.id));
        const [decision] = await tx
          .insert(labellingDecisions)
          .values({
            processId: process.id,
            auditRound: round?.round ?? 1,
            outcome: input.outcome,
            level: awarded ? input.level : null,
            computedLevel,
            levelJustification: awarded ? input.levelJustification : "",
            mentionFr: awarded ? input.mentionFr : "",
            mentionEn: awarded ? input.mentionEn : "",
            decidedOn: input.decidedOn,
            validFrom: awarded ? input.validFrom : null,
            validUntil: awarded ? input.validUntil : null,
            conditions: input.outcome === "deferred" ? input.conditions : "",
            revisitOn: input.outcome === "deferred" ? input.revisitOn : null,
            reasons: input.outcome === "refused" ? input.reasons : "",
            committeeMembers: input.committeeMembers,
            signerName: input.signerName,
            signerTitle: input.signerTitle,
            recordedBy: actor.id,
          })
          .returning({ id: labellingDecisions.id });
        await tx.insert(processTransitions).values({ processId: process.id, fromState: "audit_submitted", toState: to, actorUserId: actor.id });
        if (number) {
          await tx.insert(labels).values({
            decisionId: decision!.id,
            establishmentId: process.establishmentId,
            referentialVersionId: process.referentialVersionId,
            level: input.level!,
            mentionFr: input.mentionFr,
            mentionEn: input.mentionEn,
            certificateNumber: number,
            decidedOn: input.decidedOn,
            validFrom: input.validFrom!,
            validUntil: input.validUntil!,
          });
        }
        // Recording a decision releases the audit report (release rule of the audit visit).
        await tx.update(auditVisits).set({ releasedAt: new Date(), releasedBy: actor.id }).where(and(eq(auditVisits.processId, process.id), isNull(auditVisits.releasedAt)));
        await recordInAuditTrail(tx, {
          actorUserId: actor.id,
          action: `decision.${input.outcome}`,
          entityType: "labelling_process",
          entityId: process.id,
          changes: {
            decision: { from: null, to: decision!.id },
            ...(awarded ? { level: { from: computedLevel, to: input.level }, certificateNumber: { from: null, to: number } } : {}),
            ...(input.outcome === "deferred" ? { revisitOn: { from: null, to: input.revisitOn } } : {}),
          },
        });
        await notify(tx, ctx, {
          userIds: [...(await establishmentStaff(tx, process.establishmentId, { coordinatorsOnly: true })), ...(await driAdmins(tx))].filter((id) => id !== actor.id),
          kind: `decision_${input.outcome}`,
          processId: process.id,
          params: {
            establishment: process.establishmentName,
            decidedOn: input.decidedOn,
            ...(awarded ? { validUntil: input.validUntil, ...levelNames(frozen, input.level) } : {}),
            ...(input.outcome === "deferred" ? { revisitOn: input.revisitOn } : {}),
          },
        });
        return { decisionId: decision!.id, certificateNumber: number };
      });
    } catch (error) {
      if (attempt < 3 && number && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === "23505";
}

/**
 * Annuls the decision in force (the DRI, with a reason): the decision and its label stay, marked annulled; the
 * process returns to `audit_submitted` for a new decision.
 */
export async function annulDecision(db: Db, actor: Actor, process: ProcessSummary, reason: string, ctx: NotifyContext): Promise<void> {
  if (actor.role !== "dri_admin") throw new LabelError("forbidden");
  const check = checkTransition(transitionActor(actor, process), process.state, "audit_submitted");
  if (!check.ok) throw new LabelError("nothing_to_annul");
  if (!reason.trim()) throw new LabelError("reason_required", "reason");
  const current = decisionInForce(await listDecisions(db, process.id));
  if (!current) throw new LabelError("nothing_to_annul");
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(labellingProcesses)
      .set({ state: "audit_submitted", updatedAt: new Date() })
      .where(and(eq(labellingProcesses.id, process.id), eq(labellingProcesses.state, process.state)))
      .returning({ id: labellingProcesses.id });
    if (moved.length === 0) throw new LabelError("nothing_to_annul");
    await tx.insert(decisionAnnulments).values({ decisionId: current.id, reason: reason.trim(), annulledBy: actor.id });
    const [label] = await tx.select({ id: labels.id }).from(labels).where(eq(labels.decisionId, current.id));
    if (label) await tx.insert(labelEvents).values({ labelId: label.id, kind: "annulled", reason: reason.trim(), actorUserId: actor.id });
    await tx.insert(processTransitions).values({ processId: process.id, fromState: process.state, toState: "audit_submitted", actorUserId: actor.id, comment: reason.trim() });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "decision.annul",
      entityType: "labelling_process",
      entityId: process.id,
      changes: { decision: { from: current.id, to: null }, ...(current.certificateNumber ? { certificateNumber: { from: current.certificateNumber, to: "annulled" } } : {}) },
    });
    await notify(tx, ctx, {
      userIds: (await establishmentStaff(tx, process.establishmentId, { coordinatorsOnly: true })).filter((id) => id !== actor.id),
      kind: "decision_annulled",
      processId: process.id,
      params: { establishment: process.establishmentName, reason: reason.trim() },
    });
  });
}
