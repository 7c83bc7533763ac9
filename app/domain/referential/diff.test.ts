import { describe, expect, it } from "vitest";
import { diffVersions, lineageGroups, lineageKind } from "./diff.ts";
import { makeRatingGuidance, makeVersion } from "./fixtures.ts";
import type { Criterion, ReferentialVersion, Tier } from "./schema.ts";

/** A criterion whose texts depend on `topic`, not on its code, so codes can change without rewording. */
function criterion(code: string, tier: Tier, topic: string, extra: Partial<Criterion> = {}): Criterion {
  return {
    code,
    tier,
    text: { fr: `Texte ${topic}`, en: `Text ${topic}` },
    guidance: { fr: `Conseils ${topic}`, en: `Guidance ${topic}` },
    methods: ["document"],
    evidence: [{ fr: `Preuve ${topic}`, en: `Evidence ${topic}` }],
    na_allowed: false,
    isqua: [4],
    ...extra,
  };
}

/** chapters: { chapterCode: { standardCode: criteria } } */
function version(name: string, chapters: Record<string, Record<string, Criterion[]>>): ReferentialVersion {
  return {
    ...makeVersion({ version: name, chapters: [] }),
    chapters: Object.entries(chapters).map(([code, standards]) => ({
      code,
      title: { fr: `Chapitre ${code}`, en: `Chapter ${code}` },
      standards: Object.entries(standards).map(([standardCode, criteria]) => ({
        code: standardCode,
        title: { fr: `Objectif ${standardCode}`, en: `Standard ${standardCode}` },
        intent: { fr: `Raison ${standardCode}`, en: `Intent ${standardCode}` },
        criteria,
      })),
    })),
  };
}

const older = version("2019", {
  "1": {
    "1.1": [criterion("1.1.1", "critical", "a"), criterion("1.1.2", "core", "b"), criterion("1.1.3", "core", "c")],
    "1.2": [criterion("1.2.1", "core", "d"), criterion("1.2.2", "advanced", "e")],
  },
  "2": { "2.1": [criterion("2.1.1", "core", "f"), criterion("2.1.2", "core", "g"), criterion("2.1.3", "core", "h")] },
});

const newer = version("2024", {
  "1": {
    "1.1": [
      criterion("1.1.1", "critical", "a"), // unchanged
      { ...criterion("1.1.2", "core", "b"), text: { fr: "Texte b revu", en: "Text b" }, methods: ["document", "interview"] }, // reworded (fr) + methods
      criterion("1.1.3", "critical", "c"), // tier core → critical
      criterion("1.1.4", "core", "new"), // added
    ],
  },
  "2": {
    "2.1": [
      criterion("2.1.1", "core", "f+g", { replaces: ["2.1.1", "2.1.2"] }), // merge
      criterion("2.1.4", "advanced", "e", { replaces: ["1.2.2"] }), // moved to another chapter, new code
    ],
    "2.2": [criterion("2.2.1", "core", "h1", { replaces: ["2.1.3"] }), criterion("2.2.2", "core", "h2", { replaces: ["2.1.3"] })], // split
  },
});
// 1.2.1 is removed.

describe("diffVersions", () => {
  const diff = diffVersions(older, newer);

  it("counts every kind of change", () => {
    expect(diff.summary).toEqual({
      olderCriteria: 8,
      newerCriteria: 8,
      added: 1,
      removed: 1,
      moved: 1,
      reworded: 1,
      tierChanged: 1,
      detailsChanged: 1,
      merged: 1,
      split: 1,
      regrouped: 0,
      unchanged: 1,
    });
    expect(diff.olderVersion).toBe("2019");
    expect(diff.newerVersion).toBe("2024");
  });

  it("lists added and removed criteria", () => {
    expect(diff.added.map((c) => c.code)).toEqual(["1.1.4"]);
    expect(diff.removed).toEqual([{ code: "1.2.1", chapterCode: "1", standardCode: "1.2", tier: "core", text: { fr: "Texte d", en: "Text d" } }]);
  });

  it("follows replaces for a criterion moved under another chapter with a new code", () => {
    expect(diff.moved).toEqual([
      {
        older: { code: "1.2.2", chapterCode: "1", standardCode: "1.2", tier: "advanced", text: { fr: "Texte e", en: "Text e" } },
        newer: { code: "2.1.4", chapterCode: "2", standardCode: "2.1", tier: "advanced", text: { fr: "Texte e", en: "Text e" } },
        codeChanged: true,
        standardChanged: true,
        chapterChanged: true,
      },
    ]);
  });

  it("gives old and new text of reworded criteria, tier changes and other changed fields", () => {
    expect(diff.reworded).toEqual([
      { olderCode: "1.1.2", newerCode: "1.1.2", languages: ["fr"], old: { fr: "Texte b", en: "Text b" }, new: { fr: "Texte b revu", en: "Text b" } },
    ]);
    expect(diff.tierChanged).toEqual([{ olderCode: "1.1.3", newerCode: "1.1.3", old: "core", new: "critical" }]);
    expect(diff.detailsChanged).toEqual([{ olderCode: "1.1.2", newerCode: "1.1.2", fields: ["methods"] }]);
  });

  it("reports rating guidance added, changed or removed as a changed detail, and nothing when it is the same", () => {
    const older = makeVersion({ chapters: [[["critical", "critical", { tier: "core", rating_guidance: makeRatingGuidance("x") }, "core"]]] });
    const newer = structuredClone(older);
    const [a, b, c, d] = newer.chapters[0]!.standards[0]!.criteria;
    a!.rating_guidance = makeRatingGuidance("a", true); // added
    older.chapters[0]!.standards[0]!.criteria[1]!.rating_guidance = makeRatingGuidance("b");
    b!.rating_guidance = { ...makeRatingGuidance("b"), "2": { fr: "Un écart mineur, revu", en: "One minor gap, revised" } }; // changed
    delete c!.rating_guidance; // removed
    expect(d).toBeDefined(); // unchanged (none on either side)
    expect(diffVersions(older, newer).detailsChanged).toEqual([
      { olderCode: "1.1.1", newerCode: "1.1.1", fields: ["rating_guidance"] },
      { olderCode: "1.1.2", newerCode: "1.1.2", fields: ["rating_guidance"] },
      { olderCode: "1.1.3", newerCode: "1.1.3", fields: ["rating_guidance"] },
    ]);
    expect(diffVersions(older, structuredClone(older)).detailsChanged).toEqual([]);
  });

  it("reports merges and splits", () => {
    expect(diff.merged.map((m) => ({ older: m.older.map((c) => c.code), newer: m.newer.code }))).toEqual([{ older: ["2.1.1", "2.1.2"], newer: "2.1.1" }]);
    expect(diff.split.map((s) => ({ older: s.older.code, newer: s.newer.map((c) => c.code) }))).toEqual([{ older: "2.1.3", newer: ["2.2.1", "2.2.2"] }]);
  });

  it("groups tangled replacements together", () => {
    const before = version("2019", { "1": { "1.1": [criterion("1.1.1", "core", "a"), criterion("1.1.2", "core", "b")] } });
    const after = version("2024", {
      "1": { "1.1": [criterion("1.1.1", "core", "a+b", { replaces: ["1.1.1", "1.1.2"] }), criterion("1.1.2", "core", "b'", { replaces: ["1.1.2"] })] },
    });
    const tangled = diffVersions(before, after);
    expect(tangled.regrouped.map((r) => [r.older.map((c) => c.code), r.newer.map((c) => c.code)])).toEqual([[["1.1.1", "1.1.2"], ["1.1.1", "1.1.2"]]]);
    expect(tangled.summary).toMatchObject({ added: 0, removed: 0, merged: 0, split: 0, regrouped: 1, unchanged: 0 });
  });

  it("takes replaces: [] as a new criterion that reuses a code: added, and the old criterion of that code removed", () => {
    const before = version("2019", { "1": { "1.1": [criterion("1.1.1", "core", "uniform"), criterion("1.1.2", "core", "b")] } });
    const after = version("2024", {
      "1": { "1.1": [criterion("1.1.1", "advanced", "annual report", { replaces: [] }), criterion("1.1.2", "core", "b")] },
    });
    const reused = diffVersions(before, after);
    expect(reused.added.map((c) => [c.code, c.text.en])).toEqual([["1.1.1", "Text annual report"]]);
    expect(reused.removed.map((c) => [c.code, c.text.en])).toEqual([["1.1.1", "Text uniform"]]);
    expect(reused.tierChanged).toEqual([]);
    expect(reused.summary).toMatchObject({ added: 1, removed: 1, moved: 0, reworded: 0, tierChanged: 0, unchanged: 1 });
    // Without it, the same file says the uniform criterion became the annual report.
    const silent = diffVersions(before, version("2024", { "1": { "1.1": [criterion("1.1.1", "advanced", "annual report"), criterion("1.1.2", "core", "b")] } }));
    expect(silent.summary).toMatchObject({ added: 0, removed: 0, reworded: 1, tierChanged: 1 });
  });

  it("keeps a reused code's old criterion when another criterion continues it", () => {
    const before = version("2019", { "1": { "1.1": [criterion("1.1.1", "core", "rota")] } });
    const after = version("2024", {
      "1": { "1.1": [criterion("1.1.1", "core", "organisation chart", { replaces: [] }), criterion("1.1.2", "core", "rota", { replaces: ["1.1.1"] })] },
    });
    const moved = diffVersions(before, after);
    expect(moved.added.map((c) => c.code)).toEqual(["1.1.1"]);
    expect(moved.removed).toEqual([]);
    expect(moved.moved.map((m) => [m.older.code, m.newer.code])).toEqual([["1.1.1", "1.1.2"]]);
    expect(moved.split).toEqual([]);
  });

  it("finds nothing between a version and itself", () => {
    const same = diffVersions(older, structuredClone(older));
    expect(same.summary).toMatchObject({ added: 0, removed: 0, moved: 0, reworded: 0, tierChanged: 0, detailsChanged: 0, unchanged: 8 });
  });

  it("shares its lineage: every newer criterion in one group, in the newer version's order, and what nothing continues", () => {
    const { groups, removed } = lineageGroups(older, newer);
    expect(groups.map((g) => [g.older, g.newer, lineageKind(g)])).toEqual([
      [["1.1.1"], ["1.1.1"], "continued"],
      [["1.1.2"], ["1.1.2"], "continued"],
      [["1.1.3"], ["1.1.3"], "continued"],
      [[], ["1.1.4"], "added"],
      [["2.1.1", "2.1.2"], ["2.1.1"], "merged"],
      [["1.2.2"], ["2.1.4"], "continued"],
      [["2.1.3"], ["2.2.1", "2.2.2"], "split"],
    ]);
    expect(removed).toEqual(["1.2.1"]);
  });
});
