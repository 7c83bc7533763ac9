import { describe, expect, it } from "vitest";
import { DEFAULT_SCALE, makeVersion } from "#app/domain/referential/fixtures.ts";
import { planCarryOver, type PreviousRating } from "./carry-over.ts";

// The older version: 1.1.1–1.1.5 and 1.2.1–1.2.4 (1.1.4 allows N/A).
const older = makeVersion({
  version: "2019",
  chapters: [[["critical", "core", "core", { tier: "core", na_allowed: true }, "core"], ["core", "core", "core", "core"]]],
});
// The newer one, criterion by criterion against the older.
const newer = makeVersion({
  version: "2024",
  chapters: [
    [
      [
        "critical", // 1.1.1 continued (same code, no replaces)
        { tier: "core", replaces: ["1.1.2", "1.1.3"] }, // 1.1.2 merges 1.1.2 and 1.1.3
        { tier: "core", replaces: [] }, // 1.1.3 new, its code reused
        "core", // 1.1.4 continued, N/A no longer allowed
        "advanced", // 1.1.5 continued, re-tiered
      ],
      [
        { tier: "core", replaces: ["1.2.1"] }, // 1.2.1 and 1.2.2 split 1.2.1
        { tier: "core", replaces: ["1.2.1"] },
        { tier: "core", replaces: ["1.2.2", "1.2.3"] }, // 1.2.3 and 1.2.4 regroup 1.2.2 and 1.2.3
        { tier: "core", replaces: ["1.2.3"] },
        { tier: "core", replaces: ["1.2.4"] }, // 1.2.5 continues 1.2.4 under a new code
      ],
    ],
    [["core"]], // 2.1.1 added
  ],
});

const rated = (rating: PreviousRating["rating"], justification = "") => ({ rating, justification });
const previous = new Map<string, PreviousRating>([
  ["1.1.1", rated(3, "Procédure appliquée partout.")],
  ["1.1.2", rated(3, "")],
  ["1.1.3", rated(1, "Seulement dans le service pilote.")],
  ["1.1.4", rated("NA", "Pas de bloc opératoire.")],
  ["1.1.5", rated(2, "Écarts mineurs la nuit.")],
  ["1.2.1", rated(2, "Registre incomplet.")],
  ["1.2.2", rated(3)],
  ["1.2.3", rated(3)],
  ["1.2.4", rated(0, "Rien en place.")],
]);

describe("planCarryOver", () => {
  const plan = planCarryOver([older, newer], previous);
  const carried = (code: string) => plan.carried.find((c) => c.code === code);
  const reason = (code: string) => plan.notCarried.find((c) => c.code === code)?.reason;

  it("carries a continued criterion's rating and justification, even moved or re-tiered", () => {
    expect(carried("1.1.1")).toEqual({ code: "1.1.1", rating: 3, justification: "Procédure appliquée partout.", from: ["1.1.1"], kind: "continued" });
    expect(carried("1.1.5")).toMatchObject({ rating: 2, justification: "Écarts mineurs la nuit.", from: ["1.1.5"] });
    expect(carried("1.2.5")).toMatchObject({ rating: 0, justification: "Rien en place.", from: ["1.2.4"], kind: "continued" });
  });

  it("carries the lowest rating onto a merged criterion, the justifications joined under their codes", () => {
    expect(carried("1.1.2")).toEqual({
      code: "1.1.2",
      rating: 1,
      justification: "1.1.3 (1) — Seulement dans le service pilote.",
      from: ["1.1.2", "1.1.3"],
      kind: "merged",
    });
  });

  it("carries nothing onto a merged criterion when one of its sources was not rated", () => {
    const partial = planCarryOver([older, newer], new Map([...previous].filter(([code]) => code !== "1.1.3")));
    expect(partial.carried.map((c) => c.code)).not.toContain("1.1.2");
    expect(partial.notCarried).toContainEqual({ code: "1.1.2", reason: "merge_incomplete" });
  });

  it("carries a split criterion's rating onto each of its successors", () => {
    expect(carried("1.2.1")).toMatchObject({ rating: 2, justification: "Registre incomplet.", from: ["1.2.1"], kind: "split" });
    expect(carried("1.2.2")).toMatchObject({ rating: 2, justification: "Registre incomplet.", from: ["1.2.1"], kind: "split" });
  });

  it("carries nothing onto regrouped or added criteria, a reused code declared new included", () => {
    expect([reason("1.2.3"), reason("1.2.4")]).toEqual(["regrouped", "regrouped"]);
    expect([reason("2.1.1"), reason("1.1.3")]).toEqual(["added", "added"]);
  });

  it("never carries N/A onto a criterion that does not allow it", () => {
    expect(carried("1.1.4")).toBeUndefined();
    expect(reason("1.1.4")).toBe("refused");
  });

  it("accounts for every criterion of the new version once", () => {
    const codes = [...plan.carried.map((c) => c.code), ...plan.notCarried.map((c) => c.code)].sort();
    expect(codes).toEqual(["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "2.1.1"]);
  });

  it("carries nothing from an unrated or cleared rating, nor a rating that would now need a justification", () => {
    const gaps = planCarryOver([older, newer], new Map([["1.1.1", rated(null, "Texte resté après effacement")], ["1.1.5", rated(2, "")]]));
    expect(gaps.carried).toEqual([]);
    expect(gaps.notCarried).toContainEqual({ code: "1.1.1", reason: "unrated" });
    expect(gaps.notCarried).toContainEqual({ code: "1.1.5", reason: "refused" });
  });

  it("never carries a value off the new scale", () => {
    const threeSteps = { ...DEFAULT_SCALE, values: DEFAULT_SCALE.values.filter((v) => v.value !== 0) };
    const rescaled = { ...newer, scale: threeSteps };
    const out = planCarryOver([older, rescaled], previous);
    expect(out.carried.find((c) => c.code === "1.2.5")).toBeUndefined();
    expect(out.notCarried).toContainEqual({ code: "1.2.5", reason: "refused" });
  });

  it("continues every criterion on the same version, N/A included where it is allowed", () => {
    const same = planCarryOver([older, structuredClone(older)], previous);
    expect(same.notCarried).toEqual([]);
    expect(same.carried).toHaveLength(9);
    expect(same.carried.every((c) => c.kind === "continued" && c.from.length === 1 && c.from[0] === c.code)).toBe(true);
    expect(same.carried.find((c) => c.code === "1.1.4")).toMatchObject({ rating: "NA", justification: "Pas de bloc opératoire." });
  });

  it("follows each version's lineage in turn across a skipped version, naming the oldest codes", () => {
    // 2028 continues 2024's 1.2.5 under 3.1.1: from 2019 that is 1.2.4.
    const latest = makeVersion({ version: "2028", chapters: [[["critical"]], [], [[{ tier: "core", replaces: ["1.2.5"] }]]] });
    const chained = planCarryOver([older, newer, latest], previous);
    expect(chained.carried).toEqual([
      { code: "1.1.1", rating: 3, justification: "Procédure appliquée partout.", from: ["1.1.1"], kind: "continued" },
      { code: "3.1.1", rating: 0, justification: "Rien en place.", from: ["1.2.4"], kind: "continued" },
    ]);
  });
});
