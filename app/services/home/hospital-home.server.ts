// The hospital's home: where its labelling process stands and what comes next (the self-assessment left to rate, my
// chapters, overdue actions, the visit, the report, the committee's decision), and the label it holds. A fixed number
// of queries whatever the data: the processes and labels of the establishment, then, by the process's state, its
// ratings and chapter assignments, its overdue actions, its visit, its decisions (the referential version is cached).
import type { Db } from "#db/client.ts";
import { VISIT_STATES } from "#app/domain/audit/visit.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { staffMayDownloadCertificate } from "#app/domain/label/status.ts";
import { chapterProgress, dueIn, homeProcess, nextStep } from "#app/domain/process/next-step.ts";
import { availableTransitions, isClosed, transitionActor } from "#app/domain/process/state-machine.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { decisionInForce, listDecisions } from "#app/services/label/decisions.server.ts";
import { labelsOfEstablishment, type LabelView } from "#app/services/label/labels.server.ts";
import { listActions } from "#app/services/process/action-plan.server.ts";
import { loadAssignments } from "#app/services/process/assignments.server.ts";
import { listProcesses, missingCriteria, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export async function loadHospitalHome(db: Db, user: Actor, today = todayIso()) {
  const [processes, labels] = await Promise.all([
    listProcesses(db, user),
    user.establishmentId ? labelsOfEstablishment(db, user.establishmentId, today) : Promise.resolve([]),
  ]);
  const process = homeProcess(processes);
  // The newest label not annulled: the one the establishment holds, or held last.
  const label = labels.find((l) => l.status !== "annulled") ?? null;
  return {
    process: process ? await processAtHome(db, user, process, today) : null,
    /** No process open (none yet, or the last one closed): the page says how the next one starts. */
    noOpenProcess: process === null || isClosed(process.state),
    label: label ? labelAtHome(label) : null,
  };
}
export type HospitalHomeData = Awaited<ReturnType<typeof loadHospitalHome>>;

async function processAtHome(db: Db, user: Actor, process: ProcessSummary, today: string) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const rating = process.state === "self_assessment";
  const [ratings, assignments, overdueActions, visit, decisions] = await Promise.all([
    rating ? loadRatings(db, process) : null,
    rating ? loadAssignments(db, process) : null,
    // Overdue actions matter while the process is open (the daily reminders stop once it is closed).
    isClosed(process.state) ? [] : listActions(db, process, { overdue: true }, today),
    VISIT_STATES.includes(process.state) ? loadVisit(db, process) : null,
    process.state === "decided" || process.state === "deferred" ? listDecisions(db, process.id) : [],
  ]);
  const selfAssessment = ratings && assignments ? selfAssessmentAtHome(frozen, user, process, ratings, assignments, today) : null;
  const decision = decisionInForce(decisions);
  const level = frozen.version.levels.find((l) => l.code === decision?.level);
  return {
    id: process.id,
    state: process.state,
    referential: `${process.referentialCode} ${process.referentialVersion}`,
    next: nextStep(process.state, { left: selfAssessment?.left ?? 0, toConfirm: selfAssessment?.toConfirm ?? 0, outcome: decision?.outcome ?? null }),
    /** The visit the DRI had in mind when opening the process (until one is scheduled). */
    plannedVisit: visit ? null : process.plannedVisit,
    selfAssessment,
    overdueActions: overdueActions.length,
    visit: visit
      ? { startsOn: visit.startsOn, endsOn: visit.endsOn, lead: visit.team.find((m) => m.role === "lead")?.name ?? "", reportReleased: visit.releasedAt !== null }
      : null,
    decision: decision
      ? {
          outcome: decision.outcome,
          level: level ? { code: level.code, name: level.name } : null,
          decidedOn: decision.decidedOn,
          conditions: decision.conditions,
          revisitOn: decision.revisitOn,
        }
      : null,
  };
}

/** How far the self-assessment has gone, what is left (the first criterion, my chapters) and when it is due. */
function selfAssessmentAtHome(
  frozen: FrozenVersion,
  user: Actor,
  process: ProcessSummary,
  ratings: Awaited<ReturnType<typeof loadRatings>>,
  assignments: Awaited<ReturnType<typeof loadAssignments>>,
  today: string,
) {
  const result = scoreSelfAssessment(frozen, ratings);
  const { rated, applicable } = result.completeness;
  const mine = new Set([...assignments].filter(([, people]) => people.some((p) => p.userId === user.id)).map(([code]) => code));
  const titles = new Map(frozen.version.chapters.map((c) => [c.code, c.title]));
  return {
    rated,
    applicable,
    left: applicable - rated,
    firstUnrated: missingCriteria(result)[0] ?? null,
    // A renewal's carried-over ratings nobody confirmed or changed yet (they hold the submission back).
    toConfirm: [...ratings.values()].filter((r) => r.carriedOverFrom !== null).length,
    due: process.selfAssessmentDue ? dueIn(process.selfAssessmentDue, today) : null,
    canSubmit: availableTransitions(transitionActor(user, process), process.state).includes("submitted"),
    myChapters: chapterProgress(frozen.prepared, result)
      .filter((c) => mine.has(c.code))
      .map((c) => ({ ...c, title: titles.get(c.code)! })),
  };
}

function labelAtHome(label: LabelView) {
  return {
    certificateNumber: label.certificateNumber,
    level: label.level,
    levelName: label.levelName,
    mention: label.mentionFr || label.mentionEn ? { fr: label.mentionFr, en: label.mentionEn } : null,
    decidedOn: label.decidedOn,
    validFrom: label.validFrom,
    validUntil: label.validUntil,
    status: label.status,
    mayDownload: staffMayDownloadCertificate(label.status),
  };
}
