// The demo seed on a fresh database (PGlite, and PostgreSQL when configured), as `npm start` runs it: Touba's
// audit handed in and not released, proposing Argent beside a more generous self-assessment; Lomé's fictional audit
// handed in, unreleased, proposing Bronze; a visit to score at Bingerville; a second run changes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.ts";
import * as schema from "#db/schema.ts";
import { agreementByChapter } from "#app/domain/audit/agreement.ts";
import { compareScores, percentAtLeast } from "#app/domain/scoring/engine.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { AUDIT_RATING_ENTITY, loadAuditRatings, scoreAudit } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { computedAuditLevel, listDecisions } from "#app/services/label/decisions.server.ts";
import { todayIso } from "#app/services/label/labels.server.ts";
import { getProcess, listProcesses, listTransitions, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { CO_AUDITOR_EMAIL, FICTIONAL_NOTE, LEAD_AUDITOR_EMAIL, LOME_HOSPITAL, THIRD_HOSPITAL, TOUBA_NAME } from "#scripts/seed/demo-audit.ts";
import { TOUBA_OVER_RATED_CHAPTERS } from "#scripts/seed/demo-audit-content.ts";
import { actorByEmail } from "#scripts/seed/demo-process.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-demo-audit-it-"));
let server: TestServer;
let db: Db;
let first: Awaited<ReturnType<typeof seedDemoData>>;

/** Rows of every table the demo writes to. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = {
    users: schema.users,
    establishments: schema.establishments,
    labellingProcesses: schema.labellingProcesses,
    processTransitions: schema.processTransitions,
    selfAssessmentRatings: schema.selfAssessmentRatings,
    criterionComments: schema.criterionComments,
    evidenceFiles: schema.evidenceFiles,
    evidenceLinks: schema.evidenceLinks,
    actionItems: schema.actionItems,
    auditVisits: schema.auditVisits,
    auditTeamMembers: schema.auditTeamMembers,
    auditChapterAssignments: schema.auditChapterAssignments,
    auditRatings: schema.auditRatings,
    auditTrailEvents: schema.auditTrailEvents,
    notifications: schema.notifications,
    outbox: schema.outbox,
    cooperationProjects: schema.cooperationProjects,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table))[0]!.n;
  return out;
}

const BINGERVILLE = "Hôpital Mère-Enfant de Bingerville";
const LOME = "CHU Sylvanus Olympio";

async function processOf(establishmentName: string): Promise<ProcessSummary> {
  const admin = (await actorByEmail(db, "admin@label.example.org"))!;
  const found = (await listProcesses(db, admin)).find((p) => p.establishmentName === establishmentName);
  if (!found) throw new Error(`no process for ${establishmentName}`);
  return getProcess(db, admin, found.id);
}

beforeAll(async () => {
  // As `npm start` on a fresh embedded database: the shipped referentials, then the demo.
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir } });
  db = server.database.db;
  await importShippedReferentials(db);
  first = await seedDemoData(db, { uploadsDir, hashPassword });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

describe("the demo audit at CHNCAK Touba", () => {
  it("is handed in by the demo auditor's team, and not released to the hospital", async () => {
    expect(first.touba).not.toBeNull();
    const process = await processOf(TOUBA_NAME);
    expect(process.id).toBe(first.touba!.processId);
    expect(process.state).toBe("audit_submitted");
    expect(`${process.referentialCode} ${process.referentialVersion}`).toBe("label-qss 2024");
    const visit = (await loadVisit(db, process))!;
    expect(visit.releasedAt).toBeNull();
    expect(visit.submittedAt).not.toBeNull();
    expect(visit.summaryFr).toContain("Argent");
    expect(visit.summaryEn).toContain("Silver");
    expect(visit.team.map((m) => [m.email, m.role])).toEqual([
      [LEAD_AUDITOR_EMAIL, "lead"],
      [CO_AUDITOR_EMAIL, "co_auditor"],
    ]);
    expect(visit.team.every((m) => m.chapters.length > 0)).toBe(true);
    // The whole journey is in the history, in order.
    const journey = (await listTransitions(db, process.id)).map((t) => t.toState).reverse();
    expect(journey).toEqual(["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted"]);
  });

  it("proposes Argent by the scoring engine, on a complete audit", async () => {
    const process = await processOf(TOUBA_NAME);
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const result = scoreAudit(frozen, await loadAuditRatings(db, process));
    expect(result.final).toBe(true);
    expect(result.level).toBe("silver");
    expect(percentAtLeast(result.global, 75) && !percentAtLeast(result.global, 85)).toBe(true);
    expect(result.levels.find((l) => l.level === "silver")!.conditions.every((c) => c.held)).toBe(true);
  });

  it("has a complete self-assessment more generous than the audit, above all on the chosen chapters", async () => {
    const process = await processOf(TOUBA_NAME);
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const selfRatings = await loadRatings(db, process);
    const auditRatings = await loadAuditRatings(db, process);
    const selfResult = scoreSelfAssessment(frozen, selfRatings);
    const auditResult = scoreAudit(frozen, auditRatings);
    expect(selfResult.final).toBe(true);
    expect(compareScores(selfResult.global, auditResult.global)).toBeGreaterThan(0);
    const pairs = frozen.prepared.criteria.map((c) => ({
      code: c.code,
      chapterCode: frozen.prepared.chapterCodes[c.chapterIndex]!,
      self: selfRatings.get(c.code)?.rating ?? null,
      audit: auditRatings.get(c.code)?.rating ?? null,
    }));
    const { chapters } = agreementByChapter(pairs, frozen.version.scale.values.map((v) => v.value));
    for (const code of TOUBA_OVER_RATED_CHAPTERS) expect(chapters.find((c) => c.chapterCode === code)!.meanSignedGap, `chapter ${code}`).toBeGreaterThan(0.5);
    // Findings of every classification, each with what was observed.
    const classifications = new Set([...auditRatings.values()].map((r) => r.classification));
    expect(classifications).toEqual(new Set(["strength", "recommendation", "non_conformity", null]));
    // Evidence and actions the auditors read beside the ratings.
    const [files] = await db.select({ n: count() }).from(schema.evidenceFiles).where(eq(schema.evidenceFiles.processId, process.id));
    const [actions] = await db.select({ n: count() }).from(schema.actionItems).where(eq(schema.actionItems.processId, process.id));
    expect(files!.n).toBe(2);
    expect(actions!.n).toBe(3);
  });

  it("keeps both names in the history of a rating the lead consolidated", async () => {
    const process = await processOf(TOUBA_NAME);
    const events = await db
      .select({ action: schema.auditTrailEvents.action, actor: schema.users.email })
      .from(schema.auditTrailEvents)
      .innerJoin(schema.users, eq(schema.users.id, schema.auditTrailEvents.actorUserId))
      .where(and(eq(schema.auditTrailEvents.entityType, AUDIT_RATING_ENTITY), eq(schema.auditTrailEvents.entityId, `${process.id}:9.2.2`)))
      .orderBy(asc(schema.auditTrailEvents.id));
    expect(events).toEqual([
      { action: "audit_rating.save", actor: CO_AUDITOR_EMAIL },
      { action: "audit_rating.consolidate", actor: LEAD_AUDITOR_EMAIL },
    ]);
    const rating = (await loadAuditRatings(db, process)).get("9.2.2")!;
    expect(rating).toMatchObject({ rating: 1, classification: "non_conformity", version: 2 });
  });
});

describe("the audit awaiting a decision at the CHU Sylvanus Olympio (Lomé)", () => {
  it("is a fictional process of the registry, handed in by the demo auditor's team, and not released to the hospital", async () => {
    expect(first.lome).not.toBeNull();
    const process = await processOf(LOME);
    expect(process.id).toBe(first.lome!.processId);
    expect(process.establishmentCity).toBe("Lomé");
    expect(process.state).toBe("audit_submitted");
    const visit = (await loadVisit(db, process))!;
    expect(visit.submittedAt).not.toBeNull();
    expect(visit.releasedAt).toBeNull();
    expect(visit.endsOn <= todayIso()).toBe(true);
    expect(visit.summaryFr).toContain("Bronze");
    expect(visit.summaryFr).toContain("fictive");
    expect(visit.summaryEn).toContain("Fictional");
    expect(visit.team.map((m) => [m.email, m.role])).toEqual([
      [LEAD_AUDITOR_EMAIL, "lead"],
      [CO_AUDITOR_EMAIL, "co_auditor"],
    ]);
    expect((await listTransitions(db, process.id)).map((t) => t.toState).reverse()).toEqual(["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted"]);
    expect(await listDecisions(db, process.id)).toEqual([]);
    const comments = await db.select({ body: schema.criterionComments.body }).from(schema.criterionComments).where(eq(schema.criterionComments.processId, process.id));
    expect(comments.map((c) => c.body)).toEqual([FICTIONAL_NOTE]);
  });

  it("gives the committee a computed level, Bronze, on a complete audit", async () => {
    const process = await processOf(LOME);
    const { result, level } = await computedAuditLevel(db, process);
    expect(result.final).toBe(true);
    expect(level).toBe("bronze");
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    expect(scoreSelfAssessment(frozen, await loadRatings(db, process)).final).toBe(true);
  });
});

describe("the visit to score at the third hospital", () => {
  it("is scheduled a few weeks ahead for the demo auditor's team, on a fictional process handed in", async () => {
    expect(first.thirdHospital).not.toBeNull();
    const [name] = await db
      .select({ name: schema.establishments.name })
      .from(schema.establishments)
      .innerJoin(schema.labellingProcesses, eq(schema.labellingProcesses.establishmentId, schema.establishments.id))
      .where(eq(schema.labellingProcesses.id, first.thirdHospital!.processId));
    expect(name!.name).toBe(BINGERVILLE);
    const process = await processOf(name!.name);
    expect(process.state).toBe("audit_scheduled");
    const visit = (await loadVisit(db, process))!;
    expect(visit.team.find((m) => m.role === "lead")!.email).toBe(LEAD_AUDITOR_EMAIL);
    const today = new Date().toISOString().slice(0, 10);
    const inDays = (iso: string) => Math.round((Date.parse(iso) - Date.parse(today)) / 86_400_000);
    expect(inDays(visit.startsOn)).toBeGreaterThanOrEqual(14);
    expect(inDays(visit.startsOn)).toBeLessThanOrEqual(42);
    expect(visit.endsOn >= visit.startsOn).toBe(true);
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    expect(scoreSelfAssessment(frozen, await loadRatings(db, process)).final).toBe(true);
    expect((await loadAuditRatings(db, process)).size).toBe(0);
    const comments = await db.select({ body: schema.criterionComments.body }).from(schema.criterionComments).where(eq(schema.criterionComments.processId, process.id));
    expect(comments.map((c) => c.body)).toEqual([FICTIONAL_NOTE]);
  });
});

describe("what the demo accounts see", () => {
  it("the demo auditor lists the three visits of the team, and not the process whose team he is not on", async () => {
    const auditor = new TestBrowser(server.baseUrl);
    await auditor.login(LEAD_AUDITOR_EMAIL);
    const page = await readPage(await auditor.get("/processes"));
    expect(page).toContain(TOUBA_NAME);
    expect(page).toContain(LOME);
    expect(page).toContain(BINGERVILLE);
    expect(page).not.toContain("CNHU de Fann");
  });

  it("Lomé's coordinator does not read the unreleased audit report", async () => {
    const lome = new TestBrowser(server.baseUrl);
    await lome.login(LOME_HOSPITAL.coordinator.email);
    expect((await lome.get(`/processes/${first.lome!.processId}/audit/report`)).status).toBe(403);
    expect((await lome.get(`/processes/${first.lome!.processId}`)).status).toBe(200);
  });

  it("the second auditor and the coordinators of the registry hospitals sign in with the demo password", async () => {
    await new TestBrowser(server.baseUrl).login(CO_AUDITOR_EMAIL);
    await new TestBrowser(server.baseUrl).login(THIRD_HOSPITAL.coordinator.email);
    await new TestBrowser(server.baseUrl).login(LOME_HOSPITAL.coordinator.email);
    const [coAuditor] = await db.select({ language: schema.users.language, role: schema.users.role }).from(schema.users).where(eq(schema.users.email, CO_AUDITOR_EMAIL));
    expect(coAuditor).toEqual({ language: "en", role: "auditor" });
  });
});

describe("a second run of the demo seed", () => {
  it("changes nothing", async () => {
    const before = await tableCounts();
    const again = await seedDemoData(db, { uploadsDir, hashPassword });
    expect([again.fann, again.touba, again.lome, again.thirdHospital]).toEqual([null, null, null, null]);
    expect(await tableCounts()).toEqual(before);
  });
});
