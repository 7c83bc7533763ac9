// Fuzzing the referential validator: version files mutated node by node (wrong types, missing and unknown keys,
// hostile text, prototype keys, deep nesting), written as YAML or JSON, plus raw text edits (truncation, stray bytes,
// anchors and aliases). Property: parseReferentialYaml answers `ok` or a list of problems, each with a path and a
// message; it never throws and writes no shared prototype.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
import { formatProblem, parseReferentialYaml, type ReferentialParseResult } from "#app/domain/referential/validate.ts";
import { peekIdentity } from "#app/services/referential/referential-files.server.ts";
import { fuzzRuns, hostileText, mutate, mutations, prototypesClean } from "#tests/support/fuzz.ts";

const previous = makeVersion({ chapters: [[["critical", "core"], ["advanced"]], [["core"]]], version: "2019" });
const base = makeVersion({ chapters: [[["critical", "core", { tier: "core", na_allowed: true }], ["advanced"]], [["core", "core"]]] });

/** What every answer must look like: the version, or problems a person can read. */
function expectTypedAnswer(result: ReferentialParseResult) {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(typeof problem.path).toBe("string");
    expect(typeof problem.message).toBe("string");
    expect(formatProblem(problem).length).toBeGreaterThan(0);
  }
}

function parse(text: string, withPrevious: boolean) {
  expectTypedAnswer(parseReferentialYaml(text, withPrevious ? { previous } : {}));
  peekIdentity(text);
  expect(prototypesClean()).toBe(true);
}

/** Raw edits of a file's text: what a bad copy, an editor or an attacker leaves. */
const textEdit = fc.oneof(
  fc.record({ at: fc.nat(), cut: fc.constant(true) }).map(({ at }) => (t: string) => t.slice(0, at % (t.length + 1))),
  fc.record({ at: fc.nat(), insert: fc.oneof(hostileText, fc.constantFrom("&a ", "*a", "*nope", "!!binary ", "!!js/function ", "<<: *a\n", "? ", "- ", ": ", "\t", "%YAML 1.1\n---\n", "---\n", "...\n", "{", "[", "'", '"', "#", "|", ">")) }).map(
    ({ at, insert }) =>
      (t: string) =>
        t.slice(0, at % (t.length + 1)) + insert + t.slice(at % (t.length + 1)),
  ),
);

/** Alias expansion: small files that would unfold into millions of nodes. */
const aliasBomb = fc.integer({ min: 2, max: 9 }).map((depth) => {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < depth; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]`);
  return `code: label-qss\nversion: "2024"\n${lines.join("\n")}\n`;
});

describe("the referential validator under random and hostile files", () => {
  it("answers a version or its problems for a mutated version (YAML and JSON)", () => {
    fc.assert(
      fc.property(mutations(4), fc.boolean(), fc.boolean(), (changes, asJson, withPrevious) => {
        const doc = mutate(base, changes);
        parse(asJson ? JSON.stringify(doc) : stringify(doc), withPrevious);
      }),
      fuzzRuns(60),
    );
  }, 30_000);

  it("answers for raw text edits, alias bombs and arbitrary text", () => {
    const yaml = stringify(base);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce((t, edit) => edit(t), yaml)),
          aliasBomb,
          hostileText,
          fc.string({ unit: "binary", maxLength: 300 }),
        ),
        fc.boolean(),
        parse,
      ),
      fuzzRuns(100),
    );
  }, 30_000);
});

describe("regressions found by fuzzing", () => {
  it("reports an alias bomb and an alias to no anchor as problems instead of throwing", () => {
    const bomb = ["code: x", "a: &a [x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]"].join("\n");
    expect(parseReferentialYaml(bomb)).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringMatching(/^YAML error: Excessive alias count/) }] });
    expect(parseReferentialYaml("code: x\nversion: *nowhere\n")).toMatchObject({ ok: false, problems: [{ path: "", message: expect.stringMatching(/^YAML error: Unresolved alias/) }] });
  });
});
