// Everything the self-assessment report shows, loaded at once (a handful of queries, whatever the number of
// criteria): the printable page, the PDF and the XLSX export are all built from this, after loading — never
// with a database call while rendering.
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { countries } from "#db/schema.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { PlanAction } from "#app/domain/process/workspace.ts";
import type { Bilingual, LevelCode, Scale, Tier } from "#app/domain/referential/schema.ts";
import { percentForDisplay } from "#app/domain/scoring/engine.ts";
import { listActions } from "./action-plan.server.ts";
import { listEvidenceLibrary } from "./evidence.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadRatings, scoreSelfAssessment } from "./self-assessment.server.ts";
import { carryOverStatus } from "./renewal.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";

export interface ReportCriterion {
  code: string;
  text: Bilingual;
  tier: Tier;
  naAllowed: boolean;
  rating: RatingValue | null;
  justification: string;
  /** The rating's version (0: never rated): what an offline import starts from. */
  version: number;
  updatedByName: string | null;
  updatedAt: Date | null;
  evidence: { fileId: string; name: string }[];
  /** A renewal's rating carried over from these codes of the previous version, not yet confirmed or changed. */
  carriedFrom: string[] | null;
}

export interface ReportChapter {
  code: string;
  title: Bilingual;
  rated: number;
  applicable: number;
  /** Null when nothing is rated (or nothing applies). */
  percent: number | null;
  standards: { code: string; title: Bilingual; criteria: ReportCriterion[] }[];
}

export interface SelfAssessmentReport {
  process: ProcessSummary;
  country: Bilingual;
  referentialTitle: Bilingual;
  generatedAt: Date;
  scale: Scale;
  levels: { code: LevelCode; name: Bilingual }[];
  result: {
    final: boolean;
    completeness: { rated: number; applicable: number; notApplicable: number; total: number };
    level: LevelCode | null;
    global: number | null;
  };
  chapters: ReportChapter[];
  actions: PlanAction[];
  /** A renewal: the version its ratings were carried over from (null otherwise). */
  renewal: { fromVersion: string } | null;
}

// The countries are reference data the seed writes once and nothing edits: a name read is kept (per database handle).
const countryNamesRead = new WeakMap<object, Map<string, Bilingual>>();

/** The establishment's country in both languages (its code when the list lacks it). */
export async function countryNames(db: Db, process: Pick<ProcessSummary, "establishmentCountry">): Promise<Bilingual> {
  const iso = process.establishmentCountry;
  let read = countryNamesRead.get(db);
  if (!read) countryNamesRead.set(db, (read = new Map()));
  const kept = read.get(iso);
  if (kept) return kept;
  const [country] = await db.select({ fr: countries.nameFr, en: countries.nameEn }).from(countries).where(eq(countries.iso, iso));
  if (!country) return { fr: iso, en: iso };
  read.set(iso, country);
  return country;
}

/** The whole self-assessment of a process the caller may see (checked by requireProcess). */
export async function loadSelfAssessmentReport(db: Db, process: ProcessSummary, now = new Date()): Promise<SelfAssessmentReport> {
  const [frozen, ratings, library, actions, country, carryOver] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadRatings(db, process),
    listEvidenceLibrary(db, process),
    listActions(db, process),
    countryNames(db, process),
    carryOverStatus(db, process.id),
  ]);
  const result = scoreSelfAssessment(frozen, ratings);

  const evidence = new Map<string, { fileId: string; name: string }[]>();
  for (const file of library) {
    for (const link of file.links) evidence.set(link.criterionCode, [...(evidence.get(link.criterionCode) ?? []), { fileId: file.id, name: file.originalName }]);
  }
  const version = frozen.version;
  return {
    process,
    country,
    referentialTitle: version.title,
    generatedAt: now,
    scale: version.scale,
    levels: version.levels.map((l) => ({ code: l.code, name: l.name })),
    result: { final: result.final, completeness: result.completeness, level: result.level, global: percentForDisplay(result.global) },
    chapters: version.chapters.map((chapter, i) => {
      const score = result.chapters[i]!;
      return {
        code: chapter.code,
        title: chapter.title,
        rated: score.rated,
        applicable: score.applicable,
        percent: percentForDisplay(score.score),
        standards: chapter.standards.map((standard) => ({
          code: standard.code,
          title: standard.title,
          criteria: standard.criteria.map((criterion) => {
            const saved = ratings.get(criterion.code);
            return {
              code: criterion.code,
              text: criterion.text,
              tier: criterion.tier,
              naAllowed: frozen.prepared.criteria[frozen.prepared.criterionIndex.get(criterion.code)!]!.naAllowed,
              rating: saved?.rating ?? null,
              justification: saved?.justification ?? "",
              version: saved?.version ?? 0,
              updatedByName: saved?.updatedByName ?? null,
              updatedAt: saved?.updatedAt ?? null,
              evidence: evidence.get(criterion.code) ?? [],
              carriedFrom: carryOver ? (saved?.carriedOverFrom ?? null) : null,
            };
          }),
        })),
      };
    }),
    actions,
    renewal: carryOver ? { fromVersion: carryOver.fromVersion } : null,
  };
}

/** The file name of a report or export: establishment, version and date, ASCII only. */
export function reportFileName(report: Pick<SelfAssessmentReport, "process" | "generatedAt">, kind: string, extension: string): string {
  const slug = report.process.establishmentName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return `${slug || "process"}-${report.process.referentialVersion}-${kind}-${report.generatedAt.toISOString().slice(0, 10)}.${extension}`;
}
