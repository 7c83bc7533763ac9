// The labelling committee's decision over HTTP against the built app (PGlite, and PostgreSQL when configured): who
// may decide and read, the rules of a decision (a refused form keeps what was typed), the label and its certificate,
// suspension and revocation, annulment, deferral and the revisit's new audit round, and the database refusing to
// change a recorded decision. The audited processes are built through the services (tests/support/audit-fixtures.ts).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCertificateNumber } from "#app/domain/label/certificate-number.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import type { Db } from "#db/client.ts";
import { auditRounds, auditVisits, labelEvents, labellingDecisions, labellingProcesses, labels, notifications } from "#db/schema.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess, type AuditFixture } from "#tests/support/audit-fixtures.ts";
import { pdfText, qrCodeOf } from "#tests/support/pdf-text.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { TOUBA_DECISION } from "#scripts/seed/demo-audit-content.ts";
import { runDailyReminders } from "#app/services/notifications/reminders.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";

let server: TestServer;
let db: Db;
/** Awarded, then suspended, lifted and revoked. */
let awarded: AuditFixture;
/** Deferred, then revisited. */
let deferred: AuditFixture;
/** Refused, annulled, then decided again. */
let refused: AuditFixture;
/** The visit still in progress: nothing to decide. */
let inProgress: AuditFixture;
const browsers = new Map<string, TestBrowser>();

beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
  [awarded, deferred, refused, inProgress] = [
    await buildAuditedProcess(db, { key: "award", hashPassword }),
    await buildAuditedProcess(db, { key: "defer", hashPassword }),
    await buildAuditedProcess(db, { key: "refuse", hashPassword }),
    await buildAuditedProcess(db, { key: "open", hashPassword, submit: false }),
  ];
}, 180_000);
afterAll(async () => {
  await server?.close();
});

async function as(who: "admin" | "coordinator" | "lead" | "offTeam" | "otherHospital", fixture: AuditFixture) {
  const key = `${who}:${fixture.processId}`;
  let browser = browsers.get(key);
  if (!browser) {
    browser = new TestBrowser(server.baseUrl);
    if (who === "otherHospital") await browser.login("fann@label.example.org");
    else if (who === "admin") await browser.login(fixture.admin.email);
    else await browser.login(fixture[who].email, AUDIT_FIXTURE_PASSWORD);
    browsers.set(key, browser);
  }
  return browser;
}

const page = (fixture: AuditFixture) => `/processes/${fixture.processId}/decision`;

/** The demo's award of Argent with its mention (the computed level for the fixture's audit), as the form posts it. */
function award(overrides: Record<string, string> = {}): Record<string, string> {
  const typed = Object.fromEntries(Object.entries(TOUBA_DECISION).map(([name, value]) => [name, value ?? ""]));
  return { intent: "decide", ...typed, ...overrides };
}

async function stateOf(fixture: AuditFixture) {
  const [row] = await db.select({ state: labellingProcesses.state }).from(labellingProcesses).where(eq(labellingProcesses.id, fixture.processId));
  return row!.state;
}

/** The daily job as if it ran on `day` (each day once). */
const remind = (day: string) => runDailyReminders(db, { now: new Date(`${day}T06:00:00Z`), instance: "test", t: translate, baseUrl: "" });

/** Who was told `kind` about this fixture's process (in the app). */
async function noticesOf(fixture: AuditFixture, kind: string) {
  const rows = await db.select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.processId, fixture.processId));
  return rows.filter((r) => r.kind === kind).map((r) => r.userId);
}

async function decisionsOf(fixture: AuditFixture) {
  return db.select().from(labellingDecisions).where(eq(labellingDecisions.processId, fixture.processId));
}

describe("who may decide and read", () => {
  it("shows the DRI the audit's computed level and the form; nobody else reaches the page before a decision", async () => {
    const response = await (await as("admin", awarded)).get(page(awarded));
    expect(response.status).toBe(200);
    const html = await readPage(response);
    expect(html).toContain("Enregistrer la décision du comité");
    expect(html).toContain("Niveau calculé sur les cotations de l'audit : Argent");
    expect(html).toContain('<option value="silver" selected="">Argent</option>');
    for (const who of ["coordinator", "lead", "offTeam", "otherHospital"] as const) {
      expect((await (await as(who, awarded)).get(page(awarded))).status, who).toBe(404);
    }
    expect((await new TestBrowser(server.baseUrl).get(page(awarded))).status).toBe(302);
  });

  it("refuses a decision from anyone but the DRI, and changes nothing", async () => {
    expect((await (await as("coordinator", awarded)).post(page(awarded), award())).status).toBe(404);
    expect((await (await as("lead", awarded)).post(page(awarded), award())).status).toBe(404);
    expect(await decisionsOf(awarded)).toEqual([]);
    expect(await stateOf(awarded)).toBe("audit_submitted");
  });

  it("offers no decision on an audit still in progress, and refuses one posted anyway", async () => {
    const admin = await as("admin", inProgress);
    const html = await readPage(await admin.get(page(inProgress)));
    expect(html).not.toContain("Enregistrer la décision du comité");
    expect(html).toContain("Le comité décide lorsque l'audit est soumis");
    const response = await admin.post(page(inProgress), award());
    expect(response.status).toBe(409);
    expect(await decisionsOf(inProgress)).toEqual([]);
  });
});

describe("a refused decision keeps what was typed", () => {
  it("asks for a justification when the level differs from the computed one", async () => {
    const admin = await as("admin", awarded);
    const response = await admin.post(page(awarded), award({ level: "gold", committeeMembers: "Comité du 5 décembre (texte gardé)" }));
    expect(response.status).toBe(400);
    const html = await readPage(response);
    expect(html).toContain("Justifiez par écrit l'attribution d'un niveau différent du niveau calculé.");
    expect(html).toContain("Comité du 5 décembre (texte gardé)");
    expect(html).toContain('<option value="gold" selected="">Or</option>');
    expect(await decisionsOf(awarded)).toEqual([]);
  });

  it("refuses a validity that ends before it starts, a mention in one language only, and control characters", async () => {
    const admin = await as("admin", awarded);
    const html = await readPage(await admin.post(page(awarded), award({ validUntil: "2025-01-01", mentionEn: "" })));
    expect(html).toContain("La fin de validité doit suivre son début.");
    expect(html).toContain("Donnez la mention en français et en anglais.");
    const control = await admin.post(page(awarded), award({ signerName: "Nom\u0007" }));
    expect(control.status).toBe(400);
    expect(await decisionsOf(awarded)).toEqual([]);
  });
});

describe("an award", () => {
  let number: string;

  it("closes the process, creates the label with an unguessable number, releases the report and tells the coordinators", async () => {
    const response = await (await as("admin", awarded)).post(page(awarded), award());
    expect(response.status).toBe(302);
    expect(await stateOf(awarded)).toBe("decided");
    const [label] = await db.select().from(labels).where(eq(labels.establishmentId, awarded.establishment.id));
    expect(label).toMatchObject({ level: "silver", validFrom: "2025-12-05", validUntil: "2029-12-04", mentionFr: "pour la dynamique engendrée" });
    number = label!.certificateNumber;
    expect(number).toMatch(/^LQS-2025-[0-9A-Z]{8}[0-9A-Z*~$=]$/);
    expect(parseCertificateNumber(number)).toBe(number);
    const [visit] = await db.select({ releasedAt: auditVisits.releasedAt }).from(auditVisits).where(eq(auditVisits.processId, awarded.processId));
    expect(visit!.releasedAt).not.toBeNull();
    const notices = await db.select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.processId, awarded.processId));
    expect(notices).toContainEqual({ userId: awarded.coordinator.id, kind: "decision_awarded" });
  });

  it("refuses a second decision without annulling the first", async () => {
    const response = await (await as("admin", awarded)).post(page(awarded), award({ level: "bronze", levelJustification: "Erreur" }));
    expect(response.status).toBe(409);
    expect(await decisionsOf(awarded)).toHaveLength(1);
  });

  it("is final: the database refuses to change or delete the decision or its label", async () => {
    const [decision] = await decisionsOf(awarded);
    await expect(db.update(labellingDecisions).set({ level: "gold" }).where(eq(labellingDecisions.id, decision!.id))).rejects.toThrow();
    await expect(db.delete(labellingDecisions).where(eq(labellingDecisions.id, decision!.id))).rejects.toThrow();
    await expect(db.update(labels).set({ validUntil: "2035-01-01" }).where(eq(labels.certificateNumber, number))).rejects.toThrow();
    expect((await decisionsOf(awarded))[0]!.level).toBe("silver");
  });

  it("shows the coordinator the decision and lets them, not another hospital or the team, download the certificate", async () => {
    const coordinator = await as("coordinator", awarded);
    const html = await readPage(await coordinator.get(page(awarded)));
    expect(html).toContain("Label attribué");
    expect(html).toContain(number);
    expect(html).not.toContain("Enregistrer la décision du comité");
    const pdf = await coordinator.get(`/labels/${number}/certificate.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(qrCodeOf(bytes)).toBe(`${server.baseUrl}/verify/${number}`);
    const text = pdfText(bytes);
    expect(text).toContain(awarded.establishment.name);
    expect(text).toContain("Argent");
    expect(text).toContain("Silver");
    expect(text).toContain(number);
    for (const who of ["otherHospital", "lead"] as const) {
      expect((await (await as(who, awarded)).get(`/labels/${number}/certificate.pdf`)).status, who).toBe(404);
    }
    expect((await coordinator.get(`/labels/${number}/certificate.pdf.data`)).status).toBe(404);
    expect((await coordinator.get(`/labels/LQS-2025-00000000X/certificate.pdf`)).status).toBe(404);
  });

  it("gives the same certificate bytes on every download", async () => {
    const admin = await as("admin", awarded);
    const first = new Uint8Array(await (await admin.get(`/labels/${number}/certificate.pdf`)).arrayBuffer());
    const second = new Uint8Array(await (await admin.get(`/labels/${number}/certificate.pdf`)).arrayBuffer());
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });

  it("is suspended, reinstated and revoked by the DRI with a reason, each kept; a revoked certificate is no longer the hospital's to download", async () => {
    const admin = await as("admin", awarded);
    expect((await (await as("coordinator", awarded)).post(page(awarded), { intent: "suspended", reason: "x" })).status).toBe(403);
    const empty = await admin.post(page(awarded), { intent: "suspended", reason: "" });
    expect(empty.status).toBe(400);
    expect((await admin.post(page(awarded), { intent: "suspended", reason: "Inspection en cours" })).status).toBe(302);
    expect(await readPage(await admin.get(page(awarded)))).toContain("Suspendu");
    expect((await admin.post(page(awarded), { intent: "lifted", reason: "Inspection close" })).status).toBe(302);
    expect((await admin.post(page(awarded), { intent: "revoked", reason: "Fermeture du service de chirurgie" })).status).toBe(302);
    const refusedAgain = await admin.post(page(awarded), { intent: "suspended", reason: "Encore" });
    expect(refusedAgain.status).toBe(409);
    expect(await readPage(refusedAgain)).toContain("Ce changement n'est pas possible dans l'état actuel du label.");
    const events = await db.select({ kind: labelEvents.kind, reason: labelEvents.reason }).from(labelEvents).innerJoin(labels, eq(labels.id, labelEvents.labelId)).where(eq(labels.certificateNumber, number));
    expect(events.map((e) => e.kind)).toEqual(["suspended", "lifted", "revoked"]);
    expect((await (await as("coordinator", awarded)).get(`/labels/${number}/certificate.pdf`)).status).toBe(404);
    expect((await admin.get(`/labels/${number}/certificate.pdf`)).status).toBe(200);
  });
});

describe("a deferral", () => {
  it("waits for a revisit; scheduling it keeps the deferred round read-only and starts the next one, unreleased", async () => {
    const admin = await as("admin", deferred);
    const missingDate = await admin.post(page(deferred), award({ outcome: "deferred", conditions: "Mettre en place le comité des infections", revisitOn: "" }));
    expect(missingDate.status).toBe(400);
    expect(await readPage(missingDate)).toContain("Mettre en place le comité des infections");
    const before = await admin.post(page(deferred), award({ outcome: "deferred", conditions: "Comité des infections", revisitOn: "2025-01-01" }));
    expect(await readPage(before)).toContain("La nouvelle visite doit suivre la date de la décision.");

    expect((await admin.post(page(deferred), award({ outcome: "deferred", conditions: "Comité des infections", revisitOn: "2026-06-01" }))).status).toBe(302);
    expect(await stateOf(deferred)).toBe("deferred");
    expect(await db.select().from(labels).where(eq(labels.establishmentId, deferred.establishment.id))).toEqual([]);

    // Once the revisit date has passed with no visit scheduled, the daily job tells the DRI, once.
    await remind("2026-06-02");
    await remind("2026-06-03");
    const told = await noticesOf(deferred, "revisit_due");
    expect(told).toContain(deferred.admin.id);
    expect(new Set(told).size).toBe(told.length);

    const schedule = await admin.post(`/processes/${deferred.processId}/audit/schedule`, {
      startsOn: "2026-06-01",
      endsOn: "2026-06-03",
      leadId: deferred.lead.id,
      coAuditorIds: deferred.coAuditor.id,
    });
    expect(schedule.status).toBe(302);
    expect(await stateOf(deferred)).toBe("audit_scheduled");
    const [round] = await db.select().from(auditRounds).where(eq(auditRounds.processId, deferred.processId));
    expect(round).toMatchObject({ round: 1, startsOn: expect.any(String) });
    expect(round!.ratings.length).toBeGreaterThan(100);
    const [visit] = await db.select().from(auditVisits).where(eq(auditVisits.processId, deferred.processId));
    expect(visit).toMatchObject({ round: 2, submittedAt: null, releasedAt: null, startsOn: "2026-06-01" });
    await expect(db.update(auditRounds).set({ summaryFr: "x" }).where(eq(auditRounds.processId, deferred.processId))).rejects.toThrow();

    // The deferred round stays readable, as it stood, from the audit's overview; off the team it does not exist.
    const overview = await readPage(await (await as("lead", deferred)).get(`/processes/${deferred.processId}/audit`));
    expect(overview).toContain("Tours d'audit précédents");
    expect(overview).toContain(`href="/processes/${deferred.processId}/audit/rounds/1"`);
    const roundPage = await (await as("lead", deferred)).get(`/processes/${deferred.processId}/audit/rounds/1`);
    expect(roundPage.status).toBe(200);
    const roundHtml = await readPage(roundPage);
    expect(roundHtml).toContain("Cotations du tour d'audit 1");
    expect(roundHtml).toContain(round!.summaryFr.slice(0, 40));
    expect((await (await as("lead", deferred)).get(`/processes/${deferred.processId}/audit/rounds/2`)).status).toBe(404);
    expect((await (await as("offTeam", deferred)).get(`/processes/${deferred.processId}/audit/rounds/1`)).status).toBe(404);

    // The hospital read the deferred round's report when the committee decided; the revisit's round is not released,
    // but the deferred round stays readable from the process page. Another hospital finds nothing.
    expect(round!.releasedAt).not.toBeNull();
    const coordinator = await as("coordinator", deferred);
    expect((await coordinator.get(`/processes/${deferred.processId}/audit`)).status).toBe(403);
    const processPage = await readPage(await coordinator.get(`/processes/${deferred.processId}`));
    expect(processPage).toContain("Tours d'audit précédents :");
    expect(processPage).toContain(`href="/processes/${deferred.processId}/audit/rounds/1"`);
    const hospitalRound = await coordinator.get(`/processes/${deferred.processId}/audit/rounds/1`);
    expect(hospitalRound.status).toBe(200);
    expect(await readPage(hospitalRound)).toContain(round!.summaryFr.slice(0, 40));
    expect((await (await as("otherHospital", deferred)).get(`/processes/${deferred.processId}/audit/rounds/1`)).status).toBe(404);
  });
});

describe("a refusal and its annulment", () => {
  it("closes the process without a label; an annulment with its reason sends it back to the committee, which decides again", async () => {
    const admin = await as("admin", refused);
    const noReasons = await admin.post(page(refused), award({ outcome: "refused", reasons: "" }));
    expect(noReasons.status).toBe(400);
    expect((await admin.post(page(refused), award({ outcome: "refused", reasons: "Critères impératifs non conformes" }))).status).toBe(302);
    expect(await stateOf(refused)).toBe("decided");

    expect((await admin.post(page(refused), { intent: "annul", reason: "" })).status).toBe(400);
    expect((await admin.post(page(refused), { intent: "annul", reason: "Erreur de saisie : le comité avait attribué le label" })).status).toBe(302);
    expect(await stateOf(refused)).toBe("audit_submitted");
    expect((await admin.post(page(refused), award())).status).toBe(302);
    const decisions = await decisionsOf(refused);
    expect(decisions.map((d) => d.outcome).sort()).toEqual(["awarded", "refused"]);
    const html = await readPage(await admin.get(page(refused)));
    expect(html).toContain("Erreur de saisie : le comité avait attribué le label");
    expect(html).toContain("Label attribué");
  });
});

describe("the label's lifecycle reminders", () => {
  it("tells the DRI and the coordinators 6 months and 1 month before the label ends, once each", async () => {
    // The refused fixture ends awarded: valid until 2029-12-04.
    await remind("2029-05-01");
    expect(await noticesOf(refused, "label_expiring")).toEqual([]);
    await remind("2029-06-10");
    await remind("2029-06-11");
    const six = await noticesOf(refused, "label_expiring");
    expect(six).toContain(refused.coordinator.id);
    expect(six).toContain(refused.admin.id);
    await remind("2029-11-10");
    await remind("2029-11-11");
    expect((await noticesOf(refused, "label_expiring")).length).toBe(2 * six.length);
  });
});
