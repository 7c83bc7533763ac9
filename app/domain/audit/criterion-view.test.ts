import { describe, expect, it } from "vitest";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
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

  it("is null for a code the version does not have", () => {
    expect(criterionView(version, prepared, "9.9.9", "fr")).toBeNull();
  });
});
