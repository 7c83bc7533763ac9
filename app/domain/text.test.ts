import { describe, expect, it } from "vitest";
import { checkRating } from "#app/domain/process/rating-input.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import { searchField, text } from "#app/forms/validation.ts";
import { cleanSearchText, hasControlCharacters, normaliseText } from "./text.ts";

describe("text typed by people", () => {
  it("is kept in NFC, with LF line ends when multi-line", () => {
    expect(normaliseText("re\u0301fe\u0301rence")).toBe("référence");
    expect(normaliseText("a\r\nb\rc", { multiline: true })).toBe("a\nb\nc");
    expect(normaliseText("a\r\nb")).toBe("a\r\nb");
  });

  it("holds no control character; tab and line feed only in multi-line text", () => {
    for (const c of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f"]) {
      expect(hasControlCharacters(`a${c}b`), JSON.stringify(c)).toBe(true);
      expect(hasControlCharacters(`a${c}b`, { multiline: true }), JSON.stringify(c)).toBe(true);
    }
    expect(hasControlCharacters("a\tb\nc")).toBe(true);
    expect(hasControlCharacters("a\tb\nc", { multiline: true })).toBe(false);
    expect(hasControlCharacters("Hôpital — 3 % ; « ok » 漢字 🙂")).toBe(false);
  });

  it("is refused on the field by the form builder, after NFC and trimming", () => {
    const field = text(20).min(1);
    expect(field.parse("  Ho\u0302pital  ")).toBe("Hôpital");
    expect(field.safeParse("Hôpital\u0000").error?.issues.map((i) => i.message)).toEqual(["control_characters"]);
    expect(field.safeParse("   ").error?.issues.map((i) => i.message)).toEqual(["required"]);
    expect(text(50, { multiline: true }).parse("Ligne 1\r\n\tLigne 2\r\n")).toBe("Ligne 1\n\tLigne 2");
    expect(text(50).safeParse("Ligne 1\r\nLigne 2").success).toBe(false);
  });

  it("is a justification the rating rules refuse with their own reason", () => {
    const rules = { scaleValues: [3, 2, 1, 0], naAllowed: true };
    expect(checkRating(1, "Écart\u0000 relevé", rules)).toEqual({ justification: "justification_control_characters" });
    expect(checkRating(1, "Écart relevé\n\t- en pédiatrie", rules)).toEqual({});
  });
});

describe("what people search for", () => {
  it("loses its control characters instead of being refused", () => {
    expect(cleanSearchText(" hygi\u0000ène \u0007 mains ")).toBe("hygi ène mains");
    expect(searchField(10).parse("lomé\u0000")).toBe("lomé");
    expect(searchField(3).parse("trop long")).toBe("");
    expect(normalizeForSearch("Hygie\u0301ne\u0000des MAINS")).toBe("hygiene des mains");
  });
});
