import i18next from "i18next";
import { describe, expect, it } from "vitest";
import resources from "#app/locales/index.ts";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
import { scoreAssessment, type LevelCondition } from "./engine.ts";
import { conditionInWords } from "./explanation.ts";

const i18n = i18next.createInstance();
await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
const fr = i18n.getFixedT("fr");
const en = i18n.getFixedT("en");
const number = (locale: string) => (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value);

describe("a level condition in words", () => {
  it("names the chapters below the threshold with their score, as the overview does", () => {
    const condition: LevelCondition = {
      kind: "chapters",
      status: "failed",
      held: false,
      minPercent: 65,
      chapters: [
        { chapterCode: "1", status: "held", score: { sumPerMille: 8000, count: 10 } },
        { chapterCode: "9", status: "failed", score: { sumPerMille: 6200, count: 10 } },
      ],
      failing: ["9"],
    };
    expect(conditionInWords(condition, fr, number("fr-FR"))).toBe("chaque chapitre à au moins 65 % — chapitre 9 à 62 % < 65 % requis");
    expect(conditionInWords(condition, en, number("en-GB"))).toBe("every chapter at least 65% — chapter 9 at 62 % < 65% required");
  });

  it("lists critical criteria below the minimum and those not rated yet", () => {
    const condition: LevelCondition = { kind: "critical", status: "failed", held: false, minValue: 3, failing: [{ code: "4.1.1", value: 2 }], unrated: ["6.1.1", "7.1.2"] };
    expect(conditionInWords(condition, fr, number("fr-FR"))).toBe("chaque critère impératif coté au moins 3 — critères en dessous : 4.1.1 (2) — 2 critères impératifs pas encore cotés");
  });

  it("gives the global score with one decimal, and the advanced criteria when they do not apply", () => {
    expect(conditionInWords({ kind: "global", status: "failed", held: false, minPercent: 85, score: { sumPerMille: 8275, count: 10 } }, fr, number("fr-FR"))).toBe("score global 82,7 % (au moins 85 % requis)");
    const advanced: LevelCondition = { kind: "tier", tier: "advanced", status: "not_applicable", held: true, minPercent: 60, score: { sumPerMille: 0, count: 0 } };
    expect(conditionInWords(advanced, en, number("en-GB"))).toBe("advanced criteria: not applicable (no applicable advanced criterion)");
    expect(conditionInWords(advanced, fr, number("fr-FR"))).toBe("critères avancés : non applicable (aucun critère avancé applicable)");
  });

  it("says how far a tier's score is below its floor, and the floor it holds otherwise", () => {
    const core = (status: "failed" | "held" | "not_rated", sumPerMille: number, count: number): LevelCondition => ({
      kind: "tier",
      tier: "core",
      status,
      held: status === "held",
      minPercent: 70,
      score: { sumPerMille, count },
    });
    expect(conditionInWords(core("failed", 53_680, 88), fr, number("fr-FR"))).toBe("critères standard à 61 % < 70 % requis");
    expect(conditionInWords(core("failed", 53_680, 88), en, number("en-GB"))).toBe("core criteria at 61 % < 70% required");
    expect(conditionInWords(core("failed", 6_990, 10), fr, number("fr-FR"))).toBe("critères standard à 69,9 % < 70 % requis");
    expect(conditionInWords(core("held", 67_900, 87), fr, number("fr-FR"))).toBe("score des critères standard 78 % (au moins 70 % requis)");
    expect(conditionInWords(core("held", 67_900, 87), en, number("en-GB"))).toBe("core criteria score 78 % (at least 70% required)");
    expect(conditionInWords(core("not_rated", 0, 0), en, number("en-GB"))).toBe("core criteria score — (at least 70% required)");
    expect(conditionInWords({ kind: "tier", tier: "core", status: "not_applicable", held: true, minPercent: 70, score: { sumPerMille: 0, count: 0 } }, fr, number("fr-FR"))).toBe(
      "critères standard : non applicable (aucun critère standard applicable)",
    );
  });

  it("names a critical criterion whose N/A the auditor refused, with the rating the auditor gave", () => {
    const surgery = { na_allowed: true, service: "surgery" } as const;
    const version = makeVersion({ chapters: [[["critical", "core"]], [["core"]], [["core"]], [["core"]], [["core"]], [[{ tier: "critical", ...surgery }, { tier: "core", ...surgery }]]] });
    const result = scoreAssessment(version, { "1.1.1": 3, "1.1.2": 3, "2.1.1": 3, "3.1.1": 3, "4.1.1": 3, "5.1.1": 3, "6.1.1": 1, "6.1.2": "NA" });
    const critical = result.next?.unmet.find((c) => c.kind === "critical");
    expect(result.level).toBeNull();
    expect(critical && conditionInWords(critical, en, number("en-GB"))).toBe("every critical criterion rated at least 2 — criteria below: 6.1.1 (1)");
  });
});
