// Notifications and daily reminders over HTTP, against the built app (PGlite, and PostgreSQL when configured):
// who hears of each event, in which language, the header's unread count, marking read (one's own notices only),
// the reminder job (once per day across runs and instances) and the applicant's acknowledgement.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "#app/domain/notifications.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { deliverPendingMessages, enqueueMessage } from "#app/services/platform/outbox.server.ts";
import { runDailyReminders } from "#app/services/notifications/reminders.server.ts";
import type { Db } from "#db/client.ts";
import { actionItems, auditTrailEvents, jobRuns, labellingProcesses, notifications, outbox, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { bodyText, startSmtpServer } from "#tests/support/smtp.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-notifications-it-"));
let server: TestServer;
let db: Db;
let fannProcessId: string;
let ids: Record<string, string>;
const browsers = new Map<string, TestBrowser>();

beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  db = server.database.db;
  await importShippedReferentials(db);
  fannProcessId = (await seedDemoProcess(db, { storage: folderStorage(uploadsDir) }))!.processId;
  // A second colleague at Touba (French), and one whose account is deactivated: nobody writes to them.
  const [touba] = await db.select({ establishmentId: users.establishmentId }).from(users).where(eq(users.email, "touba@label.example.org"));
  await db.insert(users).values([
    { email: "moussa.fall@chncak.example.sn", name: "Moussa Fall", role: "hospital", establishmentId: touba!.establishmentId, language: "fr" },
    { email: "parti@chncak.example.sn", name: "Ancien Collègue", role: "hospital", establishmentId: touba!.establishmentId, language: "fr", active: false },
  ]);
  // The Touba coordinator reads in English.
  await db.update(users).set({ language: "en" }).where(eq(users.email, "touba@label.example.org"));
  ids = Object.fromEntries((await db.select({ email: users.email, id: users.id }).from(users)).map((u) => [u.email, u.id]));
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

/** A signed-in browser per account (signed in once). */
async function as(email: string): Promise<TestBrowser> {
  let b = browsers.get(email);
  if (!b) {
    b = new TestBrowser(server.baseUrl);
    await b.login(email);
    browsers.set(email, b);
  }
  return b;
}

const noticesOf = (email: string) =>
  db.select().from(notifications).where(eq(notifications.userId, ids[email]!)).orderBy(asc(notifications.createdAt));
const mailsTo = (email: string, kind: string) => db.select().from(outbox).where(and(eq(outbox.toEmail, email), eq(outbox.kind, kind)));

/** The unread count the header shows (null when there is no badge), checking that its accessible text says the same. */
function headerUnread(html: string, word: "non lue" | "unread"): number | null {
  const match = /<a [^>]*aria-label="Notifications, (\d+) ([a-z ]+)"[^>]*href="\/notifications"[^>]*>Notifications(?:<!-- -->)? <span class="count-badge" aria-hidden="true">(\d+)<\/span><\/a>/.exec(html);
  if (!match) return null;
  expect(match[3]).toBe(match[1]);
  expect(match[2]!.startsWith(word)).toBe(true);
  return Number(match[1]);
}

describe("process events notify the people concerned, in their language", () => {
  let toubaProcessId: string;

  it("a process opened: the establishment's active staff, each in their own language, not the DRI who opened it", async () => {
    const [version] = await db.select({ id: referentialVersions.id }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
    const [touba] = await db.select({ establishmentId: users.establishmentId }).from(users).where(eq(users.email, "touba@label.example.org"));
    const admin = await as("admin@label.example.org");
    await admin.get("/processes/new");
    const response = await admin.post("/processes/new", { establishmentId: touba!.establishmentId!, referentialVersionId: version!.id, selfAssessmentDue: "2026-11-22" });
    expect(response.status).toBe(302);
    toubaProcessId = /\/processes\/([0-9a-f-]{36})/.exec(response.headers.get("location")!)![1]!;

    const [en] = await mailsTo("touba@label.example.org", "notification.process_opened");
    expect(en!.language).toBe("en");
    expect(en!.subject).toBe("Labelling process opened: Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    expect(en!.body).toContain("Dear Awa Ndiaye");
    expect(en!.body).toContain("The self-assessment is due on 22/11/2026.");
    expect(en!.link).toBe(`${server.baseUrl}/processes/${toubaProcessId}`);
    const [fr] = await mailsTo("moussa.fall@chncak.example.sn", "notification.process_opened");
    expect(fr!.subject).toBe("Démarche de labellisation ouverte : Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    expect(fr!.body).toContain("Bonjour Moussa Fall");
    expect(fr!.body).toContain("L'auto-évaluation est attendue le 22/11/2026.");
    expect(await mailsTo("parti@chncak.example.sn", "notification.process_opened")).toHaveLength(0);
    expect((await noticesOf("admin@label.example.org")).filter((n) => n.processId === toubaProcessId)).toHaveLength(0);
    expect((await noticesOf("fann@label.example.org")).filter((n) => n.processId === toubaProcessId)).toHaveLength(0);
  });

  it("shows the unread count in the header, and the notice in the reader's current language", async () => {
    const touba = await as("touba@label.example.org");
    // She reads the interface in English (the switch keeps it in a cookie), her e-mails came in English too.
    const home = await readPage(await touba.get("/?lng=en"));
    expect(headerUnread(home, "unread")).toBe(1);
    const list = await readPage(await touba.get("/notifications"));
    expect(list).toContain("The labelling process of Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK) is open, on standards manual label-qss 2024.");
    const [opened] = (await noticesOf("touba@label.example.org")).filter((n) => n.kind === "process_opened");
    expect(list).toContain(`href="/notifications/${opened!.id}/open"`);

    // The text is written when read: switching the interface to French shows it in French.
    const fr = await readPage(await touba.get("/notifications?lng=fr"));
    expect(fr).toContain("La démarche de labellisation de Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK) est ouverte");
    expect(headerUnread(fr, "non lue")).toBe(1);
    await touba.get("/notifications?lng=en");
  });

  it("a self-assessment submitted: the DRI admins and the establishment's other coordinators, not the one who submitted", async () => {
    const frozen = await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, toubaProcessId)))[0]!.referentialVersionId);
    await db.insert(selfAssessmentRatings).values([...frozen.criterionIds.values()].map((criterionId) => ({ processId: toubaProcessId, criterionId, rating: "3", justification: "Conforme." })));
    const touba = await as("touba@label.example.org");
    await touba.get(`/processes/${toubaProcessId}/submit`);
    expect((await touba.post(`/processes/${toubaProcessId}/submit`, {})).status).toBe(302);

    const adminNotices = (await noticesOf("admin@label.example.org")).filter((n) => n.kind === "self_assessment_submitted");
    expect(adminNotices).toHaveLength(1);
    expect(adminNotices[0]!.params).toMatchObject({ actor: "Awa Ndiaye", establishment: "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)" });
    const [mail] = await mailsTo("admin@label.example.org", "notification.self_assessment_submitted");
    expect(mail!.subject).toBe("Auto-évaluation soumise : Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    expect(mail!.body).toContain("Awa Ndiaye a soumis l'auto-évaluation");
    // Not the coordinator who submitted, not a colleague who is not a coordinator.
    expect((await noticesOf("touba@label.example.org")).map((n) => n.kind)).toEqual(["process_opened"]);
    expect((await noticesOf("moussa.fall@chncak.example.sn")).map((n) => n.kind)).toEqual(["process_opened"]);
    expect(headerUnread(await readPage(await (await as("admin@label.example.org")).get("/")), "non lue")).toBe(1);
  });

  it("a self-assessment reopened, then the process withdrawn: the establishment's staff, with the reason", async () => {
    const admin = await as("admin@label.example.org");
    await admin.get(`/processes/${toubaProcessId}`);
    expect((await admin.post(`/processes/${toubaProcessId}`, { intent: "reopen", reason: "Preuves manquantes au chapitre 9." })).status).toBe(302);
    const [en] = await mailsTo("touba@label.example.org", "notification.self_assessment_reopened");
    expect(en!.subject).toBe("Self-assessment reopened: Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    expect(en!.body).toContain("it can be changed again. Reason: Preuves manquantes au chapitre 9.");
    const [fr] = await mailsTo("moussa.fall@chncak.example.sn", "notification.self_assessment_reopened");
    expect(fr!.body).toContain("Motif : Preuves manquantes au chapitre 9.");

    expect((await admin.post(`/processes/${toubaProcessId}`, { intent: "withdraw", reason: "Démarche reportée à 2027 à la demande de l'établissement." })).status).toBe(302);
    const withdrawn = (await noticesOf("moussa.fall@chncak.example.sn")).filter((n) => n.kind === "process_withdrawn");
    expect(withdrawn).toHaveLength(1);
    const [mail] = await mailsTo("touba@label.example.org", "notification.process_withdrawn");
    expect(mail!.body).toContain("The labelling process of Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK) is withdrawn. Reason: Démarche reportée à 2027");
    expect((await noticesOf("admin@label.example.org")).map((n) => n.kind)).toEqual(["self_assessment_submitted"]);
  });

  it("chapters assigned: only the colleagues newly assigned, never the coordinator assigning", async () => {
    const fann = await as("fann@label.example.org");
    const assign = (userIds: string[]) =>
      fann.request(`/processes/${fannProcessId}/team`, {
        method: "POST",
        body: new URLSearchParams([["intent", "assign"], ["chapter", "5"], ...userIds.map((id) => ["userIds", id] as [string, string])]),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const before = (await noticesOf("aissatou@label.example.org")).length;
    const coordinatorBefore = (await noticesOf("fann@label.example.org")).length;
    expect((await assign([ids["aissatou@label.example.org"]!, ids["fann@label.example.org"]!])).status).toBe(302);
    const notices = await noticesOf("aissatou@label.example.org");
    expect(notices).toHaveLength(before + 1);
    expect(notices.at(-1)).toMatchObject({ kind: "chapter_assigned", processId: fannProcessId, params: { chapter: "5", actor: "Moussa Sow" } });
    expect(await noticesOf("fann@label.example.org")).toHaveLength(coordinatorBefore);
    const [mail] = await mailsTo("aissatou@label.example.org", "notification.chapter_assigned");
    expect(mail!.subject).toBe("Un chapitre vous est confié : CNHU de Fann");
    expect(mail!.body).toContain("Moussa Sow vous a confié le chapitre 5 « Urgences et soins critiques »");
    expect(mail!.link).toBe(`${server.baseUrl}/processes/${fannProcessId}/criteria?chapter=5`);
    // Saving the chapter again with the same colleague tells her nothing new.
    expect((await assign([ids["aissatou@label.example.org"]!])).status).toBe(302);
    expect(await noticesOf("aissatou@label.example.org")).toHaveLength(before + 1);
  });
});

describe("reading and marking notifications", () => {
  it("marks one read, then all, and the header count follows", async () => {
    const aissatou = await as("aissatou@label.example.org");
    const unread = (await noticesOf("aissatou@label.example.org")).filter((n) => !n.readAt);
    expect(unread.length).toBeGreaterThanOrEqual(2); // the process opened (demo) and chapter 5
    const list = await readPage(await aissatou.get("/notifications"));
    expect(headerUnread(list, "non lue")).toBe(unread.length);
    expect(list).toContain("Moussa Sow vous a confié le chapitre 5 « Urgences et soins critiques » de l'auto-évaluation de CNHU de Fann.");
    expect(list.match(/notification notification-unread/g)).toHaveLength(unread.length);

    const response = await aissatou.post("/notifications", { intent: "read", id: unread[0]!.id });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/notifications?done=read");
    const after = await readPage(await aissatou.get("/notifications?done=read"));
    expect(after).toContain("Notification marquée comme lue.");
    expect(headerUnread(after, "non lue")).toBe(unread.length - 1);
    // Marking it again changes nothing.
    expect((await aissatou.post("/notifications", { intent: "read", id: unread[0]!.id })).status).toBe(302);

    expect((await aissatou.post("/notifications", { intent: "read-all" })).headers.get("location")).toBe("/notifications?done=all");
    const none = await readPage(await aissatou.get("/"));
    expect(headerUnread(none, "non lue")).toBeNull();
    expect(none).toContain('href="/notifications"');
    expect(await db.select().from(notifications).where(and(eq(notifications.userId, ids["aissatou@label.example.org"]!), isNull(notifications.readAt)))).toHaveLength(0);
  });

  it("never lets a user read or mark someone else's notification, even with its id", async () => {
    const aissatou = await as("aissatou@label.example.org");
    const [theirs] = await noticesOf("touba@label.example.org");
    expect(theirs!.readAt).toBeNull();
    expect((await aissatou.post("/notifications", { intent: "read", id: theirs!.id })).status).toBe(404);
    expect((await aissatou.post("/notifications", { intent: "read", id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await aissatou.post("/notifications", { intent: "read", id: "not-a-uuid" })).status).toBe(400);
    expect((await aissatou.get(`/notifications/${theirs!.id}/open`)).status).toBe(404);
    expect((await db.select().from(notifications).where(eq(notifications.id, theirs!.id)))[0]!.readAt).toBeNull();
    const page = await readPage(await aissatou.get("/notifications"));
    expect(page).not.toContain("CHNCAK");
    // "Mark all" marks only one's own.
    await aissatou.post("/notifications", { intent: "read-all" });
    expect((await db.select().from(notifications).where(eq(notifications.id, theirs!.id)))[0]!.readAt).toBeNull();
    // Signed out: the page and its form send to the sign-in page.
    const anonymous = new TestBrowser(server.baseUrl);
    expect((await anonymous.get("/notifications")).headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
  });
});

describe("the colleague to remind of an action", () => {
  it("is chosen among the establishment's active colleagues, shown in the plan and kept in the audit trail", async () => {
    const aissatou = await as("aissatou@label.example.org");
    const plan = `/processes/${fannProcessId}/actions`;
    const form = await readPage(await aissatou.get(plan));
    expect(form).toContain(`<option value="${ids["aissatou@label.example.org"]}">Aïssatou Diop</option>`);
    expect(form).not.toContain(ids["touba@label.example.org"]!);
    const fields = { intent: "create", criterion: "9.2.1", title: "Afficher les affiches OMS des cinq moments", owner: "Hygiène", dueDate: addDays(new Date().toISOString().slice(0, 10), -1) };
    // Someone of another hospital: refused with a message, nothing kept.
    const refused = await aissatou.post(plan, { ...fields, ownerUserId: ids["touba@label.example.org"]! });
    expect(refused.status).toBe(400);
    expect(await readPage(refused)).toContain("Ce collègue ne fait pas partie de l'établissement");
    expect(await db.select().from(actionItems).where(eq(actionItems.title, fields.title))).toHaveLength(0);

    expect((await aissatou.post(plan, { ...fields, ownerUserId: ids["aissatou@label.example.org"]! })).status).toBe(302);
    const [created] = await db.select().from(actionItems).where(eq(actionItems.title, fields.title));
    expect(created!.ownerUserId).toBe(ids["aissatou@label.example.org"]);
    expect(await readPage(await aissatou.get(`${plan}?criterion=9.2.1`))).toContain("Relance : Aïssatou Diop");
    const [audit] = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "action_item"), eq(auditTrailEvents.entityId, created!.id)));
    expect(audit!.changes).toMatchObject({ ownerUserId: { from: null, to: ids["aissatou@label.example.org"] } });
  });
});

describe("the daily reminders", () => {
  const run = (now: Date, instance = "test-a") => runDailyReminders(db, { now, instance, t: translate, baseUrl: "" });
  const at = (isoDate: string) => new Date(`${isoDate}T06:00:00Z`);
  const total = async () => (await db.select({ id: notifications.id }).from(notifications)).length;
  let due: string;

  beforeAll(async () => {
    due = (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, fannProcessId)))[0]!.selfAssessmentDue!;
  });

  it("reminds the owner of each action past due (else the coordinators), once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = await run(at(today));
    // Past due and not done: 9.2.2 (Aïssatou is to be reminded), 1.1.4 (nobody chosen: the coordinator), 9.2.1 (Aïssatou).
    // (The demo's labels may be expiring on the day the test runs: tests/integration/decisions.test.ts covers those.)
    expect(result).toMatchObject({ claimed: true, runOn: today, counts: { due14: 0, due3: 0, actionsDue: 0, overdue: 3 } });
    const hers = (await noticesOf("aissatou@label.example.org")).filter((n) => n.kind === "action_overdue").map((n) => n.params.criterion).sort();
    expect(hers).toEqual(["9.2.1", "9.2.2"]);
    const his = (await noticesOf("fann@label.example.org")).filter((n) => n.kind === "action_overdue").map((n) => n.params.criterion);
    expect(his).toEqual(["1.1.4"]);
    const [mail] = (await mailsTo("aissatou@label.example.org", "notification.action_overdue")).filter((m) => m.subject.includes("Équiper"));
    expect(mail!.subject).toBe("Action en retard : Équiper les unités de médecine de distributeurs de savon liquide et d'essuie-mains à usage unique");
    // No request, no PUBLIC_URL: the link is a path, which the outbox page shows behind the page's origin.
    expect(mail!.link).toBe(`/processes/${fannProcessId}/actions?criterion=9.2.2`);
    const outboxPage = await readPage(await (await as("admin@label.example.org")).get("/admin/outbox"));
    expect(outboxPage).toContain(`${server.baseUrl}/processes/${fannProcessId}/actions?criterion=9.2.2`);
    // A second run the same day does nothing.
    const before = await total();
    expect(await run(at(today))).toEqual({ claimed: false, runOn: today });
    expect(await total()).toBe(before);
  });

  it("tells the colleague to remind on the day an action is due, once; done actions are left alone", async () => {
    const day = "2031-03-14";
    const [criterion] = await db.select({ id: actionItems.criterionId }).from(actionItems).where(eq(actionItems.processId, fannProcessId)).limit(1);
    const [due, done] = await db
      .insert(actionItems)
      .values([
        { processId: fannProcessId, criterionId: criterion!.id, title: "Afficher le protocole en salle de soins", dueDate: day, ownerUserId: ids["aissatou@label.example.org"]!, createdBy: ids["fann@label.example.org"]! },
        { processId: fannProcessId, criterionId: criterion!.id, title: "Action déjà terminée", dueDate: day, status: "done", createdBy: ids["fann@label.example.org"]! },
      ])
      .returning({ id: actionItems.id });
    const result = await run(at(day));
    expect(result).toMatchObject({ claimed: true, counts: { actionsDue: 1 } });
    const notices = (await noticesOf("aissatou@label.example.org")).filter((n) => n.kind === "action_due");
    expect(notices.map((n) => n.params.title)).toEqual(["Afficher le protocole en salle de soins"]);
    const [mail] = await mailsTo("aissatou@label.example.org", "notification.action_due");
    expect(mail!.subject).toBe("Action à réaliser aujourd'hui : Afficher le protocole en salle de soins");
    expect((await noticesOf("fann@label.example.org")).filter((n) => n.kind === "action_due")).toHaveLength(0);
    // Later days: the action is overdue, not "due today" again.
    await db.delete(jobRuns).where(eq(jobRuns.runOn, day));
    expect(await run(at(day))).toMatchObject({ claimed: true, counts: { actionsDue: 0 } });
    await db.delete(actionItems).where(inArray(actionItems.id, [due!.id, done!.id]));
  });

  it("reminds the coordinators within 14 days of the due date, then within 3 days, each once, even after a missed day", async () => {
    const coordinatorDue = async () => (await noticesOf("fann@label.example.org")).filter((n) => n.kind === "self_assessment_due");
    // Ten days before: the 14-day reminder was not sent on day 14 (the job did not run), it goes now.
    const ten = await run(at(addDays(due, -10)));
    expect(ten.claimed && ten.counts.due14).toBe(1);
    expect(await coordinatorDue()).toHaveLength(1);
    const [mail] = await mailsTo("fann@label.example.org", "notification.self_assessment_due");
    const [y, m, d] = due.split("-");
    expect(mail!.subject).toBe(`Rappel : auto-évaluation attendue le ${d}/${m}/${y}`);
    expect(mail!.body).toContain(`Rappel : l'auto-évaluation de CNHU de Fann est attendue le ${d}/${m}/${y}.`);
    // Aïssatou is not a coordinator.
    expect((await noticesOf("aissatou@label.example.org")).filter((n) => n.kind === "self_assessment_due")).toHaveLength(0);

    const nine = await run(at(addDays(due, -9)));
    expect(nine).toMatchObject({ claimed: true, counts: { due14: 0, due3: 0 } });
    const three = await run(at(addDays(due, -3)));
    expect(three).toMatchObject({ claimed: true, counts: { due14: 0, due3: 1 } });
    expect(await coordinatorDue()).toHaveLength(2);
    const page = await readPage(await (await as("fann@label.example.org")).get("/notifications"));
    expect(page).toContain(`Rappel : l'auto-évaluation de CNHU de Fann est attendue le ${d}/${m}/${y}.`);
  });

  it("lets exactly one of two instances do the day's work, with no duplicate", async () => {
    const day = addDays(due, -2);
    const before = await total();
    const results = await Promise.all([run(at(day), "host-a:1"), run(at(day), "host-b:2")]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    const winner = results[0]!.claimed ? "host-a:1" : "host-b:2";
    const [row] = await db.select().from(jobRuns).where(and(eq(jobRuns.job, "reminders"), eq(jobRuns.runOn, day)));
    expect(row!.instance).toBe(winner);
    expect(row!.finishedAt).not.toBeNull();
    expect(row!.result).toEqual({ due14: 0, due3: 0, actionsDue: 0, overdue: 0, labelsExpiring: 0, revisitsDue: 0 });
    expect(await total()).toBe(before);
    expect((await noticesOf("fann@label.example.org")).filter((n) => n.kind === "self_assessment_due")).toHaveLength(2);
    expect(await mailsTo("fann@label.example.org", "notification.self_assessment_due")).toHaveLength(2);
  });
});

describe("applications", () => {
  it("acknowledge a public application to the contact, in the application's language", async () => {
    const visitor = new TestBrowser(server.baseUrl, { language: "en-GB" });
    await visitor.get("/apply");
    const response = await visitor.post("/apply", {
      establishmentName: "Korle Bu Teaching Hospital",
      countryCode: "GH",
      city: "Accra",
      contactName: "Ama Mensah",
      contactEmail: "quality@korlebu.example.gh",
      language: "en",
      motivation: "We want to structure our quality approach with AP-HP's support.",
    });
    expect(response.status).toBe(200);
    const [ack] = await mailsTo("quality@korlebu.example.gh", "application_received");
    expect(ack).toMatchObject({ language: "en", subject: "We have received your application for the AP-HP label" });
    expect(ack!.body).toContain("Dear Ama Mensah");
    expect(ack!.body).toContain("the application of Korle Bu Teaching Hospital (Accra)");
    // The DRI sees the application waiting, on its navigation, and gets a notice leading to it.
    const admin = await readPage(await (await as("admin@label.example.org")).get("/"));
    expect(admin).toMatch(/<a [^>]*aria-label="Candidatures, 1 en attente"[^>]*>Candidatures(?:<!-- -->)? <span class="count-badge" aria-hidden="true">1<\/span><\/a>/);
    const [notice] = (await noticesOf("admin@label.example.org")).filter((n) => n.kind === "application_received");
    expect(notice!.params).toMatchObject({ establishment: "Korle Bu Teaching Hospital", city: "Accra" });
    const list = await readPage(await (await as("admin@label.example.org")).get("/notifications"));
    expect(list).toContain("Candidature au label reçue : Korle Bu Teaching Hospital (Accra), présentée par Ama Mensah.");
    // Its link marks it read and leads to the application; nobody else can follow it.
    expect(list).toContain(`href="/notifications/${notice!.id}/open"`);
    expect((await (await as("fann@label.example.org")).get(`/notifications/${notice!.id}/open`)).status).toBe(404);
    expect((await db.select().from(notifications).where(eq(notifications.id, notice!.id)))[0]!.readAt).toBeNull();
    const opened = await (await as("admin@label.example.org")).get(`/notifications/${notice!.id}/open`);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/admin/applications/${notice!.params.applicationId}`);
    expect((await db.select().from(notifications).where(eq(notifications.id, notice!.id)))[0]!.readAt).not.toBeNull();
    const [mail] = await mailsTo("admin@label.example.org", "notification.application_received");
    expect(mail!.subject).toBe("Nouvelle candidature au label : Korle Bu Teaching Hospital");
  });
});

describe("a long list of notices", () => {
  it("pages by 50, newest first, and marking one read comes back to its page", async () => {
    const userId = ids["auditeur@label.example.org"]!;
    const start = Date.UTC(2026, 0, 1);
    await db.insert(notifications).values(
      Array.from({ length: 55 }, (_, i) => ({
        userId,
        kind: "process_withdrawn",
        processId: null,
        params: { establishment: `Hôpital n° ${i + 1}` },
        createdAt: new Date(start + i * 60_000),
      })),
    );
    const auditor = await as("auditeur@label.example.org");
    const first = await readPage(await auditor.get("/notifications"));
    expect(first).toContain("55 notifications non lues");
    expect(first).toContain("Hôpital n° 55");
    expect(first).toContain("Hôpital n° 6 ");
    expect(first).not.toContain("Hôpital n° 5 ");
    expect(first).toContain('href="/notifications?page=2"');
    const second = await readPage(await auditor.get("/notifications?page=2"));
    expect(second).toContain("Hôpital n° 5 ");
    expect(second).toContain("Hôpital n° 1 ");
    expect(second).toContain('href="/notifications"');
    const [oldest] = await db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.createdAt, new Date(start))));
    const marked = await auditor.post("/notifications", { intent: "read", id: oldest!.id, page: "2" });
    expect(marked.headers.get("location")).toBe("/notifications?page=2&done=read");
    expect(await readPage(await auditor.get("/notifications?page=nonsense"))).toContain("54 notifications non lues");
  });
});

describe("e-mail delivery", () => {
  it("hands each waiting message to the SMTP server once, with the public link; a refusal is recorded and tried again later", async () => {
    // Earlier messages of this file count as already sent: only this test's matter here.
    await db.update(outbox).set({ sentAt: new Date() }).where(isNull(outbox.sentAt));
    const id = await enqueueMessage(db, {
      toEmail: "fann@label.example.org",
      language: "fr",
      kind: "notification.self_assessment_due",
      subject: "Rappel : auto-évaluation attendue le 20/02/2027",
      body: "Bonjour,\n\nOuvrez la démarche : {link}\n",
      link: `/processes/${fannProcessId}`,
    });
    const smtp = await startSmtpServer();
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: "Label AP-HP <no-reply@label.example.org>", PUBLIC_URL: "https://label.example.org" })).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail!.to).toEqual(["fann@label.example.org"]);
      expect(mail!.from).toBe("no-reply@label.example.org");
      expect(bodyText(mail!)).toContain(`Ouvrez la démarche : https://label.example.org/processes/${fannProcessId}`);
      expect(mail!.data).toMatch(/Subject: =\?UTF-8\?/);
      expect((await db.select().from(outbox).where(eq(outbox.id, id)))[0]!.sentAt).not.toBeNull();
      // A second round sends nothing again.
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: "Label AP-HP <no-reply@label.example.org>", PUBLIC_URL: "https://label.example.org" })).toBe(0);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await smtp.close();
    }

    const refused = await enqueueMessage(db, { toEmail: "nobody@label.example.org", language: "en", kind: "notification.process_opened", subject: "Opened", body: "{link}", link: "/processes" });
    const refusing = await startSmtpServer({ refuseRecipients: true });
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: refusing.url, SMTP_FROM: "no-reply@label.example.org" })).toBe(0);
      const [row] = await db.select().from(outbox).where(eq(outbox.id, refused));
      expect(row!.sentAt).toBeNull();
      expect(row!.sendError).toMatch(/550/);
      expect(row!.attempts).toBe(1);
      expect(row!.deadAt).toBeNull();
      expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
      // Not before its next try (tests/integration/outbox-delivery.test.ts follows it to the dead letter).
      expect(await deliverPendingMessages(db, { SMTP_URL: refusing.url, SMTP_FROM: "no-reply@label.example.org" })).toBe(0);
      expect(refusing.received).toHaveLength(0);
    } finally {
      await refusing.close();
    }
  });
});
