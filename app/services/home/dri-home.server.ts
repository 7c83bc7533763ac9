// The DRI's home: where every hospital stands and what needs the DRI now. A fixed number of queries whatever the
// number of processes: the processes with their stage, visit and decision in force (two), the applications waiting
// (one), the public list of labels (two, and its versions read once per server), the renewals' carried-over ratings
// of the self-assessments in progress (three).
import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditVisits, countries, decisionAnnulments, establishments, labellingDecisions, labellingProcesses, processTransitions } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { expiringLabels, labelsByCountry, labelsByLevel } from "#app/domain/label/figures.ts";
import { buildPipeline, driAttention, type PipelineProcess } from "#app/domain/process/pipeline.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { listPublicLabels } from "#app/services/label/labels.server.ts";
import { countPendingApplications } from "#app/services/process/applications.server.ts";
import { ProcessError } from "#app/services/process/process-error.ts";
import { carryOverStatuses } from "#app/services/process/renewal.server.ts";

interface DriProcess extends PipelineProcess {
  /** A renewal in self-assessment: how many ratings it carried over, how many are still to confirm. */
  carryOver: { fromVersion: string; carried: number; toConfirm: number } | null;
  establishmentCity: string;
  countryCode: string;
  countryName: { fr: string; en: string };
}

/** Every process the DRI follows (not withdrawn), with when it entered its state, its visit and decision in force. */
async function followedProcesses(db: Db): Promise<DriProcess[]> {
  // The latest move into the process's current state (the history is append-only; none for a process opened by hand).
  const enteredAt = sql<Date | null>`(select max(${processTransitions.at}) from ${processTransitions} where ${processTransitions.processId} = ${labellingProcesses.id} and ${processTransitions.toState} = ${labellingProcesses.state})`.mapWith(
    processTransitions.at,
  );
  const [rows, decisions] = await Promise.all([
    db
      .select({
        id: labellingProcesses.id,
        state: labellingProcesses.state,
        establishmentName: establishments.name,
        establishmentCity: establishments.city,
        countryCode: establishments.countryCode,
        countryFr: countries.nameFr,
        countryEn: countries.nameEn,
        openedAt: labellingProcesses.openedAt,
        enteredAt,
        selfAssessmentDue: labellingProcesses.selfAssessmentDue,
        visitStartsOn: auditVisits.startsOn,
        visitEndsOn: auditVisits.endsOn,
        visitReleasedAt: auditVisits.releasedAt,
      })
      .from(labellingProcesses)
      .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
      .leftJoin(countries, eq(countries.iso, establishments.countryCode))
      .leftJoin(auditVisits, eq(auditVisits.processId, labellingProcesses.id))
      .where(ne(labellingProcesses.state, "withdrawn")),
    // The decision in force of each deferred or decided process: its newest decision not annulled.
    db
      .selectDistinctOn([labellingDecisions.processId], {
        processId: labellingDecisions.processId,
        outcome: labellingDecisions.outcome,
        level: labellingDecisions.level,
        decidedOn: labellingDecisions.decidedOn,
        revisitOn: labellingDecisions.revisitOn,
      })
      .from(labellingDecisions)
      .innerJoin(labellingProcesses, eq(labellingProcesses.id, labellingDecisions.processId))
      .leftJoin(decisionAnnulments, eq(decisionAnnulments.decisionId, labellingDecisions.id))
      .where(and(inArray(labellingProcesses.state, ["deferred", "decided"]), isNull(decisionAnnulments.decisionId)))
      .orderBy(labellingDecisions.processId, desc(labellingDecisions.recordedAt), desc(labellingDecisions.id)),
  ]);
  const decisionOf = new Map(decisions.map(({ processId, ...d }) => [processId, d]));
  // A renewal's carried-over ratings matter while the hospital confirms them.
  const carriedOf = await carryOverStatuses(db, rows.filter((r) => r.state === "self_assessment").map((r) => r.id));
  return rows.map(({ countryFr, countryEn, visitStartsOn, visitEndsOn, visitReleasedAt, ...row }) => {
    const carried = carriedOf.get(row.id);
    return {
      ...row,
      countryName: { fr: countryFr ?? row.countryCode, en: countryEn ?? row.countryCode },
      visit: visitStartsOn && visitEndsOn ? { startsOn: visitStartsOn, endsOn: visitEndsOn, releasedAt: visitReleasedAt } : null,
      decision: decisionOf.get(row.id) ?? null,
      carryOver: carried ? { fromVersion: carried.fromVersion, carried: carried.carried, toConfirm: carried.toConfirm } : null,
    };
  });
}

export async function loadDriHome(db: Db, user: Actor, now = new Date()) {
  if (user.role !== "dri_admin") throw new ProcessError("forbidden");
  const today = todayIso(now);
  const [processes, applicationsPending, listed] = await Promise.all([
    followedProcesses(db),
    countPendingApplications(db),
    listPublicLabels(db, { country: null, level: null }, today),
  ]);
  // What the page shows of a label: no committee, no justification.
  const labels = listed.map((l) => ({
    processId: l.processId,
    certificateNumber: l.certificateNumber,
    establishmentName: l.establishmentName,
    establishmentCity: l.establishmentCity,
    countryCode: l.countryCode,
    countryName: l.countryName,
    level: l.level,
    levelName: l.levelName,
    validUntil: l.validUntil,
    status: l.status,
  }));
  return {
    today,
    pipeline: buildPipeline(processes, now),
    attention: { applicationsPending, ...driAttention(processes, now), labelsExpiring: expiringLabels(labels) },
    figures: { labelled: labels.length, byLevel: labelsByLevel(labels), byCountry: labelsByCountry(labels) },
  };
}
export type DriHomeData = Awaited<ReturnType<typeof loadDriHome>>;
