import i18next from "i18next";
import { describe, expect, it } from "vitest";
import resources from "#app/locales/index.ts";
import { agreementFigures, type RatingPair } from "./agreement.ts";
import { agreementInWords, excerpt, gapDirection, gapInWords, groupFindings, kappaStrength, kappaUndefinedReason, levelsBlockedByCritical } from "./report.ts";

const SCALE = [3, 2, 1, 0];
const pair = (code: string, self: RatingPair["self"], audit: RatingPair["audit"]): RatingPair => ({ code, chapterCode: code.split(".")[0]!, self, audit });
const i18n = i18next.createInstance();
await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
const number = (locale: string) => (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value);

describe("kappa in words", () => {
  it("reads κ on Landis and Koch's bands", () => {
    expect([-0.1, 0, 0.2, 0.21, 0.4, 0.55, 0.6, 0.61, 0.8, 0.81, 1].map(kappaStrength)).toEqual([
      "poor",
      "slight",
      "slight",
      "fair",
      "fair",
      "moderate",
      "moderate",
      "substantial",
      "substantial",
      "almost_perfect",
      "almost_perfect",
    ]);
  });

  it("says why κ is not defined: nothing compared, or every rating in one category on both sides", () => {
    expect(kappaUndefinedReason(agreementFigures([], SCALE))).toBe("nothing_compared");
    expect(kappaUndefinedReason(agreementFigures([pair("1.1.1", "NA", 3), pair("1.1.2", 2, null)], SCALE))).toBe("nothing_compared");
    expect(kappaUndefinedReason(agreementFigures([pair("1.1.1", 3, 3), pair("1.1.2", 3, 3)], SCALE))).toBe("no_variation");
    expect(kappaUndefinedReason(agreementFigures([pair("1.1.1", 3, 3), pair("1.1.2", 2, 3)], SCALE))).toBeNull();
  });
});

describe("the mean gap's direction", () => {
  it("is over-rating when positive, under-rating when negative, none when it shows as 0.00", () => {
    expect(gapDirection(0.5)).toBe("over");
    expect(gapDirection(-0.25)).toBe("under");
    expect(gapDirection(0.004)).toBe("none");
    expect(gapDirection(-0.004)).toBe("none");
    expect(gapDirection(null)).toBeNull();
  });
});

describe("agreement figures in words", () => {
  it("gives the share with its counts, κ with its strength, the signed gap with its meaning and what was left out", () => {
    // 4 compared pairs, 3 identical, the hospital one point above once; one N/A pair and one unrated.
    const figures = agreementFigures([pair("1.1.1", 3, 3), pair("1.1.2", 3, 2), pair("1.1.3", 1, 1), pair("1.1.4", 0, 0), pair("1.1.5", "NA", 2), pair("1.1.6", 2, null)], SCALE);
    const fr = agreementInWords(figures, i18n.getFixedT("fr"), number("fr-FR"));
    expect(fr.identical).toBe(`${number("fr-FR")(0.75, { style: "percent" })} (3 sur 4)`);
    // By hand: observed disagreement 1/3 of a step over 4 pairs, expected 11/6, so κw = 1 − (1/3)/(11/6) = 9/11.
    expect(figures.weightedKappa).toBeCloseTo(9 / 11, 12);
    expect(fr.kappa).toBe("0,82 : accord presque parfait");
    expect(fr.gap).toBe("+0,25 pt — l'établissement se cote plus généreusement que les auditeurs");
    expect(fr.leftOut).toBe("1 avec NA · 1 non cotées");
    const en = agreementInWords(figures, i18n.getFixedT("en"), number("en-GB"));
    expect(en.identical).toBe("75% (3 of 4)");
    expect(en.gap).toBe("+0.25 pt — the hospital rates itself more generously than the auditors");
  });

  it("says κ is not defined, and why, when it is not", () => {
    const same = agreementInWords(agreementFigures([pair("1.1.1", 3, 3)], SCALE), i18n.getFixedT("en"), number("en-GB"));
    expect(same.kappa).toBe("not defined: every compared rating is the same single category, which chance alone explains");
    expect(same.gap).toBe("0.00 pt — no systematic gap");
    const none = agreementInWords(agreementFigures([], SCALE), i18n.getFixedT("fr"), number("fr-FR"));
    expect(none.kappa).toBe("non défini : aucun critère n'est coté sur l'échelle des deux côtés");
    expect(none.identical).toBe("—");
    expect(none.gap).toBe("—");
  });

  it("words one criterion's gap in points, above or below", () => {
    expect(gapInWords(2, i18n.getFixedT("fr"))).toBe("l'établissement 2 points au-dessus");
    expect(gapInWords(-1, i18n.getFixedT("en"))).toBe("hospital 1 point lower");
  });
});

describe("critical criteria", () => {
  const levels = [
    { code: "bronze" as const, conditions: { critical_min_value: 2 } },
    { code: "silver" as const, conditions: { critical_min_value: 3 } },
    { code: "gold" as const, conditions: { critical_min_value: 3 } },
  ];
  it("lists the levels an audit rating keeps out of reach (all of them when not rated)", () => {
    expect(levelsBlockedByCritical(3, levels)).toEqual([]);
    expect(levelsBlockedByCritical(2, levels)).toEqual(["silver", "gold"]);
    expect(levelsBlockedByCritical(1, levels)).toEqual(["bronze", "silver", "gold"]);
    expect(levelsBlockedByCritical(null, levels)).toEqual(["bronze", "silver", "gold"]);
    expect(levelsBlockedByCritical("NA", levels)).toEqual([]);
  });
});

describe("findings", () => {
  it("are grouped by chapter in the referential's order, then strengths, recommendations, non-conformities, other observations", () => {
    const f = (code: string, classification: "strength" | "recommendation" | "non_conformity" | null) => ({ code, chapterCode: code.split(".")[0]!, classification });
    const grouped = groupFindings([f("9.1.1", "non_conformity"), f("1.1.1", "recommendation"), f("9.1.2", "strength"), f("1.1.2", null), f("1.1.3", "recommendation")], ["1", "2", "9"]);
    expect(grouped.map((c) => [c.chapterCode, c.groups.map((g) => [g.group, g.findings.map((x) => x.code)])])).toEqual([
      ["1", [["recommendation", ["1.1.1", "1.1.3"]], ["observation", ["1.1.2"]]]],
      ["9", [["strength", ["9.1.2"]], ["non_conformity", ["9.1.1"]]]],
    ]);
  });
});

describe("excerpt", () => {
  it("keeps a short text whole and cuts a long one at a word, with an ellipsis", () => {
    expect(excerpt("Un texte  court.")).toBe("Un texte court.");
    const long = "Le patient est informé des bénéfices, des risques et des alternatives ; son consentement est recueilli et tracé dans le dossier médical du patient.";
    const cut = excerpt(long, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut.endsWith("…")).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
  });
});
