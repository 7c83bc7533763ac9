import { describe, expect, it } from "vitest";
import { filterProjects, filtersToQuery, paginate, parseProjectFilters, sortProjects } from "./filters.ts";
import { FIXTURE, HEGP, regionOf } from "./fixtures.ts";

const titles = (list: { titleFr: string }[]) => list.map((p) => p.titleFr);
const filter = (query: string) => filterProjects(FIXTURE, parseProjectFilters(new URLSearchParams(query)), regionOf);

describe("parsing filters from the URL", () => {
  it("reads every filter and ignores malformed values instead of failing", () => {
    const f = parseProjectFilters(new URLSearchParams("q=lome&country=SN&region=maghreb&theme=paediatrics&status=active&year=2025&funding=dgos_migac&sort=start&dir=desc&page=2"));
    expect(f).toMatchObject({ q: "lome", country: "SN", region: "maghreb", theme: "paediatrics", status: "active", year: 2025, funding: "dgos_migac", sort: "start", dir: "desc", page: 2 });
    const bad = parseProjectFilters(new URLSearchParams("country=senegal&theme=cooking&year=abc&page=-3&sort=evil&site=not-a-uuid"));
    expect(bad).toEqual({ q: "", country: undefined, region: undefined, theme: undefined, site: undefined, funding: undefined, status: undefined, year: undefined, sort: "title", dir: "asc", page: 1 });
  });

  it("writes them back without the defaults, so links stay short and shareable", () => {
    const f = parseProjectFilters(new URLSearchParams("country=SN&theme=paediatrics&page=1&sort=title"));
    expect(filtersToQuery(f)).toBe("?country=SN&theme=paediatrics");
    expect(filtersToQuery(f, { page: 3 })).toBe("?country=SN&theme=paediatrics&page=3");
    expect(filtersToQuery(parseProjectFilters(new URLSearchParams()))).toBe("");
  });
});

describe("filtering", () => {
  it("combines filters (every one must hold)", () => {
    expect(titles(filter("country=SN"))).toEqual(["Pédiatrie à Touba", "Urgences à Dakar", "Pédiatrie à Dakar et Lomé"]);
    expect(titles(filter("country=SN&theme=paediatrics"))).toEqual(["Pédiatrie à Touba", "Pédiatrie à Dakar et Lomé"]);
    expect(titles(filter("country=SN&theme=paediatrics&funding=dgos_migac"))).toEqual(["Pédiatrie à Touba"]);
    expect(titles(filter("region=sub_saharan_africa&status=closed"))).toEqual(["Hygiène à Lomé"]);
  });

  it("finds a project by the partner country when no hospital is named", () => {
    expect(titles(filter("country=LB"))).toEqual(["Psychiatrie à Beyrouth"]);
    expect(titles(filter("region=middle_east"))).toEqual(["Psychiatrie à Beyrouth"]);
  });

  it("filters by AP-HP site and by year of activity", () => {
    expect(titles(filter(`site=${HEGP.id}`))).toEqual(["Urgences à Dakar", "Psychiatrie à Beyrouth", "Cardiologie à Almaty"]);
    expect(titles(filter("year=2018"))).toEqual(["Hygiène à Lomé", "Psychiatrie à Beyrouth"]);
  });

  it("searches without regard to accents or case, every word", () => {
    expect(titles(filter("q=LOMÉ"))).toEqual(["Hygiène à Lomé", "Pédiatrie à Dakar et Lomé"]);
    expect(titles(filter("q=pédiatrie+dakar"))).toEqual(["Pédiatrie à Dakar et Lomé"]);
    expect(titles(filter("q=hôtel-dieu"))).toEqual(["Psychiatrie à Beyrouth"]);
    expect(filter("q=nothing-like-this")).toEqual([]);
  });
});

describe("sorting and pages", () => {
  const options = { language: "fr" as const, countryName: (iso: string) => iso, themeName: (t: string) => t };
  it("sorts by title with French collation, and by start year with empty years last in both directions", () => {
    expect(titles(sortProjects(FIXTURE, "title", "asc", options)).slice(0, 2)).toEqual(["Cardiologie à Almaty", "Greffe à Monastir"]);
    const asc = sortProjects(FIXTURE, "start", "asc", options);
    expect(asc[0]!.startYear).toBe(2017);
    expect(asc.at(-1)!.startYear).toBeNull();
    const desc = sortProjects(FIXTURE, "start", "desc", options);
    expect(desc[0]!.startYear).toBe(2025);
    expect(desc.at(-1)!.startYear).toBeNull();
  });

  it("paginates and keeps the page within range", () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    expect(paginate(items, 1, 25)).toMatchObject({ page: 1, pageCount: 3, total: 60, items: items.slice(0, 25) });
    expect(paginate(items, 3, 25).items).toEqual(items.slice(50));
    expect(paginate(items, 99, 25).page).toBe(3);
    expect(paginate([], 1, 25)).toMatchObject({ page: 1, pageCount: 1, total: 0 });
  });
});
