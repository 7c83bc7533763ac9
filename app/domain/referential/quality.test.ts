import { describe, expect, it } from "vitest";
import { makeVersion } from "./fixtures.ts";
import { checkContentQuality, findIdenticalTranslations, findNearDuplicateCriteria, normaliseWords } from "./quality.ts";
import { allCriteria, type ReferentialVersion } from "./schema.ts";

const base = () => makeVersion({ chapters: [[["critical", "core", "core"]], [["advanced"]]] });

function withTexts(texts: { fr: string; en: string }[]): ReferentialVersion {
  const version = base();
  allCriteria(version).forEach((criterion, i) => {
    const text = texts[i];
    if (text) criterion.text = text;
  });
  return version;
}

describe("content quality", () => {
  it("finds nothing in a clean version (Bronze is the same word in both languages)", () => {
    const version = withTexts([
      { fr: "Les soignants pratiquent l'hygiène des mains avant chaque contact", en: "Staff perform hand hygiene before each patient contact" },
      { fr: "Le circuit du médicament est sécurisé", en: "The medication process is safe" },
      { fr: "Les événements indésirables graves sont déclarés et analysés", en: "Serious adverse events are reported and analysed" },
      { fr: "Le patient est informé de son parcours de soins", en: "Patients are told about their care pathway" },
    ]);
    expect(checkContentQuality(version)).toEqual([]);
  });

  it("flags texts identical in French and English, with their path", () => {
    const version = base();
    const standard = version.chapters[1]?.standards[0];
    if (standard) standard.intent = { fr: "Traçabilité des dispositifs", en: "Traçabilité des dispositifs" };
    version.approval_body = { fr: "AP-HP", en: "AP-HP" }; // proper name: allowed
    version.title = { fr: "VIH", en: "VIH" }; // very short token: allowed
    expect(findIdenticalTranslations(version)).toEqual([{ kind: "identical_translation", path: "chapters[1].standards[0].intent", text: "Traçabilité des dispositifs" }]);
    expect(findIdenticalTranslations(version, { identicalAllowed: ["traçabilité des dispositifs"] })).toEqual([]);
  });

  it("normalises case, accents and punctuation", () => {
    expect(normaliseWords("L'Hygiène des MAINS, à 100 %")).toEqual(["l", "hygiene", "des", "mains", "a", "100"]);
  });

  it("flags near-duplicate criteria in either language", () => {
    const version = withTexts([
      { fr: "Les soignants pratiquent l'hygiène des mains avant chaque contact avec le patient", en: "Staff perform hand hygiene before each patient contact" },
      { fr: "Les soignants pratiquent l'hygiène des mains avant chaque contact avec un patient", en: "Staff perform hand hygiene before every contact with a patient" },
      { fr: "Le circuit du médicament est sécurisé de la prescription à l'administration", en: "The medication process is safe from prescribing to administration" },
    ]);
    const findings = findNearDuplicateCriteria(version);
    expect(findings).toEqual([
      {
        kind: "near_duplicate_criteria",
        path: "chapters[0].standards[0].criteria[0].text.fr",
        otherPath: "chapters[0].standards[0].criteria[1].text.fr",
        codes: ["1.1.1", "1.1.2"],
        language: "fr",
        shared: 12,
        union: 14,
      },
    ]);
    expect(findNearDuplicateCriteria(version, { similarityPercent: 90 })).toEqual([]);
    // With word pairs, one changed word in 13 already drops the similarity to 10 / 14.
    expect(findNearDuplicateCriteria(version, { shingleSize: 2 })).toEqual([]);
  });
});
