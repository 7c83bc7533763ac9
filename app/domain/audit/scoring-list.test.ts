import { describe, expect, it } from "vitest";
import { auditProgressByChapter, differsFromSelf, filtersQuery, keptByFilters, neighbours, ratingGap, type ScoringRow } from "./scoring-list.ts";

const rows: ScoringRow[] = [
  { code: "1.1.1", chapterCode: "1", tier: "critical", self: 3, audit: 3 },
  { code: "1.1.2", chapterCode: "1", tier: "core", self: 3, audit: 1 },
  { code: "1.2.1", chapterCode: "1", tier: "core", self: 2, audit: null },
  { code: "2.1.1", chapterCode: "2", tier: "critical", self: "NA", audit: 2 },
  { code: "2.1.2", chapterCode: "2", tier: "advanced", self: 1, audit: null },
  { code: "3.1.1", chapterCode: "3", tier: "core", self: null, audit: 0 },
];
const none = new Set<string>();
const kept = (filters: Parameters<typeof keptByFilters>[1], mine: ReadonlySet<string> = none) => rows.filter((r) => keptByFilters(r, filters, mine)).map((r) => r.code);

describe("the auditors' filters", () => {
  it("keep everything when none is set, and one chapter when asked", () => {
    expect(kept({})).toEqual(rows.map((r) => r.code));
    expect(kept({ chapter: "2" })).toEqual(["2.1.1", "2.1.2"]);
  });

  it("keep the reader's chapters, the criteria not rated by the audit, the critical ones, and combine", () => {
    expect(kept({ mine: true }, new Set(["1", "3"]))).toEqual(["1.1.1", "1.1.2", "1.2.1", "3.1.1"]);
    expect(kept({ mine: true })).toEqual([]);
    expect(kept({ unrated: true })).toEqual(["1.2.1", "2.1.2"]);
    expect(kept({ critical: true })).toEqual(["1.1.1", "2.1.1"]);
    expect(kept({ critical: true, unrated: true })).toEqual([]);
    expect(kept({ chapter: "1", unrated: true })).toEqual(["1.2.1"]);
  });

  it("call a criterion different from the self-assessment once the audit rated it otherwise (N/A and not rated included)", () => {
    expect(kept({ differs: true })).toEqual(["1.1.2", "2.1.1", "3.1.1"]);
    expect(differsFromSelf({ self: 2, audit: null })).toBe(false);
    expect(differsFromSelf({ self: "NA", audit: "NA" })).toBe(false);
  });
});

describe("previous and next criterion", () => {
  it("are the nearest ones the filters keep, even when the criterion itself has left the list", () => {
    expect(neighbours(rows, "1.1.1", {}, none)).toEqual({ previous: null, next: "1.1.2" });
    expect(neighbours(rows, "3.1.1", {}, none)).toEqual({ previous: "2.1.2", next: null });
    // 1.1.2 is rated: under "not rated", it is between 1.2.1 and nothing before.
    expect(neighbours(rows, "1.1.2", { unrated: true }, none)).toEqual({ previous: null, next: "1.2.1" });
    expect(neighbours(rows, "1.2.1", { unrated: true }, none)).toEqual({ previous: null, next: "2.1.2" });
    expect(neighbours(rows, "9.9.9", {}, none)).toEqual({ previous: null, next: null });
  });

  it("carry the filters in their links", () => {
    expect(filtersQuery({})).toBe("");
    expect(filtersQuery({ chapter: "2", mine: false, unrated: true, differs: true })).toBe("?chapter=2&unrated=on&differs=on");
  });
});

describe("the gap between the two ratings", () => {
  it("is self − audit in points, the same, N/A on one side, or nothing yet", () => {
    expect(rows.map(ratingGap)).toEqual([
      { kind: "same" },
      { kind: "points", points: 2 },
      { kind: "pending" },
      { kind: "na" },
      { kind: "pending" },
      { kind: "pending" },
    ]);
    expect(ratingGap({ self: 0, audit: 3 })).toEqual({ kind: "points", points: -3 });
    expect(ratingGap({ self: "NA", audit: "NA" })).toEqual({ kind: "same" });
  });
});

describe("progress per chapter", () => {
  it("counts the criteria the audit rated among all of the chapter's", () => {
    expect([...auditProgressByChapter(rows)]).toEqual([
      ["1", { rated: 2, total: 3 }],
      ["2", { rated: 1, total: 2 }],
      ["3", { rated: 1, total: 1 }],
    ]);
  });
});
