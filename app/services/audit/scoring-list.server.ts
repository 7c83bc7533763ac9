// The criteria of an audit with both ratings, in referential order: what the scoring list and the scoring page of a
// criterion filter and page through. Three queries at most (the frozen version is cached), whatever the number of
// criteria.
import type { Db } from "#db/client.ts";
import type { ScoringRow } from "#app/domain/audit/scoring-list.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadAuditRatings, type SavedAuditRating } from "./audit-ratings.server.ts";
import type { AuditVisit } from "./visits.server.ts";

export async function loadScoringList(db: Db, process: ProcessSummary) {
  const [frozen, selfRatings, auditRatings] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadRatings(db, process),
    loadAuditRatings(db, process),
  ]);
  const rows: ScoringRow[] = frozen.version.chapters.flatMap((chapter) =>
    chapter.standards.flatMap((standard) =>
      standard.criteria.map((criterion) => ({
        code: criterion.code,
        chapterCode: chapter.code,
        tier: criterion.tier,
        self: selfRatings.get(criterion.code)?.rating ?? null,
        audit: auditRatings.get(criterion.code)?.rating ?? null,
      })),
    ),
  );
  return { frozen, selfRatings, auditRatings, rows };
}

/** The chapters given to this member of the team ("my chapters"); none for anyone off the team. */
export function chaptersOf(visit: AuditVisit, userId: string): Set<string> {
  return new Set(visit.team.find((m) => m.userId === userId)?.chapters ?? []);
}

/** An audit rating as the form holds it ("" → not rated, as posted), for the page, a conflict or a colleague's value. */
export function postedAuditRating(saved: SavedAuditRating | undefined) {
  return {
    rating: saved && saved.rating !== null ? String(saved.rating) : null,
    finding: saved?.finding ?? "",
    classification: saved?.classification ?? null,
    methods: saved?.methods ?? [],
    version: saved?.version ?? 0,
    updatedByName: saved?.updatedByName ?? null,
  };
}
