// A labelling process audited from end to end, built through the services as people would (no row written by
// hand): a complete self-assessment handed in, a visit scheduled by the DRI with a lead and a co-auditor sharing
// the chapters, every criterion rated by the team (findings of every classification), the lead's summary and the
// submitted audit. The hospital rates itself more generously than the auditors in chapters 3 and 9; the audit
// ratings reach Silver (every critical criterion fully met). Its own establishment and people, so it never meets
// the demo seed; the DRI is the demo administrator. Options stop it earlier: before the submission (`submit: false`),
// and before the summary too (`summary: false`).
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { FindingClassification } from "#app/domain/audit/visit.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import { hashPassword as defaultHashPassword } from "#app/services/accounts/passwords.server.ts";
import { saveAuditRating, saveAuditSummary, submitAudit } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit, scheduleVisit } from "#app/services/audit/visits.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getProcess, openProcess, submitSelfAssessment } from "#app/services/process/lifecycle.server.ts";
import { saveRating } from "#app/services/process/self-assessment.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export const AUDIT_FIXTURE_PASSWORD = "audit-fixture-2025";

export interface FixturePerson extends Actor {
  email: string;
  name: string;
}

export interface AuditFixture {
  processId: string;
  establishment: { id: string; name: string; city: string };
  admin: FixturePerson;
  coordinator: FixturePerson;
  lead: FixturePerson;
  coAuditor: FixturePerson;
  /** An active auditor who is not on this visit's team. */
  offTeam: FixturePerson;
  /** What was rated, by criterion code. */
  ratings: Map<string, { self: RatingValue; audit: RatingValue }>;
}

export interface AuditFixtureOptions {
  /** Tells this fixture's establishment and people from another one in the same database (default "a"). */
  key?: string;
  /** Stop before the lead submits (the visit stays in progress). */
  submit?: boolean;
  /**
   * `false`: the lead's summary is not written either (the audit is complete, the lead writes the summary and submits
   * in a browser). Only with `submit: false`: an audit cannot be submitted without its summary.
   */
  summary?: boolean;
  hashPassword?: (password: string) => Promise<string>;
  adminEmail?: string;
}

/** Chapters where the hospital rated itself more generously than the auditors. */
export const OVER_RATED_CHAPTERS = ["3", "9"];
/** Chapters the co-auditor rates (the lead the others). */
const CO_AUDITOR_CHAPTERS = ["7", "8", "9", "10", "11", "12", "13"];

const FINDINGS: Record<FindingClassification | "none", string> = {
  strength: "Pratique exemplaire observée dans tous les services visités ; les équipes la connaissent et l'appliquent.",
  recommendation: "Organisation en place mais traçabilité incomplète constatée sur les dossiers tirés au sort ; à généraliser.",
  non_conformity: "Procédure non appliquée dans deux des trois unités visitées ; aucune preuve de suivi n'a pu être présentée.",
  none: "",
};

/**
 * The criteria this hospital may rate N/A: those of the 2024 version that allowed it before criteria named their
 * service (intensive care, kangaroo care, imaging quality control, blood storage, computerised records). The others
 * that allow it now (surgery, births…) are services this hospital has, so it rates them: the figures the tests read
 * stay as they were.
 */
const NOT_APPLICABLE_HERE = new Set(["5.3.1", "5.3.2", "5.3.3", "7.2.3", "10.2.3", "10.3.2", "13.2.4"]);

/** The audit's rating of the n-th applicable non-critical criterion of a chapter, and the hospital's. */
function ratingsFor(chapterCode: string, tier: string, naAllowed: boolean, n: number): { self: RatingValue; audit: RatingValue } {
  if (naAllowed && n % 9 === 4) return { self: "NA", audit: "NA" };
  if (naAllowed && n % 9 === 7) return { self: "NA", audit: 2 };
  if (tier === "critical") return { self: 3, audit: 3 };
  if (OVER_RATED_CHAPTERS.includes(chapterCode)) {
    return { self: 3, audit: ([2, 3, 2, 1, 2] as const)[n % 5]! };
  }
  const audit = ([3, 2, 3, 1, 2, 3, 2, 3] as const)[n % 8]!;
  // Elsewhere the two mostly agree, with a slip either way now and then.
  const self = n % 7 === 3 ? Math.min(3, audit + 1) : n % 11 === 5 ? Math.max(0, audit - 1) : audit;
  return { self, audit };
}

function classificationOf(audit: RatingValue, n: number): FindingClassification | null {
  if (audit === 3) return n % 4 === 0 ? "strength" : null;
  if (audit === "NA") return null;
  return audit === 2 ? "recommendation" : "non_conformity";
}

async function person(db: Db, values: typeof users.$inferInsert): Promise<FixturePerson> {
  const [row] = await db.insert(users).values(values).returning();
  return { id: row!.id, role: row!.role, establishmentId: row!.establishmentId, isCoordinator: row!.isCoordinator, active: row!.active, email: row!.email, name: row!.name };
}

export async function buildAuditedProcess(db: Db, options: AuditFixtureOptions = {}): Promise<AuditFixture> {
  const key = options.key ?? "a";
  if (options.summary === false && options.submit !== false) throw new Error("an audit without a summary cannot be submitted: pass submit: false too");
  const ctx = { baseUrl: "", t: translate };
  const passwordHash = await (options.hashPassword ?? defaultHashPassword)(AUDIT_FIXTURE_PASSWORD);
  await importShippedReferentials(db);
  const [version] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024"), eq(referentialVersions.status, "published")));
  if (!version) throw new Error("label-qss 2024 is not published");
  const [adminRow] = await db.select().from(users).where(eq(users.email, options.adminEmail ?? "admin@label.example.org"));
  if (!adminRow) throw new Error("the DRI administrator is missing (seedDemo first)");
  const admin: FixturePerson = { id: adminRow.id, role: adminRow.role, establishmentId: null, isCoordinator: false, active: true, email: adminRow.email, name: adminRow.name };

  const name = `Centre hospitalier régional de Thiès (${key})`;
  const [establishment] = await db.insert(establishments).values({ name, shortName: `CHR Thiès ${key}`, countryCode: "SN", city: "Thiès" }).returning();
  const coordinator = await person(db, { email: `coordination.${key}@thies.example.sn`, name: `Fatou Diallo (${key})`, role: "hospital", establishmentId: establishment!.id, isCoordinator: true, passwordHash });
  const lead = await person(db, { email: `lead.${key}@audit.example.org`, name: `Dr Hélène Martin (${key})`, role: "auditor", passwordHash });
  const coAuditor = await person(db, { email: `co.${key}@audit.example.org`, name: `Dr Karim Benali (${key})`, role: "auditor", passwordHash });
  const offTeam = await person(db, { email: `ailleurs.${key}@audit.example.org`, name: `Dr Paul Girard (${key})`, role: "auditor", passwordHash });

  const processId = await openProcess(db, admin, { establishmentId: establishment!.id, referentialVersionId: version.id, selfAssessmentDue: null, plannedVisit: null }, ctx);
  const frozen = await getFrozenVersion(db, version.id);

  // The hospital's self-assessment, criterion by criterion, then handed in.
  const ratings = new Map<string, { self: RatingValue; audit: RatingValue }>();
  let process = await getProcess(db, coordinator, processId);
  for (const chapter of frozen.version.chapters) {
    let n = 0;
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) {
        const prepared = frozen.prepared.criteria[frozen.prepared.criterionIndex.get(criterion.code)!]!;
        const pair = ratingsFor(chapter.code, criterion.tier, prepared.naAllowed && NOT_APPLICABLE_HERE.has(criterion.code), n++);
        ratings.set(criterion.code, pair);
        const justification = pair.self === 3 ? "" : "Mise en œuvre encore partielle : plan d'actions en cours.";
        const saved = await saveRating(db, coordinator, process, criterion.code, { rating: String(pair.self), justification, baseVersion: 0 });
        if (saved.status !== "saved") throw new Error(`self rating of ${criterion.code}: ${saved.status}`);
      }
    }
  }
  await submitSelfAssessment(db, coordinator, processId, ctx);

  // The visit: the DRI schedules the team; each auditor rates their chapters.
  process = await getProcess(db, admin, processId);
  const chapters = Object.fromEntries(frozen.version.chapters.map((c) => [c.code, [CO_AUDITOR_CHAPTERS.includes(c.code) ? coAuditor.id : lead.id]]));
  await scheduleVisit(db, admin, process, { startsOn: "2026-03-09", endsOn: "2026-03-12", leadId: lead.id, coAuditorIds: [coAuditor.id], chapters }, ctx);
  process = await getProcess(db, lead, processId);
  let visit = await loadVisit(db, process);
  for (const chapter of frozen.version.chapters) {
    let n = 0;
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) {
        const { audit } = ratings.get(criterion.code)!;
        const classification = classificationOf(audit, n++);
        const finding = audit === "NA" ? "Activité absente de l'établissement, constatée sur place." : FINDINGS[classification ?? "none"];
        const auditor = CO_AUDITOR_CHAPTERS.includes(chapter.code) ? coAuditor : lead;
        const saved = await saveAuditRating(db, auditor, process, visit, criterion.code, {
          rating: String(audit),
          finding,
          classification: classification ?? "",
          methods: criterion.methods.slice(0, 2),
          baseVersion: 0,
        });
        if (saved.status !== "saved") throw new Error(`audit rating of ${criterion.code}: ${saved.status}`);
      }
    }
  }
  process = await getProcess(db, lead, processId);
  if (options.summary !== false) {
    await saveAuditSummary(db, lead, process, visit, {
      summaryFr: "Points forts : une direction engagée et une culture du signalement bien installée. Recommandations prioritaires : généraliser la traçabilité de l'hygiène des mains et le suivi des événements indésirables.",
      summaryEn: "Strengths: committed leadership and a well-established reporting culture. Priority recommendations: extend hand hygiene traceability and the follow-up of adverse events.",
      baseVersion: 0,
    });
  }
  if (options.submit !== false) {
    visit = await loadVisit(db, process);
    await submitAudit(db, lead, process, visit, ctx);
  }
  return { processId, establishment: { id: establishment!.id, name, city: "Thiès" }, admin, coordinator, lead, coAuditor, offTeam, ratings };
}
