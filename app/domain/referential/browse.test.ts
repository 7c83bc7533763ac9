import { describe, expect, it } from "vitest";
import {
  canReadReferentialVersion,
  chaptersView,
  criterionMatches,
  filtersQuery,
  findCriterion,
  isquaCoverage,
  likeContains,
  MAX_SEARCH_LENGTH,
  parseFilters,
  parseVersionRef,
  tierCounts,
} from "./browse.ts";
import { makeVersion } from "./fixtures.ts";
import { allCriteria } from "./schema.ts";

const chapters = ["1", "2", "9"];
const parse = (query: string) => parseFilters(new URLSearchParams(query), chapters);

describe("parseFilters", () => {
  it("reads the search words normalised, and the filters", () => {
    const parsed = parse("q=  Hygiène   DES mains &tier=critical&chapter=9&method=observation&isqua=4");
    expect(parsed.words).toEqual(["hygiene", "des", "mains"]);
    expect(parsed.filters).toEqual({ q: "Hygiène DES mains", tier: "critical", chapter: "9", method: "observation", isqua: 4 });
    expect(parsed.problems).toEqual([]);
    expect(parsed.active).toBe(true);
  });

  it("treats empty values as no filter", () => {
    const parsed = parse("q=%20&tier=&chapter=&method=&isqua=");
    expect(parsed.active).toBe(false);
    expect(parsed.problems).toEqual([]);
    expect(parsed.words).toEqual([]);
  });

  it("ignores and reports unknown values", () => {
    const parsed = parse("tier=platinum&chapter=42&method=x&isqua=7&q=ok");
    expect(parsed.problems).toEqual(["tier", "chapter", "method", "isqua"]);
    expect(parsed.filters).toMatchObject({ tier: null, chapter: null, method: null, isqua: null });
    expect(parsed.words).toEqual(["ok"]);
    expect(parse("isqua=4.5").problems).toEqual(["isqua"]);
    expect(parse("isqua=0").problems).toEqual(["isqua"]);
  });

  it("refuses over-long searches and keeps only the first words of very wordy ones", () => {
    const long = parse(`q=${"a".repeat(MAX_SEARCH_LENGTH + 1)}`);
    expect(long.problems).toEqual(["q_too_long"]);
    expect(long.words).toEqual([]);
    expect(long.active).toBe(false);
    const wordy = parse(`q=${Array.from({ length: 20 }, (_, i) => `w${i}`).join("+")}`);
    expect(wordy.problems).toEqual(["q_too_many_words"]);
    expect(wordy.words).toHaveLength(12);
  });

  it("drops repeated words", () => {
    expect(parse("q=soins+SOINS+soins").words).toEqual(["soins"]);
  });
});

describe("search helpers", () => {
  it("escapes LIKE wildcards typed by people", () => {
    expect(likeContains("100%")).toBe("%100\\%%");
    expect(likeContains("a_b")).toBe("%a\\_b%");
    expect(likeContains("c\\d")).toBe("%c\\\\d%");
  });

  it("writes filters back as a query string, leaving empty ones out", () => {
    expect(filtersQuery({ q: "hygiène", tier: "critical", chapter: null, isqua: 4 })).toBe("?q=hygi%C3%A8ne&tier=critical&isqua=4");
    expect(filtersQuery({ q: "" })).toBe("");
  });

  it("matches criteria on every word and every filter", () => {
    const version = makeVersion({ chapters: [[["critical", { tier: "core", methods: ["tracer"], isqua: [5] }]]] });
    const [critical, core] = allCriteria(version);
    const p = parse("q=critere+hygiene&tier=critical");
    expect(criterionMatches(critical!, "1", p, "1.1.1 critere de l'hygiene")).toBe(true);
    expect(criterionMatches(critical!, "1", p, "1.1.1 critere")).toBe(false);
    expect(criterionMatches(core!, "1", p, "1.1.2 critere de l'hygiene")).toBe(false);
    expect(criterionMatches(core!, "1", parse("method=tracer&isqua=5"), "")).toBe(true);
    expect(criterionMatches(core!, "1", parse("method=document"), "")).toBe(false);
  });
});

describe("reading a version", () => {
  const version = makeVersion({ chapters: [[["critical", "core"], ["advanced"]], [[{ tier: "core", isqua: [3, 4, 4] }]]] });

  it("gives one language and keeps only the criteria asked for, dropping empty standards and chapters", () => {
    const all = chaptersView(version, "en");
    expect(all.map((c) => c.title)).toEqual(["Chapter 1", "Chapter 2"]);
    const some = chaptersView(version, "fr", (code) => code === "1.2.1");
    expect(some).toHaveLength(1);
    expect(some[0]!.standards.map((s) => s.code)).toEqual(["1.2"]);
    expect(some[0]!.standards[0]!.criteria[0]!.text).toBe(allCriteria(version)[2]!.text.fr);
  });

  it("finds a criterion with its place and neighbours", () => {
    const found = findCriterion(version, "1.2.1")!;
    expect(found.chapter.code).toBe("1");
    expect(found.standard.code).toBe("1.2");
    expect([found.previous, found.next, found.position, found.total]).toEqual(["1.1.2", "2.1.1", 3, 4]);
    expect(findCriterion(version, "1.1.1")!.previous).toBeNull();
    expect(findCriterion(version, "9.9.9")).toBeNull();
  });

  it("counts tiers and ISQua coverage (a criterion counts once per principle it serves)", () => {
    expect(tierCounts(allCriteria(version))).toEqual({ critical: 1, core: 2, advanced: 1 });
    const coverage = isquaCoverage(version, "fr");
    expect(coverage.criteria).toBe(4);
    const served = (p: number) => allCriteria(version).filter((c) => c.isqua.includes(p)).length;
    expect(coverage.totals).toEqual([1, 2, 3, 4, 5, 6].map(served));
    expect(coverage.chapters.map((c) => c.criteria)).toEqual([3, 1]);
    expect(coverage.chapters[1]!.byPrinciple).toEqual([0, 0, 1, 1, 0, 0]);
    const byTierSum = coverage.principles.map((_, i) => coverage.byTier.critical[i]! + coverage.byTier.core[i]! + coverage.byTier.advanced[i]!);
    expect(byTierSum).toEqual(coverage.totals);
    expect(coverage.uncovered).toEqual([3, 4, 5, 6].filter((p) => served(p) === 0));
  });
});

describe("access and references", () => {
  it("lets every active user read published and retired versions, and only the DRI read drafts", () => {
    for (const role of ["dri_admin", "auditor", "hospital"]) {
      expect(canReadReferentialVersion({ role, active: true }, "published")).toBe(true);
      expect(canReadReferentialVersion({ role, active: true }, "retired")).toBe(true);
      expect(canReadReferentialVersion({ role, active: true }, "draft")).toBe(role === "dri_admin");
      expect(canReadReferentialVersion({ role, active: false }, "published")).toBe(false);
    }
  });

  it("parses code@version references", () => {
    expect(parseVersionRef("label-qss@2024")).toEqual({ code: "label-qss", version: "2024" });
    expect(parseVersionRef(" label-qss@2024.1 ")).toEqual({ code: "label-qss", version: "2024.1" });
    for (const bad of ["2024", "label-qss@", "@2024", "Label@2024", "a@b@c", "x@../etc"]) expect(parseVersionRef(bad), bad).toBeNull();
  });
});
