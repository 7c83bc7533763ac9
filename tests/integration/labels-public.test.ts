// The public side of labels over HTTP against the built app (PGlite, and PostgreSQL when configured): the check of
// a certificate number (/verify), the list of labelled hospitals (/labels, .json, .csv), the labels on the
// registry's establishment page, and the external accreditation of a referential version. One label is awarded as
// the committee awards it (recordDecision on an audit built through the services); the others are written as that
// award writes them (tests/support/label-fixtures.ts), then suspended, revoked or annulled through the services.
import { randomBytes } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.ts";
import { establishments, rateLimitEvents, referentialVersions } from "#db/schema.ts";
import { hashToken } from "#app/domain/auth/tokens.ts";
import { certificateNumber } from "#app/domain/label/certificate-number.ts";
import { PUBLIC_LABEL_CSV_COLUMNS } from "#app/domain/label/public-list.ts";
import { labelStatus } from "#app/domain/label/status.ts";
import { RATE_LIMITS } from "#app/domain/rate-limits.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { recordDecision } from "#app/services/label/decisions.server.ts";
import { todayIso } from "#app/services/label/labels.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { recordAccreditation } from "#app/services/referential/accreditations.server.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess, type AuditFixture } from "#tests/support/audit-fixtures.ts";
import { addDays, annulLabel, changeStatus, insertLabel, type LabelFixture } from "#tests/support/label-fixtures.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Db;
let audited: AuditFixture;
const today = todayIso();
/** The label the committee awarded to the audited hospital (Thiès, Senegal: Silver, with a mention). */
let awarded: string;
const labels = {} as Record<"older" | "gold" | "expiring" | "expired" | "suspended" | "revoked" | "annulled" | "formula", LabelFixture>;

const MENTION = { fr: "pour la dynamique engendrée", en: "for the momentum it created" };

beforeAll(async () => {
  // Behind a trusted proxy: each visitor comes from its own address, as the public limit counts per address.
  server = await startTestServer({ env: { TRUST_PROXY: "true" } });
  db = server.database.db;
  audited = await buildAuditedProcess(db, { key: "pub", hashPassword });
  const process = await getProcess(db, audited.admin, audited.processId);
  const decision = await recordDecision(db, audited.admin, process, await loadVisit(db, process), {
    outcome: "awarded",
    level: "silver",
    levelJustification: "",
    mentionFr: MENTION.fr,
    mentionEn: MENTION.en,
    decidedOn: addDays(today, -30),
    validFrom: addDays(today, -30),
    validUntil: addDays(today, 4 * 365),
    conditions: "",
    revisitOn: null,
    reasons: "",
    committeeMembers: "Pr Comité Confidentiel\nDr Membre Secret",
    signerName: "Claire Dupont",
    signerTitle: "Directrice des relations internationales",
  }, { baseUrl: "", t: translate });
  awarded = decision.certificateNumber!;

  const thies = { id: audited.establishment.id, name: audited.establishment.name };
  labels.older = await insertLabel(db, { establishment: thies, level: "bronze", validFrom: "2019-03-01", validUntil: "2023-02-28", version: "2019" });
  labels.gold = await insertLabel(db, { establishment: { name: "Hôpital Mère-Enfant de test (Or)", city: "Bingerville", countryCode: "CI" }, level: "gold", validFrom: addDays(today, -400), validUntil: addDays(today, 1000) });
  labels.expiring = await insertLabel(db, { establishment: { name: "Centre hospitalier de test (bientôt échu)", city: "Lomé", countryCode: "TG" }, level: "bronze", validFrom: addDays(today, -1400), validUntil: addDays(today, 40) });
  labels.expired = await insertLabel(db, { establishment: { name: "Hôpital de test (expiré)", city: "Kaolack", countryCode: "SN" }, level: "silver", validFrom: addDays(today, -1500), validUntil: addDays(today, -1) });
  labels.suspended = await insertLabel(db, { establishment: { name: "Hôpital de test (suspendu)", city: "Saint-Louis", countryCode: "SN" }, level: "gold", validFrom: addDays(today, -100), validUntil: addDays(today, 1300) });
  labels.revoked = await insertLabel(db, { establishment: { name: "Hôpital de test (retiré)", city: "Cotonou", countryCode: "BJ" }, level: "silver", validFrom: addDays(today, -100), validUntil: addDays(today, 1300) });
  labels.annulled = await insertLabel(db, { establishment: { name: "Hôpital de test (annulé)", city: "Ziguinchor", countryCode: "SN" }, level: "bronze", validFrom: addDays(today, -100), validUntil: addDays(today, 1300) });
  labels.formula = await insertLabel(db, { establishment: { name: '=HYPERLINK("http://evil.example","Clinique")', city: "-Bamako", countryCode: "ML" }, level: "bronze", validFrom: addDays(today, -10), validUntil: addDays(today, 1400) });
  await changeStatus(db, audited.admin, labels.suspended, "suspended", "Inspection sanitaire en cours.");
  await changeStatus(db, audited.admin, labels.revoked, "revoked", "Conditions du label non respectées.");
  await annulLabel(db, audited.admin, labels.annulled, "Décision prise sur un dossier erroné.");
}, 180_000);
afterAll(async () => {
  await server?.close();
});

let addresses = 0;
/** A visitor without an account, from an address of its own (French unless told). */
const visitor = (language?: string) => new TestBrowser(server.baseUrl, { language, address: `198.51.100.${++addresses}` });
const EN = "en-GB,en;q=0.9";

/** The texts the page misses (an empty list when all are there). */
const missing = (page: string, ...texts: string[]) => texts.filter((text) => !page.includes(text));
/** The page without its scripts (the data React Router hands the browser holds both languages of a mention). */
const visible = (page: string) => page.replace(/<script[\s\S]*?<\/script>/g, "");
/** A GET that follows one redirect (the form sends a number that looks right to its certificate's address). */
async function followOnce(b: TestBrowser, path: string): Promise<Response> {
  const response = await b.get(path);
  return response.status === 302 ? b.get(response.headers.get("location")!) : response;
}
/** The page's main content (the header's language switch repeats the address). */
const main = (page: string) => page.slice(page.indexOf("<main"), page.indexOf("</main>"));
const frDate = (iso: string) => new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeZone: "UTC" }).format(new Date(iso));

describe("/verify", () => {
  it("is a form that works without an account and without JavaScript (GET), in French and English", async () => {
    const response = await visitor().get("/verify");
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(missing(page, "<title>Vérifier un certificat · ", "<h1>Vérifier un certificat</h1>", 'action="/verify"', 'name="number"', "Numéro du certificat")).toEqual([]);
    expect(page).toMatch(/<form [^>]*action="\/verify" method="get">/);
    const en = await readPage(await visitor(EN).get("/verify"));
    expect(missing(en, "<h1>Check a certificate</h1>", "Certificate number")).toEqual([]);
    expect(en).not.toContain("Numéro du certificat");
  });

  it("sends a number typed loosely (lower case, spaces) to its certificate's address", async () => {
    const typed = ` ${awarded.toLowerCase()} `;
    const response = await visitor().get(`/verify?number=${encodeURIComponent(typed)}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/verify/${awarded}`);
  });

  it("shows the certificate: hospital, place, level, mention, referential, dates, signer and that it is valid", async () => {
    const response = await visitor().get(`/verify/${awarded}`);
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(
      missing(
        page,
        `<title>Certificat ${awarded} · `,
        `<h1>Certificat ${awarded}</h1>`,
        audited.establishment.name,
        "Thiès, Sénégal",
        'class="badge level level-silver">Argent<',
        MENTION.fr,
        "label-qss 2024",
        "Ce certificat est valide",
        "Statut : <strong>Valide</strong>",
        `du ${frDate(addDays(today, -30))} au ${frDate(addDays(today, 4 * 365))}`,
        "Claire Dupont, Directrice des relations internationales",
      ),
    ).toEqual([]);
    expect(page).toContain('class="certificate-status certificate-status-in-force"');
    // Nothing of the committee: its members, the computed level's justification.
    expect(page).not.toContain("Comité Confidentiel");
    expect(page).not.toContain("Membre Secret");
    expect(page).not.toContain("levelJustification");

    const en = await readPage(await visitor(EN).get(`/verify/${awarded}`));
    expect(missing(en, `<h1>Certificate ${awarded}</h1>`, "Thiès, Senegal", ">Silver<", MENTION.en, "This certificate is valid", "Status: <strong>Valid</strong>")).toEqual([]);
    expect(visible(en)).not.toContain(MENTION.fr);
  });

  it("says plainly when a certificate is suspended, revoked, annulled or expired: words and an icon in a red frame", async () => {
    const cases: [LabelFixture, string, string, string][] = [
      [labels.suspended, "‖", "Ce certificat est suspendu", "Suspendu"],
      [labels.revoked, "⛔", "Ce certificat a été retiré", "Retiré"],
      [labels.annulled, "⛔", "Ce certificat a été annulé", "Annulé"],
      [labels.expired, "✕", "Ce certificat a expiré", "Expiré"],
    ];
    for (const [label, icon, headline, word] of cases) {
      const response = await visitor().get(`/verify/${label.certificateNumber}`);
      expect(response.status, headline).toBe(200);
      const page = await readPage(response);
      expect(page, headline).toContain('class="certificate-status certificate-status-not-in-force"');
      expect(page, headline).toMatch(new RegExp(`<span aria-hidden="true">${icon}</span> ${headline}`));
      expect(page, headline).toContain(`Statut : <strong>${word}</strong>`);
      expect(page, headline).toContain(label.establishmentName);
      expect(page, headline).not.toContain("Ce certificat est valide");
    }
    const en = await readPage(await visitor(EN).get(`/verify/${labels.revoked.certificateNumber}`));
    expect(en).toContain("This certificate has been revoked");
  });

  it("answers 404 with a clear page, never a 500, for malformed numbers, in the path or the form", async () => {
    const wrongCheck = awarded.slice(0, -1) + (awarded.endsWith("0") ? "1" : "0");
    const inputs = [
      "' OR 1=1 --",
      `${awarded}'; DROP TABLE labels; --`,
      '"><script>alert(1)</script>',
      "x".repeat(10 * 1024),
      "LQS-2025-ÀÉÎÕÜ1234",
      "ＬＱＳ－２０２５－７Ｋ３Ｍ９Ｑ２Ｘ１",
      "😀".repeat(20),
      "../../etc/passwd",
      "..%2F..%2Fadmin",
      "\u0000\u202e",
      wrongCheck,
    ];
    for (const input of inputs) {
      for (const path of [`/verify/${encodeURIComponent(input)}`, `/verify?number=${encodeURIComponent(input)}`]) {
        const response = await followOnce(visitor(), path);
        const label = `${path.slice(0, 60)}…`;
        expect(response.status, label).toBe(404);
        const html = await response.text();
        // Shown back as text, never as markup.
        expect(html, label).not.toContain("<script>alert(1)");
        const page = await readPage(new Response(html));
        expect(page, label).toContain("<h1>Certificat introuvable</h1>");
        expect(page, label).toContain("Aucun certificat du label ne porte ce numéro");
        // What was typed comes back, cut short.
        expect(main(page), label).not.toContain("x".repeat(65));
      }
    }
    // Other shapes of address are the site's 404 page.
    expect((await visitor().get(`/verify/${awarded}/..%2F..%2Fadmin`)).status).toBe(404);
    // Still there, still valid.
    expect((await visitor().get(`/verify/${awarded}`)).status).toBe(200);
  });

  it("answers 404 for a well-formed number no certificate carries", async () => {
    const unknown = certificateNumber(2025, randomBytes(5));
    const response = await visitor(EN).get(`/verify/${unknown}`);
    expect(response.status).toBe(404);
    const page = await readPage(response);
    expect(missing(page, "<title>Certificate not found · ", "<h1>Certificate not found</h1>", unknown)).toEqual([]);
  });

  it("counts against the public limit per client address: past it, 429 with Retry-After", async () => {
    const address = "203.0.113.250";
    const now = new Date();
    await db.insert(rateLimitEvents).values(Array.from({ length: RATE_LIMITS.publicReadsPerClient.limit }, () => ({ bucket: "publicReadsPerClient", keyHash: hashToken(address), at: now })));
    const limited = new TestBrowser(server.baseUrl, { address });
    for (const path of [`/verify/${awarded}`, "/verify", "/labels", "/labels.json", "/labels.csv"]) {
      const response = await limited.get(path);
      expect(response.status, path).toBe(429);
      expect(Number(response.headers.get("retry-after")), path).toBeGreaterThan(0);
      await response.body?.cancel();
    }
    // Another address is not concerned.
    expect((await visitor().get(`/verify/${awarded}`)).status).toBe(200);
  });
});

const listed = () => [awarded, labels.gold.certificateNumber, labels.expiring.certificateNumber, labels.formula.certificateNumber];
const notListed = () => [labels.older, labels.expired, labels.suspended, labels.revoked, labels.annulled].map((l) => l.certificateNumber);

describe("/labels", () => {
  it("lists the labels valid or expiring today, each linked to its check; not the expired, suspended, revoked or annulled", async () => {
    const response = await visitor().get("/labels");
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(missing(page, "<title>Établissements labellisés · ", "<h1>Établissements labellisés</h1>", "Direction des relations internationales", "4 établissements labellisés")).toEqual([]);
    for (const number of listed()) expect(page).toContain(`href="/verify/${number}"`);
    for (const number of notListed()) expect(page).not.toContain(number);
    for (const name of ["(expiré)", "(suspendu)", "(retiré)", "(annulé)"]) expect(page).not.toContain(name);
    expect(missing(page, audited.establishment.name, "Hôpital Mère-Enfant de test (Or)", "Bingerville", "Côte d'Ivoire", 'class="badge level level-gold">Or<', "Centre hospitalier de test (bientôt échu)", "Lomé", "Togo")).toEqual([]);
    // The status of each, in words with its icon, as the domain reads it.
    const expiringStatus = labelStatus({ validFrom: addDays(today, -1400), validUntil: addDays(today, 40) }, [], today);
    expect(["valid", "expiring"]).toContain(expiringStatus);
    expect(page).toContain(expiringStatus === "expiring" ? "◔</span> Expire bientôt" : "✓</span> Valide");
    expect(page).toContain(frDate(addDays(today, 40)));
    // The open data of the same list.
    expect(missing(page, 'href="/labels.json"', 'href="/labels.csv"')).toEqual([]);
  });

  it("filters by country and by level in the URL, with a plain GET form, and keeps the filters in the data links", async () => {
    const page = await readPage(await visitor().get("/labels?country=CI"));
    expect(page).toMatch(/<form class="filters" role="search"[^>]*action="\/labels[?"][^>]*method="get">/);
    expect(page).toContain("1 établissement labellisé");
    expect(page).toContain(labels.gold.certificateNumber);
    expect(page).not.toContain(awarded);
    expect(page).toContain('<option value="CI" selected="">Côte d\'Ivoire</option>');
    expect(page).toContain('href="/labels.json?country=CI"');

    const bronze = await readPage(await visitor().get("/labels?level=bronze"));
    expect(bronze).toContain(labels.expiring.certificateNumber);
    expect(bronze).toContain(labels.formula.certificateNumber);
    expect(bronze).not.toContain(labels.gold.certificateNumber);
    expect(bronze).not.toContain(awarded);

    const none = await readPage(await visitor().get("/labels?country=SN&level=gold"));
    expect(none).toContain("Aucun établissement labellisé ne correspond à ces filtres.");
    // Unknown filters list everything rather than fail.
    const junk = await visitor().get(`/labels?country=${encodeURIComponent("' OR 1=1 --")}&level=platinum`);
    expect(junk.status).toBe(200);
    expect(await readPage(junk)).toContain("4 établissements labellisés");
  });

  it("is in English for an English reader", async () => {
    const page = await readPage(await visitor(EN).get("/labels?country=SN"));
    expect(missing(page, "<h1>Labelled hospitals</h1>", "1 labelled hospital", "Senegal", ">Silver<")).toEqual([]);
    expect(page).not.toContain("Établissements labellisés");
  });

  it("is linked from the sign-in page, as is the certificate check", async () => {
    const page = await readPage(await visitor().get("/login"));
    expect(missing(page, 'href="/labels"', 'href="/verify"', "Liste des établissements labellisés", "Vérifier un certificat par son numéro")).toEqual([]);
  });
});

describe("/labels.json", () => {
  it("is the same list with stable fields, in UTF-8, with the same filters", async () => {
    const response = await visitor().get("/labels.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBeNull();
    const body = (await response.json()) as { generatedAt: string; count: number; labels: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(["generatedAt", "count", "labels"]);
    expect(new Date(body.generatedAt).toISOString()).toBe(body.generatedAt);
    expect(body.count).toBe(4);
    expect(body.labels.map((l) => l.certificateNumber).sort()).toEqual(listed().sort());
    const thies = body.labels.find((l) => l.certificateNumber === awarded);
    expect(thies).toEqual({
      certificateNumber: awarded,
      establishment: audited.establishment.name,
      city: "Thiès",
      countryCode: "SN",
      country: { fr: "Sénégal", en: "Senegal" },
      level: "silver",
      levelName: { fr: "Argent", en: "Silver" },
      mention: MENTION,
      referential: "label-qss 2024",
      validFrom: addDays(today, -30),
      validUntil: addDays(today, 4 * 365),
      status: "valid",
      verifyUrl: `${server.baseUrl}/verify/${awarded}`,
    });
    expect(body.labels.find((l) => l.certificateNumber === labels.gold.certificateNumber)?.mention).toBeNull();

    const filtered = (await (await visitor().get("/labels.json?country=SN&level=silver")).json()) as typeof body;
    expect(filtered.count).toBe(1);
    expect(filtered.labels[0]!.certificateNumber).toBe(awarded);
    const none = (await (await visitor().get("/labels.json?level=gold&country=TG")).json()) as typeof body;
    expect(none).toMatchObject({ count: 0, labels: [] });
  });
});

describe("/labels.csv", () => {
  it("is the same rows as the registry export writes them: BOM, semicolons, formulas escaped, as an attachment", async () => {
    const response = await visitor().get("/labels.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="labels-aphp-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toBe(PUBLIC_LABEL_CSV_COLUMNS.join(";"));
    expect(lines.filter((l) => l !== "")).toHaveLength(1 + 4);
    const formula = lines.find((l) => l.startsWith(labels.formula.certificateNumber))!;
    // A name or city a spreadsheet would run is prefixed with an apostrophe (and quoted when it holds quotes).
    expect(formula).toContain(`;"'=HYPERLINK(""http://evil.example"",""Clinique"")";'-Bamako;ML;Mali;Mali;bronze;`);
    const thies = lines.find((l) => l.startsWith(awarded))!;
    expect(thies).toContain(`;Thiès;SN;Sénégal;Senegal;silver;Argent;Silver;${MENTION.fr};${MENTION.en};label-qss 2024;`);
    const filtered = Buffer.from(await (await visitor().get("/labels.csv?level=gold")).arrayBuffer()).toString("utf8");
    expect(filtered.split("\r\n").filter((l) => l !== "")).toHaveLength(2);
  });
});

describe("the establishment page of the registry", () => {
  const path = () => `/cooperations/establishments/${audited.establishment.id}`;

  it("shows the current label and every label the hospital held, with the certificate for the DRI", async () => {
    const admin = new TestBrowser(server.baseUrl);
    await admin.login(audited.admin.email);
    const response = await admin.get(path());
    expect(response.status).toBe(200);
    const page = await readPage(response);
    expect(page).not.toContain("Pas encore de label");
    expect(page).toMatch(/Label actuel : <span class="badge level level-silver">Argent<\/span> <span class="badge badge-success"><span aria-hidden="true">✓<\/span> Valide<\/span>/);
    expect(missing(page, "Historique des labels", "2 labels, du plus récent au plus ancien", awarded, labels.older.certificateNumber, "label-qss 2019", "label-qss 2024", "Expiré", frDate("2023-02-28"))).toEqual([]);
    // Newest first.
    expect(page.indexOf(`<th scope="row" class="nowrap">${awarded}`)).toBeLessThan(page.indexOf(`<th scope="row" class="nowrap">${labels.older.certificateNumber}`));
    for (const number of [awarded, labels.older.certificateNumber]) {
      expect(page).toContain(`href="/verify/${number}"`);
      expect(page).toContain(`href="/labels/${number}/certificate.pdf"`);
    }
    // Nothing of the committee on the registry page either.
    expect(page).not.toContain("Comité Confidentiel");
  });

  it("gives the certificate to the hospital's own staff, not to an auditor", async () => {
    const coordinator = new TestBrowser(server.baseUrl);
    await coordinator.login(audited.coordinator.email, AUDIT_FIXTURE_PASSWORD);
    const own = await readPage(await coordinator.get(path()));
    expect(own).toContain(`href="/labels/${awarded}/certificate.pdf"`);

    const auditor = new TestBrowser(server.baseUrl);
    await auditor.login(audited.lead.email, AUDIT_FIXTURE_PASSWORD);
    const read = await auditor.get(path());
    expect(read.status).toBe(200);
    const page = await readPage(read);
    expect(page).toContain("Historique des labels");
    expect(page).toContain(`href="/verify/${awarded}"`);
    expect(page).not.toContain("certificate.pdf");
  });

  it("still says there is no label yet for a hospital without one", async () => {
    const admin = new TestBrowser(server.baseUrl);
    await admin.login(audited.admin.email);
    const [fann] = await db.select({ id: establishments.id }).from(establishments).where(like(establishments.name, "%Fann%")).limit(1);
    const page = await readPage(await admin.get(`/cooperations/establishments/${fann!.id}`));
    expect(page).toContain("Pas encore de label");
    // What a label takes, and where the labelled hospitals are listed: not a promise that it "will appear here".
    expect(page).toContain("Le comité de labellisation décerne le label au terme d'une démarche de labellisation");
    expect(page).toMatch(/href="\/labels"[^>]*>Voir la liste publique des établissements labellisés<\/a>/);
    expect(page).not.toContain("apparaîtront ici");
  });
});

describe("the external accreditation of a referential version", () => {
  const version2024 = async () =>
    (await db.select({ id: referentialVersions.id }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024"))))[0]!.id;

  it("is recorded by the DRI beside a published version, kept in its history, and shown on the version page and the certificate check", async () => {
    const admin = new TestBrowser(server.baseUrl);
    await admin.login(audited.admin.email);
    const versionId = await version2024();
    const form = await readPage(await admin.get("/admin/referentials"));
    expect(form).toContain("Accréditation externe");
    expect(form).toContain(`id="accredit-${versionId}"`);

    // A refused form comes back with what was typed.
    const refused = await admin.post("/admin/referentials", { intent: "accredit", versionId, body: "", accreditedOn: "2025-02-30", reference: "ISQua-EEA-2025-042" });
    expect(refused.status).toBe(400);
    const again = await readPage(refused);
    expect(again).toContain('value="ISQua-EEA-2025-042"');
    expect(again).toContain("Ce champ est obligatoire.");
    expect(again).toContain("Saisissez une date valide.");

    const saved = await admin.post("/admin/referentials", { intent: "accredit", versionId, body: "ISQua", accreditedOn: "2025-06-15", reference: "ISQua-EEA-2025-042" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/admin/referentials?done=accredit&version=${versionId}`);
    const admin2 = await readPage(await admin.get(saved.headers.get("location")!));
    expect(missing(admin2, "Accréditation de la version label-qss 2024 enregistrée.", "Accrédité par ISQua le 15/06/2025 (réf. ISQua-EEA-2025-042)", "Accréditation externe enregistrée", "Organisme accréditeur")).toEqual([]);

    const version = await readPage(await admin.get("/referentials/label-qss/2024"));
    expect(version).toContain("Accrédité par ISQua le 15/06/2025 (réf. ISQua-EEA-2025-042)");
    const en = new TestBrowser(server.baseUrl, { language: EN, lng: "en" });
    await en.login(audited.lead.email, AUDIT_FIXTURE_PASSWORD);
    expect(await readPage(await en.get("/referentials/label-qss/2024"))).toContain("Accredited by ISQua on 15/06/2025 (ref. ISQua-EEA-2025-042)");

    const check = await readPage(await visitor().get(`/verify/${awarded}`));
    expect(check).toContain("Accrédité par ISQua le 15/06/2025 (réf. ISQua-EEA-2025-042)");
  });

  it("is refused to anyone but the DRI (403), through the page and the service", async () => {
    const coordinator = new TestBrowser(server.baseUrl);
    await coordinator.login(audited.coordinator.email, AUDIT_FIXTURE_PASSWORD);
    const versionId = await version2024();
    const response = await coordinator.post("/admin/referentials", { intent: "accredit", versionId, body: "Faux organisme", accreditedOn: "2025-06-15" });
    expect(response.status).toBe(403);
    await expect(recordAccreditation(db, audited.coordinator, versionId, { body: "Faux organisme", accreditedOn: "2025-06-15" })).rejects.toMatchObject({ id: "label.forbidden" });
    await expect(recordAccreditation(db, audited.admin, versionId, { body: " ", accreditedOn: "2025-06-15" })).rejects.toMatchObject({ id: "label.accreditation_invalid", field: "body" });
    const page = await readPage(await visitor().get(`/verify/${awarded}`));
    expect(page).not.toContain("Faux organisme");
  });
});
