import { describe, expect, it } from "vitest";
import { DEFAULT_LEVELS, DEFAULT_SCALE } from "./fixtures.ts";
import { levelConditions, weightPercent } from "./rules.ts";

describe("levelConditions", () => {
  it("describes each level's conditions from the data, naming the scale value critical criteria need", () => {
    const [bronze, silver, gold] = DEFAULT_LEVELS.map((l) => levelConditions(l, DEFAULT_SCALE));
    expect(bronze).toEqual([
      { key: "criticalAtLeast", value: 2, label: { fr: "Largement conforme", en: "Largely met" } },
      { key: "global", percent: 60 },
      { key: "chapter", percent: 50 },
    ]);
    expect(silver![0]).toEqual({ key: "criticalTop", value: 3, label: { fr: "Conforme", en: "Fully met" } });
    expect(gold!.at(-1)).toEqual({ key: "advanced", percent: 60 });
  });

  it("turns per-mille weights into percentages", () => {
    expect(DEFAULT_SCALE.values.map((v) => weightPercent(v.weight))).toEqual([100, 70, 35, 0]);
  });
});
