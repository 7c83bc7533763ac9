// Fault test (issue 21): the server is killed (SIGKILL, no shutdown) while a hospital user saves ratings through the
// real HTTP form posts, several in flight. Started again on the same database, every save that was acknowledged is
// there with its last acknowledged value (or, where a save was in flight at the kill, that one's value), and the
// database is consistent: each rating's history has one entry per version and ends on the stored value.
// PGlite (a data folder on disk), and PostgreSQL when DATABASE_URL is set.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "#db/client.ts";
import { auditTrailEvents, referentialCriteria, selfAssessmentRatings } from "#db/schema.ts";
import { startBuiltServer, type BuiltServer } from "../support/built-server.ts";
import { seedFannProcess } from "../support/fann-process.ts";
import { withDatabase } from "../support/global-setup.ts";
import { signedInAs, type TestBrowser } from "../support/server.ts";

const onPostgres = process.env.TEST_DATABASE === "postgres";
/** Concurrent saves in flight, each on criteria of its own (no conflicts between them). */
const LANES = 4;
const CRITERIA_PER_LANE = 5;
/** The kill comes once this many saves were acknowledged (every criterion saved about twice). */
const ACKNOWLEDGED_BEFORE_KILL = 40;

interface Attempt {
  code: string;
  rating: string;
  justification: string;
  /** The version the server answered: acknowledged. Null: no answer came (in flight at the kill). */
  version: number | null;
}

describe("the server killed during a stream of saves", () => {
  const dir = mkdtempSync(join(tmpdir(), "label-kill-"));
  let env: NodeJS.ProcessEnv;
  let processId: string;
  let codes: string[];
  let dropDatabase = async () => {};
  const open = () => (onPostgres ? openDatabase({ url: env.DATABASE_URL }) : openDatabase({ pgliteDir: env.PGLITE_DIR }));

  beforeAll(async () => {
    // The test's database, seeded before the server opens it (only one process may open a PGlite folder).
    let database: Database;
    if (onPostgres) {
      const name = `label_t_kill_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
      env = { DATABASE_URL: withDatabase(process.env.DATABASE_URL!, name) };
      dropDatabase = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
      database = await open();
    } else {
      env = { PGLITE_DIR: join(dir, "pglite") };
      database = await openDatabase({ pgliteDir: env.PGLITE_DIR, loadDataDir: new Blob([readFileSync(inject("pgliteDump"))]) });
    }
    env.UPLOADS_DIR = join(dir, "uploads");
    try {
      const seeded = await seedFannProcess(database.db);
      processId = seeded.processId;
      const criteria = await database.db.select({ code: referentialCriteria.code }).from(referentialCriteria).where(eq(referentialCriteria.versionId, seeded.versionId)).orderBy(asc(referentialCriteria.code)).limit(LANES * CRITERIA_PER_LANE);
      codes = criteria.map((c) => c.code);
    } finally {
      await database.close();
    }
  }, 60_000);
  afterAll(async () => {
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One lane: saves its criteria in turn, each time with a new value, on top of the version last acknowledged. */
  async function lane(browser: TestBrowser, mine: string[], attempts: Attempt[], stop: { killed: boolean }) {
    const versions = new Map(mine.map((code) => [code, 0]));
    for (let n = 0; !stop.killed; n++) {
      const code = mine[n % mine.length]!;
      const attempt: Attempt = { code, rating: String(n % 4), justification: `Enregistrement ${n} du critère ${code}.`, version: null };
      attempts.push(attempt);
      try {
        const response = await browser.post(`/processes/${processId}/criteria/${code}/rating`, { rating: attempt.rating, justification: attempt.justification, baseVersion: String(versions.get(code)) });
        const answer = (await response.json()) as { status: string; version: number };
        if (response.status !== 200 || answer.status !== "saved") throw new Error(`${code}: ${response.status} ${JSON.stringify(answer)}`);
        attempt.version = answer.version;
        versions.set(code, answer.version);
      } catch (error) {
        if (stop.killed) return; // the connection was cut: this save is in doubt
        throw error;
      }
    }
  }

  it("keeps every acknowledged save, with its last value, and a history that matches", { timeout: 120_000 }, async () => {
    let server: BuiltServer = await startBuiltServer(env);
    const attempts: Attempt[] = [];
    const stop = { killed: false };
    try {
      const browser = await signedInAs(server.baseUrl, "fann@label.example.org");
      const lanes = Array.from({ length: LANES }, (_, i) => lane(browser, codes.slice(i * CRITERIA_PER_LANE, (i + 1) * CRITERIA_PER_LANE), attempts, stop));
      // Kill once enough saves were acknowledged, in the middle of the stream.
      for (const started = Date.now(); attempts.filter((a) => a.version !== null).length < ACKNOWLEDGED_BEFORE_KILL && Date.now() - started < 20_000; ) await new Promise((r) => setTimeout(r, 20));
      stop.killed = true;
      server.child.kill("SIGKILL");
      await server.exited;
      await Promise.all(lanes);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    }
    const acknowledged = attempts.filter((a) => a.version !== null);
    expect(acknowledged.length, server.output()).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    // Started again on the same database: it serves, and a save goes through.
    server = await startBuiltServer(env);
    try {
      const browser = await signedInAs(server.baseUrl, "fann@label.example.org");
      expect((await browser.get(`/processes/${processId}`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
      expect(await server.exited, server.output()).toBe(0);
    }

    const database = await open();
    try {
      const stored = await database.db
        .select({ code: referentialCriteria.code, rating: selfAssessmentRatings.rating, justification: selfAssessmentRatings.justification, version: selfAssessmentRatings.version })
        .from(selfAssessmentRatings)
        .innerJoin(referentialCriteria, eq(referentialCriteria.id, selfAssessmentRatings.criterionId))
        .where(eq(selfAssessmentRatings.processId, processId));
      const byCode = new Map(stored.map((s) => [s.code, s]));
      for (const code of new Set(attempts.map((a) => a.code))) {
        const mine = attempts.filter((a) => a.code === code);
        const lastAcked = mine.filter((a) => a.version !== null).at(-1);
        const inDoubt = mine.find((a) => a.version === null);
        const row = byCode.get(code);
        // Stored: the last acknowledged save, or the one in flight at the kill (applied, its answer lost).
        const allowed = [lastAcked && { rating: lastAcked.rating, justification: lastAcked.justification, version: lastAcked.version }, inDoubt && { rating: inDoubt.rating, justification: inDoubt.justification, version: (lastAcked?.version ?? 0) + 1 }].filter(Boolean);
        if (!lastAcked && !row) continue; // only an unanswered first save, not applied
        expect(allowed, `${code}: ${JSON.stringify(row)}`).toContainEqual({ rating: row?.rating, justification: row?.justification, version: row?.version });
      }
      // Consistent: one history entry per version, the last one ending on the stored value; nothing half-written.
      const trail = await database.db
        .select({ entityId: auditTrailEvents.entityId, changes: auditTrailEvents.changes })
        .from(auditTrailEvents)
        .where(and(eq(auditTrailEvents.entityType, "self_assessment_rating"), sql`${auditTrailEvents.entityId} like ${`${processId}:%`}`))
        .orderBy(asc(auditTrailEvents.id));
      for (const row of stored) {
        const events = trail.filter((e) => e.entityId === `${processId}:${row.code}`);
        expect(events, row.code).toHaveLength(row.version);
        expect(events.at(-1)!.changes!.justification!.to, row.code).toBe(row.justification);
      }
      expect(trail.every((e) => stored.some((s) => e.entityId === `${processId}:${s.code}`))).toBe(true);
    } finally {
      await database.close();
    }
  });
});
