import { describe, expect, it } from "vitest";
import { expiringLabels, labelsByCountry, labelsByLevel, type ListedLabel } from "./figures.ts";

const SN = { fr: "Sénégal", en: "Senegal" };
const CI = { fr: "Côte d'Ivoire", en: "Côte d'Ivoire" };
const BJ = { fr: "Bénin", en: "Benin" };

function label(name: string, level: ListedLabel["level"], country: [string, { fr: string; en: string }], overrides: Partial<ListedLabel> = {}): ListedLabel {
  return { establishmentName: name, countryCode: country[0], countryName: country[1], level, validUntil: "2029-12-04", status: "valid", ...overrides };
}

const labels = [
  label("CHNCAK Touba", "silver", ["SN", SN]),
  label("HME Bingerville", "gold", ["CI", CI], { validUntil: "2027-05-25", status: "expiring" }),
  label("CHU de Fann", "silver", ["SN", SN], { validUntil: "2027-03-01", status: "expiring" }),
  label("CNHU Cotonou", "bronze", ["BJ", BJ]),
];

describe("key figures of the labels in force", () => {
  it("counts every level, highest first, a level without label included", () => {
    expect(labelsByLevel(labels).map((g) => [g.level, g.labels.map((l) => l.establishmentName)])).toEqual([
      ["gold", ["HME Bingerville"]],
      ["silver", ["CHNCAK Touba", "CHU de Fann"]],
      ["bronze", ["CNHU Cotonou"]],
    ]);
    expect(labelsByLevel([]).map((g) => [g.level, g.labels.length])).toEqual([
      ["gold", 0],
      ["silver", 0],
      ["bronze", 0],
    ]);
  });

  it("groups by country, most labelled first, then by French name", () => {
    expect(labelsByCountry(labels).map((g) => [g.countryCode, g.countryName.fr, g.labels.length])).toEqual([
      ["SN", "Sénégal", 2],
      ["BJ", "Bénin", 1],
      ["CI", "Côte d'Ivoire", 1],
    ]);
  });

  it("lists the labels in their last months, soonest end first, from the status the list gives", () => {
    expect(expiringLabels(labels).map((l) => l.establishmentName)).toEqual(["CHU de Fann", "HME Bingerville"]);
  });
});
