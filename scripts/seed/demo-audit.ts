// Demo data of the audit visit, written through the services so the history, the audit trail, the notices and
// the state transitions are those of real use (the self-ratings through the rating write's first save of many
// criteria at once, which records what a save per criterion would):
// - CHNCAK Touba (touba@label.example.org): a 2024 process with a complete self-assessment and a submitted audit by
//   the demo auditor (lead) and the second demo auditor (co-auditor), proposing Argent; the report is not released,
//   so the DRI's decision is still to take (content in demo-audit-content.ts);
// - a third establishment of the cooperation registry, the Hôpital Mère-Enfant de Bingerville: its process is
//   FICTIONAL (the hospital is real, this self-assessment and this visit never happened), handed in, with a visit
//   scheduled for the demo auditors a few weeks ahead, so there is always a visit to score.
// Idempotent: an establishment that already has a process is left alone. Each establishment's data is written in one
// transaction, so an interrupted run leaves nothing half done. Runs after the referential import and the registry.
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, labellingProcesses, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { hashPassword as defaultHashPassword } from "#app/services/accounts/passwords.server.ts";
import { saveAuditRating, saveAuditSummary, submitAudit, type AuditRatingInput } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit, scheduleVisit } from "#app/services/audit/visits.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { createAction } from "#app/services/process/action-plan.server.ts";
import { addEvidence, linkEvidence, storeEvidenceBytes } from "#app/services/process/evidence.server.ts";
import { getProcess, openProcess, submitSelfAssessment, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { addComment, requireEditable, SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { insertFirstRatings } from "#app/services/process/versioned-rating.server.ts";
import { readRegistryData } from "#app/services/registry/registry-seed.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { ratingToText } from "#app/domain/process/rating-input.ts";
import { DEMO_ESTABLISHMENTS, DEMO_PASSWORD } from "./demo.ts";
import { thirdHospitalRatings, TOUBA_CHAPTERS, TOUBA_SUMMARY, toubaRatings, type DemoAuditRating } from "./demo-audit-content.ts";
import { minimalPdf } from "./demo-files.ts";
import { actorByEmail, isoDaysFromNow } from "./demo-process.ts";

export const TOUBA_NAME = DEMO_ESTABLISHMENTS[0].name;
export const LEAD_AUDITOR_EMAIL = "auditeur@label.example.org";
export const CO_AUDITOR_EMAIL = "auditrice2@label.example.org";
/** The third establishment: its key in db/seed/registry-data.json, and the demo coordinator of its fictional process. */
export const THIRD_HOSPITAL = {
  registryKey: "bingerville",
  coordinator: { email: "bingerville@label.example.org", name: "Dr Adjoua Kouassi", language: "fr" },
} as const;
/** Said on the fictional process itself, where its readers see it: a comment on its first criterion. */
export const FICTIONAL_NOTE =
  "Démarche fictive, créée par les données de démonstration de la plateforme : l'établissement figure au registre des coopérations, mais cette autoévaluation et cette visite n'ont pas eu lieu. / Fictional process created by the platform's demo data: the hospital is in the cooperation registry, but this self-assessment and this visit never happened.";

// No request here: links in notices are stored as paths (see notifications.server.ts).
const ctx = { baseUrl: "", t: translate };

interface Cast {
  admin: Actor;
  lead: Actor;
  coAuditor: Actor;
  versionId: string;
}

async function cast(db: Db): Promise<Cast | null> {
  const [version] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024"), eq(referentialVersions.status, "published")));
  const [admin, lead, coAuditor] = await Promise.all([actorByEmail(db, "admin@label.example.org"), actorByEmail(db, LEAD_AUDITOR_EMAIL), actorByEmail(db, CO_AUDITOR_EMAIL)]);
  if (!version || !admin || !lead || !coAuditor) return null;
  return { admin, lead, coAuditor, versionId: version.id };
}

async function hasProcess(db: Db, establishmentId: string): Promise<boolean> {
  const [row] = await db.select({ id: labellingProcesses.id }).from(labellingProcesses).where(eq(labellingProcesses.establishmentId, establishmentId)).limit(1);
  return !!row;
}

/** Throws when a service refused what the demo writes: the demo content is wrong, and the transaction rolls back. */
function expectSaved(result: { status: string }, what: string) {
  if (result.status !== "saved") throw new Error(`demo audit seed: ${what} was not saved (${JSON.stringify(result)})`);
}

function auditInput(rating: DemoAuditRating, baseVersion: number): AuditRatingInput {
  return { rating: ratingToText(rating.rating)!, finding: rating.finding, classification: rating.classification ?? "", methods: rating.methods, baseVersion };
}

/**
 * The hospital rates every criterion at once: the same rows, versions and audit trail as a save per criterion, which
 * would add a second to the first start. The unit test checks the ratings against the rules saveRating applies.
 */
async function rateSelfAssessment(tx: Db, coordinator: Actor, process: ProcessSummary, frozen: FrozenVersion, ratings: { code: string; rating: string; justification: string }[]) {
  requireEditable(coordinator, process);
  const rows = ratings.map((r) => ({
    criterionId: frozen.criterionIds.get(r.code)!,
    criterionCode: r.code,
    actorId: coordinator.id,
    fields: { rating: r.rating, justification: r.justification },
  }));
  await insertFirstRatings(tx, SELF_ASSESSMENT, process.id, rows, "rating.save");
}

/** Chapter code → the team member given it. */
function chapterAssignments(lead: Actor, coAuditor: Actor): Record<string, string[]> {
  return Object.fromEntries([...TOUBA_CHAPTERS.lead.map((c) => [c, [lead.id]]), ...TOUBA_CHAPTERS.coAuditor.map((c) => [c, [coAuditor.id]])]);
}

/** Touba's process, from opening to the submitted audit. Null when skipped. */
export async function seedToubaAudit(db: Db, options: { uploadsDir: string }): Promise<{ processId: string } | null> {
  const [touba] = await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.name, TOUBA_NAME));
  const people = await cast(db);
  const coordinator = await actorByEmail(db, "touba@label.example.org");
  if (!touba || !people || !coordinator || (await hasProcess(db, touba.id))) return null;
  const { admin, lead, coAuditor, versionId } = people;
  const frozen = await getFrozenVersion(db, versionId);
  const content = toubaRatings(frozen.version);
  // Files first: nothing slow inside the transaction.
  const plan = await storeEvidenceBytes(
    options.uploadsDir,
    "Plan de gestion des situations sanitaires exceptionnelles - Grand Magal 2024.pdf",
    minimalPdf(["CHN Cheikh Ahmadou Khadim - Touba", "Plan de gestion des situations sanitaires exceptionnelles", "Dispositif du Grand Magal 2024 : cellule de crise, tri, rappel du personnel"]),
  );
  const handHygiene = await storeEvidenceBytes(
    options.uploadsDir,
    "Audit observance hygiène des mains - septembre 2024.pdf",
    minimalPdf(["CHN Cheikh Ahmadou Khadim - Touba", "Audit d'observance de l'hygiene des mains (5 moments OMS)", "Resultats par unite - septembre 2024"]),
  );

  const processId = await db.transaction(async (tx) => {
    const processId = await openProcess(tx, admin, { establishmentId: touba.id, referentialVersionId: versionId, selfAssessmentDue: isoDaysFromNow(-45), plannedVisit: isoDaysFromNow(-3) }, ctx);
    let process = await getProcess(tx, coordinator, processId);
    await rateSelfAssessment(tx, coordinator, process, frozen, content.map((c) => ({ code: c.code, rating: ratingToText(c.self.rating)!, justification: c.self.justification })));
    const { fileId } = await addEvidence(tx, coordinator, process, plan, { linkToCriterionCode: "12.1.4" });
    await linkEvidence(tx, coordinator, process, fileId, "5.1.3");
    await addEvidence(tx, coordinator, process, handHygiene, { linkToCriterionCode: "9.2.3" });
    const actions = [
      { criterionCode: "4.1.4", title: "Équiper les unités adultes de pèse-personnes et introduire un outil de dépistage de la dénutrition", owner: "Direction des soins infirmiers", dueDate: isoDaysFromNow(60), status: "planned" },
      { criterionCode: "2.3.3", title: "Conduire la première enquête de culture de sécurité auprès des professionnels", owner: "Cellule qualité et gestion des risques", dueDate: isoDaysFromNow(120), status: "planned" },
      { criterionCode: "13.2.3", title: "Aménager un local d'archives protégé de l'humidité et équipé d'un détecteur d'incendie", owner: "Service technique", dueDate: isoDaysFromNow(90), status: "in_progress" },
    ] as const;
    for (const a of actions) await createAction(tx, coordinator, process, { ...a, ownerUserId: null });
    await submitSelfAssessment(tx, coordinator, processId, ctx);

    // The visit ended today: the lead took the governance, patient and clinical chapters, the co-auditor the rest.
    process = await getProcess(tx, admin, processId);
    await scheduleVisit(tx, admin, process, { startsOn: isoDaysFromNow(-3), endsOn: isoDaysFromNow(0), leadId: lead.id, coAuditorIds: [coAuditor.id], chapters: chapterAssignments(lead, coAuditor) }, ctx);
    process = await getProcess(tx, lead, processId);
    const visit = await loadVisit(tx, process);
    const leadChapters = new Set<string>(TOUBA_CHAPTERS.lead);
    for (const c of content) {
      const rater = leadChapters.has(c.chapterCode) ? lead : coAuditor;
      expectSaved(await saveAuditRating(tx, rater, process, visit, c.code, auditInput(c.firstAudit ?? c.audit, 0)), `audit rating ${c.code}`);
      if (process.state === "audit_scheduled") process = await getProcess(tx, lead, processId); // the first rating started the visit
    }
    // The lead consolidates: a colleague's rating changed, both names in the history.
    for (const c of content) if (c.firstAudit) expectSaved(await saveAuditRating(tx, lead, process, visit, c.code, auditInput(c.audit, 1)), `consolidation of ${c.code}`);
    expectSaved(await saveAuditSummary(tx, lead, process, visit, { summaryFr: TOUBA_SUMMARY.fr, summaryEn: TOUBA_SUMMARY.en, baseVersion: 0 }), "audit summary");
    await submitAudit(tx, lead, process, await loadVisit(tx, process), ctx);
    return processId;
  });
  return { processId };
}

/** The fictional process of the third establishment: handed in, visit scheduled a few weeks ahead. Null when skipped. */
export async function seedThirdHospitalVisit(db: Db, options: { hashPassword?: (password: string) => Promise<string> } = {}): Promise<{ processId: string } | null> {
  const entry = readRegistryData().establishments.find((e) => e.key === THIRD_HOSPITAL.registryKey)!;
  // Loaded by the registry seed (at every start when the registry is empty): without it, nothing to do.
  const [hospital] = await db
    .select({ id: establishments.id })
    .from(establishments)
    .where(and(eq(establishments.name, entry.name), eq(establishments.city, entry.city)));
  const people = await cast(db);
  if (!hospital || !people || (await hasProcess(db, hospital.id))) return null;
  const { admin, lead, coAuditor, versionId } = people;
  const passwordHash = await (options.hashPassword ?? defaultHashPassword)(DEMO_PASSWORD);
  await db
    .insert(users)
    .values({ ...THIRD_HOSPITAL.coordinator, role: "hospital", establishmentId: hospital.id, isCoordinator: true, passwordHash })
    .onConflictDoNothing();
  const coordinator = (await actorByEmail(db, THIRD_HOSPITAL.coordinator.email))!;
  const frozen = await getFrozenVersion(db, versionId);

  const processId = await db.transaction(async (tx) => {
    const processId = await openProcess(tx, admin, { establishmentId: hospital.id, referentialVersionId: versionId, selfAssessmentDue: isoDaysFromNow(-10), plannedVisit: isoDaysFromNow(21) }, ctx);
    const process = await getProcess(tx, coordinator, processId);
    await addComment(tx, coordinator, process, frozen.prepared.criteria[0]!.code, FICTIONAL_NOTE);
    await rateSelfAssessment(tx, coordinator, process, frozen, thirdHospitalRatings(frozen.version).map((r) => ({ ...r, rating: ratingToText(r.rating)! })));
    await submitSelfAssessment(tx, coordinator, processId, ctx);
    await scheduleVisit(tx, admin, await getProcess(tx, admin, processId), { startsOn: isoDaysFromNow(21), endsOn: isoDaysFromNow(23), leadId: lead.id, coAuditorIds: [coAuditor.id], chapters: chapterAssignments(lead, coAuditor) }, ctx);
    return processId;
  });
  return { processId };
}

/** Both; each part is skipped when already there (or when what it needs is missing). */
export async function seedDemoAudit(db: Db, options: { uploadsDir: string; hashPassword?: (password: string) => Promise<string> }) {
  return { touba: await seedToubaAudit(db, options), thirdHospital: await seedThirdHospitalVisit(db, options) };
}
