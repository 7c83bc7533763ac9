// Self-assessment figures: page time and size, JS of the criterion page, queries per page, and concurrent saves.
// Usage: npx react-router build && npx tsx bench/self-assessment.bench.ts
// Uses the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) to create a
// throw-away database; falls back to in-memory PGlite (no concurrency figures) when PostgreSQL does not answer.
import { and, eq } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { translate } from "#app/services/platform/i18n.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { openProcess } from "#app/services/process/lifecycle.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { establishments, referentialCriteria, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { TestBrowser } from "#tests/support/server.ts";
import { measurePage, openBenchDatabase } from "./support.ts";

const bench = await openBenchDatabase("self");
const database = bench.database;
const { db } = database;
await importShippedReferentials(db);
await seedDemo(db, hashPassword);
const [fann] = await db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
const [admin] = await db.select().from(users).where(eq(users.email, "admin@label.example.org"));
const [version] = await db.select().from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
const criteria = await db.select({ id: referentialCriteria.id, code: referentialCriteria.code }).from(referentialCriteria).where(eq(referentialCriteria.versionId, version!.id));
const processId = await openProcess(db, { ...admin!, establishmentId: null }, { establishmentId: fann!.id, referentialVersionId: version!.id, selfAssessmentDue: null, plannedVisit: null }, { baseUrl: "", t: translate });
// Half the criteria rated, as in the middle of a self-assessment.
await db.insert(selfAssessmentRatings).values(criteria.filter((_, i) => i % 2 === 0).map((c) => ({ processId, criterionId: c.id, rating: "2", justification: "En cours de mise en place dans tous les services." })));

const server = await serveApp(db);
const { baseUrl } = server;

const coordinator = new TestBrowser(baseUrl);
await coordinator.login("fann@label.example.org");

const measure = (label: string, path: string, runs = 20) => measurePage(coordinator, bench, label, path, runs);

console.log(`\nPages (label-qss 2024, ${criteria.length} criteria, half rated), ${database.kind}:`);
await measure("overview", `/processes/${processId}`);
const byChapter = new Map<string, number>();
for (const c of criteria) byChapter.set(c.code.split(".")[0]!, (byChapter.get(c.code.split(".")[0]!) ?? 0) + 1);
const sorted = [...byChapter].sort((a, b) => b[1] - a[1]);
await measure(`largest chapter (${sorted[0]![0]}, ${sorted[0]![1]} criteria)`, `/processes/${processId}/criteria?chapter=${sorted[0]![0]}`);
await measure(`smallest chapter (${sorted.at(-1)![0]}, ${sorted.at(-1)![1]} criteria)`, `/processes/${processId}/criteria?chapter=${sorted.at(-1)![0]}`);
await measure(`all criteria (${criteria.length})`, `/processes/${processId}/criteria`);
const criterionHtml = await measure("criterion page (9.2.3)", `/processes/${processId}/criteria/9.2.3`);

// JS the browser downloads for the criterion page: every module script and modulepreload, gzipped.
const scripts = new Set([...criterionHtml.matchAll(/(?:href|src)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
for (const m of criterionHtml.matchAll(/import\("(\/assets\/[^"]+\.js)"\)|from "(\/assets\/[^"]+\.js)"/g)) scripts.add((m[1] ?? m[2])!);
let jsGzip = 0;
// Static files are served by the outer express layer in production: read them from the build folder.
for (const src of scripts) jsGzip += gzipSync(readFileSync(`build/client${src}`)).length;
console.log(`JS for the criterion page: ${scripts.size} files, ${(jsGzip / 1024).toFixed(1)} KiB gzip`);

if (database.kind === "postgres") {
  // 50 users of the establishment, each saving their own criteria in turn for a few seconds.
  const hash = await hashPassword("bench-password-2025");
  await db.insert(users).values(Array.from({ length: 50 }, (_, i) => ({ email: `bench${i}@fann.example.sn`, name: `Bench ${i}`, role: "hospital" as const, establishmentId: fann!.id, passwordHash: hash })));
  const people = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      const b = new TestBrowser(baseUrl);
      await b.login(`bench${i}@fann.example.sn`, "bench-password-2025");
      return b;
    }),
  );
  const save = (b: TestBrowser, code: string, rating: string, baseVersion: number) =>
    b
      .request(`/processes/${processId}/criteria/${code}/rating`, {
        method: "POST",
        body: new URLSearchParams({ rating, justification: rating === "3" ? "" : "Plan d'actions en cours.", baseVersion: String(baseVersion) }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as { status: string; version?: number } }));

  const versions = new Map<string, number>((await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId))).map((r) => [criteria.find((c) => c.id === r.criterionId)!.code, r.version]));
  const mine = (i: number) => criteria.map((c) => c.code).filter((_, j) => j % 50 === i);
  let ok = 0;
  let errors = 0;
  const expected = new Map<string, number>();
  const until = performance.now() + 5_000;
  const started = performance.now();
  await Promise.all(
    people.map(async (b, i) => {
      let round = 0;
      while (performance.now() < until) {
        for (const code of mine(i)) {
          const base = versions.get(code) ?? 0;
          const result = await save(b, code, round % 2 ? "3" : "2", base);
          if (result.body.status === "saved" && result.body.version === base + 1) {
            ok++;
            versions.set(code, base + 1);
            expected.set(code, base + 1);
          } else errors++;
        }
        round++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
  const lost = [...expected].filter(([code, v]) => stored.find((r) => r.criterionId === criteria.find((c) => c.code === code)!.id)?.version !== v).length;
  console.log(`\n50 concurrent users, disjoint criteria: ${ok} saves in ${seconds.toFixed(1)} s = ${(ok / seconds).toFixed(0)} saves/s · ${errors} errors · ${lost} lost writes`);

  // Shared criteria: everyone saves the same 10 criteria from the version they read; the database must refuse stale saves.
  const shared = criteria.slice(0, 10).map((c) => c.code);
  const readVersions = new Map(shared.map((code) => [code, versions.get(code) ?? 0]));
  const outcomes = await Promise.all(people.flatMap((b, i) => shared.map((code) => save(b, code, i % 2 ? "3" : "1", readVersions.get(code)!))));
  const saved = outcomes.filter((o) => o.body.status === "saved").length;
  const conflicts = outcomes.filter((o) => o.body.status === "conflict").length;
  console.log(`50 users on the same 10 criteria: ${saved} saved (one per criterion expected), ${conflicts} conflicts detected, ${outcomes.length - saved - conflicts} other`);
}

await server.close();
await bench.close();
