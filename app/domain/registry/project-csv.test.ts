import { describe, expect, it } from "vitest";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import { decodeCsv, encodeCsv } from "./csv.ts";
import { COCHIN, FIXTURE, HEGP, NECKER, regionOf } from "./fixtures.ts";
import { checkHeader, parseProjectRows, PROJECT_COLUMNS, projectToRow } from "./project-csv.ts";

const ESTABLISHMENTS = new Set(FIXTURE.flatMap((p) => p.establishments.map((e) => e.id)));
const ctx = {
  establishmentIds: ESTABLISHMENTS,
  siteIdByName: new Map([NECKER, HEGP, COCHIN].map((s) => [normalizeForSearch(s.name), s.id])),
  projectIds: new Set(FIXTURE.map((p) => p.id)),
  countryCodes: new Set(["SN", "TG", "TN", "LB", "KZ", "VN"]),
  normalise: normalizeForSearch,
};

// The fixture uses short establishment ids; the import wants UUIDs, so give them some.
const uuidOf = (id: string) => `20000000-0000-4000-8000-${id.replace(/\D/g, "").padStart(12, "0")}`;
const projects = FIXTURE.map((p) => ({ ...p, establishments: p.establishments.map((e) => ({ ...e, id: uuidOf(e.id) })) }));
const context = { ...ctx, establishmentIds: new Set([...ESTABLISHMENTS].map(uuidOf)) };

function roundTrip(rows: string[][]) {
  const table = decodeCsv(encodeCsv([[...PROJECT_COLUMNS], ...rows]));
  const header = checkHeader(table[0]!.cells);
  if (!header.ok) throw new Error("header");
  return parseProjectRows(table.slice(1), header.index, context);
}

describe("projects as CSV rows", () => {
  it("export then import gives back the same values", () => {
    const { parsed, errors } = roundTrip(projects.map((p) => projectToRow(p, regionOf)));
    expect(errors).toEqual([]);
    expect(parsed).toHaveLength(projects.length);
    for (const [i, row] of parsed.entries()) {
      const p = projects[i]!;
      expect(row.id).toBe(p.id);
      expect(row.input).toMatchObject({
        titleFr: p.titleFr,
        theme: p.theme,
        status: p.status,
        startYear: p.startYear ?? undefined,
        endYear: p.endYear ?? undefined,
        establishmentIds: p.establishments.map((e) => e.id),
        siteIds: p.sites.map((s) => s.id),
        partnerCountryCode: p.partnerCountryCode ?? undefined,
        partnerNotNamed: p.partnerNotNamed,
      });
      expect(row.input.fundings).toEqual(p.fundings.map((f) => ({ source: f.source, call: f.call ?? undefined, year: f.year ?? undefined, amountEur: f.amountEur ?? undefined })));
    }
  });

  it("writes informative columns (countries, regions, names) that the import ignores", () => {
    const row = projectToRow(projects[6]!, regionOf);
    const cell = (c: string) => row[PROJECT_COLUMNS.indexOf(c as (typeof PROJECT_COLUMNS)[number])];
    expect(cell("countries")).toBe("SN | TG");
    expect(cell("regions")).toBe("sub_saharan_africa");
    expect(cell("establishments")).toContain("CNHU Fann (Dakar, SN)");
  });

  it("reports every bad cell with its line and column", () => {
    const base = projectToRow(projects[0]!, regionOf);
    const set = (row: string[], column: string, value: string) => {
      const copy = [...row];
      copy[PROJECT_COLUMNS.indexOf(column as (typeof PROJECT_COLUMNS)[number])] = value;
      return copy;
    };
    const rows = [
      set(set(base, "id", ""), "start_year", "2020"),
      set(set(set(base, "id", ""), "end_year", "2019"), "start_year", "2020"),
      set(set(base, "id", ""), "funding_1_amount_eur", "-5"),
      set(set(set(base, "id", ""), "establishment_ids", ""), "partner_country", ""),
      set(set(base, "id", ""), "ap_hp_sites", "Hôpital imaginaire"),
      set(set(set(set(base, "id", ""), "establishment_ids", ""), "partner_country", "XX"), "partner_institution", "Ministère"),
      set(base, "theme", "cuisine"),
    ];
    const { parsed, errors } = roundTrip(rows);
    expect(parsed.map((p) => p.line)).toEqual([2]);
    expect(errors).toEqual(
      expect.arrayContaining([
        { line: 3, column: "end_year", message: "end_before_start" },
        { line: 4, column: "funding_1_amount_eur", message: "amount_negative" },
        { line: 5, column: "establishment_ids", message: "partner_required" },
        { line: 6, column: "ap_hp_sites", message: "site_unknown" },
        { line: 7, column: "partner_country", message: "country_unknown" },
        { line: 8, column: "theme", message: "choice" },
      ]),
    );
  });

  it("checks the header: missing and unknown columns are named", () => {
    expect(checkHeader([...PROJECT_COLUMNS]).ok).toBe(true);
    const bad = checkHeader(["id", "title", "theme"]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.unknown).toEqual(["title"]);
      expect(bad.missing).toContain("title_fr");
    }
  });
});
