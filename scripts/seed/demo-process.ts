// Demo data: a self-assessment in progress at the CNHU de Fann (label-qss 2024), so a newcomer signing in as
// fann@label.example.org sees a realistic process: about half of the criteria rated, a few evidence files
// (generated PDFs and a PNG, stored like any upload), an action plan and chapters shared with a colleague. Fann has
// no maternity: the criteria that depend on one are N/A, justified, waiting for the auditor's confirmation.
// Idempotent: nothing is done when Fann already has a process. Runs after the startup referential import.
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { chapterAssignments, establishments, labellingProcesses, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { Service } from "#app/domain/referential/schema.ts";
import { createAction } from "#app/services/process/action-plan.server.ts";
import { addEvidence, linkEvidence, storeEvidenceBytes } from "#app/services/process/evidence.server.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { hashPassword as defaultHashPassword } from "#app/services/accounts/passwords.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { getProcess, openProcess } from "#app/services/process/lifecycle.server.ts";
import { SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { insertFirstRatings, type FirstRating } from "#app/services/process/versioned-rating.server.ts";
import { DEMO_PASSWORD } from "./demo.ts";
import { seededRandom } from "./demo-audit-content.ts";
import { minimalPdf, tinyPng } from "./demo-files.ts";

export const FANN_NAME = "CNHU de Fann";
export const FANN_COLLEAGUE = { email: "aissatou@label.example.org", name: "Aïssatou Diop", language: "fr" } as const;
/** A second colleague, who reads in English: his notices and e-mails come in English (no chapter yet). */
export const FANN_ENGLISH_COLLEAGUE = { email: "ibrahima@label.example.org", name: "Ibrahima Sarr", language: "en" } as const;

/** Share of each chapter's criteria already rated (chapters in version order): the team went chapter by chapter. */
const CHAPTER_PROGRESS = [1, 1, 0.6, 0.6, 0.5, 0.3, 0.2, 0.4, 0.9, 0.3, 0.2, 0.1, 0];
/** Criteria the demo evidence and actions are about: always rated. */
const ALWAYS_RATED = ["1.1.4", "2.2.2", "4.1.1", "9.1.1", "9.2.2", "9.2.3", "9.2.4"];
/**
 * The services Fann does not have (a referral hospital for neurology, psychiatry, infectious diseases, cardiology…,
 * without a maternity), with the hospital's justification: every criterion depending on one is rated N/A.
 */
export const FANN_ABSENT_SERVICES: Partial<Record<Service, string>> = {
  maternity:
    "Le CNHU de Fann n'a pas de maternité : aucun accouchement n'y est pratiqué. Les femmes enceintes qui se présentent sont orientées vers les maternités de référence de Dakar après stabilisation.",
};

const JUSTIFICATIONS: Record<string, string[]> = {
  "3": [
    "Procédure validée et appliquée dans tous les services ; vérifiée lors de l'audit interne de début d'année.",
    "Conforme : les comptes rendus des trois derniers trimestres sont disponibles au bureau qualité.",
    "",
    "",
  ],
  "2": [
    "La procédure existe et est appliquée dans la plupart des services ; quelques écarts relevés en pédiatrie lors de l'audit interne.",
    "Organisation en place mais traçabilité incomplète sur les gardes de nuit et de week-end.",
    "Mise en œuvre effective depuis six mois ; l'évaluation formelle reste à conduire dans deux services.",
    "Document de référence à jour ; diffusion aux nouveaux arrivants encore irrégulière.",
  ],
  "1": [
    "Procédure rédigée mais pas encore diffusée ni appliquée en dehors du service pilote.",
    "Pratique hétérogène selon les équipes ; aucune évaluation réalisée à ce jour. Action inscrite au plan.",
    "Le matériel nécessaire n'est disponible que dans une partie des unités (ruptures d'approvisionnement).",
  ],
  "0": [
    "Aucune organisation formalisée à ce jour ; le sujet sera traité par le comité qualité du prochain trimestre.",
    "Pas de registre ni de preuve disponible ; action prioritaire inscrite au plan d'actions.",
  ],
  NA: ["Activité non réalisée dans l'établissement (pas d'unité dédiée) ; les patients concernés sont transférés."],
};

export function isoDaysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Noon UTC of a calendar date (a time stamp the demo sets to its story's day). */
export function noonOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/**
 * Opens Fann's 2024 process and fills it. Returns what was done, or null when skipped (Fann or its accounts
 * missing, label-qss 2024 not published, or Fann already has a process).
 */
export async function seedDemoProcess(
  db: Db,
  options: { storage: EvidenceStorage; hashPassword?: (password: string) => Promise<string> },
): Promise<{ processId: string; ratings: number; files: number; actions: number } | null> {
  const [fann] = await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.name, FANN_NAME));
  const [version] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024"), eq(referentialVersions.status, "published")));
  if (!fann || !version) return null;
  const [existing] = await db.select({ id: labellingProcesses.id }).from(labellingProcesses).where(eq(labellingProcesses.establishmentId, fann.id)).limit(1);
  if (existing) return null;
  const admin = await actorByEmail(db, "admin@label.example.org");
  const coordinator = await actorByEmail(db, "fann@label.example.org");
  if (!admin || !coordinator) return null;

  // Colleagues of the coordinator, with the demo password.
  const passwordHash = await (options.hashPassword ?? defaultHashPassword)(DEMO_PASSWORD);
  for (const person of [FANN_COLLEAGUE, FANN_ENGLISH_COLLEAGUE]) {
    await db
      .insert(users)
      .values({ ...person, role: "hospital", establishmentId: fann.id, isCoordinator: false, passwordHash })
      .onConflictDoNothing();
  }
  const colleague = (await actorByEmail(db, FANN_COLLEAGUE.email))!;

  const processId = await openProcess(db, admin, {
    establishmentId: fann.id,
    referentialVersionId: version.id,
    selfAssessmentDue: isoDaysFromNow(90),
    plannedVisit: isoDaysFromNow(150),
  }, { baseUrl: "", t: translate }); // no request here: links are stored as paths (see notifications.server.ts)
  const process = await getProcess(db, coordinator, processId);
  const frozen = await getFrozenVersion(db, version.id);

  // Ratings: about half of the criteria, chapter by chapter, mostly "fully" and "largely met".
  const next = seededRandom(2024);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const rows: FirstRating<{ rating: string; justification: string }>[] = [];
  for (const criterion of frozen.prepared.criteria) {
    const progress = CHAPTER_PROGRESS[criterion.chapterIndex] ?? 0;
    const chosen = next() < progress;
    const absent = criterion.service ? FANN_ABSENT_SERVICES[criterion.service] : undefined;
    if (!chosen && !ALWAYS_RATED.includes(criterion.code)) {
      // A missing service is said once for all its criteria: they are rated N/A whatever the team's progress.
      if (absent) rows.push({ criterionId: frozen.criterionIds.get(criterion.code)!, criterionCode: criterion.code, actorId: coordinator.id, fields: { rating: "NA", justification: absent } });
      continue;
    }
    const roll = next();
    let rating: string;
    // A service-dependent criterion is N/A only where the service is missing, never at random.
    if (criterion.naAllowed && !criterion.service && roll < 0.3) rating = "NA";
    else if (criterion.tier === "critical") rating = roll < 0.6 ? "3" : roll < 0.92 ? "2" : "1";
    else rating = roll < 0.45 ? "3" : roll < 0.8 ? "2" : roll < 0.94 ? "1" : "0";
    const justification = pick(JUSTIFICATIONS[rating]!);
    const author = next() < 0.6 ? coordinator : colleague;
    rows.push({
      criterionId: frozen.criterionIds.get(criterion.code)!,
      criterionCode: criterion.code,
      actorId: author.id,
      fields: absent ? { rating: "NA", justification: absent } : { rating, justification },
    });
  }
  await db.transaction((tx) => insertFirstRatings(tx, SELF_ASSESSMENT, processId, rows, "rating.save"));

  // Who works on which chapter.
  const chapterId = (code: string) => frozen.chapterIds.get(code)!;
  await db.insert(chapterAssignments).values([
    { processId, chapterId: chapterId("1"), userId: coordinator.id, assignedBy: coordinator.id },
    { processId, chapterId: chapterId("2"), userId: coordinator.id, assignedBy: coordinator.id },
    { processId, chapterId: chapterId("3"), userId: coordinator.id, assignedBy: coordinator.id },
    { processId, chapterId: chapterId("3"), userId: colleague.id, assignedBy: coordinator.id },
    { processId, chapterId: chapterId("4"), userId: colleague.id, assignedBy: coordinator.id },
    { processId, chapterId: chapterId("9"), userId: colleague.id, assignedBy: coordinator.id },
  ]);

  // Evidence, stored exactly like uploads; the hand hygiene procedure supports two criteria.
  const procedure = await storeEvidenceBytes(
    options.storage,
    "Procédure hygiène des mains 2024.pdf",
    minimalPdf(["CNHU de Fann - Procedure hygiene des mains", "Version 3 - validee par le CLIN le 12/02/2024", "Friction hydro-alcoolique aux 5 moments OMS"]),
  );
  const { fileId: procedureId } = await addEvidence(db, options.storage, colleague, process, procedure, { linkToCriterionCode: "9.2.3" });
  await linkEvidence(db, colleague, process, procedureId, "9.2.4");
  const clin = await storeEvidenceBytes(
    options.storage,
    "Compte rendu CLIN mars 2025.pdf",
    minimalPdf(["CNHU de Fann - Comite de lutte contre les infections nosocomiales", "Compte rendu de la reunion du 18 mars 2025"]),
  );
  await addEvidence(db, options.storage, colleague, process, clin, { linkToCriterionCode: "9.1.1" });
  const poster = await storeEvidenceBytes(options.storage, "Affiche identitovigilance.png", tinyPng());
  await addEvidence(db, options.storage, coordinator, process, poster, { linkToCriterionCode: "4.1.1" });

  // The action plan: done, in progress, planned; two past their due date.
  const actions = [
    { by: colleague, criterionCode: "9.2.3", title: "Réaliser un audit d'observance de l'hygiène des mains dans les cinq services pilotes", owner: "Équipe opérationnelle d'hygiène", dueDate: isoDaysFromNow(30), status: "in_progress" },
    { by: colleague, criterionCode: "9.2.2", title: "Équiper les unités de médecine de distributeurs de savon liquide et d'essuie-mains à usage unique", owner: "Service technique", dueDate: isoDaysFromNow(-10), status: "planned" },
    { by: colleague, criterionCode: "4.1.1", title: "Généraliser le bracelet d'identification dès l'admission aux urgences", owner: "Cadre de santé des urgences", dueDate: isoDaysFromNow(60), status: "in_progress" },
    { by: coordinator, criterionCode: "2.2.2", title: "Former les cadres de santé à l'analyse des causes des événements indésirables graves (méthode ALARM)", owner: "Cellule qualité et gestion des risques", dueDate: isoDaysFromNow(-40), status: "done" },
    { by: coordinator, criterionCode: "1.1.4", title: "Planifier une visite de terrain mensuelle de la direction consacrée à la sécurité des soins", owner: "Direction des soins", dueDate: isoDaysFromNow(-5), status: "in_progress" },
    { by: coordinator, criterionCode: "13.1.4", title: "Conduire l'audit annuel de la tenue du dossier patient sur 30 dossiers", owner: "Département d'information médicale", dueDate: isoDaysFromNow(120), status: "planned" },
  ] as const;
  for (const a of actions) {
    // The colleague is reminded of her overdue action; the others remind the coordinator.
    const ownerUserId = a.criterionCode === "9.2.2" ? colleague.id : null;
    await createAction(db, a.by, process, { criterionCode: a.criterionCode, title: a.title, owner: a.owner, ownerUserId, dueDate: a.dueDate, status: a.status });
  }
  return { processId, ratings: rows.length, files: 3, actions: actions.length };
}

export async function actorByEmail(db: Db, email: string): Promise<Actor | null> {
  const [row] = await db
    .select({ id: users.id, role: users.role, establishmentId: users.establishmentId, isCoordinator: users.isCoordinator, active: users.active })
    .from(users)
    .where(eq(users.email, email));
  return row ?? null;
}
