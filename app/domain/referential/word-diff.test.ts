import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wordDiff } from "./word-diff.ts";

const side = (parts: ReturnType<typeof wordDiff>, kind: "removed" | "added") =>
  parts
    .filter((p) => p.kind === "same" || p.kind === kind)
    .map((p) => p.text)
    .join(" ");
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe("wordDiff", () => {
  it("marks removed and added words and keeps the common ones", () => {
    const parts = wordDiff("Une politique qualité écrite est diffusée", "La politique qualité est formalisée et diffusée");
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["Une", "écrite"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["La", "formalisée et"]);
  });

  it("gives each text back from its side (up to white space), for any texts", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "soins", "é"), { maxLength: 12 }), fc.array(fc.constantFrom("a", "b", "c", "soins", "é"), { maxLength: 12 }), (a, b) => {
        const older = a.join(" ");
        const newer = b.join(" ");
        const parts = wordDiff(older, newer);
        expect(words(side(parts, "removed"))).toEqual(words(older));
        expect(words(side(parts, "added"))).toEqual(words(newer));
      }),
    );
  });

  it("identical texts are one unchanged run; very long texts are shown whole", () => {
    expect(wordDiff("a b c", "a b c")).toEqual([{ kind: "same", text: "a b c" }]);
    const long = "mot ".repeat(500);
    expect(wordDiff(long, "autre")).toEqual([
      { kind: "removed", text: long.trim() },
      { kind: "added", text: "autre" },
    ]);
  });
});
