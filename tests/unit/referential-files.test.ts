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
