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
import { countAgreements, listCountries, listProjectFacts, listSites, regionLookup, registryLastChanged } from "./registry.server.ts";

export async function dashboardData(db: Db, actor: Actor, year: number | undefined, now = new Date()) {
  const [projects, countries, sites, agreements, lastChanged] = await Promise.all([
    listProjectFacts(db, actor),
    listCountries(db),
    listSites(db),
    countAgreements(db),
    registryLastChanged(db),
  ]);
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
    lastChanged,
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
  };
}
