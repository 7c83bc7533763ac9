// The demo's label history and the external accreditation of the 2024 version, written with drizzle directly:
// - the Hôpital Mère-Enfant de Bingerville (registry): Label Argent in 2019, the label's first experiment, then Label
//   Or in 2023, both on the 2019 version (public press reports: the levels and the years; the days are illustrative).
//   Each is a closed process (`decided`) with its history of states, the committee's decision and its label. These
//   processes predate the platform: no self-assessment or audit ratings were ever recorded on it, so no service can
//   write them (recordDecision decides on an audit handed in on the platform, and scores it) and the decisions'
//   computed level stays null (not computed on the platform). The Argent label has expired since; the Or one runs
//   until 2027. Bingerville's current 2024 process (a fictional one, demo-audit.ts) is apart.
// - ISQua's accreditation of the 2024 version, in 2025 (DOMAIN.md; the sources give the year only: the day and the
//   reference are illustrative).
// Idempotent: Bingerville's history is written when it has no process on the 2019 version, the accreditation when the
// 2024 version has none from ISQua. Runs after the registry and the shipped referentials.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { labellingDecisions, labellingProcesses, labels, processTransitions, referentialAccreditations, referentialVersions } from "#db/schema.ts";
import { certificateNumber } from "#app/domain/label/certificate-number.ts";
import { defaultValidUntil } from "#app/domain/label/status.ts";
import type { ProcessState } from "#app/domain/process/state-machine.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { DEMO_COMMITTEE, DEMO_SIGNER } from "./demo-audit-content.ts";
import { registryEstablishmentId, THIRD_HOSPITAL } from "./demo-audit.ts";
import { actorByEmail, noonOf } from "./demo-process.ts";

/** Said on the first step of each earlier process's history. */
export const HISTORY_NOTE =
  "Démarche antérieure à la plateforme, reprise par les données de démonstration : niveau et année d'après les sources publiques, dates illustratives. / Process that predates the platform, entered by the demo data: level and year from public sources, dates illustrative.";

interface PastProcess {
  level: LevelCode;
  openedOn: string;
  selfAssessmentDue: string;
  submittedOn: string;
  visitScheduledOn: string;
  visitStartsOn: string;
  auditSubmittedOn: string;
  decidedOn: string;
}

/** Bingerville's labels, oldest first: the dates of each journey, up to the committee's decision. */
export const BINGERVILLE_HISTORY: readonly PastProcess[] = [
  {
    level: "silver",
    openedOn: "2019-01-21",
    selfAssessmentDue: "2019-03-29",
    submittedOn: "2019-03-27",
    visitScheduledOn: "2019-04-01",
    visitStartsOn: "2019-04-23",
    auditSubmittedOn: "2019-05-10",
    decidedOn: "2019-06-14",
  },
  {
    level: "gold",
    openedOn: "2022-10-03",
    selfAssessmentDue: "2023-01-31",
    submittedOn: "2023-01-27",
    visitScheduledOn: "2023-02-06",
    visitStartsOn: "2023-03-14",
    auditSubmittedOn: "2023-04-04",
    decidedOn: "2023-05-26",
  },
];

/** ISQua's accreditation of the 2024 version. */
export const ISQUA_ACCREDITATION = {
  body: "ISQua",
  accreditedOn: "2025-07-01",
  reference: "ISQua EEA — accréditation du référentiel 2024 (référence et jour illustratifs : les sources ne donnent que l'année)",
} as const;

async function versionId(db: Db, version: string): Promise<string | null> {
  const [row] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, version)));
  return row?.id ?? null;
}

/** Bingerville's two earlier processes, each decided, with its label. Null when skipped. */
export async function seedBingervilleHistory(db: Db): Promise<{ processIds: string[]; certificateNumbers: string[] } | null> {
  const [hospitalId, version2019] = await Promise.all([registryEstablishmentId(db, THIRD_HOSPITAL.registryKey), versionId(db, "2019")]);
  if (!hospitalId || !version2019) return null;
  const [existing] = await db
    .select({ id: labellingProcesses.id })
    .from(labellingProcesses)
    .where(and(eq(labellingProcesses.establishmentId, hospitalId), eq(labellingProcesses.referentialVersionId, version2019)))
    .limit(1);
  if (existing) return null;
  return db.transaction(async (tx) => {
    const processIds: string[] = [];
    const certificateNumbers: string[] = [];
    for (const past of BINGERVILLE_HISTORY) {
      const [process] = await tx
        .insert(labellingProcesses)
        .values({
          establishmentId: hospitalId,
          referentialVersionId: version2019,
          state: "decided",
          selfAssessmentDue: past.selfAssessmentDue,
          plannedVisit: past.visitStartsOn,
          openedAt: noonOf(past.openedOn),
          updatedAt: noonOf(past.decidedOn),
        })
        .returning({ id: labellingProcesses.id });
      const processId = process!.id;
      // The journey, step by step; nobody on the platform moved it (shown as the system).
      const steps: [ProcessState | null, ProcessState, string][] = [
        [null, "self_assessment", past.openedOn],
        ["self_assessment", "submitted", past.submittedOn],
        ["submitted", "audit_scheduled", past.visitScheduledOn],
        ["audit_scheduled", "audit_in_progress", past.visitStartsOn],
        ["audit_in_progress", "audit_submitted", past.auditSubmittedOn],
        ["audit_submitted", "decided", past.decidedOn],
      ];
      await tx.insert(processTransitions).values(
        steps.map(([fromState, toState, on], i) => ({
          processId,
          fromState,
          toState,
          at: noonOf(on),
          actorUserId: null,
          comment: i === 0 ? HISTORY_NOTE : null,
        })),
      );
      const validUntil = defaultValidUntil(past.decidedOn, 4);
      const [decision] = await tx
        .insert(labellingDecisions)
        .values({
          processId,
          outcome: "awarded",
          level: past.level,
          computedLevel: null,
          decidedOn: past.decidedOn,
          validFrom: past.decidedOn,
          validUntil,
          committeeMembers: DEMO_COMMITTEE,
          ...DEMO_SIGNER,
          recordedBy: null,
          recordedAt: noonOf(past.decidedOn),
        })
        .returning({ id: labellingDecisions.id });
      const number = certificateNumber(Number(past.decidedOn.slice(0, 4)), randomBytes(5));
      await tx.insert(labels).values({
        decisionId: decision!.id,
        establishmentId: hospitalId,
        referentialVersionId: version2019,
        level: past.level,
        certificateNumber: number,
        decidedOn: past.decidedOn,
        validFrom: past.decidedOn,
        validUntil,
        createdAt: noonOf(past.decidedOn),
      });
      processIds.push(processId);
      certificateNumbers.push(number);
    }
    return { processIds, certificateNumbers };
  });
}

/** ISQua's accreditation of the 2024 version, recorded by the DRI demo administrator. Null when skipped. */
export async function seedAccreditation(db: Db): Promise<{ id: string } | null> {
  const version2024 = await versionId(db, "2024");
  if (!version2024) return null;
  const [existing] = await db
    .select({ id: referentialAccreditations.id })
    .from(referentialAccreditations)
    .where(and(eq(referentialAccreditations.referentialVersionId, version2024), eq(referentialAccreditations.body, ISQUA_ACCREDITATION.body)))
    .limit(1);
  if (existing) return null;
  const admin = await actorByEmail(db, "admin@label.example.org");
  const [row] = await db
    .insert(referentialAccreditations)
    .values({ referentialVersionId: version2024, ...ISQUA_ACCREDITATION, recordedBy: admin?.id ?? null })
    .returning({ id: referentialAccreditations.id });
  return row!;
}

/** Both; each is skipped when already there (or when what it needs is missing). */
export async function seedDemoLabels(db: Db) {
  return { bingervilleHistory: await seedBingervilleHistory(db), accreditation: await seedAccreditation(db) };
}
