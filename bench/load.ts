// npm run bench:load — a load test of the built app on PostgreSQL (issue 21, docs/decisions/0031). The compiled server
// `npm start` runs, as a child process, on a throw-away database made from DATABASE_URL (dropped at the end), loopback
// only, for LOAD_SECONDS (default 60): 50 hospital users each rating their own process's criteria (disjoint) and 10
// auditors scoring their chapters, each waiting 1–3 s between actions, through the real form posts with their session
// and CSRF token as a browser sends them; now and then they open /account, and some open a heavy page (their process's
// all-criteria page, the audit comparison). Prints requests per second, p50/p95/p99 latency, errors (must be 0), lost
// writes (must be 0: every acknowledged save is in the database with its last acknowledged value), and each heavy
// page's throughput against /account's in the same run. Exits 1 when there are errors or lost writes.
process.env.NODE_ENV ??= "production";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { isPostgresUrl, openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { auditRatings, labellingProcesses, referentialCriteria, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { buildIfNeeded } from "#scripts/build-if-needed.ts";
import { DEMO_PASSWORD, seedDemo } from "#scripts/seed/demo.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess } from "#tests/support/audit-fixtures.ts";
import { startBuiltServer } from "#tests/support/built-server.ts";
import { withDatabase } from "#tests/support/global-setup.ts";
import { signedInAs, TestBrowser } from "#tests/support/server.ts";
import { addEstablishments } from "./synthetic-database.ts";
import { quantile } from "./support.ts";

const HOSPITAL_USERS = 50;
/** Each audited process brings a lead and a co-auditor, on chapters of their own. */
const AUDITED_PROCESSES = 5;
/** Hospital users who also open their all-criteria page now and then. */
const HEAVY_READERS = 10;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CO_AUDITOR_CHAPTERS = new Set(["7", "8", "9", "10", "11", "12", "13"]);
/** Criteria each person goes round (saving each several times a minute: the last value is what must survive). */
const CRITERIA_PER_PERSON = 8;

const adminUrl = process.env.DATABASE_URL;
if (!isPostgresUrl(adminUrl)) {
  console.error("bench:load needs DATABASE_URL=postgres://… (a server where it may create and drop a database).");
  process.exit(2);
}
const host = new URL(adminUrl).hostname;
if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
  console.error(`bench:load runs on loopback only; DATABASE_URL points at ${host}.`);
  process.exit(2);
}

buildIfNeeded();
const name = `label_load_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = withDatabase(adminUrl, name);
const uploadsDir = mkdtempSync(join(tmpdir(), "label-load-"));
const database = await openDatabase({ url });
let exitCode = 0;
try {
  // ─── The data: 50 hospitals with a process each, 5 audits in progress (10 auditors) ───
  const setupStarted = performance.now();
  await runMigrations(database, url);
  await importShippedReferentials(database.db);
  await seedDemo(database.db, hashPassword); // the DRI's administrator schedules the audits
  const { db } = database;
  const [version] = await db.select({ id: referentialVersions.id }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  const criteria = await db.select({ id: referentialCriteria.id, code: referentialCriteria.code }).from(referentialCriteria).where(eq(referentialCriteria.versionId, version!.id)).orderBy(asc(referentialCriteria.code));
  const establishmentIds = await addEstablishments(db, "Charge", HOSPITAL_USERS, await hashPassword(DEMO_PASSWORD));
  const processes = await db.insert(labellingProcesses).values(establishmentIds.map((establishmentId) => ({ establishmentId, referentialVersionId: version!.id }))).returning({ id: labellingProcesses.id, establishmentId: labellingProcesses.establishmentId });
  const coordinators = await db.select({ email: users.email, establishmentId: users.establishmentId }).from(users).where(inArray(users.establishmentId, establishmentIds));
  const hospitals = processes.map((p) => ({ processId: p.id, email: coordinators.find((c) => c.establishmentId === p.establishmentId)!.email }));
  const audits = [];
  for (let i = 0; i < AUDITED_PROCESSES; i++) audits.push(await buildAuditedProcess(db, { key: `load${i}`, submit: false, summary: false, hashPassword }));
  console.log(`Data ready in ${((performance.now() - setupStarted) / 1000).toFixed(0)} s: ${hospitals.length} processes in self-assessment, ${audits.length} audits in progress, ${criteria.length} criteria each.`);

  // ─── The server: npm start's compiled server, rate limits out of the way ───
  const server = await startBuiltServer({
    DATABASE_URL: url,
    UPLOADS_DIR: uploadsDir,
    RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: "1000000",
    RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: "1000000",
    RATE_LIMIT_APPLICATIONS_PER_CLIENT: "1000000",
    RATE_LIMIT_EVIDENCE_UPLOADS_PER_CRITERION: "1000000",
    RATE_LIMIT_PUBLIC_READS_PER_CLIENT: "1000000",
  });

  interface Sample {
    kind: "save" | "account" | "criteria" | "comparison";
    ms: number;
  }
  const samples: Sample[] = [];
  const errors: string[] = [];
  /** The last acknowledged save of each rating: `<table>:<process>:<criterion code>` → value and version. */
  const acknowledged = new Map<string, { rating: string; text: string; version: number }>();

  async function timedGet(browser: TestBrowser, path: string, kind: Sample["kind"]) {
    const started = performance.now();
    try {
      const response = await browser.get(path);
      await response.arrayBuffer();
      if (response.status !== 200) errors.push(`GET ${path}: ${response.status}`);
      else samples.push({ kind, ms: performance.now() - started });
    } catch (error) {
      errors.push(`GET ${path}: ${(error as Error).message}`);
    }
  }

  async function timedSave(browser: TestBrowser, path: string, key: string, fields: Record<string, string>, value: { rating: string; text: string }, baseVersion: number): Promise<number | null> {
    const started = performance.now();
    try {
      const response = await browser.post(path, { ...fields, baseVersion: String(baseVersion) });
      const answer = (await response.json()) as { status: string; version?: number };
      // "unchanged": the same value again, acknowledged as such.
      if (response.status !== 200 || (answer.status !== "saved" && answer.status !== "unchanged")) {
        errors.push(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
        return null;
      }
      samples.push({ kind: "save", ms: performance.now() - started });
      acknowledged.set(key, { ...value, version: answer.version! });
      return answer.version!;
    } catch (error) {
      errors.push(`POST ${path}: ${(error as Error).message}`);
      return null;
    }
  }

  const think = () => new Promise((r) => setTimeout(r, 1000 + Math.random() * 2000));
  let until = 0;

  async function hospitalUser(index: number, browser: TestBrowser) {
    const { processId } = hospitals[index]!;
    const versions = new Map<string, number>();
    for (let n = index; performance.now() < until; n++) {
      await think();
      if (performance.now() >= until) break;
      const roll = Math.random();
      if (roll < 0.15) await timedGet(browser, "/account", "account");
      else if (roll < 0.3 && index < HEAVY_READERS) await timedGet(browser, `/processes/${processId}/criteria`, "criteria");
      else {
        const code = criteria[(index * CRITERIA_PER_PERSON + (n % CRITERIA_PER_PERSON)) % criteria.length]!.code;
        const value = { rating: String(n % 4), text: `Évaluation ${n} (${code}) : pratique vérifiée sur dossiers.` };
        const saved = await timedSave(browser, `/processes/${processId}/criteria/${code}/rating`, `self:${processId}:${code}`, { rating: value.rating, justification: value.text }, value, versions.get(code) ?? 0);
        if (saved !== null) versions.set(code, saved);
      }
    }
  }

  async function auditor(processId: string, codes: string[], versions: Map<string, number>, browser: TestBrowser) {
    for (let n = 0; performance.now() < until; n++) {
      await think();
      if (performance.now() >= until) break;
      const roll = Math.random();
      if (roll < 0.15) await timedGet(browser, "/account", "account");
      else if (roll < 0.3) await timedGet(browser, `/processes/${processId}/audit/comparison`, "comparison");
      else {
        const code = codes[n % codes.length]!;
        const top = Math.floor(n / codes.length) % 2 === 0; // each round changes every rating
        const value = { rating: top ? "3" : "2", text: top ? "" : `Constat ${n} : traçabilité incomplète sur les dossiers tirés au sort.` };
        const fields = { rating: value.rating, finding: value.text, classification: top ? "" : "recommendation" };
        const saved = await timedSave(browser, `/processes/${processId}/audit/criteria/${code}/rating`, `audit:${processId}:${code}`, fields, value, versions.get(code) ?? 0);
        if (saved !== null) versions.set(code, saved);
      }
    }
  }

  // Sign everyone in first (argon2 at each sign-in), then the clock starts.
  const hospitalBrowsers = await Promise.all(hospitals.map((h) => signedInAs(server.baseUrl, h.email)));
  const auditorRuns: (() => Promise<void>)[] = [];
  for (const audit of audits) {
    const stored = await db
      .select({ code: referentialCriteria.code, version: auditRatings.version })
      .from(auditRatings)
      .innerJoin(referentialCriteria, eq(referentialCriteria.id, auditRatings.criterionId))
      .where(eq(auditRatings.processId, audit.processId));
    for (const person of [audit.lead, audit.coAuditor]) {
      const mine = person === audit.coAuditor ? (code: string) => CO_AUDITOR_CHAPTERS.has(code.split(".")[0]!) : (code: string) => !CO_AUDITOR_CHAPTERS.has(code.split(".")[0]!);
      const codes = criteria.map((c) => c.code).filter(mine).slice(0, CRITERIA_PER_PERSON);
      const versions = new Map(stored.filter((s) => mine(s.code)).map((s) => [s.code, s.version]));
      const browser = new TestBrowser(server.baseUrl);
      await browser.login(person.email, AUDIT_FIXTURE_PASSWORD);
      auditorRuns.push(() => auditor(audit.processId, codes, versions, browser));
    }
  }
  const load = loadavg()[0]!;
  console.log(`${hospitalBrowsers.length} hospital users and ${auditorRuns.length} auditors signed in; ${SECONDS} s of load (think time 1–3 s), load average before: ${load.toFixed(2)} on this machine.`);
  const started = performance.now();
  until = started + SECONDS * 1000;
  await Promise.all([...hospitalBrowsers.map((b, i) => hospitalUser(i, b)), ...auditorRuns.map((run) => run())]);
  const elapsed = (performance.now() - started) / 1000;
  const loadAfter = loadavg()[0]!;
  server.child.kill("SIGTERM");
  await server.exited;

  // ─── Lost writes: every acknowledged save, with its last acknowledged value ───
  let lost = 0;
  const saves = samples.filter((s) => s.kind === "save").length;
  const codeOf = new Map(criteria.map((c) => [c.id, c.code]));
  const selfRows = await db.select().from(selfAssessmentRatings).where(inArray(selfAssessmentRatings.processId, hospitals.map((h) => h.processId)));
  const auditRows = await db.select().from(auditRatings).where(inArray(auditRatings.processId, audits.map((a) => a.processId)));
  const stored = new Map<string, { rating: string | null; text: string; version: number }>([
    ...selfRows.map((r) => [`self:${r.processId}:${codeOf.get(r.criterionId)}`, { rating: r.rating, text: r.justification, version: r.version }] as const),
    ...auditRows.map((r) => [`audit:${r.processId}:${codeOf.get(r.criterionId)}`, { rating: r.rating, text: r.finding, version: r.version }] as const),
  ]);
  for (const [key, saved] of acknowledged) {
    const row = stored.get(key);
    if (!row || row.rating !== saved.rating || row.text !== saved.text || row.version !== saved.version) {
      lost++;
      if (lost <= 5) console.log(`Lost write ${key}: acknowledged ${JSON.stringify(saved)}, stored ${JSON.stringify(row)}`);
    }
  }

  // ─── Figures ───
  const ms = (xs: number[]) => (xs.length ? `p50 ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms, p99 ${quantile(xs, 0.99).toFixed(0)} ms` : "none");
  const of = (kind: Sample["kind"]) => samples.filter((s) => s.kind === kind).map((s) => s.ms);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const all = samples.map((s) => s.ms);
  console.log(`\nRequests: ${samples.length + errors.length} in ${elapsed.toFixed(1)} s = ${((samples.length + errors.length) / elapsed).toFixed(1)} req/s; all: ${ms(all)}`);
  for (const kind of ["save", "account", "criteria", "comparison"] as const) console.log(`  ${kind.padEnd(11)} ${String(of(kind).length).padStart(6)} requests, ${ms(of(kind))}`);
  // A page's throughput relative to /account's: what one server process serves of each per second at this load,
  // i.e. the inverse of their mean server time, measured side by side in this run.
  for (const kind of ["criteria", "comparison"] as const) {
    if (of(kind).length && of("account").length) console.log(`  throughput ${kind} / account: ${(mean(of("account")) / mean(of(kind))).toFixed(2)} (mean ${mean(of(kind)).toFixed(0)} ms vs ${mean(of("account")).toFixed(0)} ms)`);
  }
  console.log(`Errors: ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 5).join(" | ")})` : ""}`);
  console.log(`Lost writes: ${lost} (${saves} saves acknowledged on ${acknowledged.size} ratings, each checked for its last acknowledged value)`);
  console.log(`Load average (1 min) before ${load.toFixed(2)}, after ${loadAfter.toFixed(2)} (2 cores; other work on the machine counts too).`);
  if (errors.length || lost) exitCode = 1;
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(uploadsDir, { recursive: true, force: true });
}
process.exit(exitCode);
