import { describe, expect, it } from "vitest";
import { ANNUAL_REPORTS, annualReportOf, latestAnnualReport, registryCoverage } from "./annual-report.ts";

describe("the annual reports' figures", () => {
  it("hold the DRI's published figures, each with its source document", () => {
    expect(annualReportOf(2025)).toMatchObject({ activeCooperations: 93, countries: 42, activeAgreements: 78 });
    expect(annualReportOf(2022)).toMatchObject({ activeCooperations: 70, countries: 35, activeAgreements: null });
    expect(annualReportOf(2019)).toBeUndefined();
    for (const report of ANNUAL_REPORTS) expect(report.source.file).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
  });

  it("give the newest report", () => {
    expect(latestAnnualReport().year).toBe(2025);
    expect(latestAnnualReport([ANNUAL_REPORTS[1]!, ANNUAL_REPORTS[0]!]).year).toBe(2025);
  });

  it("say whether the registry documents fewer, as many or more active cooperations than a report", () => {
    expect(registryCoverage(6, { activeCooperations: 93 })).toBe("partial");
    expect(registryCoverage(93, { activeCooperations: 93 })).toBe("same");
    expect(registryCoverage(95, { activeCooperations: 93 })).toBe("more");
  });
});
