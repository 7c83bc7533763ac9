import { describe, expect, it } from "vitest";
import { normalizeForSearch } from "./search.ts";

describe("normalizeForSearch", () => {
  it("removes accents and case, so 'hygiène' finds 'HYGIENE' and 'Hygiène'", () => {
    expect(normalizeForSearch("Prévention et contrôle des INFECTIONS — hygiène")).toBe("prevention et controle des infections — hygiene");
    expect(normalizeForSearch("Hygiène")).toBe(normalizeForSearch("HYGIENE"));
  });

  it("spells out ligatures and straightens apostrophes", () => {
    expect(normalizeForSearch("Œuvre cœur l’établissement")).toBe("oeuvre coeur l'etablissement");
  });

  it("collapses white space", () => {
    expect(normalizeForSearch("  a\n\tb   c ")).toBe("a b c");
  });
});
