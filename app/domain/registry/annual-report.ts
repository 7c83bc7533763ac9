// What the DRI's annual activity reports state about the cooperations, kept beside the registry so the dashboard can
// say where the registry stands against them. These are reference figures from published documents, not data the
// registry computes: the registry holds only the projects the documents name one by one.

export interface AnnualReportFigures {
  /** The year the figures describe. */
  year: number;
  /** Active hospital cooperations that year. */
  activeCooperations: number;
  /** Countries those cooperations are in. */
  countries: number;
  /** Active framework agreements, when the report gives them. */
  activeAgreements: number | null;
  /** Where the figures come from: the document (file name in the seeds) and its title. */
  source: { file: string; title: string };
}

/** Newest first. Sources: the DRI's activity reports (shared/seeds; db/seed/registry-data.json lists them too). */
export const ANNUAL_REPORTS: readonly AnnualReportFigures[] = [
  {
    year: 2025,
    // « 93 coopérations hospitalières actives dans 42 pays en 2025 » (counted outside the EU, the USA and Canada);
    // « 78 accords-cadres de coopération sont actifs ».
    activeCooperations: 93,
    countries: 42,
    activeAgreements: 78,
    source: { file: "000_857dd8b5e647b472.txt", title: "DRI activity report 2025 (Dec. 2025)" },
  },
  {
    year: 2022,
    // « 70 coopérations hospitalières actives dans 35 pays en 2022 ».
    activeCooperations: 70,
    countries: 35,
    activeAgreements: null,
    source: { file: "002_68122e9fd1826a78.txt", title: "DRI activity report 2022" },
  },
];

/** The report of a year, when there is one. */
export function annualReportOf(year: number, reports: readonly AnnualReportFigures[] = ANNUAL_REPORTS): AnnualReportFigures | undefined {
  return reports.find((r) => r.year === year);
}

/** The newest report. */
export function latestAnnualReport(reports: readonly AnnualReportFigures[] = ANNUAL_REPORTS): AnnualReportFigures {
  return reports.reduce((latest, r) => (r.year > latest.year ? r : latest));
}

/**
 * How the registry's active cooperations stand against a report's: fewer (the registry documents only part of
 * them), as many, or more.
 */
export function registryCoverage(registryActive: number, report: Pick<AnnualReportFigures, "activeCooperations">): "partial" | "same" | "more" {
  if (registryActive < report.activeCooperations) return "partial";
  return registryActive === report.activeCooperations ? "same" : "more";
}
