import { COOPERATION_STATUSES, FUNDING_SOURCES, REGIONS, THEMES, type CooperationStatus, type Region } from "./codes.ts";
import { projectCountries, projectRegions, type ProjectFacts } from "./model.ts";

type Activity = Pick<ProjectFacts, "startYear" | "endYear" | "status">;

/**
 * Whether a project counts among the cooperations of a year, as the annual report counts them: from its start
 * year to its end year; an active project with no end year up to now and beyond; a closed or unknown one with no
 * end year in its start year only (the one year the sources vouch for). No start year: counted in no year.
 */
export function isActiveInYear(project: Activity, year: number): boolean {
  if (project.startYear === null) return false;
  const end = project.endYear ?? (project.status === "active" ? Number.POSITIVE_INFINITY : project.startYear);
  return project.startYear <= year && year <= end;
}

/**
 * The projects the dashboard counts: every project documented in the registry, whatever its status (the DRI reports
 * on what the registry holds, the status-unknown ones included); or, when a year is given, those active that year.
 */
export function dashboardProjects<T extends Activity>(projects: T[], year?: number): T[] {
  return year === undefined ? projects : projects.filter((p) => isActiveInYear(p, year));
}

export interface Count {
  key: string;
  count: number;
}

/**
 * Counts items by the keys each one carries (a project with two sites counts once for each). Sorted by count,
 * then in the order of `order` (the controlled list) or by key. Keys listed in `order` with no item are kept at 0
 * when `keepEmpty` is set.
 */
export function countBy<T>(items: T[], keysOf: (item: T) => string[], options: { order?: readonly string[]; keepEmpty?: boolean } = {}): Count[] {
  const counts = new Map<string, number>();
  if (options.keepEmpty) for (const key of options.order ?? []) counts.set(key, 0);
  for (const item of items) for (const key of new Set(keysOf(item))) counts.set(key, (counts.get(key) ?? 0) + 1);
  const rank = (key: string) => {
    const i = options.order?.indexOf(key) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

/** Active, closed, unknown: every status listed, at zero when no project has it (an unknown status is never hidden). */
export function countByStatus(projects: Pick<ProjectFacts, "status">[]): { key: CooperationStatus; count: number }[] {
  const counts = countBy(projects, (p) => [p.status], { order: COOPERATION_STATUSES, keepEmpty: true });
  return COOPERATION_STATUSES.map((status) => ({ key: status, count: counts.find((c) => c.key === status)?.count ?? 0 }));
}
export const countByTheme = (projects: ProjectFacts[]) => countBy(projects, (p) => [p.theme], { order: THEMES });
export const countByRegion = (projects: ProjectFacts[], regionOf: (iso: string) => Region | undefined) =>
  countBy(projects, (p) => projectRegions(p, regionOf), { order: REGIONS });
export const countByFunding = (projects: ProjectFacts[]) =>
  countBy(projects, (p) => (p.fundings.length ? p.fundings.map((f) => f.source) : ["none"]), { order: [...FUNDING_SOURCES, "none"] });
export const countBySite = (projects: ProjectFacts[]) => countBy(projects, (p) => p.sites.map((s) => s.id));
export const countByCountry = (projects: ProjectFacts[]) => countBy(projects, (p) => projectCountries(p));

/** "N cooperations in M countries". */
export function headline(projects: ProjectFacts[]): { projects: number; countries: number } {
  const countries = new Set(projects.flatMap((p) => projectCountries(p)));
  return { projects: projects.length, countries: countries.size };
}

/** The years the dashboard offers: from the earliest start year to next year. */
export function yearRange(projects: Pick<ProjectFacts, "startYear" | "endYear">[], now = new Date()): number[] {
  const thisYear = now.getUTCFullYear();
  const starts = projects.map((p) => p.startYear).filter((y): y is number => y !== null);
  const first = starts.length ? Math.min(...starts) : thisYear;
  const years: number[] = [];
  for (let y = thisYear + 1; y >= first; y--) years.push(y);
  return years;
}
