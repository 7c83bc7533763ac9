import type { Language } from "#app/domain/language.ts";
import { searchField, z } from "#app/forms/validation.ts";
import { wordMatcher } from "#app/domain/referential/search.ts";
import { COOPERATION_STATUSES, FUNDING_SOURCES, MAX_YEAR, MIN_YEAR, REGIONS, THEMES, type Region } from "./codes.ts";
import { isActiveInYear } from "./aggregate.ts";
import { projectCountries, projectRegions, type ProjectFacts } from "./model.ts";

export const SORT_KEYS = ["title", "country", "theme", "start", "status", "updated"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZE = 25;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * The list's filters, read from the URL (so a filtered view can be shared). Anything malformed is ignored
 * rather than refused: a hand-edited link still shows a list.
 */
export const projectFiltersSchema = z.object({
  q: searchField(100),
  country: optional(z.string().regex(/^[A-Z]{2}$/)),
  region: optional(z.enum(REGIONS)),
  theme: optional(z.enum(THEMES)),
  site: optional(z.uuid()),
  funding: optional(z.enum(FUNDING_SOURCES)),
  status: optional(z.enum(COOPERATION_STATUSES)),
  year: optional(z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR)),
  sort: z.enum(SORT_KEYS).catch("title"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type ProjectFilters = z.infer<typeof projectFiltersSchema>;

export function parseProjectFilters(params: URLSearchParams): ProjectFilters {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "" && !(key in raw)) raw[key] = value;
  return projectFiltersSchema.parse(raw);
}

/** The URL query of a set of filters (defaults left out), e.g. for pagination and export links. */
export function filtersToQuery(filters: Partial<ProjectFilters>, overrides: Partial<Record<keyof ProjectFilters, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...filters, ...overrides };
  for (const key of ["q", "country", "region", "theme", "site", "funding", "status", "year", "sort", "dir", "page"] as const) {
    const value = merged[key];
    if (value === undefined || value === null || value === "") continue;
    if (key === "sort" && value === "title") continue;
    if (key === "dir" && value === "asc") continue;
    if (key === "page" && Number(value) === 1) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** Whether any filter narrows the list (sort and page aside). */
export function hasActiveFilter(filters: ProjectFilters): boolean {
  return Boolean(filters.q || filters.country || filters.region || filters.theme || filters.site || filters.funding || filters.status || filters.year);
}

/** Every filter must hold (they combine). Text search: every word, accents and case ignored. */
export function filterProjects<T extends ProjectFacts>(projects: T[], filters: ProjectFilters, regionOf: (iso: string) => Region | undefined): T[] {
  const matches = wordMatcher(filters.q);
  return projects.filter((p) => {
    if (filters.theme && p.theme !== filters.theme) return false;
    if (filters.status && p.status !== filters.status) return false;
    if (filters.country && !projectCountries(p).includes(filters.country)) return false;
    if (filters.region && !projectRegions(p, regionOf).includes(filters.region)) return false;
    if (filters.site && !p.sites.some((s) => s.id === filters.site)) return false;
    if (filters.funding && !p.fundings.some((f) => f.source === filters.funding)) return false;
    if (filters.year !== undefined && !isActiveInYear(p, filters.year)) return false;
    if (!matches(p.search)) return false;
    return true;
  });
}

export function sortProjects<T extends ProjectFacts>(
  projects: T[],
  sort: SortKey,
  dir: "asc" | "desc",
  options: { language: Language; countryName: (iso: string) => string; themeName: (theme: string) => string },
): T[] {
  const collator = new Intl.Collator(options.language, { sensitivity: "base", numeric: true });
  const title = (p: ProjectFacts) => (options.language === "en" ? p.titleEn : p.titleFr);
  const key = (p: ProjectFacts): string | number | null => {
    switch (sort) {
      case "country":
        return projectCountries(p).map(options.countryName).sort(collator.compare).join(", ") || null;
      case "theme":
        return options.themeName(p.theme);
      case "start":
        return p.startYear;
      case "status":
        return p.status;
      case "updated":
        return new Date(p.updatedAt).getTime();
      default:
        return title(p);
    }
  };
  const sign = dir === "desc" ? -1 : 1;
  return [...projects].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Empty values last, whatever the direction.
    if (ka === null && kb !== null) return 1;
    if (kb === null && ka !== null) return -1;
    let order = 0;
    if (typeof ka === "number" && typeof kb === "number") order = ka - kb;
    else if (ka !== null && kb !== null) order = collator.compare(String(ka), String(kb));
    return order * sign || collator.compare(title(a), title(b)) || a.id.localeCompare(b.id);
  });
}

export function paginate<T>(items: T[], page: number, pageSize = PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  return { items: items.slice((current - 1) * pageSize, current * pageSize), page: current, pageCount, total: items.length, pageSize };
}
