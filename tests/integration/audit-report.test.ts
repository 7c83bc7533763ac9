// The audit's comparison, report (page, PDF) and XLSX export, and the release of the report to the hospital, over
// HTTP against the built app (PGlite, and PostgreSQL when configured). The audited process is built through the
// services (tests/support/audit-fixtures.ts): a complete self-assessment and a complete, submitted audit.
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreementByChapter, largestDisagreements, type AgreementFigures, type RatingPair } from "#app/domain/audit/agreement.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { saveAuditRating } from "#app/services/audit/audit-ratings.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import type { Db } from "#db/client.ts";
import { auditVisits, notifications, outbox } from "#db/schema.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess, OVER_RATED_CHAPTERS, type AuditFixture } from "#tests/support/audit-fixtures.ts";
import { pdfText } from "#tests/support/pdf-text.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Db;
let audited: AuditFixture;
/** A second process whose visit is still in progress (not submitted). */
let inProgress: AuditFixture;
const browsers = new Map<string, TestBrowser>();

beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
  audited = await buildAuditedProcess(db, { key: "a", hashPassword });
  inProgress = await buildAuditedProcess(db, { key: "b", hashPassword, submit: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** A signed-in browser per person (French unless told). */
async function as(who: "lead" | "coAuditor" | "offTeam" | "admin" | "coordinator" | "otherHospital", options: { language?: string; fixture?: AuditFixture } = {}) {
  const fixture = options.fixture ?? audited;
  const key = `${who}:${fixture.processId}:${options.language ?? "fr"}`;
  let browser = browsers.get(key);
  if (!browser) {
    // An English browser: the reader also chose English on the login page (else the account's language would win).
    browser = new TestBrowser(server.baseUrl, options.language ? { language: options.language, lng: options.language.startsWith("en") ? "en" : undefined } : {});
    if (who === "otherHospital") await browser.login("fann@label.example.org");
    else if (who === "admin") await browser.login(fixture.admin.email);
    else await browser.login(fixture[who].email, AUDIT_FIXTURE_PASSWORD);
    browsers.set(key, browser);
  }
  return browser;
}

const base = (fixture: AuditFixture = audited) => `/processes/${fixture.processId}/audit`;

/** The pairs the fixture rated, as the domain takes them. */
function pairsOf(fixture: AuditFixture): RatingPair[] {
  return [...fixture.ratings].map(([code, r]) => ({ code, chapterCode: code.split(".")[0]!, self: r.self, audit: r.audit }));
}

/** The texts the page misses (an empty list when all are there): a failure names them, not the whole page. */
const missing = (page: string, ...texts: string[]) => texts.filter((text) => !page.includes(text));

const fr = {
  number: (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat("fr-FR", options).format(value),
};

/**
 * The start of a row of the PDF's agreement table as its text reads (pairs compared, identical share, weighted kappa),
 * spaces as single plain spaces (French numbers hold narrow no-break spaces).
 */
function agreementRow(language: "fr" | "en", figures: AgreementFigures): string {
  const number = (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(language === "fr" ? "fr-FR" : "en-GB", options).format(value);
  const share = number(figures.identicalShare!, { style: "percent", maximumFractionDigits: 0 });
  const kappa = number(figures.weightedKappa!, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const of = language === "fr" ? "sur" : "of";
  return `${figures.compared} ${share} (${figures.identical} ${of} ${figures.compared}) ${kappa}`.replace(/\s/g, " ");
}

describe("the comparison page", () => {
  it("shows the chapter chart, the agreement figures as the domain computes them, and the largest disagreements first", async () => {
    const response = await (await as("lead")).get(`${base()}/comparison`);
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(
      missing(
        page,
        "<h1>Comparaison de l'auto-évaluation et de l'audit</h1>",
        'class="cmp-chart-svg"',
        "Prévention et contrôle des infections",
      ),
    ).toEqual([]);

    const { overall, chapters } = agreementByChapter(pairsOf(audited), [3, 2, 1, 0]);
    const share = fr.number(overall.identicalShare!, { style: "percent", maximumFractionDigits: 0 });
    expect(
      missing(
        page,
        `${share} (${overall.identical} sur ${overall.compared})`,
        `${fr.number(overall.weightedKappa!, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} : accord`,
        `${overall.withNa} avec NA · ${overall.unrated} non cotées`,
      ),
    ).toEqual([]);
    // Chapter 9 is over-rated by the hospital: a positive gap, said in words.
    const nine = chapters.find((c) => c.chapterCode === "9")!;
    expect(nine.meanSignedGap!).toBeGreaterThan(0);
    expect(
      missing(
        page,
        `${fr.number(nine.meanSignedGap!, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" })} pt — l'établissement se cote plus généreusement que les auditeurs`,
        "Lire ces chiffres",
        "κ pondéré (kappa de Cohen à pondération linéaire)",
      ),
    ).toEqual([]);

    const [first, second] = largestDisagreements(pairsOf(audited));
    expect(OVER_RATED_CHAPTERS).toContain(first!.chapterCode);
    const firstLink = page.indexOf(`href="${base()}/criteria/${first!.code}"`);
    expect(firstLink).toBeGreaterThan(0);
    expect(page.indexOf(`href="${base()}/criteria/${second!.code}"`)).toBeGreaterThan(firstLink);
    expect(page).toMatch(/l'établissement \d+ points? au-dessus/);
  });

  it("is in English for an English reader", async () => {
    const page = await readPage(await (await as("coAuditor", { language: "en-GB,en;q=0.9" })).get(`${base()}/comparison`));
    expect(
      missing(
        page,
        "<h1>Self-assessment and audit compared</h1>",
        "Infection prevention and control",
        "the hospital rates itself more generously than the auditors",
        "Reading these figures",
      ),
    ).toEqual([]);
  });

  it("tells the team the audit is not submitted yet while the visit goes on", async () => {
    const page = await readPage(await (await as("lead", { fixture: inProgress })).get(`${base(inProgress)}/comparison`));
    expect(page).toContain("L'audit n'est pas encore soumis");
  });
});

describe("the audit report", () => {
  it("is a printable page with the hospital, the team, the proposed level and its explanation, critical criteria and findings", async () => {
    const response = await (await as("admin")).get(`${base()}/report`);
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(
      missing(
        page,
        `<h1>Rapport d'audit — ${audited.establishment.name}</h1>`,
        "Thiès, Sénégal",
        `${audited.lead.name} (responsable)`,
        audited.coAuditor.name,
        "du 09/03/2026 au 12/03/2026",
        "Niveau proposé par les auditeurs",
      ),
    ).toEqual([]);
    expect(page).toMatch(/Les cotations de l'audit atteignent :.*Argent/s);
    expect(page).toMatch(/L'auto-évaluation atteignait :\s*Or/);
    expect(page).toContain("Ce qu'il manque pour le niveau Or");
    expect(page).toMatch(/score global [\d,]+ % \(au moins 85 % requis\)/);
    expect(
      missing(
        page,
        "Prévention et contrôle des infections",
        "Points forts : une direction engagée",
        "Critères impératifs",
        "Permet tous les niveaux",
      ),
    ).toEqual([]);
    for (const group of ["Points forts", "Recommandations", "Non-conformités"]) expect(page).toContain(`<h4>${group}</h4>`);
    expect(page).toContain("Procédure non appliquée dans deux des trois unités visitées");
    // The DRI's release form, a plain POST confirmed by a tick.
    expect(page).toContain("Communiquer le rapport à l'établissement");
    expect(page).toMatch(/<form [^>]*method="post"/);
    expect(page).toMatch(/<input id="release-confirm" type="checkbox" required="" name="confirm" value="yes"\/>/);
  });

  it("is a PDF in the reader's language with the hospital's name, the visit's dates and team, the chapters, the agreement figures and the proposed level", async () => {
    const response = await (await as("lead")).get(`${base()}/report.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("private, no-store, no-transform");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="Centre-hospitalier-regional-de-Thies-a-2024-rapport-audit-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const text = pdfText(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain("Rapport d'audit");
    expect(text).toContain(audited.establishment.name);
    expect(text).toContain("Prévention et contrôle des infections");
    expect(text).toContain("Les cotations de l'audit atteignent : Argent");
    expect(text).toContain("Ce qu'il manque pour le niveau Or");
    expect(text).toContain("Synthèse de l'audit");
    expect(text).toContain("Critères impératifs");
    expect(text).toContain("Non-conformités");
    // 5.3.1 depends on intensive care: the hospital rated it N/A, the auditors rated it 2.
    expect(text).toContain("« Non applicable » des critères dépendant d'un service");
    expect(text.replace(/\s+/g, " ")).toMatch(/5\.3\.1 .*N\/A refusé par l'auditeur/s);
    expect(text).toMatch(/Page 1 sur \d+/);
    const { overall, chapters } = agreementByChapter(pairsOf(audited), [3, 2, 1, 0]);
    const nine = chapters.find((c) => c.chapterCode === "9")!;
    expect(
      missing(
        text,
        "Visite : du 09/03/2026 au 12/03/2026",
        `Équipe d'audit : ${audited.lead.name} (responsable), ${audited.coAuditor.name}`,
        `Ensemble des critères ${agreementRow("fr", overall)} : accord`,
        `9. Prévention et contrôle des infections ${agreementRow("fr", nine)} : accord`,
      ),
    ).toEqual([]);

    const en = pdfText(Buffer.from(await (await (await as("lead", { language: "en-GB,en;q=0.9" })).get(`${base()}/report.pdf`)).arrayBuffer()));
    expect(en).toContain("Audit report");
    expect(en).toContain("Infection prevention and control");
    expect(en).toContain("The audit ratings reach: Silver");
    expect(en).not.toContain("Prévention et contrôle des infections");
    expect(
      missing(
        en,
        "Visit: from 09/03/2026 to 12/03/2026",
        `Audit team: ${audited.lead.name} (lead), ${audited.coAuditor.name}`,
        `All criteria ${agreementRow("en", overall)}: `,
        `9. Infection prevention and control ${agreementRow("en", nine)}: `,
      ),
    ).toEqual([]);
  });

  it("exports the audit ratings beside the hospital's in the self-assessment workbook's format", async () => {
    const response = await (await as("lead")).get(`${base()}/export.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/-2024-cotations-audit-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Cotations de l'audit", "À propos"]);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 10)).toEqual(["Chapitre", "Code", "Niveau d'exigence", "Critère", "Auto-évaluation", "Justification de l'établissement", "Cotation de l'audit", "Constat", "Classement", "Méthodes"]);
    expect(sheet.rowCount).toBe(1 + audited.ratings.size);
    const column = (name: string) => header.indexOf(name) + 1;
    let checked = 0;
    sheet.eachRow((row, line) => {
      if (line === 1) return;
      const expected = audited.ratings.get(String(row.getCell(column("Code")).value))!;
      expect(row.getCell(column("Auto-évaluation")).value).toBe(expected.self);
      expect(row.getCell(column("Cotation de l'audit")).value).toBe(expected.audit);
      checked++;
    });
    expect(checked).toBe(audited.ratings.size);
    expect(workbook.worksheets[1]!.state).toBe("hidden");
  });

  it("writes free text as text: a finding that would run as a formula is escaped", async () => {
    const process = await getProcess(db, inProgress.lead, inProgress.processId);
    const visit = await loadVisit(db, process);
    const code = [...inProgress.ratings].find(([c, r]) => r.audit === 2 && c.startsWith("1."))![0];
    const saved = await saveAuditRating(db, inProgress.lead, process, visit, code, {
      rating: "2",
      finding: '=HYPERLINK("http://example.org","voir")',
      classification: "recommendation",
      methods: ["interview"],
      baseVersion: 1,
    });
    expect(saved.status).toBe("saved");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await (await as("lead", { fixture: inProgress })).get(`${base(inProgress)}/export.xlsx`)).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    let finding: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === code) finding = row.getCell(8).value;
    });
    expect(finding).toBe(`'=HYPERLINK("http://example.org","voir")`);
  });
});

/** Every page, download and data request of the audit's report. */
const paths = ["/comparison", "/report", "/report.pdf", "/export.xlsx", "/comparison.data", "/report.data"];

describe("who reads the audit", () => {
  it("lets the team and the DRI read everything; an auditor off the team gets 404; anonymous visitors sign in", async () => {
    for (const who of ["lead", "coAuditor", "admin"] as const) {
      for (const path of paths) expect((await (await as(who)).get(`${base()}${path}`)).status, `${who} ${path}`).toBe(200);
    }
    for (const path of paths) {
      const response = await (await as("offTeam")).get(`${base()}${path}`);
      expect(response.status, `off team ${path}`).toBe(404);
      expect(await response.text()).not.toContain(audited.establishment.name);
    }
    for (const path of paths) {
      const response = await new TestBrowser(server.baseUrl).get(`${base()}${path}`);
      if (path.endsWith(".data")) {
        // React Router's data requests carry the redirect in their body (status 202), never the data.
        expect(response.status, path).toBe(202);
        expect(await response.text()).toContain("/login");
      } else {
        expect(response.status, path).toBe(302);
        expect(response.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
      }
    }
  });

  it("refuses the hospital before the release (403) and another hospital always (404)", async () => {
    for (const path of paths) {
      const response = await (await as("coordinator")).get(`${base()}${path}`);
      expect(response.status, `hospital ${path}`).toBe(403);
      expect(await response.text(), path).not.toContain("Procédure non appliquée");
      expect((await (await as("otherHospital")).get(`${base()}${path}`)).status, `other hospital ${path}`).toBe(404);
    }
  });
});

describe("releasing the audit report to the hospital", () => {
  const release = (browser: TestBrowser, fixture = audited, fields: Record<string, string> = { intent: "release", confirm: "yes" }) => browser.post(`${base(fixture)}/report`, fields);
  const releasedAt = async (fixture = audited) => (await db.select({ at: auditVisits.releasedAt }).from(auditVisits).where(eq(auditVisits.processId, fixture.processId)))[0]!.at;

  it("belongs to the DRI alone: the team and the hospital get 403, an auditor off the team 404", async () => {
    for (const who of ["lead", "coAuditor", "coordinator"] as const) expect((await release(await as(who))).status, who).toBe(403);
    expect((await release(await as("offTeam"))).status).toBe(404);
    expect((await release(await as("otherHospital"))).status).toBe(404);
    const anonymous = await new TestBrowser(server.baseUrl).post(`${base()}/report`, { intent: "release", confirm: "yes" });
    expect([302, 403]).toContain(anonymous.status);
    expect(await releasedAt()).toBeNull();
  });

  it("waits for the audit to be submitted, and for the DRI's confirmation", async () => {
    const admin = await as("admin", { fixture: inProgress });
    const page = await readPage(await admin.get(`${base(inProgress)}/report`));
    expect(
      missing(
        page,
        "Le rapport pourra être communiqué à l'établissement quand l'équipe aura soumis l'audit.",
        "Brouillon : l'audit n'est pas encore soumis",
      ),
    ).toEqual([]);
    const early = await release(admin, inProgress);
    expect(early.status).toBe(409);
    expect(await readPage(early)).toContain("L'audit n'est pas encore soumis.");
    expect(await releasedAt(inProgress)).toBeNull();

    const unconfirmed = await release(await as("admin"), audited, { intent: "release" });
    expect(unconfirmed.status).toBe(400);
    expect(await readPage(unconfirmed)).toContain("Cochez la case pour confirmer la communication.");
    expect(await releasedAt()).toBeNull();
  });

  it("lets the DRI release it once: the coordinators are told, in the app and by e-mail", async () => {
    const response = await release(await as("admin"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${base()}/report?done=released`);
    expect(await releasedAt()).not.toBeNull();
    const page = await readPage(await (await as("admin")).get(`${base()}/report?done=released`));
    expect(page).toContain("Le rapport d'audit est communiqué à l'établissement ; ses coordonnateurs sont avertis.");
    expect(page).not.toContain("Communiquer le rapport à l'établissement");

    const notices = await db.select().from(notifications).where(and(eq(notifications.processId, audited.processId), eq(notifications.kind, "audit_report_released")));
    expect(notices.map((n) => n.userId)).toEqual([audited.coordinator.id]);
    const mails = await db.select().from(outbox).where(and(eq(outbox.toEmail, audited.coordinator.email), eq(outbox.kind, "notification.audit_report_released")));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(audited.establishment.name);

    // Releasing again changes nothing and tells nobody twice.
    const before = await releasedAt();
    expect((await release(await as("admin"))).status).toBe(302);
    expect(await releasedAt()).toEqual(before);
    expect(await db.select().from(notifications).where(and(eq(notifications.processId, audited.processId), eq(notifications.kind, "audit_report_released")))).toHaveLength(1);
  });

  it("then opens the report, the comparison and the downloads to the hospital, read only; never to another hospital", async () => {
    for (const path of paths) {
      expect((await (await as("coordinator")).get(`${base()}${path}`)).status, `hospital ${path}`).toBe(200);
      expect((await (await as("otherHospital")).get(`${base()}${path}`)).status, `other hospital ${path}`).toBe(404);
    }
    const page = await readPage(await (await as("coordinator")).get(`${base()}/report`));
    expect(page).toContain("Procédure non appliquée dans deux des trois unités visitées");
    expect(page).not.toContain('name="confirm"');
    expect((await release(await as("coordinator"))).status).toBe(403);
  });
});
