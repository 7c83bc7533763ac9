// The dashboard's figures, computed from the registry (the same rules as the annual report's count).
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { activeProjects, countByCountry, countByFunding, countByRegion, countBySite, countByTheme, headline, yearRange } from "#app/domain/registry/aggregate.ts";
import { countAgreements, listCountries, listProjectFacts, listSites, regionLookup, registryLastChanged } from "./registry.server.ts";

export async function dashboardData(db: Db, actor: Actor, year: number | undefined) {
  const [projects, countries, sites, agreements, lastChanged] = await Promise.all([
    listProjectFacts(db, actor),
    listCountries(db),
    listSites(db),
    countAgreements(db),
    registryLastChanged(db),
  ]);
  const regionOf = regionLookup(countries);
  const counted = activeProjects(projects, year);
  const siteName = new Map(sites.map((s) => [s.id, s.shortName]));
  return {
    year: year ?? null,
    years: yearRange(projects),
    headline: headline(counted),
    totalProjects: projects.length,
    agreements,
    lastChanged,
    byTheme: countByTheme(counted),
    byRegion: countByRegion(counted, regionOf),
    byFunding: countByFunding(counted),
    bySite: countBySite(counted).map((c) => ({ ...c, name: siteName.get(c.key) ?? c.key })),
    byCountry: countByCountry(counted),
  };
}
