// Referential import benchmark: how long validating and importing a shipped version takes, on a fresh in-memory
// PGlite (migrated). Run: npx tsx bench/referential-import.bench.ts [referentials/label-qss/2024.yaml]
// validate = parse + structural and semantic checks + `replaces` against the previous version (already parsed);
// import = importReferential (validation, hashing, search texts, then one transaction with one insert per table).
import { performance } from "node:perf_hooks";
import { allCriteria } from "#app/domain/referential/schema.ts";
import { parseReferentialYaml } from "#app/domain/referential/validate.ts";
import { loadReferentialFile } from "#app/services/referential/referential-files.server.ts";
import { importParsedReferential, importReferential, loadReferentialVersion, publishReferential } from "#app/services/referential/referentials.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";

const file = process.argv[2] ?? "referentials/label-qss/2024.yaml";
const RUNS = 20;

const loaded = loadReferentialFile(file);
if (!loaded.result.ok) {
  console.error(`${file} does not validate; run npm run referential -- validate ${file}`);
  process.exit(1);
}
const previous = loaded.previous?.parsed;
const criteria = allCriteria(loaded.result.version).length;

// Validation: the first run (cold: module and regex warm-up) and the mean of the following ones.
let t0 = performance.now();
parseReferentialYaml(loaded.text, previous ? { previous } : {});
const validateCold = performance.now() - t0;
t0 = performance.now();
for (let i = 0; i < RUNS; i++) parseReferentialYaml(loaded.text, previous ? { previous } : {});
const validateWarm = (performance.now() - t0) / RUNS;

// Import: a fresh in-memory database each run, so every import is a real insert of the whole version.
const importTimes: number[] = [];
let publishMs = 0;
let loadMs = 0;
for (let i = 0; i < 5; i++) {
  const database = await openDatabase({ pgliteDir: "memory://" });
  await runMigrations(database);
  const t = performance.now();
  const result = await importReferential(database.db, loaded.text, { previous: previous ?? null });
  importTimes.push(performance.now() - t);
  if (!result.ok) throw new Error("import failed");
  if (i === 0) {
    let p = performance.now();
    await publishReferential(database.db, { id: result.versionId });
    publishMs = performance.now() - p;
    p = performance.now();
    await loadReferentialVersion(database.db, result.code, result.version);
    loadMs = performance.now() - p;
  }
  await database.close();
}
// The database part alone (hash, search texts, one transaction), without validation.
const writeTimes: number[] = [];
for (let i = 0; i < 4; i++) {
  const database = await openDatabase({ pgliteDir: "memory://" });
  await runMigrations(database);
  const t = performance.now();
  await importParsedReferential(database.db, loaded.result.version, loaded.text);
  writeTimes.push(performance.now() - t);
  await database.close();
}
// The same on a database that has already served an import (catalog and plan caches warm, as in a running server).
const warmDb = await openDatabase({ pgliteDir: "memory://" });
await runMigrations(warmDb);
await importParsedReferential(warmDb.db, { ...loaded.result.version, code: "bench-warm-up" }, loaded.text);
const warmTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await importParsedReferential(warmDb.db, { ...loaded.result.version, code: `bench-${i}` }, loaded.text);
  warmTimes.push(performance.now() - t);
}
await warmDb.close();
const [importCold, ...importWarm] = importTimes;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

console.log(`${file}: ${criteria} criteria${previous ? `, replaces checked against ${loaded.previous!.version}` : ""}`);
console.log(`validate: ${validateWarm.toFixed(1)} ms (mean of ${RUNS}; first run ${validateCold.toFixed(1)} ms)`);
console.log(`import:   ${mean(importWarm).toFixed(1)} ms (mean of ${importWarm.length}, fresh in-memory PGlite each; first run ${importCold!.toFixed(1)} ms)`);
console.log(`  of which hash + search texts + transaction: ${mean(writeTimes.slice(1)).toFixed(1)} ms (mean of ${writeTimes.length - 1})`);
console.log(`  the same on a warm database (a running server): ${mean(warmTimes).toFixed(1)} ms (mean of ${warmTimes.length})`);
console.log(`publish:  ${publishMs.toFixed(1)} ms (rebuild from the tables + hash check); load: ${loadMs.toFixed(1)} ms`);
