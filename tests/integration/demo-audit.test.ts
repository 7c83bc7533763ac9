// The demo seed on a fresh database (PGlite, and PostgreSQL when configured), as `npm start` runs it: Touba's audit,
// proposing Argent beside a more generous self-assessment, and the committee's decision (Label Argent with its
// mention, 5 December 2025: the report released); Lomé's fictional audit handed in, unreleased, awaiting a decision;
// a visit to score at Bingerville and its earlier labels (Argent 2019, Or 2023); ISQua's accreditation of the 2024
// version; a second run changes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.ts";
import * as schema from "#db/schema.ts";
import { agreementByChapter } from "#app/domain/audit/agreement.ts";
import { parseCertificateNumber } from "#app/domain/label/certificate-number.ts";
import { labelStatus } from "#app/domain/label/status.ts";
import { compareScores, percentAtLeast } from "#app/domain/scoring/engine.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { AUDIT_RATING_ENTITY, loadAuditRatings, scoreAudit } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { computedAuditLevel, decisionInForce, listDecisions } from "#app/services/label/decisions.server.ts";
import { labelOfProcess, labelsOfEstablishment, todayIso } from "#app/services/label/labels.server.ts";
import { latestAccreditation } from "#app/services/referential/accreditations.server.ts";
import { getProcess, listProcesses, listTransitions, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { CO_AUDITOR_EMAIL, FICTIONAL_NOTE, LEAD_AUDITOR_EMAIL, LOME_HOSPITAL, THIRD_HOSPITAL, TOUBA_NAME } from "#scripts/seed/demo-audit.ts";
import { DEMO_COMMITTEE, TOUBA_OVER_RATED_CHAPTERS } from "#scripts/seed/demo-audit-content.ts";
import { HISTORY_NOTE, ISQUA_ACCREDITATION } from "#scripts/seed/demo-labels.ts";
import { actorByEmail } from "#scripts/seed/demo-process.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

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
    labellingDecisions: schema.labellingDecisions,
    labels: schema.labels,
    labelEvents: schema.labelEvents,
    referentialAccreditations: schema.referentialAccreditations,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table))[0]!.n;
  return out;
}

const BINGERVILLE = "Hôpital Mère-Enfant de Bingerville";
const LOME = "CHU Sylvanus Olympio";

/** The establishment's process on a version (2024 unless named): Bingerville has earlier ones on 2019. */
async function processOf(establishmentName: string, version = "2024"): Promise<ProcessSummary> {
  const admin = (await actorByEmail(db, "admin@label.example.org"))!;
  const found = (await listProcesses(db, admin)).filter((p) => p.establishmentName === establishmentName && p.referentialVersion === version);
  if (found.length !== 1) throw new Error(`${found.length} processes for ${establishmentName} on ${version}`);
  return getProcess(db, admin, found[0]!.id);
}

async function establishmentId(name: string): Promise<string> {
  const [row] = await db.select({ id: schema.establishments.id }).from(schema.establishments).where(eq(schema.establishments.name, name));
  return row!.id;
}

/** The states a process went through, oldest first. */
async function journey(processId: string) {
  return (await listTransitions(db, processId)).map((t) => t.toState).reverse();
}

/** The seeded process of an establishment on 2024 (the one the seed returned), in its state, and its visit by the demo team. */
async function seededVisit(name: string, seeded: { processId: string } | null, state: ProcessSummary["state"]) {
  expect(seeded).not.toBeNull();
  const process = await processOf(name);
  expect(process.id).toBe(seeded!.processId);
  expect(process.state).toBe(state);
  const visit = (await loadVisit(db, process))!;
  expect(visit.team.map((m) => [m.email, m.role])).toEqual([
    [LEAD_AUDITOR_EMAIL, "lead"],
    [CO_AUDITOR_EMAIL, "co_auditor"],
  ]);
  expect(visit.team.every((m) => m.chapters.length > 0)).toBe(true);
  return { process, visit };
}

const TO_AUDIT_SUBMITTED = ["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted"];

beforeAll(async () => {
  // As `npm start` on a fresh embedded database: the shipped referentials, then the demo.
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir } });
  db = server.database.db;
  await importShippedReferentials(db);
  first = await seedDemoData(db, { storage: folderStorage(uploadsDir), hashPassword });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

describe("the demo audit at CHNCAK Touba", () => {
  it("is handed in by the demo auditor's team before the decision, and released by it", async () => {
    const { process, visit } = await seededVisit(TOUBA_NAME, first.touba, "decided");
    expect(`${process.referentialCode} ${process.referentialVersion}`).toBe("label-qss 2024");
    expect(visit.summaryFr).toContain("Argent");
    expect(visit.summaryEn).toContain("Silver");
    // The story's dates, in order: opened, self-assessment due, the three-day visit, handed in, decided (and released).
    const day = (d: Date | null) => d!.toISOString().slice(0, 10);
    const dates = [day(process.openedAt), process.selfAssessmentDue!, visit.startsOn, visit.endsOn, day(visit.submittedAt), day(visit.releasedAt)];
    expect(dates).toEqual(["2024-12-09", "2025-07-31", "2025-10-14", "2025-10-16", "2025-10-24", "2025-12-05"]);
    expect([...dates].sort()).toEqual(dates);
    expect(process.plannedVisit).toBe(visit.startsOn);
    // The whole journey is in the history, in order.
    expect(await journey(process.id)).toEqual([...TO_AUDIT_SUBMITTED, "decided"]);
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

describe("the committee's decision on Touba", () => {
  it("awards the computed level, Argent, with the special mention, decided on 5 December 2025 by the DRI", async () => {
    const process = await processOf(TOUBA_NAME);
    const decisions = await listDecisions(db, process.id);
    expect(decisions).toHaveLength(1);
    const decision = decisionInForce(decisions)!;
    expect(decision).toMatchObject({
      auditRound: 1,
      outcome: "awarded",
      level: "silver",
      computedLevel: "silver",
      levelJustification: "",
      mentionFr: "pour la dynamique engendrée",
      mentionEn: "for the dynamic it created",
      decidedOn: "2025-12-05",
      validFrom: "2025-12-05",
      validUntil: "2029-12-04",
      committeeMembers: DEMO_COMMITTEE,
      recordedByName: "Claire Dubois",
      certificateNumber: first.touba!.certificateNumber,
    });
    // Roles, not people: every member's line and the signer name a function.
    expect(decision.committeeMembers.split("\n").length).toBeGreaterThanOrEqual(3);
    expect(decision.signerName).toContain("directrice des relations internationales");
    expect(decision.signerTitle).toContain("AP-HP");
  });

  it("created the Argent label valid until 4 December 2029, with its mention and a certificate number", async () => {
    const process = await processOf(TOUBA_NAME);
    const label = (await labelOfProcess(db, process.id))!;
    expect(label).toMatchObject({
      establishmentName: TOUBA_NAME,
      level: "silver",
      levelName: { fr: "Argent", en: "Silver" },
      mentionFr: "pour la dynamique engendrée",
      mentionEn: "for the dynamic it created",
      referentialVersion: "2024",
      decidedOn: "2025-12-05",
      validFrom: "2025-12-05",
      validUntil: "2029-12-04",
      events: [],
    });
    expect(parseCertificateNumber(label.certificateNumber)).toBe(label.certificateNumber);
    expect(label.certificateNumber.startsWith("LQS-2025-")).toBe(true);
    expect(label.status).toBe(labelStatus(label, [], todayIso()));
    expect((await labelOfProcess(db, process.id, "2026-06-01"))!.status).toBe("valid");
  });

  it("told the hospital's coordinator, in the app and by e-mail", async () => {
    const process = await processOf(TOUBA_NAME);
    const [coordinator] = await db.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.email, "touba@label.example.org"));
    const notices = await db
      .select({ kind: schema.notifications.kind })
      .from(schema.notifications)
      .where(and(eq(schema.notifications.userId, coordinator!.id), eq(schema.notifications.processId, process.id)));
    expect(notices.map((n) => n.kind)).toContain("decision_awarded");
  });
});

describe("the audit awaiting a decision at the CHU Sylvanus Olympio (Lomé)", () => {
  it("is a fictional process of the registry, handed in by the demo auditor's team, and not released to the hospital", async () => {
    const { process, visit } = await seededVisit(LOME, first.lome, "audit_submitted");
    expect(process.establishmentCity).toBe("Lomé");
    expect(visit.submittedAt).not.toBeNull();
    expect(visit.releasedAt).toBeNull();
    expect(visit.endsOn <= todayIso()).toBe(true);
    expect(visit.summaryFr).toContain("Bronze");
    expect(visit.summaryFr).toContain("fictive");
    expect(visit.summaryEn).toContain("Fictional");
    expect(await journey(process.id)).toEqual(TO_AUDIT_SUBMITTED);
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
    expect(name!.name).toBe("Hôpital Mère-Enfant de Bingerville");
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

describe("Bingerville's earlier labels", () => {
  it("are two closed processes on the 2019 version, each decided after its journey, nothing computed on the platform", async () => {
    expect(first.bingervilleHistory).not.toBeNull();
    const admin = (await actorByEmail(db, "admin@label.example.org"))!;
    const earlier = (await listProcesses(db, admin)).filter((p) => p.establishmentName === BINGERVILLE && p.referentialVersion === "2019");
    expect(earlier.map((p) => p.id).sort()).toEqual([...first.bingervilleHistory!.processIds].sort());
    for (const process of earlier) {
      expect(process.state).toBe("decided");
      const steps = await listTransitions(db, process.id);
      expect(steps.map((t) => t.toState).reverse()).toEqual([...TO_AUDIT_SUBMITTED, "decided"]);
      expect(steps.at(-1)!.comment).toBe(HISTORY_NOTE);
      expect(steps.every((t) => t.actorName === null)).toBe(true);
      const [decision, ...more] = await listDecisions(db, process.id);
      expect(more).toEqual([]);
      expect(decision).toMatchObject({ outcome: "awarded", computedLevel: null, annulment: null });
      expect(steps[0]!.at.toISOString().slice(0, 10)).toBe(decision!.decidedOn);
      expect(process.openedAt.toISOString() < steps[0]!.at.toISOString()).toBe(true);
      expect((await loadRatings(db, await getProcess(db, admin, process.id))).size).toBe(0);
    }
    // The 2024 process stays the one open.
    expect((await processOf(BINGERVILLE)).state).toBe("audit_scheduled");
  });

  it("are Argent 2019, expired, then Or 2023 until 2027, both on the 2019 version", async () => {
    const today = todayIso();
    const [gold, silver, ...more] = await labelsOfEstablishment(db, await establishmentId(BINGERVILLE), today);
    expect(more).toEqual([]);
    expect(silver).toMatchObject({ level: "silver", referentialVersion: "2019", decidedOn: "2019-06-14", validFrom: "2019-06-14", validUntil: "2023-06-13", mentionFr: "", status: "expired" });
    expect(gold).toMatchObject({ level: "gold", levelName: { fr: "Or", en: "Gold" }, referentialVersion: "2019", decidedOn: "2023-05-26", validFrom: "2023-05-26", validUntil: "2027-05-25" });
    // Valid, or expiring as 2027 nears: whatever the status rules say today.
    expect(gold!.status).toBe(labelStatus(gold!, [], today));
    expect(new Set([gold!.certificateNumber, silver!.certificateNumber])).toEqual(new Set(first.bingervilleHistory!.certificateNumbers));
    for (const label of [gold!, silver!]) expect(parseCertificateNumber(label.certificateNumber)).toBe(label.certificateNumber);
    expect(gold!.certificateNumber.startsWith("LQS-2023-")).toBe(true);
    expect(silver!.certificateNumber.startsWith("LQS-2019-")).toBe(true);
    // The Or label was awarded while the Argent one still ran.
    const inMid2023 = await labelsOfEstablishment(db, await establishmentId(BINGERVILLE), "2023-06-01");
    expect(inMid2023.map((l) => [l.level, l.status])).toEqual([
      ["gold", "valid"],
      ["silver", labelStatus(silver!, [], "2023-06-01")],
    ]);
  });
});

describe("the 2024 version's accreditation", () => {
  it("is ISQua's, in 2025, its reference marked illustrative", async () => {
    expect(first.accreditation).not.toBeNull();
    const [version] = await db
      .select({ id: schema.referentialVersions.id })
      .from(schema.referentialVersions)
      .where(and(eq(schema.referentialVersions.code, "label-qss"), eq(schema.referentialVersions.version, "2024")));
    const accreditation = (await latestAccreditation(db, version!.id))!;
    expect(accreditation).toEqual(ISQUA_ACCREDITATION);
    expect(accreditation.accreditedOn.slice(0, 4)).toBe("2025");
    expect(accreditation.reference).toContain("illustratifs");
    // Accredited before Touba's decision, whose certificate it is shown on.
    expect(accreditation.accreditedOn < "2025-12-05").toBe(true);
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

  it("Touba's coordinator reads the released audit report; Lomé's does not read the unreleased one", async () => {
    const touba = new TestBrowser(server.baseUrl);
    await touba.login("touba@label.example.org");
    expect((await touba.get(`/processes/${first.touba!.processId}/audit/report`)).status).toBe(200);
    const lome = new TestBrowser(server.baseUrl);
    await lome.login(LOME_HOSPITAL.coordinator.email);
    expect((await lome.get(`/processes/${first.lome!.processId}/audit/report`)).status).toBe(403);
    expect((await lome.get(`/processes/${first.lome!.processId}`)).status).toBe(200);
  });

  it("shows a service N/A in each state the demo holds: refused at Touba (kangaroo care, it has neonatal care), awaiting the auditor at Fann (no maternity)", async () => {
    const touba = new TestBrowser(server.baseUrl);
    await touba.login("touba@label.example.org");
    const comparison = await readPage(await touba.get(`/processes/${first.touba!.processId}/audit/comparison`));
    expect(/<tr>(?:(?!<\/tr>).)*\/audit\/criteria\/7\.2\.3"(?:(?!<\/tr>).)*<\/tr>/s.exec(comparison)?.[0]).toContain("N/A refusé par l'auditeur");
    const fann = new TestBrowser(server.baseUrl);
    await fann.login("fann@label.example.org");
    const [process] = (await listProcesses(db, (await actorByEmail(db, "fann@label.example.org"))!)).filter((p) => p.establishmentName === "CNHU de Fann");
    expect(await readPage(await fann.get(`/processes/${process!.id}/criteria/7.1.2`))).toContain("N/A à confirmer par l'auditeur (pas de maternité)");
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
    const again = await seedDemoData(db, { storage: folderStorage(uploadsDir), hashPassword });
    expect([again.fann, again.touba, again.lome, again.thirdHospital, again.bingervilleHistory, again.accreditation]).toEqual([null, null, null, null, null, null]);
    expect(await tableCounts()).toEqual(before);
  });
});
