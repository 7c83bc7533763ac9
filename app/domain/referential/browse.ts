// Reading a referential version: the search and filter parameters of the version page, the ISQua coverage
// counts, and the version in one language for the pages and the PDF. Pure data, browser-safe.
import { ISQUA_PRINCIPLES, METHODS, TIERS, type Criterion, type Method, type ReferentialStatus, type ReferentialVersion, type Service, type Tier } from "./schema.ts";
import type { Language } from "#app/domain/language.ts";
import { cleanSearchText } from "#app/domain/text.ts";
import { normalizeForSearch } from "./search.ts";

/** Longer search texts are refused (and said so), never truncated silently. */
export const MAX_SEARCH_LENGTH = 200;
/** More words than this add nothing but cost: the rest are ignored (and said so). */
export const MAX_SEARCH_WORDS = 12;

export interface VersionFilters {
  q: string;
  tier: Tier | null;
  chapter: string | null;
  method: Method | null;
  isqua: number | null;
}

/** A parameter that could not be used: it is ignored and the page says so. */
export type FilterProblem = "q_too_long" | "q_too_many_words" | "tier" | "chapter" | "method" | "isqua";

export interface ParsedFilters {
  filters: VersionFilters;
  /** Normalised search words (accents and case removed), each searched for on its own. */
  words: string[];
  problems: FilterProblem[];
  /** True when something narrows the list. */
  active: boolean;
}

/**
 * The query string of the version page. Empty values mean "no filter"; unknown values are ignored and reported.
 * `chapters` are the version's chapter codes (a chapter that is not in the version is unknown).
 */
export function parseFilters(params: URLSearchParams, chapters: readonly string[]): ParsedFilters {
  const problems: FilterProblem[] = [];
  const value = (name: string) => (params.get(name) ?? "").trim();

  let q = cleanSearchText(value("q"));
  if (q.length > MAX_SEARCH_LENGTH) {
    problems.push("q_too_long");
    q = "";
  }
  let words = [...new Set(normalizeForSearch(q).split(" ").filter((w) => w.length > 0))];
  if (words.length > MAX_SEARCH_WORDS) {
    problems.push("q_too_many_words");
    words = words.slice(0, MAX_SEARCH_WORDS);
  }

  const pick = <T extends string | number>(name: FilterProblem, allowed: readonly T[], read: (raw: string) => T | undefined): T | null => {
    const raw = value(name);
    if (raw === "") return null;
    const found = read(raw);
    if (found !== undefined && allowed.includes(found)) return found;
    problems.push(name);
    return null;
  };
  const filters: VersionFilters = {
    q,
    tier: pick("tier", TIERS, (raw) => raw as Tier),
    chapter: pick("chapter", chapters, (raw) => raw),
    method: pick("method", METHODS, (raw) => raw as Method),
    isqua: pick("isqua", ISQUA_PRINCIPLES, (raw) => (/^\d$/.test(raw) ? (Number(raw) as (typeof ISQUA_PRINCIPLES)[number]) : undefined)),
  };
  const active = words.length > 0 || filters.tier !== null || filters.chapter !== null || filters.method !== null || filters.isqua !== null;
  return { filters, words, problems, active };
}

/** The query string for these filters (empty ones left out), e.g. `?q=hygiene&tier=critical`. */
export function filtersQuery(filters: Partial<VersionFilters>): string {
  const params = new URLSearchParams();
  for (const [key, v] of Object.entries(filters)) if (v !== null && v !== undefined && v !== "") params.set(key, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** `%`, `_` and `\` typed by someone are searched for as such in a LIKE pattern. */
export function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether a criterion matches the filters (same rules as the database query; used for checks and fixtures). */
export function criterionMatches(criterion: Criterion, chapterCode: string, parsed: ParsedFilters, searchText: string): boolean {
  const { filters, words } = parsed;
  return (
    words.every((w) => searchText.includes(w)) &&
    (filters.tier === null || criterion.tier === filters.tier) &&
    (filters.chapter === null || chapterCode === filters.chapter) &&
    (filters.method === null || criterion.methods.includes(filters.method)) &&
    (filters.isqua === null || criterion.isqua.includes(filters.isqua))
  );
}

// ─── One language ───────────────────────────────────────────────────────────────────────────────────────────────

export interface CriterionView {
  code: string;
  tier: Tier;
  text: string;
  guidance: string;
  methods: Method[];
  evidence: string[];
  naAllowed: boolean;
  /** The service the criterion depends on (N/A only without it), or null. */
  service: Service | null;
  isqua: number[];
  replaces: string[] | null;
}
export interface StandardView {
  code: string;
  title: string;
  intent: string;
  criteria: CriterionView[];
}
export interface ChapterView {
  code: string;
  title: string;
  standards: StandardView[];
}

export function criterionView(c: Criterion, lang: Language): CriterionView {
  return {
    code: c.code,
    tier: c.tier,
    text: c.text[lang],
    guidance: c.guidance[lang],
    methods: c.methods,
    evidence: c.evidence.map((e) => e[lang]),
    naAllowed: c.na_allowed,
    service: c.service ?? null,
    isqua: c.isqua,
    replaces: c.replaces ?? null,
  };
}

/**
 * The chapters in one language, keeping only the criteria `keep` accepts (all when omitted) and dropping
 * standards and chapters left empty.
 */
export function chaptersView(version: ReferentialVersion, lang: Language, keep?: (code: string) => boolean): ChapterView[] {
  return version.chapters
    .map((chapter) => ({
      code: chapter.code,
      title: chapter.title[lang],
      standards: chapter.standards
        .map((standard) => ({
          code: standard.code,
          title: standard.title[lang],
          intent: standard.intent[lang],
          criteria: standard.criteria.filter((c) => !keep || keep(c.code)).map((c) => criterionView(c, lang)),
        }))
        .filter((s) => s.criteria.length > 0),
    }))
    .filter((c) => c.standards.length > 0);
}

/** Where a criterion sits, with its neighbours in reading order; null when the version has no such code. */
export function findCriterion(version: ReferentialVersion, code: string) {
  const all = version.chapters.flatMap((chapter) => chapter.standards.flatMap((standard) => standard.criteria.map((criterion) => ({ chapter, standard, criterion }))));
  const index = all.findIndex((entry) => entry.criterion.code === code);
  if (index < 0) return null;
  const here = all[index]!;
  return { ...here, previous: all[index - 1]?.criterion.code ?? null, next: all[index + 1]?.criterion.code ?? null, position: index + 1, total: all.length };
}

// ─── Counts and coverage ────────────────────────────────────────────────────────────────────────────────────────

export type TierCounts = Record<Tier, number>;

export function tierCounts(criteria: readonly { tier: Tier }[]): TierCounts {
  const counts: TierCounts = { critical: 0, core: 0, advanced: 0 };
  for (const c of criteria) counts[c.tier]++;
  return counts;
}

export interface Coverage {
  principles: readonly number[];
  /** One row per chapter: criteria serving each principle. */
  chapters: { code: string; title: string; criteria: number; byPrinciple: number[] }[];
  /** Criteria serving each principle, over the version (a criterion may serve several principles). */
  totals: number[];
  /** Criteria per principle and tier. */
  byTier: Record<Tier, number[]>;
  criteria: number;
  /** Principles that no criterion serves (3 to 6 should all be served). */
  uncovered: number[];
}

/** Criteria per ISQua principle and chapter. A criterion serving two principles counts once under each. */
export function isquaCoverage(version: ReferentialVersion, lang: Language): Coverage {
  const principles = ISQUA_PRINCIPLES;
  const zero = () => principles.map(() => 0);
  const totals = zero();
  const byTier: Record<Tier, number[]> = { critical: zero(), core: zero(), advanced: zero() };
  let criteria = 0;
  const chapters = version.chapters.map((chapter) => {
    const byPrinciple = zero();
    let count = 0;
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) {
        count++;
        for (const p of new Set(criterion.isqua)) {
          const i = principles.indexOf(p as (typeof ISQUA_PRINCIPLES)[number]);
          if (i < 0) continue;
          byPrinciple[i]!++;
          totals[i]!++;
          byTier[criterion.tier][i]!++;
        }
      }
    }
    criteria += count;
    return { code: chapter.code, title: chapter.title[lang], criteria: count, byPrinciple };
  });
  const uncovered = principles.filter((p, i) => p >= 3 && totals[i] === 0);
  return { principles, chapters, totals, byTier, criteria, uncovered };
}

// ─── Who reads what ─────────────────────────────────────────────────────────────────────────────────────────────

/** Published and retired versions are for every signed-in user; drafts only for the DRI administrators. */
export function canReadReferentialVersion(actor: { role: string; active: boolean }, status: ReferentialStatus): boolean {
  if (!actor.active) return false;
  return status !== "draft" || actor.role === "dri_admin";
}

/** `label-qss@2024` → `{ code: "label-qss", version: "2024" }`; null when malformed. */
export function parseVersionRef(ref: string): { code: string; version: string } | null {
  const match = /^([a-z0-9-]{1,60})@([0-9A-Za-z][0-9A-Za-z.-]{0,39})$/.exec(ref.trim());
  return match ? { code: match[1]!, version: match[2]! } : null;
}
