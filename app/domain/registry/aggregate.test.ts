import { describe, expect, it } from "vitest";
import { countBy, countByCountry, countByFunding, countByRegion, countBySite, countByStatus, countByTheme, dashboardProjects, headline, isActiveInYear, yearRange } from "./aggregate.ts";
import { COCHIN, FIXTURE, HEGP, NECKER, regionOf } from "./fixtures.ts";

const asObject = (counts: { key: string; count: number }[]) => Object.fromEntries(counts.map((c) => [c.key, c.count]));

describe("isActiveInYear", () => {
  it("counts a project from its start year to its end year", () => {
    const p = { startYear: 2017, endYear: 2019, status: "closed" as const };
    expect([2016, 2017, 2018, 2019, 2020].map((y) => isActiveInYear(p, y))).toEqual([false, true, true, true, false]);
  });
  it("counts an active project with no end year every year from its start", () => {
    expect(isActiveInYear({ startYear: 2017, endYear: null, status: "active" }, 2030)).toBe(true);
  });
  it("counts a closed or unknown project with no end year in its start year only", () => {
    const p = { startYear: 2017, endYear: null, status: "unknown" as const };
    expect([2017, 2018].map((y) => isActiveInYear(p, y))).toEqual([true, false]);
  });
  it("never counts a project with no start year in a given year", () => {
    expect(isActiveInYear({ startYear: null, endYear: null, status: "active" }, 2025)).toBe(false);
  });
});

describe("counts over the hand-built fixture", () => {
  it("by theme, sorted by count then in the report's order", () => {
    expect(countByTheme(FIXTURE)).toEqual([
      { key: "paediatrics", count: 2 },
      { key: "ncd", count: 1 },
      { key: "emergency", count: 1 },
      { key: "infectious", count: 1 },
      { key: "surgery", count: 1 },
      { key: "mental_health", count: 1 },
    ]);
  });

  it("by region: a project in two regions counts once in each, a project twice in one region once", () => {
    // SN+SN, SN, TG, SN+TG → sub-Saharan Africa 4 (projects 1, 2, 3, 7); TN → Maghreb; LB → Middle East; KZ → Central Asia.
    expect(asObject(countByRegion(FIXTURE, regionOf))).toEqual({ sub_saharan_africa: 4, maghreb: 1, middle_east: 1, central_asia: 1 });
  });

  it("by funding source, with projects without funding counted as such", () => {
    expect(asObject(countByFunding(FIXTURE))).toEqual({ dgos_migac: 2, afd_prph: 1, embassy: 1, none: 4 });
  });

  it("by AP-HP site and by country", () => {
    expect(asObject(countBySite(FIXTURE))).toEqual({ [NECKER.id]: 3, [HEGP.id]: 3, [COCHIN.id]: 2 });
    expect(asObject(countByCountry(FIXTURE))).toEqual({ SN: 3, TG: 2, TN: 1, LB: 1, KZ: 1 });
  });

  it("headline: every documented project and its countries, whatever its status; or those active in a year", () => {
    const documented = dashboardProjects(FIXTURE);
    expect(documented).toHaveLength(FIXTURE.length);
    expect(headline(documented)).toEqual({ projects: 7, countries: 5 }); // SN, TG, TN, LB, KZ
    // 2017: Lomé (2017–2019), Monastir (unknown, 2017 only), Beyrouth (active since 2017).
    expect(dashboardProjects(FIXTURE, 2017).map((p) => p.titleFr)).toEqual(["Hygiène à Lomé", "Greffe à Monastir", "Psychiatrie à Beyrouth"]);
    expect(headline(dashboardProjects(FIXTURE, 2017))).toEqual({ projects: 3, countries: 3 });
    // 2025: Touba, Dakar (2024–2026), Beyrouth, Almaty.
    expect(headline(dashboardProjects(FIXTURE, 2025))).toEqual({ projects: 4, countries: 3 });
  });

  it("by status: active, closed, unknown, in that order, each listed even at zero", () => {
    expect(countByStatus(FIXTURE)).toEqual([
      { key: "active", count: 5 },
      { key: "closed", count: 1 },
      { key: "unknown", count: 1 },
    ]);
    expect(countByStatus(dashboardProjects(FIXTURE, 2025))).toEqual([
      { key: "active", count: 4 },
      { key: "closed", count: 0 },
      { key: "unknown", count: 0 },
    ]);
  });

  it("keeps empty keys at zero when asked", () => {
    expect(countBy([], () => [], { order: ["a", "b"], keepEmpty: true })).toEqual([
      { key: "a", count: 0 },
      { key: "b", count: 0 },
    ]);
  });

  it("offers the years from the earliest start to next year", () => {
    expect(yearRange(FIXTURE, new Date("2025-06-01")).slice(0, 3)).toEqual([2026, 2025, 2024]);
    expect(yearRange(FIXTURE, new Date("2025-06-01")).at(-1)).toBe(2017);
  });
});
