import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { applications, auditTrailEvents, establishments, labellingProcesses, outbox, referentialVersions, users } from "#db/schema.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let versionId: string;

beforeAll(async () => {
  // Behind a trusted proxy, so each test can come from its own address (the rate limit counts per address).
  server = await startTestServer({ env: { TRUST_PROXY: "true" } });
  await importShippedReferentials(server.database.db);
  const [v2024] = await server.database.db
    .select()
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  versionId = v2024!.id;
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const browser = (language?: string) => new TestBrowser(server.baseUrl, { language });

/** Posts the public form from a given client address. */
async function apply(b: TestBrowser, address: string, fields: Record<string, string>) {
  await b.get("/apply");
  const body = new URLSearchParams(fields);
  const csrf = b.cookie("label_csrf");
  if (csrf) body.set("csrf", csrf);
  return b.request("/apply", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
  });
}

const valid = (overrides: Record<string, string> = {}) => ({
  establishmentName: "Hôpital Régional de Ziguinchor",
  countryCode: "SN",
  city: "Ziguinchor",
  contactName: "Fatou Diallo",
  contactEmail: "fatou.diallo@hr-ziguinchor.example.sn",
  language: "fr",
  motivation: "Nous voulons structurer notre démarche qualité avec l'appui de l'AP-HP.",
  cooperationLink: "Jumelage avec l'hôpital Necker (pédiatrie)",
  ...overrides,
});

const countApplications = async (name: string) =>
  (await server.database.db.select().from(applications).where(eq(applications.establishmentName, name))).length;

describe("the public application page", () => {
  it("is linked from the login page and served without signing in, in French and English", async () => {
    const login = await readPage(await browser().get("/login"));
    expect(login).toContain("Votre établissement souhaite rejoindre le label ?");
    expect(login).toContain('href="/apply"');
    const fr = await browser().get("/apply");
    expect(fr.status).toBe(200);
    const frHtml = await readPage(fr);
    expect(frHtml).toContain("<h1>Candidater au label</h1>");
    expect(frHtml).toContain(">Sénégal</option>");
    expect(frHtml).toMatch(/aria-hidden="true"[^>]*>[\s\S]*?tabindex="-1"/i);
    const en = await readPage(await browser("en-GB").get("/apply"));
    expect(en).toContain("<h1>Apply for the label</h1>");
    expect(en).toContain(">Senegal</option>");
  });

  it("answers missing fields and a bad e-mail with 400, clear messages, and keeps what was typed", async () => {
    const response = await apply(browser(), "198.51.100.1", { establishmentName: "Clinique Sans Ville", contactEmail: "pas-une-adresse", motivation: "Texte gardé" });
    expect(response.status).toBe(400);
    const html = await readPage(response);
    expect(html).toContain("Ce champ est obligatoire.");
    expect(html).toContain("Saisissez une adresse e-mail valide");
    expect(html).toContain('value="Clinique Sans Ville"');
    expect(html).toContain('value="pas-une-adresse"');
    expect(html).toContain("Texte gardé</textarea>");
    expect(await countApplications("Clinique Sans Ville")).toBe(0);
  });

  it("pretends success to robots that fill in the honeypot, and stores nothing", async () => {
    const response = await apply(browser(), "198.51.100.2", { ...valid({ establishmentName: "Spam Hospital" }), website: "http://spam.example" });
    expect(response.status).toBe(200);
    expect(await readPage(response)).toContain("Votre candidature a bien été reçue");
    expect(await countApplications("Spam Hospital")).toBe(0);
  });

  it("accepts five applications per address per hour and refuses the sixth", async () => {
    const b = browser();
    for (let i = 1; i <= 5; i++) {
      const response = await apply(b, "198.51.100.3", valid({ establishmentName: `Centre de santé n° ${i}`, city: "Kaolack" }));
      expect(response.status, `application ${i}`).toBe(200);
    }
    const sixth = await apply(b, "198.51.100.3", valid({ establishmentName: "Centre de santé n° 6", city: "Kaolack" }));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    const page = await readPage(sixth);
    expect(page).toContain("Trop de candidatures");
    expect(page).toMatch(/Réessayez dans \d+ minutes/);
    expect(await countApplications("Centre de santé n° 6")).toBe(0);
    // Another address is not affected.
    expect((await apply(b, "198.51.100.4", valid({ establishmentName: "Centre de santé n° 6", city: "Kaolack" }))).status).toBe(200);
  });

  it("tells a hospital that already has a pending application so", async () => {
    const first = await apply(browser(), "198.51.100.5", valid({ establishmentName: "Hôpital de la Paix", city: "Ziguinchor" }));
    expect(first.status).toBe(200);
    const again = await apply(browser("en-GB"), "198.51.100.6", valid({ establishmentName: "  HOPITAL DE LA PAIX ", city: "ziguinchor", language: "en" }));
    expect(again.status).toBe(409);
    expect(await readPage(again)).toContain("An application from this hospital is already under review");
    const [row] = await server.database.db.select().from(applications).where(eq(applications.establishmentName, "Hôpital de la Paix"));
    expect(row!.status).toBe("pending");
  });
});

describe("the DRI decides", () => {
  async function pendingId(name: string) {
    const [row] = await server.database.db.select().from(applications).where(eq(applications.establishmentName, name));
    return row!.id;
  }

  it("lists applications, pending first, for DRI admins only", async () => {
    const admin = browser();
    await admin.login("admin@label.example.org");
    const list = await admin.get("/admin/applications");
    expect(list.status).toBe(200);
    const html = await readPage(list);
    expect(html).toContain("Hôpital de la Paix");
    expect(html).toContain('href="/admin/applications"');
    const hospital = browser();
    await hospital.login("touba@label.example.org");
    expect((await hospital.get("/admin/applications")).status).toBe(403);
    expect((await hospital.get(`/admin/applications/${await pendingId("Hôpital de la Paix")}`)).status).toBe(403);
  });

  it("accepts: creates the establishment, opens its process and invites the contact as coordinator", async () => {
    await apply(browser(), "198.51.100.7", valid({ contactEmail: "Fatou.Diallo@hr-ziguinchor.example.sn" }));
    const id = await pendingId("Hôpital Régional de Ziguinchor");
    const admin = browser();
    await admin.login("admin@label.example.org");
    const detail = await readPage(await admin.get(`/admin/applications/${id}`));
    expect(detail).toContain("Jumelage avec l'hôpital Necker (pédiatrie)");
    const response = await admin.post(`/admin/applications/${id}`, { intent: "accept", referentialVersionId: versionId });
    expect(response.status).toBe(302);
    const db = server.database.db;
    const [app] = await db.select().from(applications).where(eq(applications.id, id));
    expect(app!.status).toBe("accepted");
    const [est] = await db.select().from(establishments).where(eq(establishments.name, "Hôpital Régional de Ziguinchor"));
    expect(est).toMatchObject({ countryCode: "SN", city: "Ziguinchor" });
    expect(app!.establishmentId).toBe(est!.id);
    const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.establishmentId, est!.id));
    expect(process).toMatchObject({ id: app!.processId, referentialVersionId: versionId, state: "self_assessment" });
    const [user] = await db.select().from(users).where(eq(users.email, "fatou.diallo@hr-ziguinchor.example.sn"));
    expect(user).toMatchObject({ role: "hospital", isCoordinator: true, establishmentId: est!.id, language: "fr", passwordHash: null });
    // The applicant was acknowledged on submission; the invitation comes on acceptance.
    const messages = await db.select().from(outbox).where(eq(outbox.toEmail, "fatou.diallo@hr-ziguinchor.example.sn"));
    expect(messages.some((m) => m.kind === "application_received")).toBe(true);
    expect(messages.filter((m) => m.kind === "invitation")).toHaveLength(1);
    const message = messages.find((m) => m.kind === "invitation");
    expect(message!.link).toContain("/invitation/");
    const audit = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "application"), eq(auditTrailEvents.entityId, id)));
    expect(audit.map((e) => e.action)).toEqual(["application.accept"]);
    expect(await readPage(await admin.get(`/admin/applications/${id}?done=accepted`))).toContain("Candidature acceptée");
  });

  it("links an existing establishment, and refuses clearly (changing nothing) when it already has an open process or the contact has an account", async () => {
    const db = server.database.db;
    const admin = browser();
    await admin.login("admin@label.example.org");
    // Fann exists in the registry (seeded): the application links it.
    await apply(browser(), "198.51.100.8", valid({ establishmentName: "CNHU de FANN", city: "Dakar", contactEmail: "qualite@fann.example.sn" }));
    const fannApp = await pendingId("CNHU de FANN");
    expect((await admin.post(`/admin/applications/${fannApp}`, { intent: "accept", referentialVersionId: versionId })).status).toBe(302);
    const [fann] = await db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
    const [linked] = await db.select().from(applications).where(eq(applications.id, fannApp));
    expect(linked!.establishmentId).toBe(fann!.id);
    expect(await db.select().from(establishments).where(eq(establishments.name, "CNHU de FANN"))).toEqual([]);

    // A second one for Fann: its process is open.
    await apply(browser(), "198.51.100.9", valid({ establishmentName: "CNHU de Fann", city: "Dakar", contactEmail: "autre@fann.example.sn" }));
    const second = await pendingId("CNHU de Fann");
    const refused = await admin.post(`/admin/applications/${second}`, { intent: "accept", referentialVersionId: versionId });
    expect(refused.status).toBe(409);
    expect(await readPage(refused)).toContain("Cet établissement a déjà une démarche de labellisation en cours");
    expect((await db.select().from(applications).where(eq(applications.id, second)))[0]!.status).toBe("pending");
    expect(await db.select().from(users).where(eq(users.email, "autre@fann.example.sn"))).toEqual([]);

    // The contact already has an account.
    await apply(browser(), "198.51.100.10", valid({ establishmentName: "Hôpital de Mbour", city: "Mbour", contactEmail: "touba@label.example.org" }));
    const third = await pendingId("Hôpital de Mbour");
    const taken = await admin.post(`/admin/applications/${third}`, { intent: "accept", referentialVersionId: versionId });
    expect(taken.status).toBe(409);
    expect(await readPage(taken)).toContain("Un compte existe déjà avec l'adresse e-mail de la personne à contacter");
    expect((await db.select().from(applications).where(eq(applications.id, third)))[0]!.status).toBe("pending");
    expect(await db.select().from(establishments).where(eq(establishments.name, "Hôpital de Mbour"))).toEqual([]);
  });

  it("declines with a reason sent to the applicant in their language", async () => {
    await apply(browser("en-GB"), "198.51.100.11", valid({ establishmentName: "Lagos Island General Hospital", countryCode: "NG", city: "Lagos", contactEmail: "quality@lagos.example.ng", language: "en" }));
    const id = await pendingId("Lagos Island General Hospital");
    const admin = browser();
    await admin.login("admin@label.example.org");
    const empty = await admin.post(`/admin/applications/${id}`, { intent: "decline", reason: "" });
    expect(empty.status).toBe(400);
    const response = await admin.post(`/admin/applications/${id}`, { intent: "decline", reason: "No AP-HP cooperation exists with your hospital yet." });
    expect(response.status).toBe(302);
    const db = server.database.db;
    const [app] = await db.select().from(applications).where(eq(applications.id, id));
    expect(app).toMatchObject({ status: "declined", declineReason: "No AP-HP cooperation exists with your hospital yet." });
    const [message] = await db.select().from(outbox).where(and(eq(outbox.toEmail, "quality@lagos.example.ng"), eq(outbox.kind, "application_declined")));
    expect(message).toMatchObject({ kind: "application_declined", language: "en" });
    expect(message!.subject).toBe("Your application for the AP-HP quality and safety of care label");
    expect(message!.body).toContain("Dear Fatou Diallo");
    expect(message!.body).toContain("No AP-HP cooperation exists with your hospital yet.");
    const audit = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "application"), eq(auditTrailEvents.entityId, id)));
    expect(audit.map((e) => e.action)).toEqual(["application.decline"]);
    // Decided once only.
    const again = await admin.post(`/admin/applications/${id}`, { intent: "decline", reason: "Twice" });
    expect(again.status).toBe(409);
  });
});
