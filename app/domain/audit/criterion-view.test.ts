import { describe, expect, it } from "vitest";
import { asVersion2026, makeVersion } from "#app/domain/referential/fixtures.ts";
import { prepareVersion } from "#app/domain/scoring/engine.ts";
import { criterionView } from "./criterion-view.ts";

describe("a criterion as its scoring page shows it", () => {
  const version = makeVersion({ chapters: [[["core", { tier: "critical", na_allowed: true, service: "surgery" }]]] });
  const prepared = prepareVersion(version);

  it("gives the criterion in the reader's language with its chapter and standard, and where N/A is allowed", () => {
    const view = criterionView(version, prepared, "1.1.2", "en");
    expect(view?.chapter.code).toBe("1");
    expect(view?.standard.code).toBe("1.1");
    expect(view?.criterion).toMatchObject({ code: "1.1.2", tier: "critical", naAllowed: true, service: "surgery", text: version.chapters[0]!.standards[0]!.criteria[1]!.text.en });
    expect(criterionView(version, prepared, "1.1.1", "fr")?.criterion).toMatchObject({ naAllowed: false, text: version.chapters[0]!.standards[0]!.criteria[0]!.text.fr });
  });

  it("gives what earns each rating, with the scale's labels in the scale's order and the sample, beside the rating form", () => {
    const guided = asVersion2026(version);
    const view = criterionView(guided, prepareVersion(guided), "1.1.2", "fr");
    expect(view?.criterion.ratingGuidance).toEqual({
      values: [
        { value: 3, label: "Conforme", text: "Tout est en place 1.1.2" },
        { value: 2, label: "Largement conforme", text: "Un écart mineur 1.1.2" },
        { value: 1, label: "Partiellement conforme", text: "Des écarts importants 1.1.2" },
        { value: 0, label: "Non conforme", text: "Rien en place 1.1.2" },
      ],
      sample: "20 dossiers tirés au sort 1.1.2",
    });
    expect(criterionView(guided, prepareVersion(guided), "1.1.1", "en")?.criterion.ratingGuidance).toBeNull();
  });

  it("is null for a code the version does not have", () => {
    expect(criterionView(version, prepared, "9.9.9", "fr")).toBeNull();
  });
});
