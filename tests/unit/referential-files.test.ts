// The real referential files (referentials/<code>/<version>.yaml) validate, read well, and score.
// Each version is validated against the one before it, so `replaces` codes are checked too.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scoreAssessment } from "#app/domain/scoring/engine.ts";
import { checkContentQuality } from "#app/domain/referential/quality.ts";
import { allCriteria, type ReferentialVersion } from "#app/domain/referential/schema.ts";
import { formatProblem, parseReferentialYaml } from "#app/domain/referential/validate.ts";
import { contentHash } from "#app/services/referential/content-hash.server.ts";

const root = fileURLToPath(new URL("../../referentials", import.meta.url));
const referentials = existsSync(root)
  ? readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({
        code: entry.name,
        // Whole version files only (e.g. 2024.yaml), oldest first.
        files: readdirSync(join(root, entry.name))
          .filter((name) => /^[0-9A-Za-z-]+\.yaml$/.test(name))
          .sort(),
      }))
      .filter((r) => r.files.length > 0)
  : [];

/**
 * Content hashes of the published versions, as every database holds them: a change to the format (a new optional key,
 * a default) must not change them, or the start would refuse the shipped files.
 */
const PUBLISHED_HASHES: Record<string, string> = {
  "label-qss/2019.yaml": "2bee84f07cf86148b9b8cd4087c4bf9da6b119c0ce0c45d0ad47ee3526074bdc",
  "label-qss/2024.yaml": "c1237a300dd14bb255c25a4a70160da2eeefcdeebe5b32a0d6713dd41e9321d1",
};

describe.skipIf(referentials.length === 0)("referential files", () => {
  for (const { code, files } of referentials) {
    let previous: ReferentialVersion | undefined;
    for (const file of files) {
      const path = join(root, code, file);
      const text = readFileSync(path, "utf8");
      const before = previous;
      const result = parseReferentialYaml(text, before ? { previous: before } : {});
      if (result.ok) previous = result.version;

      it(`${code}/${file} validates`, () => {
        expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
        if (result.ok) expect(result.version.code).toBe(code);
      });

      const published = PUBLISHED_HASHES[`${code}/${file}`];
      it.skipIf(published === undefined)(`${code}/${file} keeps the content hash it was published with`, () => {
        expect(result.ok && contentHash(result.version)).toBe(published);
      });

      it(`${code}/${file} has no untranslated text or near-duplicate criteria`, () => {
        if (!result.ok) return;
        expect(checkContentQuality(result.version)).toEqual([]);
      });

      it(`${code}/${file}: each criterion declared new under a reused code (replaces: []) would be refused without it`, () => {
        if (!result.ok || !before) return;
        const declaredNew = allCriteria(result.version).filter((c) => c.replaces?.length === 0 && allCriteria(before).some((o) => o.code === c.code));
        const undeclared = parseReferentialYaml(text.replaceAll(/^ *replaces: \[\]\n/gm, ""), { previous: before });
        const refused = undeclared.ok ? [] : undeclared.problems.filter((p) => p.message.includes("with unrelated wording"));
        expect(refused.map((p) => /^code (\S+) existed/.exec(p.message)?.[1])).toEqual(declaredNew.map((c) => c.code));
      });

      it(`${code}/${file} scores Gold when every criterion is fully met, nothing when all are unmet`, () => {
        if (!result.ok) return;
        const criteria = allCriteria(result.version);
        const top = Math.max(...result.version.scale.values.map((v) => v.value));
        const bottom = Math.min(...result.version.scale.values.map((v) => v.value));
        expect(scoreAssessment(result.version, Object.fromEntries(criteria.map((c) => [c.code, top]))).level).toBe("gold");
        expect(scoreAssessment(result.version, Object.fromEntries(criteria.map((c) => [c.code, bottom]))).level).toBeNull();
      });
    }
  }
});
