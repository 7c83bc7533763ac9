// Everything the audit report shows, loaded at once (a handful of queries, whatever the number of criteria): the
// comparison page, the printable report, the PDF and the XLSX export are all built from this, after loading —
// never with a database call while rendering. The hospital's side is its own self-assessment report, as loaded for
// the self-assessment's documents; the auditors' side is scored by the same engine.
import type { Db } from "#db/client.ts";
import { agreementByChapter, largestDisagreements, type AgreementFigures, type ChapterAgreement, type RatingPair } from "#app/domain/audit/agreement.ts";
import { excerpt, groupFindings, levelsBlockedByCritical, type FindingGroup } from "#app/domain/audit/report.ts";
import { serviceNaReview, type ServiceNaReview } from "#app/domain/audit/service-na.ts";
import type { FindingClassification } from "#app/domain/audit/visit.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { Bilingual, LevelCode, Service, Tier } from "#app/domain/referential/schema.ts";
import { percentForDisplay, type Completeness, type NextLevel } from "#app/domain/scoring/engine.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { countryNames, loadSelfAssessmentReport, type SelfAssessmentReport } from "#app/services/process/self-assessment-report.server.ts";
import { loadRatingStates } from "#app/services/process/self-assessment.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { scoreSavedRatings } from "#app/services/process/scored-ratings.server.ts";
import { loadAuditRatings, scoreAudit, type SavedAuditRating } from "./audit-ratings.server.ts";
import type { AuditVisit, TeamMember } from "./visits.server.ts";

/** One criterion, both sides. */
export interface AuditReportCriterion {
  code: string;
  chapterCode: string;
  text: Bilingual;
  tier: Tier;
  naAllowed: boolean;
  /** The service the criterion depends on, or null. */
  service: Service | null;
  self: RatingValue | null;
  /** Null when the team has not rated it. */
  audit: SavedAuditRating | null;
}

/** An N/A on a service-dependent criterion and what the audit made of it (confirmed, refused, pending, found on site). */
export interface ServiceNaRow {
  code: string;
  text: Bilingual;
  tier: Tier;
  service: Service;
  self: RatingValue | null;
  audit: RatingValue | null;
  review: ServiceNaReview;
  /** The auditor's finding: why the N/A was confirmed or refused. */
  finding: string;
}

export interface AuditReportChapter {
  code: string;
  title: Bilingual;
  /** Scores in per cent (one decimal, rounded down), null when nothing is rated on that side. */
  self: number | null;
  audit: number | null;
  agreement: ChapterAgreement;
}

export interface AuditFinding {
  code: string;
  chapterCode: string;
  text: Bilingual;
  self: RatingValue | null;
  rating: RatingValue | null;
  finding: string;
  classification: FindingClassification | null;
  methods: string[];
}

/** What the report, the PDF and the comparison page show (the hospital's justifications stay in `self`). */
/** The visit as the report shows it: dates, summary, submission, release and the team's names (no e-mail). */
export type ReportedVisit = Omit<AuditVisit, "team"> & { team: Pick<TeamMember, "userId" | "name" | "role">[] };

export interface AuditReportView {
  process: ProcessSummary;
  visit: ReportedVisit;
  country: Bilingual;
  referentialTitle: Bilingual;
  generatedAt: Date;
  scale: SelfAssessmentReport["scale"];
  levels: { code: LevelCode; name: Bilingual }[];
  /** The auditors' result: the level they propose and the engine's explanation. */
  audit: { final: boolean; completeness: Completeness; level: LevelCode | null; global: number | null; next: NextLevel | null };
  selfResult: SelfAssessmentReport["result"];
  chapters: AuditReportChapter[];
  agreement: AgreementFigures;
  /** Compared criteria rated differently, largest gap first. */
  disagreements: { code: string; chapterCode: string; text: Bilingual; self: number; audit: number; gap: number }[];
  critical: { code: string; text: Bilingual; self: RatingValue | null; audit: RatingValue | null; blocks: LevelCode[]; service: Service | null; review: ServiceNaReview | null }[];
  /** Every N/A on a service-dependent criterion, on either side, with what the audit made of it. */
  serviceNa: ServiceNaRow[];
  findings: { chapterCode: string; groups: { group: FindingGroup; findings: AuditFinding[] }[] }[];
}

export interface AuditReport extends AuditReportView {
  /** The hospital's whole self-assessment (justifications, evidence, action plan), for the workbook. */
  self: SelfAssessmentReport;
  criteria: AuditReportCriterion[];
}

/** The whole audit of a process the caller may read (checked by requireAudit): the view, the hospital's whole self-assessment and the criteria. */
export async function loadAuditReport(db: Db, process: ProcessSummary, visit: AuditVisit, now = new Date()): Promise<AuditReport> {
  const [frozen, self, auditRatings] = await Promise.all([getFrozenVersion(db, process.referentialVersionId), loadSelfAssessmentReport(db, process, now), loadAuditRatings(db, process)]);
  const selfRatings = new Map(self.chapters.flatMap((chapter) => chapter.standards.flatMap((standard) => standard.criteria.map((k) => [k.code, { rating: k.rating }] as const))));
  const { view, criteria } = buildAuditReport(frozen, selfRatings, auditRatings, { process, visit, country: self.country, now });
  return { ...view, self, criteria };
}

/**
 * What the comparison and decision pages show: the same view as loadAuditReport's, from the hospital's rating values
 * only (its justifications, evidence and action plan are not read: those pages do not show them).
 */
export async function loadAuditReportView(db: Db, process: ProcessSummary, visit: AuditVisit, now = new Date()): Promise<AuditReportView> {
  const [frozen, selfStates, auditRatings, country] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadRatingStates(db, process),
    loadAuditRatings(db, process),
    countryNames(db, process),
  ]);
  return buildAuditReport(frozen, selfStates, auditRatings, { process, visit, country, now }).view;
}

function buildAuditReport(
  frozen: FrozenVersion,
  selfRatings: ReadonlyMap<string, { readonly rating: RatingValue | null }>,
  auditRatings: ReadonlyMap<string, Readonly<SavedAuditRating>>,
  { process, visit, country, now }: { process: ProcessSummary; visit: AuditVisit; country: Bilingual; now: Date },
): { view: AuditReportView; criteria: AuditReportCriterion[] } {
  const result = scoreAudit(frozen, auditRatings);
  const selfScore = scoreSavedRatings(frozen, selfRatings);
  const version = frozen.version;

  const criteria: AuditReportCriterion[] = version.chapters.flatMap((chapter) =>
    chapter.standards.flatMap((standard) =>
      standard.criteria.map((k) => {
        const prepared = frozen.prepared.criteria[frozen.prepared.criterionIndex.get(k.code)!]!;
        return {
          code: k.code,
          chapterCode: chapter.code,
          text: k.text,
          tier: k.tier,
          naAllowed: prepared.naAllowed,
          service: prepared.service,
          self: selfRatings.get(k.code)?.rating ?? null,
          audit: auditRatings.get(k.code) ?? null,
        };
      }),
    ),
  );
  const pairs: RatingPair[] = criteria.map((c) => ({ code: c.code, chapterCode: c.chapterCode, self: c.self, audit: c.audit?.rating ?? null }));
  const agreement = agreementByChapter(pairs, version.scale.values.map((v) => v.value));
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const findings: AuditFinding[] = criteria
    .filter((c) => c.audit && (c.audit.finding !== "" || c.audit.classification !== null))
    .map((c) => ({ code: c.code, chapterCode: c.chapterCode, text: c.text, self: c.self, rating: c.audit!.rating, finding: c.audit!.finding, classification: c.audit!.classification, methods: c.audit!.methods }));

  const view: AuditReportView = {
    process,
    visit: { ...visit, team: visit.team.map(({ userId, name, role }) => ({ userId, name, role })) },
    country,
    referentialTitle: version.title,
    generatedAt: now,
    scale: version.scale,
    levels: version.levels.map((l) => ({ code: l.code, name: l.name })),
    audit: { final: result.final, completeness: result.completeness, level: result.level, global: percentForDisplay(result.global), next: result.next },
    selfResult: { final: selfScore.final, completeness: selfScore.completeness, level: selfScore.level, global: percentForDisplay(selfScore.global) },
    chapters: version.chapters.map((chapter, i) => ({
      code: chapter.code,
      title: chapter.title,
      self: percentForDisplay(selfScore.chapters[i]!.score),
      audit: percentForDisplay(result.chapters[i]!.score),
      agreement: agreement.chapters.find((a) => a.chapterCode === chapter.code)!,
    })),
    agreement: agreement.overall,
    disagreements: largestDisagreements(pairs).map((d) => {
      const text = byCode.get(d.code)!.text;
      return { ...d, text: { fr: excerpt(text.fr), en: excerpt(text.en) } };
    }),
    critical: criteria
      .filter((c) => c.tier === "critical")
      .map((c) => ({
        code: c.code,
        text: c.text,
        self: c.self,
        audit: c.audit?.rating ?? null,
        blocks: levelsBlockedByCritical(c.audit?.rating ?? null, version.levels),
        service: c.service,
        review: serviceNaReview(c, c.self, c.audit?.rating ?? null),
      })),
    serviceNa: criteria.flatMap((c): ServiceNaRow[] => {
      const review = serviceNaReview(c, c.self, c.audit?.rating ?? null);
      return review && c.service ? [{ code: c.code, text: c.text, tier: c.tier, service: c.service, self: c.self, audit: c.audit?.rating ?? null, review, finding: c.audit?.finding ?? "" }] : [];
    }),
    findings: groupFindings(findings, version.chapters.map((c) => c.code)),
  };
  return { view, criteria };
}

/** The report without the hospital's own texts and the per-criterion list: what a page sends to the browser. */
export function auditReportView({ self: _self, criteria: _criteria, ...view }: AuditReport): AuditReportView {
  return view;
}
