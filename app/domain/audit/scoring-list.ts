/**
 * The auditors' list of criteria: which criteria the filters in the URL keep (chapter, my chapters, not rated yet,
 * critical, differs from the self-assessment), the previous and next criterion within them, and how far the audit
 * rating is from the hospital's. Pure: the pages apply it to what they loaded.
 */
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import type { Tier } from "#app/domain/referential/schema.ts";

/** The checkboxes of the filter form, in the order shown. */
export const SCORING_FILTERS = ["mine", "unrated", "critical", "differs"] as const;
export type ScoringFilter = (typeof SCORING_FILTERS)[number];

export type ScoringFilters = { chapter?: string | undefined } & { [F in ScoringFilter]?: boolean | undefined };

export interface ScoringRow {
  code: string;
  chapterCode: string;
  tier: Tier;
  /** The hospital's rating. */
  self: RatingValue | null;
  /** The auditors' rating. */
  audit: RatingValue | null;
}

/** The audit rating says something else than the hospital's (nothing to compare before the audit rates it). */
export function differsFromSelf(row: Pick<ScoringRow, "self" | "audit">): boolean {
  return row.audit !== null && row.audit !== row.self;
}

/** Whether a criterion stays in the list; `myChapters` are the chapters given to the reader on the team. */
export function keptByFilters(row: ScoringRow, filters: ScoringFilters, myChapters: ReadonlySet<string>): boolean {
  if (filters.chapter && row.chapterCode !== filters.chapter) return false;
  if (filters.mine && !myChapters.has(row.chapterCode)) return false;
  if (filters.unrated && row.audit !== null) return false;
  if (filters.critical && row.tier !== "critical") return false;
  if (filters.differs && !differsFromSelf(row)) return false;
  return true;
}

/**
 * The criteria just before and after `code` among those the filters keep, in referential order. The criterion
 * itself may have left the list (rated under "not rated yet"): its neighbours are still the nearest kept ones.
 */
export function neighbours(rows: readonly ScoringRow[], code: string, filters: ScoringFilters, myChapters: ReadonlySet<string>): { previous: string | null; next: string | null } {
  const at = rows.findIndex((r) => r.code === code);
  if (at < 0) return { previous: null, next: null };
  let previous: string | null = null;
  for (let i = at - 1; i >= 0 && previous === null; i--) if (keptByFilters(rows[i]!, filters, myChapters)) previous = rows[i]!.code;
  let next: string | null = null;
  for (let i = at + 1; i < rows.length && next === null; i++) if (keptByFilters(rows[i]!, filters, myChapters)) next = rows[i]!.code;
  return { previous, next };
}

/** The filters as a query string ("" when none), for links that keep them. */
/**
 * The list's filters from a URL's query; anything unknown or malformed is left out (a chapter longer than a code,
 * a flag other than "on"). Plain code: the scoring pages' JavaScript reads it offline, without zod.
 */
export function readScoringFilters(url: URL): ScoringFilters {
  const last = (name: string) => url.searchParams.getAll(name).at(-1);
  const on = (name: string) => last(name) === "on";
  const chapter = last("chapter");
  return { chapter: chapter && chapter.length <= 10 ? chapter : undefined, mine: on("mine"), unrated: on("unrated"), critical: on("critical"), differs: on("differs") };
}

export function filtersQuery(filters: ScoringFilters): string {
  const params = new URLSearchParams();
  if (filters.chapter) params.set("chapter", filters.chapter);
  for (const name of SCORING_FILTERS) if (filters[name]) params.set(name, "on");
  const query = params.toString();
  return query ? `?${query}` : "";
}

/**
 * The gap between the two ratings of a criterion, as the pages word it: not comparable yet (either side not
 * rated), the same, N/A on one side only, or self − audit in scale points (positive: the hospital rated itself
 * higher).
 */
export type RatingGap = { kind: "pending" } | { kind: "same" } | { kind: "na" } | { kind: "points"; points: number };

export function ratingGap(row: Pick<ScoringRow, "self" | "audit">): RatingGap {
  const { self, audit } = row;
  if (self === null || audit === null) return { kind: "pending" };
  if (self === audit) return { kind: "same" };
  if (self === "NA" || audit === "NA") return { kind: "na" };
  return { kind: "points", points: self - audit };
}

/** Per chapter: how many of its criteria the audit rated, in referential order of first appearance. */
export function auditProgressByChapter(rows: readonly ScoringRow[]): Map<string, { rated: number; total: number }> {
  const out = new Map<string, { rated: number; total: number }>();
  for (const row of rows) {
    let entry = out.get(row.chapterCode);
    if (!entry) out.set(row.chapterCode, (entry = { rated: 0, total: 0 }));
    entry.total++;
    if (row.audit !== null) entry.rated++;
  }
  return out;
}
