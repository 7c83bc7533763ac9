import type { CooperationStatus, FundingSource, Region, Theme } from "./codes.ts";

/** A cooperation project as the list, the dashboard and the exports see it (loaded with its links). */
export interface ProjectRecord {
  id: string;
  titleFr: string;
  titleEn: string;
  summary: string | null;
  theme: Theme;
  status: CooperationStatus;
  startYear: number | null;
  endYear: number | null;
  partnerInstitution: string | null;
  partnerCountryCode: string | null;
  partnerNotNamed: boolean;
  apHpLead: string | null;
  partnerContact: string | null;
  sources: string | null;
  notes: string | null;
  establishments: { id: string; name: string; shortName: string; city: string; countryCode: string }[];
  sites: { id: string; name: string; shortName: string }[];
  fundings: { source: FundingSource; call: string | null; year: number | null; amountEur: number | null }[];
  /** Normalised text (titles, summary, partner, establishments, sites, lead) for accent-free search. */
  search: string;
  updatedAt: Date | string;
}

/** What filtering, sorting and counting need of a project (the list and the dashboard load only this). */
export interface ProjectFacts {
  id: string;
  titleFr: string;
  titleEn: string;
  theme: Theme;
  status: CooperationStatus;
  startYear: number | null;
  endYear: number | null;
  partnerCountryCode: string | null;
  establishments: { id: string; countryCode: string }[];
  sites: { id: string }[];
  fundings: { source: FundingSource }[];
  search: string;
  updatedAt: Date | string;
}

export interface CountryInfo {
  iso: string;
  nameFr: string;
  nameEn: string;
  region: Region;
}

/** The countries a project works in: its establishments' and, where no hospital is named, its partner's. */
export function projectCountries(project: { establishments: { countryCode: string }[]; partnerCountryCode: string | null }): string[] {
  const codes = new Set(project.establishments.map((e) => e.countryCode));
  if (project.partnerCountryCode) codes.add(project.partnerCountryCode);
  return [...codes].sort();
}

export function projectRegions(project: { establishments: { countryCode: string }[]; partnerCountryCode: string | null }, regionOf: (iso: string) => Region | undefined): Region[] {
  const regions = new Set<Region>();
  for (const code of projectCountries(project)) {
    const region = regionOf(code);
    if (region) regions.add(region);
  }
  return [...regions];
}
