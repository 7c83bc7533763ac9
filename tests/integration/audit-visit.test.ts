// The audit visit end to end through the HTTP pipeline: the DRI schedules it, the team alone reaches it, the lead
// writes the summary and submits, the DRI releases the report to the hospital.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { releaseAuditReport } from "#app/services/audit/visits.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import {
  auditRatings,
  auditTeamMembers,
  auditTrailEvents,
  auditVisits,
  establishments,
  labellingProcesses,
  notifications,
  outbox,
  processTransitions,
  referentialVersions,
  users,
} from "#db/schema.ts";
import { auditState } from "#tests/support/audit-state.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let processId: string;
let versionId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.database;
  await importShippedReferentials(db);
  const [v2024] = await db.select().from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  versionId = v2024!.id;
  const [touba] = await db.select().from(establishments).where(eq(establishments.shortName, "CHNCAK"));
  const passwordHash = await hashPassword("demo-label-2025");
  await db.insert(users).values([
    { email: "co@aphp.example.fr", name: "Dr Inès Martin", role: "auditor", passwordHash, language: "en" },
    { email: "other@aphp.example.fr", name: "Dr Paul Girard", role: "auditor", passwordHash },
    // A second coordinator at Touba, who reads in English, and a member of its staff who is not one.
    { email: "qualite@chncak.example.sn", name: "Ibrahima Fall", role: "hospital", establishmentId: touba!.id, isCoordinator: true, passwordHash, language: "en" },
    { email: "soins@chncak.example.sn", name: "Mariama Sy", role: "hospital", establishmentId: touba!.id, isCoordinator: false, passwordHash },
  ]);
  for (const row of await db.select({ id: users.id, email: users.email }).from(users)) ids[row.email] = row.id;
  // Touba's self-assessment is handed in (its content does not matter here).
  const [created] = await db
    .insert(labellingProcesses)
    .values({ establishmentId: touba!.id, referentialVersionId: versionId, state: "submitted" })
    .returning({ id: labellingProcesses.id });
  processId = created!.id;
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** Signed in reading French, or the language given (chosen on the login page, as a person would with the switch). */
const as = async (email: string, language?: string) => {
  const b = new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : "fr" });
  await b.login(email);
  return b;
};
const audit = () => `/processes/${processId}/audit`;
const TOUBA = "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)";
/** The e-mails of a kind of notice, by address: subject, greeting and the notice's text (the body's first paragraphs). */
async function mailsOf(kind: "visit_scheduled" | "visit_changed") {
  const mails = await server.database.db.select().from(outbox).where(eq(outbox.kind, `notification.${kind}`));
  expect(new Set(mails.map((m) => m.toEmail)).size, "one e-mail per person").toBe(mails.length);
  return Object.fromEntries(
    mails.map((m) => {
      const [greeting, text] = m.body.split("\n\n");
      return [m.toEmail, { subject: m.subject, greeting, text }];
    }),
  );
}
interface Refusal {
  status: number;
  /** The error page's title. */
  says: string;
}
const FORBIDDEN: Refusal = { status: 403, says: "Accès refusé" };
const NOT_FOUND: Refusal = { status: 404, says: "Page introuvable" };
/** Who is not on the team: the process's hospital (before the report is released), an auditor off it, another hospital. */
const OUTSIDERS: [string, string, Refusal][] = [
  ["the hospital's coordinator", "touba@label.example.org", FORBIDDEN],
  ["auditor off the team", "other@aphp.example.fr", NOT_FOUND],
  ["another hospital", "fann@label.example.org", NOT_FOUND],
];
/** A refused answer: its status and the error page saying so. Returns the page's text. */
async function expectRefused(label: string, response: Response, refusal: Refusal): Promise<string> {
  expect(response.status, label).toBe(refusal.status);
  const text = await readPage(response);
  expect(text, label).toContain(refusal.says);
  return text;
}
const stateNow = async () => (await server.database.db.select({ state: labellingProcesses.state }).from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.state;

describe("scheduling the visit", () => {
  it("is the DRI's: a hospital user and an auditor are refused, and nothing exists before it is scheduled", async () => {
    const touba = await as("touba@label.example.org");
    expect((await touba.get(`${audit()}/schedule`)).status).toBe(403);
    expect((await touba.post(`${audit()}/schedule`, { startsOn: "2027-02-01", endsOn: "2027-02-03", leadId: ids["auditeur@label.example.org"]! })).status).toBe(403);
    const admin = await as("admin@label.example.org");
    expect((await admin.get(audit())).status).toBe(404);
    const overview = await readPage(await admin.get(`/processes/${processId}`));
    expect(overview).toContain("la visite d'audit est à programmer");
    expect(overview).toContain(`href="${audit()}/schedule"`);
  });

  it("refuses a visit that ends before it starts, or with no lead, keeping what was typed", async () => {
    const admin = await as("admin@label.example.org");
    const backwards = await admin.post(`${audit()}/schedule`, { startsOn: "2027-02-05", endsOn: "2027-02-03", leadId: ids["auditeur@label.example.org"]! });
    expect(backwards.status).toBe(400);
    const page = await readPage(backwards);
    expect(page).toContain("La visite ne peut pas finir avant de commencer.");
    expect(page).toContain('value="2027-02-05"');
    const noLead = await readPage(await admin.post(`${audit()}/schedule`, { startsOn: "2027-02-01", endsOn: "2027-02-03", leadId: "" }));
    expect(noLead).toContain("Choisissez le responsable de l'équipe d'audit.");
    const hospitalAsLead = await readPage(await admin.post(`${audit()}/schedule`, { startsOn: "2027-02-01", endsOn: "2027-02-03", leadId: ids["touba@label.example.org"]! }));
    expect(hospitalAsLead).toContain("Choisissez des auditeurs actifs de l'AP-HP.");
    expect(await stateNow()).toBe("submitted");
  });

  it("moves the process to audit_scheduled and tells the coordinators and the team, each in their language", async () => {
    const admin = await as("admin@label.example.org");
    const saved = await admin.post(`${audit()}/schedule`, {
      startsOn: "2027-02-01",
      endsOn: "2027-02-03",
      leadId: ids["auditeur@label.example.org"]!,
      coAuditorIds: ids["co@aphp.example.fr"]!,
      "chapter-9": ids["co@aphp.example.fr"]!,
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${audit()}?done=scheduled`);
    expect(await stateNow()).toBe("audit_scheduled");
    const { db } = server.database;
    const told = await db.select({ userId: notifications.userId, kind: notifications.kind }).from(notifications).where(eq(notifications.processId, processId));
    expect(told.map((n) => n.userId).sort()).toEqual(
      [ids["auditeur@label.example.org"], ids["co@aphp.example.fr"], ids["touba@label.example.org"], ids["qualite@chncak.example.sn"]].sort(),
    );
    expect(new Set(told.map((n) => n.kind))).toEqual(new Set(["visit_scheduled"]));
    // One e-mail each, in each one's language, to the coordinators and the whole team; none to the DRI who acted, nor
    // to the hospital's other staff.
    const scheduledFr = `La visite d'audit de ${TOUBA} est programmée du 01/02/2027 au 03/02/2027. Équipe : Dr Marc Lefèvre, Dr Inès Martin (responsable : Dr Marc Lefèvre).`;
    const scheduledEn = `The audit visit of ${TOUBA} is scheduled from 01/02/2027 to 03/02/2027. Team: Dr Marc Lefèvre, Dr Inès Martin (lead: Dr Marc Lefèvre).`;
    expect(await mailsOf("visit_scheduled")).toEqual({
      "auditeur@label.example.org": { subject: `Visite d'audit programmée : ${TOUBA}`, greeting: "Bonjour Dr Marc Lefèvre,", text: scheduledFr },
      "co@aphp.example.fr": { subject: `Audit visit scheduled: ${TOUBA}`, greeting: "Dear Dr Inès Martin,", text: scheduledEn },
      "touba@label.example.org": { subject: `Visite d'audit programmée : ${TOUBA}`, greeting: "Bonjour Awa Ndiaye,", text: scheduledFr },
      "qualite@chncak.example.sn": { subject: `Audit visit scheduled: ${TOUBA}`, greeting: "Dear Ibrahima Fall,", text: scheduledEn },
    });
    const page = await readPage(await admin.get(`${audit()}?done=scheduled`));
    expect(page).toContain("Visite de Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK) du 01/02/2027 au 03/02/2027.");
    expect(page).toContain("Dr Marc Lefèvre");
    expect(page).toContain("Dr Inès Martin — co-auditeur · chapitres 9");
  });

  it("records a change of dates and team in the history and tells the coordinators, the team and those who leave it, each in their language", async () => {
    const admin = await as("admin@label.example.org");
    const changed = await admin.post(`${audit()}/schedule`, { startsOn: "2027-02-02", endsOn: "2027-02-04", leadId: ids["auditeur@label.example.org"]! });
    expect(changed.headers.get("location")).toBe(`${audit()}?done=changed`);
    const { db } = server.database;
    const [trail] = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityId, processId), eq(auditTrailEvents.action, "audit.reschedule")));
    expect(trail!.actorUserId).toBe(ids["admin@label.example.org"]);
    expect(trail!.changes).toMatchObject({ visitStartsOn: { from: "2027-02-01", to: "2027-02-02" }, visitEndsOn: { from: "2027-02-03", to: "2027-02-04" } });
    expect(trail!.changes!.auditTeam).toEqual({
      from: [`co_auditor:${ids["co@aphp.example.fr"]}`, `lead:${ids["auditeur@label.example.org"]}`].sort(),
      to: [`lead:${ids["auditeur@label.example.org"]}`],
    });
    const leftTold = await db.select().from(notifications).where(and(eq(notifications.userId, ids["co@aphp.example.fr"]!), eq(notifications.kind, "visit_changed")));
    expect(leftTold).toHaveLength(1);
    // The coordinators and the team as it is now are told as well, in the app and by e-mail; never the DRI.
    const changedTold = await db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.processId, processId), eq(notifications.kind, "visit_changed")));
    expect(changedTold.map((n) => n.userId).sort()).toEqual(
      [ids["auditeur@label.example.org"], ids["co@aphp.example.fr"], ids["touba@label.example.org"], ids["qualite@chncak.example.sn"]].sort(),
    );
    const changedFr = `La visite d'audit de ${TOUBA} a changé : du 02/02/2027 au 04/02/2027. Équipe : Dr Marc Lefèvre (responsable : Dr Marc Lefèvre).`;
    const changedEn = `The audit visit of ${TOUBA} has changed: from 02/02/2027 to 04/02/2027. Team: Dr Marc Lefèvre (lead: Dr Marc Lefèvre).`;
    expect(await mailsOf("visit_changed")).toEqual({
      "auditeur@label.example.org": { subject: `Visite d'audit modifiée : ${TOUBA}`, greeting: "Bonjour Dr Marc Lefèvre,", text: changedFr },
      "co@aphp.example.fr": { subject: `Audit visit changed: ${TOUBA}`, greeting: "Dear Dr Inès Martin,", text: changedEn },
      "touba@label.example.org": { subject: `Visite d'audit modifiée : ${TOUBA}`, greeting: "Bonjour Awa Ndiaye,", text: changedFr },
      "qualite@chncak.example.sn": { subject: `Audit visit changed: ${TOUBA}`, greeting: "Dear Ibrahima Fall,", text: changedEn },
    });
    // The auditor who left reads it among her notifications, in English.
    const notices = await readPage(await (await as("co@aphp.example.fr", "en-GB")).get("/notifications"));
    expect(notices).toContain(`The audit visit of ${TOUBA} has changed: from 02/02/2027 to 04/02/2027.`);
    // Back to the team of two for what follows.
    await admin.post(`${audit()}/schedule`, { startsOn: "2027-02-02", endsOn: "2027-02-04", leadId: ids["auditeur@label.example.org"]!, coAuditorIds: ids["co@aphp.example.fr"]! });
    expect(await db.select().from(auditTeamMembers).where(eq(auditTeamMembers.processId, processId))).toHaveLength(2);
  });

  it("is the DRI's alone once the team exists: the lead, a co-auditor and the hospital are refused (403), an auditor off the team and another hospital find nothing (404), anonymous visitors sign in; nobody's post changes anything", async () => {
    const path = `${audit()}/schedule`;
    // An outsider putting himself on the team, at other dates.
    const takeOver = { startsOn: "2027-05-03", endsOn: "2027-05-05", leadId: ids["other@aphp.example.fr"]!, coAuditorIds: ids["auditeur@label.example.org"]! };
    const before = await auditState(server.database.db, processId);
    const refused: [string, string, Refusal][] = [["lead", "auditeur@label.example.org", FORBIDDEN], ["co-auditor", "co@aphp.example.fr", FORBIDDEN], ...OUTSIDERS];
    for (const [who, email, refusal] of refused) {
      const b = await as(email);
      const text = await expectRefused(who, await b.get(path), refusal);
      expect(text, who).not.toContain('name="leadId"');
      if (refusal === NOT_FOUND) expect(text, who).not.toContain("Cheikh Ahmadou Khadim");
      expect((await b.get(`${path}.data`)).status, `${who}: data`).toBe(refusal.status);
      await expectRefused(`${who}: post`, await b.post(path, takeOver), refusal);
    }
    const anonymous = new TestBrowser(server.baseUrl);
    const page = await anonymous.get(path);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    const post = await anonymous.post(path, takeOver);
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
    expect(await auditState(server.database.db, processId)).toEqual(before);

    // The DRI's page: the form, filled with the visit as it stands.
    const form = await readPage(await (await as("admin@label.example.org")).get(path));
    expect(form).toContain("<h1>Modifier la visite d'audit</h1>");
    expect(form).toContain('value="2027-02-02"');
    expect(form).toMatch(new RegExp(`<option value="${ids["auditeur@label.example.org"]}" selected="">Dr Marc Lefèvre</option>`));
  });
});

describe("who reaches the audit", () => {
  it("the DRI and the team; an auditor off the team finds nothing; the hospital is refused before release; anonymous signs in", async () => {
    const reach = async (b: TestBrowser) => [(await b.get(audit())).status, (await b.get(`${audit()}.data`)).status, (await b.get(`/processes/${processId}`)).status];
    expect(await reach(await as("admin@label.example.org"))).toEqual([200, 200, 200]);
    expect(await reach(await as("auditeur@label.example.org"))).toEqual([200, 200, 200]);
    expect(await reach(await as("co@aphp.example.fr"))).toEqual([200, 200, 200]);
    expect(await reach(await as("other@aphp.example.fr"))).toEqual([404, 404, 404]);
    expect(await readPage(await (await as("other@aphp.example.fr")).get("/processes"))).not.toContain("CHNCAK");
    const touba = await as("touba@label.example.org");
    expect((await touba.get(audit())).status).toBe(403);
    expect(await readPage(await touba.get(`/processes/${processId}`))).not.toContain(`href="${audit()}"`);
    expect((await (await as("fann@label.example.org")).get(audit())).status).toBe(404);
    const anonymous = await new TestBrowser(server.baseUrl).get(audit());
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login?redirectTo=");
  });

  it("lists the visit on each team member's home page: the hospital, the dates, their role, the audit's progress and their chapters", async () => {
    const lead = await as("auditeur@label.example.org");
    let home = await readPage(await lead.get("/"));
    expect(home).toContain("Mes visites d'audit");
    expect(home).toContain(`href="${audit()}"`);
    expect(home).toContain("responsable de l'équipe");
    expect(home).toContain("0 sur 136");
    expect(home).toContain("Toute l'équipe");
    const co = await readPage(await (await as("co@aphp.example.fr", "en-GB")).get("/"));
    expect(co).toContain("My audit visits");
    expect(co).toContain("co-auditor");

    // The DRI gives each member chapters; the lead rates a criterion.
    const admin = await as("admin@label.example.org");
    const leadId = ids["auditeur@label.example.org"]!;
    const coId = ids["co@aphp.example.fr"]!;
    const team = { startsOn: "2027-02-02", endsOn: "2027-02-04", leadId, coAuditorIds: coId };
    expect((await admin.post(`${audit()}/schedule`, { ...team, "chapter-1": leadId, "chapter-2": leadId, "chapter-9": coId, "chapter-10": coId })).status).toBe(302);
    const [code] = [...(await getFrozenVersion(server.database.db, versionId)).criterionIds.keys()].filter((c) => c.startsWith("1.")).slice(2);
    const rated = await lead.post(`${audit()}/criteria/${code}/rating`, { rating: "3", finding: "", classification: "", baseVersion: "0" });
    expect(await rated.json()).toMatchObject({ status: "saved" });

    home = await readPage(await lead.get("/"));
    expect(home).toContain(`<a href="${audit()}" data-discover="true">${TOUBA}</a>`);
    expect(home).toContain("Touba · Visite en cours");
    expect(home).toContain("du 02/02/2027 au 04/02/2027");
    expect(home).toContain("1 sur 136");
    expect(home).toContain(`<a href="${audit()}/criteria?mine=on" data-discover="true">1, 2</a>`);
    const english = await readPage(await (await as("co@aphp.example.fr", "en-GB")).get("/"));
    expect(english).toContain(`<a href="${audit()}" data-discover="true">${TOUBA}</a>`);
    expect(english).toContain("from 02/02/2027 to 04/02/2027");
    expect(english).toContain("1 of 136");
    expect(english).toContain(`<a href="${audit()}/criteria?mine=on" data-discover="true">9, 10</a>`);

    // An auditor on no team: none of it.
    const other = await readPage(await (await as("other@aphp.example.fr")).get("/"));
    expect(other).toContain("Aucune visite ne vous est confiée");
    for (const text of [TOUBA, audit(), "du 02/02/2027 au 04/02/2027", "Mes chapitres", "sur 136"]) expect(other).not.toContain(text);
  });
});

describe("consolidation and submission", () => {
  it("lets only the lead write the summary, versioned: a stale save shows the other text and keeps what was typed", async () => {
    const co = await as("co@aphp.example.fr");
    expect((await co.post(audit(), { intent: "summary", summaryFr: "Texte du co-auditeur", summaryEn: "", baseVersion: "0" })).status).toBe(403);
    const lead = await as("auditeur@label.example.org");
    const saved = await lead.post(audit(), { intent: "summary", summaryFr: "Points forts : engagement de la direction.", summaryEn: "", baseVersion: "0" });
    expect(saved.status).toBe(302);
    const stale = await lead.post(audit(), { intent: "summary", summaryFr: "Une autre version", summaryEn: "", baseVersion: "0" });
    expect(stale.status).toBe(409);
    const page = await readPage(stale);
    expect(page).toContain("Quelqu'un a modifié la synthèse entre-temps");
    expect(page).toContain("Points forts : engagement de la direction.");
    expect(page).toContain("Une autre version");
  });

  it("keeps the summary and the submission to the lead: a co-auditor and the hospital are refused (403), an auditor off the team and another hospital find nothing (404); nothing changes", async () => {
    const before = await auditState(server.database.db, processId);
    const refused: [string, string, Refusal][] = [["co-auditor", "co@aphp.example.fr", FORBIDDEN], ...OUTSIDERS];
    for (const [who, email, refusal] of refused) {
      const b = await as(email);
      await expectRefused(`${who}: summary`, await b.post(audit(), { intent: "summary", summaryFr: `Synthèse réécrite (${who})`, summaryEn: "", baseVersion: "1" }), refusal);
      await expectRefused(`${who}: submit`, await b.post(audit(), { intent: "submit" }), refusal);
    }
    // What the co-auditor's page with JavaScript is told: the lead's alone.
    const co = await as("co@aphp.example.fr");
    const posts: Record<string, string>[] = [{ intent: "summary", summaryFr: "Synthèse du co-auditeur", summaryEn: "", baseVersion: "1" }, { intent: "submit" }];
    for (const fields of posts) {
      const data = await co.post(`${audit()}.data`, fields);
      expect(data.status, fields.intent).toBe(403);
      expect(await data.text(), fields.intent).toContain("lead_only");
    }
    expect(await auditState(server.database.db, processId)).toEqual(before);
    expect(before.visit[0]!.summaryFr).toBe("Points forts : engagement de la direction.");
  });

  it("refuses a submission while criteria are unrated, listing them with links; a co-auditor may not submit", async () => {
    const { db } = server.database;
    const frozen = await getFrozenVersion(db, versionId);
    // Every criterion but two rated "3" (as on site), straight in the table: the scoring pages have their own tests.
    const codes = [...frozen.criterionIds.keys()];
    const rows = codes.slice(2).map((code) => ({ processId, criterionId: frozen.criterionIds.get(code)!, rating: "3", updatedBy: ids["co@aphp.example.fr"]! }));
    // (The one the lead rated on the way is kept.)
    await db.insert(auditRatings).values(rows).onConflictDoNothing();
    await db.update(labellingProcesses).set({ state: "audit_in_progress" }).where(eq(labellingProcesses.id, processId));
    const co = await as("co@aphp.example.fr");
    expect((await co.post(audit(), { intent: "submit" })).status).toBe(403);
    const lead = await as("auditeur@label.example.org");
    const refused = await lead.post(audit(), { intent: "submit" });
    expect(refused.status).toBe(409);
    const page = await readPage(refused);
    expect(page).toContain("Il reste 2 critères à coter :");
    expect(page).toContain(`href="${audit()}/criteria/${codes[0]}"`);
    expect(await stateNow()).toBe("audit_in_progress");
    await db.insert(auditRatings).values(codes.slice(0, 2).map((code) => ({ processId, criterionId: frozen.criterionIds.get(code)!, rating: "3", updatedBy: ids["auditeur@label.example.org"]! })));
  });

  it("submits the complete audit: read-only, the DRI told, the proposed level shown", async () => {
    const lead = await as("auditeur@label.example.org");
    const submitted = await lead.post(audit(), { intent: "submit" });
    expect(submitted.status).toBe(302);
    expect(await stateNow()).toBe("audit_submitted");
    const { db } = server.database;
    const [move] = await db.select().from(processTransitions).where(and(eq(processTransitions.processId, processId), eq(processTransitions.toState, "audit_submitted")));
    expect(move!.actorUserId).toBe(ids["auditeur@label.example.org"]);
    const driTold = await db.select().from(notifications).where(and(eq(notifications.processId, processId), eq(notifications.kind, "audit_submitted")));
    expect(driTold.map((n) => n.userId)).toEqual([ids["admin@label.example.org"]]);
    const page = await readPage(await lead.get(`${audit()}?done=submitted`));
    expect(page).toContain("L'audit est soumis");
    expect(page).toContain("Niveau proposé par les auditeurs");
    expect(page).not.toContain('name="intent" value="submit"');
    // Read-only now, the summary too.
    expect((await lead.post(audit(), { intent: "summary", summaryFr: "Trop tard", summaryEn: "", baseVersion: "1" })).status).toBe(409);
    const [visit] = await db.select().from(auditVisits).where(eq(auditVisits.processId, processId));
    expect(visit!.summaryFr).toBe("Points forts : engagement de la direction.");
  });

  it("opens the audit to the hospital once the DRI releases the report, read only", async () => {
    const touba = await as("touba@label.example.org");
    expect((await touba.get(audit())).status).toBe(403);
    const { db } = server.database;
    const admin = (await db.select().from(users).where(eq(users.email, "admin@label.example.org")))[0]!;
    const actor = { id: admin.id, role: admin.role, establishmentId: null, isCoordinator: false, active: true };
    const process = await getProcess(db, actor, processId);
    expect(await releaseAuditReport(db, actor, process, { baseUrl: "", t: translate })).toBe(true);
    expect(await releaseAuditReport(db, actor, process, { baseUrl: "", t: translate })).toBe(false);
    const page = await readPage(await touba.get(audit()));
    expect(page).toContain("Rapport communiqué à l'établissement le");
    expect(page).not.toContain('name="intent" value="summary"');
    expect((await touba.post(audit(), { intent: "summary", summaryFr: "Hôpital", summaryEn: "", baseVersion: "1" })).status).toBe(403);
    const told = await db.select().from(notifications).where(and(eq(notifications.processId, processId), eq(notifications.kind, "audit_report_released")));
    expect(told.map((n) => n.userId).sort()).toEqual([ids["touba@label.example.org"], ids["qualite@chncak.example.sn"]].sort());
  });
});
