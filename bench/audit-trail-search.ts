// npx tsx bench/audit-trail-search.ts — the audit trail search on a large trail: the demo, one Fann process, and
// 500 000 synthetic events (ratings of 300 other processes, sign-ins, registry edits; 1 in 200 about Fann's process).
// PostgreSQL (BENCH_DATABASE_URL, else the machine's), or in-memory PGlite when it does not answer. Prints the median
// time of each search's first page and of the capped CSV export.
import { eq, sql } from "drizzle-orm";
import { AUDIT_TRAIL_EXPORT_CAP } from "#app/domain/audit-trail.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { auditTrailCsv, exportAuditTrail, searchAuditTrail, type AuditTrailFilters } from "#app/services/platform/audit-trail-search.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { establishments, labellingProcesses, referentialVersions, users } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { openBenchDatabase } from "./support.ts";

const bench = await openBenchDatabase("trail", process.argv.includes("--pglite") ? null : undefined);
const { db } = bench.database;
await importShippedReferentials(db);
await seedDemo(db, hashPassword);
const [fann] = await db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
const [version] = await db.select().from(referentialVersions).where(eq(referentialVersions.version, "2024"));
const [process_] = await db.insert(labellingProcesses).values({ establishmentId: fann!.id, referentialVersionId: version!.id }).returning();
const [coordinator] = await db.select().from(users).where(eq(users.email, "fann@label.example.org"));
const [admin] = await db.select().from(users).where(eq(users.email, "admin@label.example.org"));
const started = performance.now();
await db.execute(sql`
  insert into audit_events (at, actor_user_id, action, entity_type, entity_id, changes)
  select now() - (n || ' seconds')::interval,
    case when n % 200 = 0 then ${coordinator!.id}::uuid when n % 7 = 0 then ${admin!.id}::uuid else null end,
    case when n % 200 = 0 then 'rating.save' when n % 50 = 1 then 'auth.sign_in' when n % 97 = 3 then 'establishment.update' else 'rating.save' end,
    case when n % 97 = 3 then 'establishment' when n % 50 = 1 then 'user' else 'self_assessment_rating' end,
    case when n % 200 = 0 then ${process_!.id} || ':1.1.' || (n % 40)
         when n % 50 = 1 then ${admin!.id}::text
         when n % 97 = 3 then gen_random_uuid()::text
         else md5((n % 300)::text)::uuid::text || ':2.1.' || (n % 40) end,
    jsonb_build_object('rating', jsonb_build_object('from', null, 'to', 'met'))
  from generate_series(1, 500000) as n`);
console.log(`500 000 events inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function time(label: string, run: () => Promise<unknown>, runs = 5) {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(48)} ${times[Math.floor(runs / 2)]!.toFixed(0).padStart(6)} ms`);
}

let csvBytes = 0;
const searches: [string, AuditTrailFilters][] = [
  ["no filter", {}],
  ["person (Fann's coordinator, 1 in 200)", { person: "fann@label.example.org" }],
  ["establishment (Fann, 1 in 200)", { establishmentId: fann!.id }],
  ["process (Fann's, 1 in 200)", { processId: process_!.id }],
  ["kind auth (1 in 50)", { kind: "auth" }],
  ["kind decisions (none)", { kind: "decisions" }],
  ["last 2 days", { from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) }],
];
for (const [label, filters] of searches) await time(`first page: ${label}`, () => searchAuditTrail(db, filters, "Europe/Paris"));
await time(`CSV export, ${AUDIT_TRAIL_EXPORT_CAP} rows (read and written)`, async () => {
  const { rows, truncated } = await exportAuditTrail(db, {}, "Europe/Paris", AUDIT_TRAIL_EXPORT_CAP);
  csvBytes = Buffer.byteLength(auditTrailCsv(rows, { t: (key, options) => translate("fr", key, options as Record<string, string>), timeZone: "Europe/Paris", truncated, cap: AUDIT_TRAIL_EXPORT_CAP }));
}, 3);
console.log(`CSV of ${AUDIT_TRAIL_EXPORT_CAP} rows: ${(csvBytes / 1e6).toFixed(1)} MB`);
await bench.close();
