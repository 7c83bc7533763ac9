// The registry's controlled lists. Codes are stored in the database; names are translated (registry.json).

/** Themes, in the order of the DRI's 2025 activity report ("des thématiques fortes par projet"). */
export const THEMES = [
  "ncd",
  "paediatrics",
  "emergency",
  "training",
  "infectious",
  "surgery",
  "maternal_child",
  "mental_health",
  "quality",
  "biology",
  "sexual_health",
  "management",
] as const;
export type Theme = (typeof THEMES)[number];

/** World regions as the DRI counts them (countries carry one: db/seed/countries.json). */
export const REGIONS = [
  "sub_saharan_africa",
  "maghreb",
  "middle_east",
  "asia",
  "central_asia",
  "europe",
  "north_america",
  "latin_america_caribbean",
  "oceania",
] as const;
export type Region = (typeof REGIONS)[number];

export const COOPERATION_STATUSES = ["active", "closed", "unknown"] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];

export const AGREEMENT_STATUSES = ["active", "expired", "terminated", "unknown"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Funding sources named in the reports: DGOS call (MIGAC), AFD/FHF "PRPH" call, Expertise France, embassies, partners, patronage. */
export const FUNDING_SOURCES = ["dgos_migac", "afd_prph", "expertise_france", "embassy", "partner", "patronage", "aphp", "other"] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const ESTABLISHMENT_KINDS = ["university", "national", "regional", "district", "mother_child", "specialised", "private", "other"] as const;
export type EstablishmentKind = (typeof ESTABLISHMENT_KINDS)[number];

export const SITE_KINDS = ["hospital", "hospital_group", "headquarters"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const MAX_FUNDINGS = 3;
export const MIN_YEAR = 1950;
export const MAX_YEAR = 2100;
