// The dashboard's figures, computed from the registry: every documented project by default, or those active in a
// year (the annual report's rule), set beside the figures the annual report states.
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import {
  countByCountry,
  countByFunding,
  countByRegion,
  countBySite,
  countByStatus,
  countByTheme,
  dashboardProjects,
  headline,
  yearRange,
} from "#app/domain/registry/aggregate.ts";
import { annualReportOf, latestAnnualReport, registryCoverage } from "#app/domain/registry/annual-report.ts";
import { canReadWholeRegistry } from "#app/domain/registry/permissions.ts";
import { StampedCache } from "#app/services/platform/stamped-cache.server.ts";
import { countAgreements, listCountries, listProjectFacts, listSites, regionLookup, registryState } from "./registry.server.ts";

type DashboardFigures = Awaited<ReturnType<typeof computeDashboard>>;
export type DashboardData = DashboardFigures & { lastChanged: Date | null };

// The whole registry's figures, by view (all projects or a year's) and current year: computed again only when the
// registry changes (its stamp is read on every request). Shared by every reader: not to be changed.
const wholeRegistryDashboards = new StampedCache<DashboardFigures>(16);

/** The dashboard's figures as this actor may see them, with the countries (names and regions) they name. */
export async function dashboardData(db: Db, actor: Actor, year: number | undefined, now = new Date()): Promise<DashboardData> {
  const { stamp, lastChanged } = await registryState(db);
  const compute = () => computeDashboard(db, actor, year, now);
  // A hospital's view depends on who asks (its own projects): computed each time, it is small.
  const figures = canReadWholeRegistry(actor) ? await wholeRegistryDashboards.get(db, `${year ?? "all"}:${now.getUTCFullYear()}`, stamp, compute) : await compute();
  return { ...figures, lastChanged };
}

async function computeDashboard(db: Db, actor: Actor, year: number | undefined, now: Date) {
  const [projects, countries, sites, agreements] = await Promise.all([listProjectFacts(db, actor), listCountries(db), listSites(db), countAgreements(db)]);
  const regionOf = regionLookup(countries);
  const counted = dashboardProjects(projects, year);
  const siteName = new Map(sites.map((s) => [s.id, s.shortName]));
  const byStatus = countByStatus(counted);
  const statusCount = (status: string) => byStatus.find((s) => s.key === status)?.count ?? 0;
  // Every documented project is set beside the newest report; a year's view beside that year's report, if any.
  const report = year === undefined ? latestAnnualReport() : annualReportOf(year);
  // What the registry says is active: projects marked active, or in a year's view those active that year.
  const registryActive = year === undefined ? statusCount("active") : counted.length;
  return {
    year: year ?? null,
    years: yearRange(projects, now),
    thisYear: now.getUTCFullYear(),
    latestReportYear: latestAnnualReport().year,
    headline: headline(counted),
    byStatus,
    totalProjects: projects.length,
    agreements,
    comparison: report
      ? {
          report,
          registryActive,
          registryActiveCountries: headline(year === undefined ? counted.filter((p) => p.status === "active") : counted).countries,
          registryUnknown: statusCount("unknown"),
          coverage: registryCoverage(registryActive, report),
        }
      : null,
    byTheme: countByTheme(counted),
    byRegion: countByRegion(counted, regionOf),
    byFunding: countByFunding(counted),
    bySite: countBySite(counted).map((c) => ({ ...c, name: siteName.get(c.key) ?? c.key })),
    byCountry: countByCountry(counted),
    countries,
  };
}
