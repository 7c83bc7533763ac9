import { describe, expect, it } from "vitest";
import { languageAtSignIn } from "./language.ts";

describe("languageAtSignIn", () => {
  it("gives the account's language to a device that holds none, or one that came from an account", () => {
    expect(languageAtSignIn({ language: null, chosen: false }, "en")).toBe("en");
    // A shared computer: the previous person's language was not this person's choice.
    expect(languageAtSignIn({ language: "en", chosen: false }, "fr")).toBe("fr");
  });

  it("keeps a language chosen on this device with the switch", () => {
    expect(languageAtSignIn({ language: "fr", chosen: true }, "en")).toBeNull();
    expect(languageAtSignIn({ language: "en", chosen: true }, "fr")).toBeNull();
  });

  it("writes nothing when the device already reads in the account's language", () => {
    expect(languageAtSignIn({ language: "en", chosen: false }, "en")).toBeNull();
  });
});
