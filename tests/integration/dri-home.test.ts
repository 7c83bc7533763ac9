// The DRI's home over HTTP against the built app (PGlite, and PostgreSQL when configured), on the demo: the pipeline
// by stage with its hospitals (Fann in self-assessment, Bingerville's visit scheduled, Lomé's audit handed in, Touba
// decided), what needs the DRI (Lomé's decision and its unreleased report, Bingerville's label expiring), the labels
// by level and by country; other roles' homes without these figures; and the same number of queries however many
// processes there are (more are written straight into the tables, in every state the page counts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.ts";
import { applications, auditVisits, establishments, labellingDecisions, labellingProcesses, labels, processTransitions, referentialVersions } from "#db/schema.ts";
import type { ProcessState } from "#app/domain/process/state-machine.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { todayIso } from "#app/services/label/labels.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { TOUBA_NAME } from "#scripts/seed/demo-audit.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { addDays, insertLabel } from "#tests/support/label-fixtures.ts";
import { readPage, signedInAs, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const FANN = "CNHU de Fann";
const TOUBA = TOUBA_NAME;
const LOME = "CHU Sylvanus Olympio";
const BINGERVILLE = "Hôpital Mère-Enfant de Bingerville";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-dri-home-it-"));
let server: TestServer;
let db: Db;
let queries = 0;
let dri: TestBrowser;
const today = todayIso();

beforeAll(async () => {
  // As `npm start` on a fresh embedded database: the shipped referentials, then the whole demo.
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir }, onQuery: () => queries++ });
  db = server.database.db;
  await importShippedReferentials(db);
  await seedDemoData(db, { storage: folderStorage(uploadsDir), hashPassword });
  dri = await as("admin@label.example.org");
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const as = (email: string, language?: string) => signedInAs(server.baseUrl, email, language);

async function home(b: TestBrowser) {
  const response = await b.get("/");
  expect(response.status).toBe(200);
  return readPage(response);
}

/** The rows of one group of a table (`<tbody id=…>`). */
function group(html: string, id: string): string {
  const match = new RegExp(`<tbody id="${id}">([\\s\\S]*?)</tbody>`).exec(html);
  expect(match, `group ${id}`).not.toBeNull();
  return match![1]!;
}

/** The table whose caption is `caption`. */
function tableCaptioned(html: string, caption: string): string {
  const match = new RegExp(`<table[^>]*><caption>${caption}</caption>([\\s\\S]*?)</table>`).exec(html);
  expect(match, `table ${caption}`).not.toBeNull();
  return match![1]!;
}

/** The table row holding `text`. */
function rowWith(html: string, text: string): string {
  const row = html.split("<tr").find((r) => r.includes(text));
  expect(row, `row with ${text}`).toBeDefined();
  return row!;
}

async function processOf(name: string): Promise<string> {
  const rows = await db
    .select({ id: labellingProcesses.id, state: labellingProcesses.state })
    .from(labellingProcesses)
    .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
    .where(eq(establishments.name, name));
  const open = rows.find((r) => r.state !== "decided") ?? rows[0];
  return open!.id;
}

describe("the DRI's home on the demo", () => {
  it("shows every stage with its hospitals and how long they have been there", async () => {
    const html = await home(dri);
    expect(html).toContain("<h1>Tableau de bord DRI</h1>");
    expect(html).not.toMatch(/Bientôt disponible|Espaces en préparation/);
    expect(group(html, "stage-self_assessment")).toContain(FANN);
    expect(group(html, "stage-audit_scheduled")).toContain(BINGERVILLE);
    expect(group(html, "stage-audit_submitted")).toContain(LOME);
    const decided = group(html, "stage-decided");
    expect(decided).toContain(TOUBA);
    expect(decided).toContain("Argent");
    expect(decided).toContain("décision du 05/12/2025");
    // The demo was written just now: everyone entered their stage today; the count is in the stage's header.
    expect(group(html, "stage-self_assessment")).toContain("depuis aujourd'hui");
    expect(group(html, "stage-audit_submitted")).toContain("1 démarche");
    expect(group(html, "stage-submitted")).toContain("Aucune démarche à cette étape.");
    // Each hospital leads to its process.
    expect(group(html, "stage-self_assessment")).toContain(`href="/processes/${await processOf(FANN)}"`);
  });

  it("says what needs the DRI now, each with the page where it acts", async () => {
    const html = await home(dri);
    const lome = await processOf(LOME);
    const awaiting = group(html, "attention-awaitingDecision");
    expect(awaiting).toContain(LOME);
    expect(awaiting).toContain(`href="/processes/${lome}/decision"`);
    const reports = group(html, "attention-reportsUnreleased");
    expect(reports).toContain(LOME);
    expect(reports).toContain(`href="/processes/${lome}/audit/report"`);
    // Bingerville's Gold label ends on 25 May 2027: listed as expiring in its last six months.
    const expiring = html.includes('id="attention-labelsExpiring"');
    const [goldLabel] = await db
      .select({ processId: labellingDecisions.processId, validUntil: labels.validUntil })
      .from(labels)
      .innerJoin(labellingDecisions, eq(labellingDecisions.id, labels.decisionId))
      .where(eq(labels.level, "gold"));
    const sixMonthsBefore = new Date(`${goldLabel!.validUntil}T00:00:00Z`);
    sixMonthsBefore.setUTCMonth(sixMonthsBefore.getUTCMonth() - 6);
    expect(expiring).toBe(today > sixMonthsBefore.toISOString().slice(0, 10) && today <= goldLabel!.validUntil);
    if (expiring) {
      const row = rowWith(group(html, "attention-labelsExpiring"), BINGERVILLE);
      expect(row).toContain(`href="/processes/${goldLabel!.processId}/decision"`);
      expect(row).toContain("Expire bientôt");
    }
    // Nothing else waits in the demo, and the page says so.
    expect(html).toContain("Aucune candidature en attente.");
    expect(html).toContain("Aucune auto-évaluation en attente de visite.");
    expect(html).toContain("Aucune auto-évaluation en retard.");
    expect(html).toContain("Aucune nouvelle visite en retard.");
  });

  it("gives the labels in force by level and the labelled hospitals by country", async () => {
    const html = await home(dri);
    const byLevel = tableCaptioned(html, "Labels en vigueur par niveau");
    expect(rowWith(byLevel, "level-gold")).toContain(BINGERVILLE);
    expect(rowWith(byLevel, "level-silver")).toContain(TOUBA);
    expect(rowWith(byLevel, "level-bronze")).toContain("—");
    expect(rowWith(byLevel, "level-silver")).toContain('href="/labels?level=silver"');
    const byCountry = tableCaptioned(html, "Établissements labellisés par pays");
    expect(rowWith(byCountry, "Sénégal")).toContain(TOUBA);
    expect(rowWith(byCountry, "Côte d'Ivoire")).toContain(BINGERVILLE);
    expect(rowWith(byCountry, "Sénégal")).toContain('href="/labels?country=SN"');
    expect(html).toContain("2 établissements labellisés");
  });

  it("reads in English for an English-speaking DRI", async () => {
    const english = await as("admin@label.example.org", "en-GB,en;q=0.9");
    const html = await home(english);
    expect(html).toContain("<h1>DRI dashboard</h1>");
    expect(html).toContain("Needs you now");
    expect(html).toContain("Processes by stage");
    expect(group(html, "stage-self_assessment")).toContain("since today");
    expect(group(html, "attention-awaitingDecision")).toContain("Record the decision");
    expect(rowWith(tableCaptioned(html, "Labels in force by level"), "level-silver")).toContain("Silver");
    expect(rowWith(tableCaptioned(html, "Labelled hospitals by country"), "Senegal")).toContain(TOUBA);
    expect(html).not.toMatch(/À traiter|Démarches par étape|depuis/);
  });
});

describe("other roles' homes", () => {
  it("show neither the DRI's pipeline nor its figures to a hospital user or an auditor", async () => {
    for (const email of ["fann@label.example.org", "auditeur@label.example.org"]) {
      const html = await home(await as(email));
      expect(html).not.toMatch(/À traiter maintenant|Démarches par étape|Chiffres clés des labels|id="stage-|id="attention-/);
      expect(html).not.toContain("Labels en vigueur par niveau");
    }
  });
});

describe("the cost of the page", () => {
  const established = new Map<string, string>();

  /** A process written straight into the tables as the services leave it in `state`. */
  async function addProcess(key: string, state: ProcessState, options: { due?: string; revisitOn?: string; released?: boolean } = {}) {
    const [version] = await db.select({ id: referentialVersions.id }).from(referentialVersions).where(eq(referentialVersions.version, "2024"));
    const [hospital] = await db
      .insert(establishments)
      .values({ name: `Hôpital de test ${key}`, shortName: `HT ${key}`, city: "Cotonou", countryCode: "BJ" })
      .returning({ id: establishments.id });
    const [process] = await db
      .insert(labellingProcesses)
      .values({ establishmentId: hospital!.id, referentialVersionId: version!.id, state, selfAssessmentDue: options.due ?? null, openedAt: new Date(`${addDays(today, -200)}T09:00:00Z`) })
      .returning({ id: labellingProcesses.id });
    const processId = process!.id;
    established.set(key, processId);
    await db.insert(processTransitions).values([
      { processId, fromState: null, toState: "self_assessment", at: new Date(`${addDays(today, -200)}T09:00:00Z`) },
      ...(state === "self_assessment" ? [] : [{ processId, fromState: "self_assessment" as const, toState: state, at: new Date(`${addDays(today, -20)}T09:00:00Z`) }]),
    ]);
    if (["audit_scheduled", "audit_in_progress", "audit_submitted", "deferred"].includes(state)) {
      await db.insert(auditVisits).values({
        processId,
        startsOn: addDays(today, -40),
        endsOn: addDays(today, -38),
        submittedAt: state === "audit_scheduled" ? null : new Date(),
        releasedAt: options.released ? new Date() : null,
      });
    }
    if (state === "deferred") {
      await db.insert(labellingDecisions).values({
        processId,
        outcome: "deferred",
        decidedOn: addDays(today, -30),
        conditions: "Mettre en place la traçabilité des médicaments",
        revisitOn: options.revisitOn ?? addDays(today, -3),
        committeeMembers: "Membre du comité",
        signerName: "Directrice des relations internationales",
        signerTitle: "AP-HP",
      });
    }
    return processId;
  }

  async function queriesOfHome(): Promise<number> {
    queries = 0;
    await home(dri);
    return queries;
  }

  it("runs the same number of queries whatever the number of processes, and shows the new ones where they belong", async () => {
    await queriesOfHome(); // the versions' cache and the session settle
    const before = await queriesOfHome();
    for (const key of ["a", "b"]) await addProcess(`overdue-${key}`, "self_assessment", { due: addDays(today, -5) });
    await addProcess("submitted", "submitted");
    await addProcess("scheduled", "audit_scheduled");
    await addProcess("in-progress", "audit_in_progress");
    await addProcess("audited", "audit_submitted", { released: true });
    await addProcess("deferred-due", "deferred", { revisitOn: addDays(today, -3) });
    await addProcess("deferred-later", "deferred", { revisitOn: addDays(today, 30) });
    await addProcess("withdrawn", "withdrawn");
    await insertLabel(db, { establishment: { name: "CNHU Hubert Koutoukou Maga", city: "Cotonou", countryCode: "BJ" }, level: "bronze", validFrom: addDays(today, -10), validUntil: addDays(today, 4 * 365) });
    await db.insert(applications).values({
      establishmentName: "Hôpital régional de Ziguinchor",
      searchKey: "hopital regional de ziguinchor|ziguinchor",
      countryCode: "SN",
      city: "Ziguinchor",
      contactName: "Dr Awa Diallo",
      contactEmail: "awa.diallo@example.sn",
      language: "fr",
      motivation: "Rejoindre le label",
      clientAddress: "192.0.2.10",
    });
    const after = await queriesOfHome();
    expect(after).toBe(before);

    const html = await home(dri);
    expect(group(html, "attention-toSchedule")).toContain(`href="/processes/${established.get("submitted")}/audit/schedule"`);
    expect(group(html, "attention-toSchedule")).toContain("En attente depuis 20 jours");
    const overdue = group(html, "attention-selfAssessmentsOverdue");
    expect(overdue).toContain(`href="/processes/${established.get("overdue-a")}"`);
    expect(overdue).toContain("en retard de 5 jours");
    const revisits = group(html, "attention-revisitsDue");
    expect(revisits).toContain(`href="/processes/${established.get("deferred-due")}/audit/schedule"`);
    expect(revisits).not.toContain("deferred-later");
    expect(revisits).not.toContain(established.get("deferred-later"));
    expect(group(html, "attention-applications")).toContain("1 candidature attend votre réponse");
    expect(group(html, "attention-applications")).toContain('href="/admin/applications"');
    // The audit whose report is released awaits a decision, but its report is not listed as unreleased.
    expect(group(html, "attention-awaitingDecision")).toContain(established.get("audited"));
    expect(group(html, "attention-reportsUnreleased")).not.toContain(established.get("audited"));
    expect(group(html, "stage-deferred")).toContain("Hôpital de test deferred-later");
    expect(group(html, "stage-audit_in_progress")).toContain("Hôpital de test in-progress");
    expect(html).not.toContain("Hôpital de test withdrawn");
    expect(rowWith(tableCaptioned(html, "Établissements labellisés par pays"), "Bénin")).toContain("CNHU Hubert Koutoukou Maga");
  });
});
