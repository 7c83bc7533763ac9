import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
import { parseReferentialYaml } from "#app/domain/referential/validate.ts";
import { canonicalJson, contentHash } from "#app/services/referential/content-hash.server.ts";

describe("contentHash", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: [2, { d: 1, c: "x" }], a: null, u: undefined })).toBe('{"a":null,"b":[2,{"c":"x","d":1}]}');
  });

  it("ignores YAML formatting, comments and key order but not content", () => {
    const version = makeVersion({ chapters: [[["critical", "core"]]] });
    const plain = stringify(version);
    const reordered = `# comment\n${stringify(version, { sortMapEntries: true, indent: 4 })}`;
    const parsedPlain = parseReferentialYaml(plain);
    const parsedReordered = parseReferentialYaml(reordered);
    if (!parsedPlain.ok || !parsedReordered.ok) throw new Error("fixture should validate");
    expect(contentHash(parsedPlain.version)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(parsedReordered.version)).toBe(contentHash(parsedPlain.version));
    expect(contentHash({ ...version, validity_years: 5 })).not.toBe(contentHash(version));
  });
});
