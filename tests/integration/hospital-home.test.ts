// The hospital's home over HTTP against the built app (PGlite, and PostgreSQL when configured), on the demo as
// `npm start` seeds it: Fann's self-assessment in progress (criteria left, the first one to rate, the due date,
// overdue actions, a colleague's chapters), Touba's decided process (Label Argent, its certificate, the decision),
// Lomé's audit awaiting the committee (report unreleased), Bingerville's visit ahead and its label; a deferral (its
// conditions and revisit); a hospital without a process (how to proceed); and a number of queries that does not grow
// with the data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.ts";
import { chapterAssignments, establishments, labellingProcesses, users } from "#db/schema.ts";
import { formatDate } from "#app/domain/format.ts";
import { daysUntil } from "#app/domain/process/next-step.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { labelsOfEstablishment } from "#app/services/label/labels.server.ts";
import { createAction, listActions } from "#app/services/process/action-plan.server.ts";
import { getProcess, listProcesses, missingCriteria, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { TOUBA_DECISION } from "#scripts/seed/demo-audit-content.ts";
import { actorByEmail } from "#scripts/seed/demo-process.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess, type AuditFixture } from "#tests/support/audit-fixtures.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-hospital-home-it-"));
let server: TestServer;
let db: Db;
let queries = 0;
let deferred: AuditFixture;
const NO_PROCESS_EMAIL = "sans-demarche@label.example.org";

beforeAll(async () => {
  // As `npm start` on a fresh embedded database: the shipped referentials, then the demo.
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir }, onQuery: () => queries++ });
  db = server.database.db;
  await importShippedReferentials(db);
  await seedDemoData(db, { storage: folderStorage(uploadsDir), hashPassword });
  deferred = await buildAuditedProcess(db, { key: "home-defer", hashPassword });
  // A coordinator of a registry hospital that has never had a process.
  const [free] = await db
    .select({ id: establishments.id })
    .from(establishments)
    .where(notInArray(establishments.id, db.select({ id: labellingProcesses.establishmentId }).from(labellingProcesses)))
    .limit(1);
  await db.insert(users).values({
    email: NO_PROCESS_EMAIL,
    name: "Fatou Ba",
    role: "hospital",
    establishmentId: free!.id,
    isCoordinator: true,
    language: "fr",
    passwordHash: await hashPassword("demo-label-2025"),
  });
}, 240_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

async function as(email: string, language = "fr-FR,fr;q=0.9", password = "demo-label-2025") {
  // An English browser: the reader also chose English on the login page (else the account's language would win).
  const browser = new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
  await browser.login(email, password);
  return browser;
}

async function home(email: string, language?: string) {
  const response = await (await as(email, language)).get("/");
  expect(response.status).toBe(200);
  return readPage(response);
}

/** The open or newest process of the establishment of a demo account. */
async function processOf(email: string): Promise<ProcessSummary> {
  const actor = (await actorByEmail(db, email))!;
  const [newest] = await listProcesses(db, actor);
  return getProcess(db, actor, newest!.id);
}

describe("Fann's self-assessment in progress", () => {
  it("says what comes next, the criteria left with the first one to rate, the due date and the overdue actions", async () => {
    const process = await processOf("fann@label.example.org");
    const result = scoreSelfAssessment(await getFrozenVersion(db, process.referentialVersionId), await loadRatings(db, process));
    const left = result.completeness.applicable - result.completeness.rated;
    const first = missingCriteria(result)[0]!;
    expect(left).toBeGreaterThan(30);

    const page = await home("fann@label.example.org");
    expect(page).toContain("Voici où en est votre établissement dans le label, et ce qui vient ensuite.");
    expect(page).not.toContain("apparaîtra ici");
    expect(page).toContain("Auto-évaluation en cours");
    expect(page).toContain("Quand tous seront cotés, vous remettrez l'auto-évaluation à la DRI.");
    expect(page).toContain(`${result.completeness.rated} critères cotés sur ${result.completeness.applicable}`);
    expect(page).toMatch(new RegExp(`<progress[^>]*value="${result.completeness.rated}"[^>]*max="${result.completeness.applicable}"`));
    expect(page).toContain(`Il reste ${left} critères à coter.`);
    expect(page).toContain(`href="/processes/${process.id}/criteria/${first}"`);
    expect(page).toContain(`Coter le critère ${first}`);
    expect(page).toContain(`href="/processes/${process.id}/criteria?unrated=on"`);
    // The due date, in days from today (the demo sets it 90 days after the seed).
    const days = daysUntil(process.selfAssessmentDue!, todayIso());
    expect(page).toContain(`${formatDate("fr", process.selfAssessmentDue!)} (dans ${days} jours)`);
    // Two actions past their due date and not done.
    const overdue = await listActions(db, process, { overdue: true });
    expect(overdue).toHaveLength(2);
    expect(page).toContain("2 actions ont dépassé leur échéance sans être terminées");
    expect(page).toContain(`href="/processes/${process.id}/actions?overdue=1"`);
    // The visit the DRI had in mind, not yet scheduled; nothing of a label.
    expect(page).toContain(`envisagée vers le ${formatDate("fr", process.plannedVisit!)}`);
    expect(page).not.toContain("Notre label");
    // The team card stays for the coordinator.
    expect(page).toContain('href="/team"');
  });

  it("leads to the first criterion left, unrated, and to the overdue actions alone", async () => {
    const process = await processOf("fann@label.example.org");
    const result = scoreSelfAssessment(await getFrozenVersion(db, process.referentialVersionId), await loadRatings(db, process));
    const first = missingCriteria(result)[0]!;
    const coordinator = await as("fann@label.example.org");
    const criterion = await coordinator.get(`/processes/${process.id}/criteria/${first}`);
    expect(criterion.status).toBe(200);
    expect(await readPage(criterion)).toContain(first);
    const actions = await readPage(await coordinator.get(`/processes/${process.id}/actions?overdue=1`));
    for (const action of await listActions(db, process)) {
      if (action.overdue) expect(actions).toContain(action.title);
      else expect(actions).not.toContain(action.title);
    }
  });

  it("says it in English to an English reader, days left through Intl", async () => {
    const process = await processOf("fann@label.example.org");
    const page = await home("fann@label.example.org", "en-GB,en;q=0.9");
    const days = daysUntil(process.selfAssessmentDue!, todayIso());
    expect(page).toContain("Here is where your hospital stands in the label, and what comes next.");
    expect(page).toContain("criteria are left to rate.");
    expect(page).toContain(`${formatDate("en", process.selfAssessmentDue!)} (in ${days} days)`);
    expect(page).toContain("2 actions are past their due date and not done");
    expect(page).not.toContain("critères");
  });
});

describe("a colleague's chapters", () => {
  it("lists Aïssatou's chapters 3, 4 and 9 with their progress and next criterion, and who hands in", async () => {
    const process = await processOf("aissatou@label.example.org");
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const result = scoreSelfAssessment(frozen, await loadRatings(db, process));
    const page = await home("aissatou@label.example.org");
    expect(page).toContain("Mes chapitres");
    expect(page).toContain("votre coordonnateur remettra l'auto-évaluation à la DRI");
    expect(page).not.toContain('href="/team"');
    for (const code of ["3", "4", "9"]) {
      const chapter = frozen.version.chapters.find((c) => c.code === code)!;
      const score = result.chapters.find((c) => c.code === code)!;
      expect(page).toContain(`href="/processes/${process.id}/criteria?chapter=${code}"`);
      expect(page).toContain(`${code}. ${chapter.title.fr}`);
      expect(page).toContain(`${score.rated} cotés sur ${score.applicable}`);
    }
    // Chapters of others are not hers.
    const chapterOne = frozen.version.chapters.find((c) => c.code === "1")!;
    expect(page).not.toContain(`${chapterOne.code}. ${chapterOne.title.fr}`);
    expect(page).toContain(`href="/processes/${process.id}/criteria?mine=on&unrated=on"`);
  });
});

describe("Touba's decided process", () => {
  it("shows Label Argent with its validity, its certificate and the decision; no process open: how the next one starts", async () => {
    const process = await processOf("touba@label.example.org");
    expect(process.state).toBe("decided");
    const [label] = await labelsOfEstablishment(db, process.establishmentId);
    const page = await home("touba@label.example.org");
    expect(page).toContain("Notre label");
    expect(page).toContain("Argent");
    expect(page).toContain("Validité : du 05/12/2025 au 04/12/2029");
    expect(page).toContain("Mention spéciale : « pour la dynamique engendrée »");
    expect(page).toContain(`href="/labels/${label!.certificateNumber}/certificate.pdf"`);
    expect(page).toContain(`href="/verify/${label!.certificateNumber}"`);
    expect(page).toContain("Le comité de labellisation a attribué le Label Argent à votre établissement le 05/12/2025.");
    expect(page).toContain(`href="/processes/${process.id}/decision"`);
    // The report was released with the decision.
    expect(page).toContain(`href="/processes/${process.id}/audit/report"`);
    expect(page).toContain("Votre dernière démarche est close");
    expect(page).toContain("ouvre une démarche");
    expect(page).not.toContain('href="/apply"');
    const certificate = await (await as("touba@label.example.org")).get(`/labels/${label!.certificateNumber}/certificate.pdf`);
    expect(certificate.status).toBe(200);
    expect(certificate.headers.get("content-type")).toBe("application/pdf");
  });
});

describe("Lomé's audit awaiting the committee", () => {
  it("says the committee will decide, and gives no link to the unreleased report", async () => {
    const process = await processOf("lome@label.example.org");
    expect(process.state).toBe("audit_submitted");
    const page = await home("lome@label.example.org");
    expect(page).toContain("Rapport d'audit remis");
    expect(page).toContain("Le comité de labellisation va décider");
    expect(page).toContain("pas encore transmis");
    expect(page).not.toContain("/audit/report");
    expect(page).not.toContain(`/processes/${process.id}/decision`);
    expect(page).not.toContain("Aucune démarche en cours");
  });
});

describe("Bingerville's visit ahead", () => {
  it("gives the visit's dates and lead, and the Or label it holds", async () => {
    const page = await home("bingerville@label.example.org");
    expect(page).toContain("La visite d'audit est prévue du");
    expect(page).toContain("conduite par Dr Marc Lefèvre");
    expect(page).toContain("Or");
    expect(page).toContain("Validité : du 26/05/2023 au 25/05/2027");
    expect(page).not.toContain("Aucune démarche en cours");
  });
});

describe("a deferral", () => {
  it("gives the committee's conditions and the revisit date", async () => {
    const admin = await as("admin@label.example.org");
    const decided = await admin.post(`/processes/${deferred.processId}/decision`, {
      intent: "decide",
      ...Object.fromEntries(Object.entries(TOUBA_DECISION).map(([name, value]) => [name, value ?? ""])),
      outcome: "deferred",
      conditions: "Installer le comité de lutte contre les infections et en tenir deux réunions.",
      revisitOn: "2026-12-01",
    });
    expect(decided.status).toBe(302);
    const page = await readPage(await (await as(deferred.coordinator.email, undefined, AUDIT_FIXTURE_PASSWORD)).get("/"));
    expect(page).toContain("Le comité a ajourné sa décision le 05/12/2025.");
    expect(page).toContain("Installer le comité de lutte contre les infections et en tenir deux réunions.");
    expect(page).toContain("prévue vers le 01/12/2026");
    expect(page).toContain(`href="/processes/${deferred.processId}/decision"`);
    // Recording a decision released the report.
    expect(page).toContain(`href="/processes/${deferred.processId}/audit/report"`);
  });
});

describe("a hospital without a process", () => {
  it("says none is open and how to proceed", async () => {
    const page = await home(NO_PROCESS_EMAIL);
    expect(page).toContain("Aucune démarche en cours");
    expect(page).toContain("Aucune démarche de labellisation n'est ouverte pour votre établissement.");
    expect(page).toContain("demandez-la à votre contact à la DRI");
    expect(page).toContain('href="/apply"');
    expect(page).not.toContain("Notre label");
    expect(page).not.toContain("/processes/");
  });
});

describe("the cost of the page", () => {
  it("makes the same number of queries whatever the chapters assigned and the actions overdue", async () => {
    const coordinator = await as("fann@label.example.org");
    const count = async () => {
      queries = 0;
      expect((await coordinator.get("/")).status).toBe(200);
      return queries;
    };
    await count(); // the referential version is cached from here on
    const before = await count();
    const process = await processOf("fann@label.example.org");
    const actor = (await actorByEmail(db, "fann@label.example.org"))!;
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    for (const code of ["5", "6", "7", "8"]) {
      await db.insert(chapterAssignments).values({ processId: process.id, chapterId: frozen.chapterIds.get(code)!, userId: actor.id, assignedBy: actor.id });
    }
    for (const title of ["Afficher la charte", "Former les brancardiers", "Réviser le plan blanc"]) {
      await createAction(db, actor, process, { criterionCode: "1.1.1", title, owner: "", ownerUserId: null, dueDate: "2025-01-15", status: "planned" });
    }
    const after = await count();
    expect(after).toBe(before);
    expect(before).toBeLessThanOrEqual(15);
    const page = await readPage(await coordinator.get("/"));
    expect(page).toContain("5 actions ont dépassé leur échéance sans être terminées");
    const mine = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(chapterAssignments)
      .where(and(eq(chapterAssignments.processId, process.id), eq(chapterAssignments.userId, actor.id)));
    expect(mine[0]!.n).toBe(7);
  });
});
