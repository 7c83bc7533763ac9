import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementByChapter, agreementFigures, largestDisagreements, linearWeightedKappa, type RatingPair } from "./agreement.ts";

const SCALE = [3, 2, 1, 0];
const pair = (code: string, self: RatingPair["self"], audit: RatingPair["audit"], chapterCode = code.split(".")[0]!): RatingPair => ({
  code,
  chapterCode,
  self,
  audit,
});

describe("linearly weighted kappa", () => {
  it("reproduces the published agreement study of two dermatologists (SAS/STAT PROC FREQ, skin condition data): κw = 0.508", () => {
    // Rows: dermatologist 1, columns: dermatologist 2; terrible, poor, marginal, clear. SAS reports a simple kappa
    // of 0.3449 and a (Cicchetti–Allison, i.e. linear) weighted kappa of 0.5082 for these 88 patients.
    const table = [
      [10, 4, 1, 0],
      [5, 10, 12, 2],
      [2, 4, 12, 5],
      [0, 2, 6, 13],
    ];
    expect(linearWeightedKappa(table)!.toFixed(3)).toBe("0.508");
  });

  it("gives the same figure from the 88 pairs themselves", () => {
    const table = [
      [10, 4, 1, 0],
      [5, 10, 12, 2],
      [2, 4, 12, 5],
      [0, 2, 6, 13],
    ];
    const pairs: RatingPair[] = [];
    table.forEach((row, i) => row.forEach((count, j) => {
      for (let n = 0; n < count; n++) pairs.push(pair(`1.${pairs.length}`, i, j));
    }));
    const figures = agreementFigures(pairs, SCALE);
    expect(figures.compared).toBe(88);
    expect(figures.weightedKappa!.toFixed(3)).toBe("0.508");
    expect(figures.identical).toBe(45);
  });

  it("is 1 when every rating is identical (several categories used)", () => {
    const figures = agreementFigures([pair("1.1", 3, 3), pair("1.2", 2, 2), pair("1.3", 0, 0)], SCALE);
    expect(figures.weightedKappa).toBe(1);
    expect(figures.identicalShare).toBe(1);
    expect(figures.meanSignedGap).toBe(0);
  });

  it("matches a case computed by hand: κw = 0.6, half identical, the hospital half a point below", () => {
    // Observed weighted disagreement 2/3 (two pairs one step apart, weight 1/3 each); expected 5/3 from the margins.
    const figures = agreementFigures([pair("1.1", 3, 3), pair("1.2", 2, 3), pair("1.3", 1, 1), pair("1.4", 0, 1)], SCALE);
    expect(figures.weightedKappa).toBeCloseTo(0.6, 12);
    expect(figures.identicalShare).toBe(0.5);
    expect(figures.meanSignedGap).toBe(-0.5);
  });

  it("is not defined when every rating of both sides falls in one category, though every pair agrees", () => {
    const figures = agreementFigures([pair("1.1", 3, 3), pair("1.2", 3, 3)], SCALE);
    expect(figures.weightedKappa).toBeNull();
    expect(figures.identicalShare).toBe(1);
  });

  it("is 0 when agreement is exactly what chance gives", () => {
    // Independent margins: every cell is the product of its margins.
    expect(linearWeightedKappa([[1, 1], [1, 1]])).toBe(0);
  });

  it("is the same whichever side is called first, and the gap changes sign", () => {
    const rating = fc.constantFrom<number>(0, 1, 2, 3);
    fc.assert(
      fc.property(fc.array(fc.tuple(rating, rating), { minLength: 1, maxLength: 60 }), (ratings) => {
        const forward = agreementFigures(ratings.map(([s, a], i) => pair(`1.${i}`, s, a)), SCALE);
        const backward = agreementFigures(ratings.map(([s, a], i) => pair(`1.${i}`, a, s)), SCALE);
        if (forward.weightedKappa === null) expect(backward.weightedKappa).toBeNull();
        else expect(backward.weightedKappa).toBeCloseTo(forward.weightedKappa, 10);
        expect(backward.meanSignedGap).toBeCloseTo(-forward.meanSignedGap!, 10);
        expect(forward.weightedKappa === null || forward.weightedKappa <= 1 + 1e-12).toBe(true);
      }),
    );
  });
});

describe("agreement figures", () => {
  it("say nothing on empty input", () => {
    expect(agreementFigures([], SCALE)).toEqual({
      compared: 0,
      withNa: 0,
      unrated: 0,
      identical: 0,
      identicalShare: null,
      weightedKappa: null,
      meanSignedGap: null,
    });
  });

  it("leave out a pair with N/A on either side, and a side not rated yet, counting each apart", () => {
    const figures = agreementFigures(
      [pair("1.1", "NA", 3), pair("1.2", 2, "NA"), pair("1.3", "NA", "NA"), pair("1.4", null, 2), pair("1.5", 3, null), pair("1.6", 3, 2)],
      SCALE,
    );
    expect(figures).toMatchObject({ compared: 1, withNa: 3, unrated: 2, identical: 0, meanSignedGap: 1 });
  });

  it("are given per chapter in referential order, and overall", () => {
    const { overall, chapters } = agreementByChapter(
      [pair("2.1", 3, 2), pair("2.2", 3, 2), pair("10.1", 1, 1), pair("10.2", 2, 2)],
      SCALE,
    );
    expect(chapters.map((c) => [c.chapterCode, c.identicalShare, c.meanSignedGap])).toEqual([
      ["2", 0, 1],
      ["10", 1, 0],
    ]);
    expect(overall).toMatchObject({ compared: 4, identical: 2, meanSignedGap: 0.5 });
  });
});

describe("largest disagreements", () => {
  it("come largest gap first, over-rating before under-rating at equal gaps, then in referential order", () => {
    const list = largestDisagreements([
      pair("1.1", 2, 3),
      pair("1.2", 3, 1),
      pair("1.3", 3, 2),
      pair("1.4", 3, 3),
      pair("1.5", "NA", 0),
      pair("1.6", 0, 2),
      pair("1.7", 1, 0),
    ]);
    expect(list.map((d) => [d.code, d.gap])).toEqual([
      ["1.2", 2],
      ["1.6", -2],
      ["1.3", 1],
      ["1.7", 1],
      ["1.1", -1],
    ]);
    expect(largestDisagreements([pair("1.1", 3, 0), pair("1.2", 3, 1)], 1).map((d) => d.code)).toEqual(["1.1"]);
  });
});
