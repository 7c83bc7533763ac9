// Demo data of the audit visit and the committee's decision, written through the services so the history, the audit
// trail, the notices and the state transitions are those of real use (the self-ratings through the rating write's
// first save of many criteria at once, which records what a save per criterion would):
// - CHNCAK Touba (touba@label.example.org): a 2024 process with a complete self-assessment and an audit by the demo
//   auditor (lead) and the second demo auditor (co-auditor) proposing Argent (content in demo-audit-content.ts), then
//   the committee's decision as published: Label Argent with a special mention, decided on 5 December 2025 by the DRI
//   demo administrator (recordDecision: the label, its certificate number, the report released);
// - the CHU Sylvanus Olympio, Lomé (registry): its process is FICTIONAL (the hospital is real, this self-assessment and
//   this audit never happened), its audit handed in and proposing Bronze, the report not released: a decision to take;
// - the Hôpital Mère-Enfant de Bingerville (registry): a FICTIONAL 2024 process, handed in, with a visit scheduled for
//   the demo auditors a few weeks ahead, so there is always a visit to score (its real label history: demo-labels.ts).
// Idempotent: an establishment that already has a process (Bingerville: on the 2024 version) is left alone. Each
// establishment's data is written in one transaction, so an interrupted run leaves nothing half done. Runs after the
// referential import and the registry.
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { auditVisits, establishments, labellingProcesses, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { Language } from "#app/domain/language.ts";
import { hashPassword as defaultHashPassword } from "#app/services/accounts/passwords.server.ts";
import { saveAuditRating, saveAuditSummary, submitAudit, type AuditRatingInput } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit, scheduleVisit } from "#app/services/audit/visits.server.ts";
import { recordDecision } from "#app/services/label/decisions.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { createAction, type ActionInput } from "#app/services/process/action-plan.server.ts";
import { addEvidence, linkEvidence, storeEvidenceBytes, type StoredUpload } from "#app/services/process/evidence.server.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { getProcess, openProcess, submitSelfAssessment } from "#app/services/process/lifecycle.server.ts";
import { addComment, requireEditable, SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { insertFirstRatings } from "#app/services/process/versioned-rating.server.ts";
import { readRegistryData } from "#app/services/registry/registry-seed.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { ratingToText, type RatingValue } from "#app/domain/process/rating-input.ts";
import { DEMO_ESTABLISHMENTS, DEMO_PASSWORD } from "./demo.ts";
import {
  LOME_SUMMARY,
  lomeRatings,
  TEAM_CHAPTERS,
  thirdHospitalRatings,
  TOUBA_DATES,
  TOUBA_DECISION,
  TOUBA_SUMMARY,
  toubaRatings,
  type DemoAuditRating,
  type DemoCriterion,
} from "./demo-audit-content.ts";
import { minimalPdf } from "./demo-files.ts";
import { actorByEmail, isoDaysFromNow, noonOf } from "./demo-process.ts";

export const TOUBA_NAME = DEMO_ESTABLISHMENTS[0].name;
export const LEAD_AUDITOR_EMAIL = "auditeur@label.example.org";
export const CO_AUDITOR_EMAIL = "auditrice2@label.example.org";
/** The third establishment: its key in db/seed/registry-data.json, and the demo coordinator of its fictional process. */
export const THIRD_HOSPITAL = {
  registryKey: "bingerville",
  coordinator: { email: "bingerville@label.example.org", name: "Dr Adjoua Kouassi", language: "fr" },
} as const;
/** The establishment whose fictional audit awaits the committee's decision, and its demo coordinator. */
export const LOME_HOSPITAL = {
  registryKey: "sylvanus_olympio",
  coordinator: { email: "lome@label.example.org", name: "Dr Akossiwa Mensah", language: "fr" },
} as const;
/** Said on a fictional process itself, where its readers see it: a comment on its first criterion. */
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

/** Whether the establishment has a process (on the given version, when one is named). */
async function hasProcess(db: Db, establishmentId: string, versionId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: labellingProcesses.id })
    .from(labellingProcesses)
    .where(and(eq(labellingProcesses.establishmentId, establishmentId), versionId ? eq(labellingProcesses.referentialVersionId, versionId) : undefined))
    .limit(1);
  return !!row;
}

/** An establishment of the cooperation registry by its key in db/seed/registry-data.json; null before the registry is loaded. */
export async function registryEstablishmentId(db: Db, key: string): Promise<string | null> {
  const entry = readRegistryData().establishments.find((e) => e.key === key)!;
  const [row] = await db
    .select({ id: establishments.id })
    .from(establishments)
    .where(and(eq(establishments.name, entry.name), eq(establishments.city, entry.city)));
  return row?.id ?? null;
}

/** The demo coordinator of a registry hospital, with the demo password (left alone when already there). */
async function demoCoordinator(
  db: Db,
  establishmentId: string,
  person: { email: string; name: string; language: Language },
  hashPassword: (password: string) => Promise<string> = defaultHashPassword,
): Promise<Actor> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.insert(users).values({ ...person, role: "hospital", establishmentId, isCoordinator: true, passwordHash }).onConflictDoNothing();
  return (await actorByEmail(db, person.email))!;
}

/** Throws when a service refused what the demo writes: the demo content is wrong, and the transaction rolls back. */
function expectSaved(result: { status: string }, what: string) {
  if (result.status !== "saved") throw new Error(`demo audit seed: ${what} was not saved (${JSON.stringify(result)})`);
}

function auditInput(rating: DemoAuditRating, baseVersion: number): AuditRatingInput {
  return { rating: ratingToText(rating.rating)!, finding: rating.finding, classification: rating.classification ?? "", methods: rating.methods, baseVersion };
}

/** Chapter code → the team member given it. */
function chapterAssignments(lead: Actor, coAuditor: Actor): Record<string, string[]> {
  return Object.fromEntries([...TEAM_CHAPTERS.lead.map((c) => [c, [lead.id]]), ...TEAM_CHAPTERS.coAuditor.map((c) => [c, [coAuditor.id]])]);
}

/** A hospital's journey up to the visit: what differs from one demo hospital to the next. */
interface HandIn {
  establishmentId: string;
  coordinator: Actor;
  /** Every criterion's self-rating and justification. */
  selfRatings: { code: string; rating: RatingValue; justification: string }[];
  selfAssessmentDue: string;
  visit: { startsOn: string; endsOn: string };
  /** Evidence files already stored (nothing slow inside the transaction), each linked to its criteria. */
  /** Files already in the storage, recorded as evidence (the storage erases them if the hand-in fails). */
  evidence?: { storage: EvidenceStorage; stored: StoredUpload; criteria: [string, ...string[]] }[];
  actions?: Omit<ActionInput, "ownerUserId">[];
  /** The process is fictional: said in a comment on its first criterion. */
  fictional?: boolean;
}

/**
 * Opens the process, rates every criterion at once (the same rows, versions and audit trail as a save per criterion,
 * which would add a second to the first start; the unit test checks the ratings against the rules saveRating
 * applies), adds the evidence and actions, hands the self-assessment in and schedules the visit for the demo team.
 */
async function handInAndSchedule(tx: Db, people: Cast, input: HandIn): Promise<string> {
  const { admin, lead, coAuditor, versionId } = people;
  const { coordinator } = input;
  const frozen = await getFrozenVersion(tx, versionId);
  const processId = await openProcess(tx, admin, { establishmentId: input.establishmentId, referentialVersionId: versionId, selfAssessmentDue: input.selfAssessmentDue, plannedVisit: input.visit.startsOn }, ctx);
  const process = await getProcess(tx, coordinator, processId);
  if (input.fictional) await addComment(tx, coordinator, process, frozen.prepared.criteria[0]!.code, FICTIONAL_NOTE);
  requireEditable(coordinator, process);
  const rows = input.selfRatings.map((r) => ({
    criterionId: frozen.criterionIds.get(r.code)!,
    criterionCode: r.code,
    actorId: coordinator.id,
    fields: { rating: ratingToText(r.rating)!, justification: r.justification },
  }));
  await insertFirstRatings(tx, SELF_ASSESSMENT, processId, rows, "rating.save");
  for (const { storage, stored, criteria: [first, ...others] } of input.evidence ?? []) {
    const { fileId } = await addEvidence(tx, storage, coordinator, process, stored, { linkToCriterionCode: first });
    for (const code of others) await linkEvidence(tx, coordinator, process, fileId, code);
  }
  for (const action of input.actions ?? []) await createAction(tx, coordinator, process, { ...action, ownerUserId: null });
  await submitSelfAssessment(tx, coordinator, processId, ctx);
  await scheduleVisit(tx, admin, await getProcess(tx, admin, processId), { ...input.visit, leadId: lead.id, coAuditorIds: [coAuditor.id], chapters: chapterAssignments(lead, coAuditor) }, ctx);
  return processId;
}

/**
 * The visit: each auditor rates their chapters (the first rating starts the visit), the lead consolidates the
 * co-auditor's ratings the content changes (both names in the history), writes the summary and hands the audit in.
 */
async function auditAndSubmit(tx: Db, people: Cast, processId: string, content: DemoCriterion[], summary: { fr: string; en: string }) {
  const { lead, coAuditor } = people;
  let process = await getProcess(tx, lead, processId);
  const visit = await loadVisit(tx, process);
  const leadChapters = new Set<string>(TEAM_CHAPTERS.lead);
  for (const c of content) {
    const rater = leadChapters.has(c.chapterCode) ? lead : coAuditor;
    expectSaved(await saveAuditRating(tx, rater, process, visit, c.code, auditInput(c.firstAudit ?? c.audit, 0)), `audit rating ${c.code}`);
    if (process.state === "audit_scheduled") process = await getProcess(tx, lead, processId); // the first rating started the visit
  }
  for (const c of content) if (c.firstAudit) expectSaved(await saveAuditRating(tx, lead, process, visit, c.code, auditInput(c.audit, 1)), `consolidation of ${c.code}`);
  expectSaved(await saveAuditSummary(tx, lead, process, visit, { summaryFr: summary.fr, summaryEn: summary.en, baseVersion: 0 }), "audit summary");
  await submitAudit(tx, lead, process, await loadVisit(tx, process), ctx);
}

/** Touba's process, from opening to the committee's decision (Label Argent with its mention). Null when skipped. */
export async function seedToubaAudit(db: Db, options: { storage: EvidenceStorage }): Promise<{ processId: string; certificateNumber: string } | null> {
  const [touba] = await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.name, TOUBA_NAME));
  const people = await cast(db);
  const coordinator = await actorByEmail(db, "touba@label.example.org");
  if (!touba || !people || !coordinator || (await hasProcess(db, touba.id))) return null;
  const content = toubaRatings((await getFrozenVersion(db, people.versionId)).version);
  const plan = await storeEvidenceBytes(
    options.storage,
    "Plan de gestion des situations sanitaires exceptionnelles - Grand Magal 2024.pdf",
    minimalPdf(["CHN Cheikh Ahmadou Khadim - Touba", "Plan de gestion des situations sanitaires exceptionnelles", "Dispositif du Grand Magal 2024 : cellule de crise, tri, rappel du personnel"]),
  );
  const handHygiene = await storeEvidenceBytes(
    options.storage,
    "Audit observance hygiène des mains - septembre 2024.pdf",
    minimalPdf(["CHN Cheikh Ahmadou Khadim - Touba", "Audit d'observance de l'hygiene des mains (5 moments OMS)", "Resultats par unite - septembre 2024"]),
  );

  return db.transaction(async (tx) => {
    // The visit: the lead took the governance, patient and clinical chapters, the co-auditor the rest.
    const processId = await handInAndSchedule(tx, people, {
      establishmentId: touba.id,
      coordinator,
      selfRatings: content.map((c) => ({ code: c.code, ...c.self })),
      selfAssessmentDue: TOUBA_DATES.selfAssessmentDue,
      visit: { startsOn: TOUBA_DATES.visitStartsOn, endsOn: TOUBA_DATES.visitEndsOn },
      evidence: [
        { storage: options.storage, stored: plan, criteria: ["12.1.4", "5.1.3"] },
        { storage: options.storage, stored: handHygiene, criteria: ["9.2.3"] },
      ],
      actions: [
        { criterionCode: "4.1.4", title: "Équiper les unités adultes de pèse-personnes et introduire un outil de dépistage de la dénutrition", owner: "Direction des soins infirmiers", dueDate: isoDaysFromNow(60), status: "planned" },
        { criterionCode: "2.3.3", title: "Conduire la première enquête de culture de sécurité auprès des professionnels", owner: "Cellule qualité et gestion des risques", dueDate: isoDaysFromNow(120), status: "planned" },
        { criterionCode: "13.2.3", title: "Aménager un local d'archives protégé de l'humidité et équipé d'un détecteur d'incendie", owner: "Service technique", dueDate: isoDaysFromNow(90), status: "in_progress" },
      ],
    });
    await auditAndSubmit(tx, people, processId, content, TOUBA_SUMMARY);
    // The committee's decision, recorded by the DRI demo administrator: the label, its certificate, the report released.
    const process = await getProcess(tx, people.admin, processId);
    const { certificateNumber } = await recordDecision(tx, people.admin, process, await loadVisit(tx, process), TOUBA_DECISION, ctx);
    // The services stamp what they write with the time of the seeding; the dates the pages show as the process's own
    // (opened, visit scheduled, audit handed in, report released with the decision) follow the story instead. The
    // history of states and the audit trail, append-only, keep the time the demo was written.
    await tx.update(labellingProcesses).set({ openedAt: noonOf(TOUBA_DATES.openedOn) }).where(eq(labellingProcesses.id, processId));
    await tx
      .update(auditVisits)
      .set({ scheduledAt: noonOf(TOUBA_DATES.visitScheduledOn), submittedAt: noonOf(TOUBA_DATES.auditSubmittedOn), releasedAt: noonOf(TOUBA_DECISION.decidedOn) })
      .where(eq(auditVisits.processId, processId));
    return { processId, certificateNumber: certificateNumber! };
  });
}

/** Lomé's fictional process: self-assessment handed in, audit ended three days ago and handed in, awaiting the decision. Null when skipped. */
export async function seedLomeAudit(db: Db, options: { hashPassword?: (password: string) => Promise<string> } = {}): Promise<{ processId: string } | null> {
  const hospitalId = await registryEstablishmentId(db, LOME_HOSPITAL.registryKey); // loaded by the registry seed (at every start when empty)
  const people = await cast(db);
  if (!hospitalId || !people || (await hasProcess(db, hospitalId))) return null;
  const coordinator = await demoCoordinator(db, hospitalId, LOME_HOSPITAL.coordinator, options.hashPassword);
  const content = lomeRatings((await getFrozenVersion(db, people.versionId)).version);
  return db.transaction(async (tx) => {
    const processId = await handInAndSchedule(tx, people, {
      establishmentId: hospitalId,
      coordinator,
      selfRatings: content.map((c) => ({ code: c.code, ...c.self })),
      selfAssessmentDue: isoDaysFromNow(-45),
      visit: { startsOn: isoDaysFromNow(-5), endsOn: isoDaysFromNow(-3) },
      fictional: true,
    });
    await auditAndSubmit(tx, people, processId, content, LOME_SUMMARY);
    return { processId };
  });
}

/** Bingerville's fictional 2024 process: handed in, visit scheduled a few weeks ahead. Null when skipped. */
export async function seedThirdHospitalVisit(db: Db, options: { hashPassword?: (password: string) => Promise<string> } = {}): Promise<{ processId: string } | null> {
  const hospitalId = await registryEstablishmentId(db, THIRD_HOSPITAL.registryKey);
  const people = await cast(db);
  // Its earlier processes (on the 2019 version, demo-labels.ts) are closed: only a 2024 one means it is done.
  if (!hospitalId || !people || (await hasProcess(db, hospitalId, people.versionId))) return null;
  const coordinator = await demoCoordinator(db, hospitalId, THIRD_HOSPITAL.coordinator, options.hashPassword);
  const selfRatings = thirdHospitalRatings((await getFrozenVersion(db, people.versionId)).version);
  const processId = await db.transaction((tx) =>
    handInAndSchedule(tx, people, {
      establishmentId: hospitalId,
      coordinator,
      selfRatings,
      selfAssessmentDue: isoDaysFromNow(-10),
      visit: { startsOn: isoDaysFromNow(21), endsOn: isoDaysFromNow(23) },
      fictional: true,
    }),
  );
  return { processId };
}

/** All three; each part is skipped when already there (or when what it needs is missing). */
export async function seedDemoAudit(db: Db, options: { storage: EvidenceStorage; hashPassword?: (password: string) => Promise<string> }) {
  return {
    touba: await seedToubaAudit(db, options),
    lome: await seedLomeAudit(db, options),
    thirdHospital: await seedThirdHospitalVisit(db, options),
  };
}
