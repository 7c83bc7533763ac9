import i18next from "i18next";
import { describe, expect, it } from "vitest";
import resources from "#app/locales/index.ts";
import { DEFAULT_LEVELS, DEFAULT_SCALE } from "./fixtures.ts";
import { conditionKey, levelConditions, ruleInWords, weightPercent } from "./rules.ts";

describe("levelConditions", () => {
  it("describes each level's conditions from the data, naming the scale value critical criteria need", () => {
    const [bronze, silver, gold] = DEFAULT_LEVELS.map((l) => levelConditions(l, DEFAULT_SCALE));
    expect(bronze).toEqual([
      { key: "criticalAtLeast", value: 2, label: { fr: "Largement conforme", en: "Largely met" } },
      { key: "global", percent: 60 },
      { key: "chapter", percent: 50 },
    ]);
    expect(silver![0]).toEqual({ key: "criticalTop", value: 3, label: { fr: "Conforme", en: "Fully met" } });
    expect(silver!.at(-1)).toEqual({ key: "tier", tier: "core", percent: 70 });
    expect(gold!.slice(-2)).toEqual([
      { key: "tier", tier: "core", percent: 80 },
      { key: "tier", tier: "advanced", percent: 60 },
    ]);
  });

  it("puts each condition in words in both languages, a tier floor naming its tier", async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
    const gold = levelConditions(DEFAULT_LEVELS[2]!, DEFAULT_SCALE);
    expect(gold.map((c) => ruleInWords(c, i18n.getFixedT("fr"), "fr")).join(", ")).toBe(
      "chaque critère impératif coté « Conforme » (3), score global d'au moins 85\u00a0%, chaque chapitre à au moins 75\u00a0%, score des critères standard d'au moins 80\u00a0%, score des critères avancés d'au moins 60\u00a0%",
    );
    expect(gold.map((c) => ruleInWords(c, i18n.getFixedT("en"), "en")).join(", ")).toBe(
      "every critical criterion rated Fully met (3), global score at least 85%, every chapter at least 75%, core criteria score at least 80%, advanced criteria score at least 60%",
    );
    expect(gold.map(conditionKey)).toEqual(["criticalTop", "global", "chapter", "tier.core", "tier.advanced"]);
  });

  it("turns per-mille weights into percentages", () => {
    expect(DEFAULT_SCALE.values.map((v) => weightPercent(v.weight))).toEqual([100, 70, 35, 0]);
  });
});
