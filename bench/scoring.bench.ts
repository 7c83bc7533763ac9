// Scoring benchmark: how many assessments of a 13-chapter, 140-criterion version are scored per second, and
// how long validating a referential file takes. Run: npx tsx bench/scoring.bench.ts [referentials/label-qss/2024.yaml]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { generateVersion, seededRandom } from "#app/domain/referential/fixtures.ts";
import { allCriteria } from "#app/domain/referential/schema.ts";
import { parseReferentialYaml } from "#app/domain/referential/validate.ts";
import { loadReferentialFile } from "#app/services/referential/referential-files.server.ts";
import { prepareVersion, scoreRatings, type Rating } from "#app/domain/scoring/engine.ts";

const CHAPTERS = 13;
const CRITERIA = 140;
const SECONDS = 2;

const version = generateVersion(CHAPTERS, CRITERIA);
const prepared = prepareVersion(version);
const criteria = allCriteria(version);
const random = seededRandom(42);

// Random assessments of hospitals of random maturity (so every level occurs), some N/A where allowed; half
// of them leave a few criteria unrated (provisional results, which cost a second level evaluation).
const assessments = Array.from({ length: 1000 }, (_, i) => {
  const fullyMet = 0.75 + 0.25 * random(); // share of criteria rated 3 in this hospital
  const value = () => (random() < fullyMet ? 3 : random() < 0.6 ? 2 : random() < 0.6 ? 1 : 0);
  const ratings: Record<string, Rating> = {};
  for (const criterion of criteria) {
    const roll = random();
    if (i % 2 === 1 && roll < 0.03) continue;
    ratings[criterion.code] = criterion.na_allowed && roll < 0.1 ? "NA" : value();
  }
  return ratings;
});

let scored = 0;
const levels = new Map<string, number>(); // uses the results so the work is not optimised away
const start = performance.now();
let elapsed = 0;
while (elapsed < SECONDS * 1000) {
  for (const ratings of assessments) {
    const level = scoreRatings(prepared, ratings).level ?? "none";
    levels.set(level, (levels.get(level) ?? 0) + 1);
  }
  scored += assessments.length;
  elapsed = performance.now() - start;
}
const perSecond = Math.round(scored / (elapsed / 1000));
console.log(`scoring: ${perSecond.toLocaleString("en")} assessments of ${criteria.length} criteria (${CHAPTERS} chapters) per second (${scored.toLocaleString("en")} in ${(elapsed / 1000).toFixed(2)} s; levels ${[...levels].map(([l, n]) => `${l} ${n}`).join(", ")})`);

const file = process.argv[2];
if (file) {
  const text = readFileSync(file, "utf8");
  // Validated as the CLI does: against the previous version of the same code, so `replaces` is checked too.
  const loaded = loadReferentialFile(file);
  const options = loaded.previous ? { previous: loaded.previous.parsed } : {};
  const runs = 20;
  const t0 = performance.now();
  let result = parseReferentialYaml(text, options);
  for (let i = 1; i < runs; i++) result = parseReferentialYaml(text, options);
  const ms = (performance.now() - t0) / runs;
  const outcome = result.ok ? `valid, ${allCriteria(result.version).length} criteria` : `${result.problems.length} problem(s)`;
  console.log(`validation: ${file} in ${ms.toFixed(1)} ms (mean of ${runs}; ${outcome})`);
}
