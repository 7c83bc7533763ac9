import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureRegistry, loadRegistrySeed } from "#app/services/registry/registry-seed.server.ts";
import { auditTrailEvents, cooperationProjects, establishments, frameworkAgreements, projectEstablishments, users } from "#db/schema.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: TestServer["database"]["db"];
beforeAll(async () => {
  server = await startTestServer();
  db = server.database.db;
  await ensureRegistry(db);
});
afterAll(async () => {
  await server?.close();
});

// An English browser: the reader also chose English on the login page (else the account's language would win).
const browser = (language?: string) => new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
async function signedIn(email: string, language?: string) {
  const b = browser(language);
  await b.login(email);
  return b;
}
const idOf = async (table: typeof establishments, name: string) => (await db.select({ id: table.id }).from(table).where(eq(table.name, name)))[0]!.id;
const projectBySeed = async (key: string) => (await db.select().from(cooperationProjects).where(eq(cooperationProjects.seedKey, key)))[0]!;
const countProjects = async () => (await db.select({ n: count() }).from(cooperationProjects))[0]!.n;
const countAudit = async () => (await db.select({ n: count() }).from(auditTrailEvents))[0]!.n;

/** A valid project form, as the browser posts it. */
function projectForm(overrides: Record<string, string> = {}, siteId: string, establishmentId: string) {
  return {
    titleFr: "Formation en hygiène hospitalière",
    titleEn: "Training in hospital hygiene",
    theme: "infectious",
    status: "active",
    startYear: "2024",
    endYear: "2026",
    establishmentIds: establishmentId,
    siteIds: siteId,
    "fundings[0].source": "dgos_migac",
    "fundings[0].call": "MIGAC 2024",
    "fundings[0].year": "2024",
    "fundings[0].amountEur": "12000",
    ...overrides,
  };
}

async function anySiteId() {
  const page = await readPage(await (await signedIn("admin@label.example.org")).get("/cooperations/sites"));
  return /\/cooperations\/sites\/([0-9a-f-]{36})/.exec(page)![1]!;
}

describe("the seeded registry", () => {
  it("holds the projects, establishments, countries and agreements the documents name, with the demo hospitals enriched", async () => {
    const [p] = await db.select({ n: count() }).from(cooperationProjects);
    const [a] = await db.select({ n: count() }).from(frameworkAgreements);
    const ests = await db.select().from(establishments);
    expect(p!.n).toBeGreaterThanOrEqual(40);
    expect(a!.n).toBeGreaterThanOrEqual(25);
    expect(ests.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ests.map((e) => e.countryCode)).size).toBeGreaterThanOrEqual(25);
    const touba = ests.filter((e) => e.city === "Touba");
    expect(touba).toHaveLength(1);
    expect(touba[0]!.notes).toContain("000_857dd8b5e647b472.txt");
    expect(ests.filter((e) => e.name === "CNHU de Fann")).toHaveLength(1);
    // PRPH4 projects led by other French hospitals are not AP-HP cooperations.
    expect(await db.select().from(cooperationProjects).where(sql`${cooperationProjects.search} like '%kamenge%'`)).toHaveLength(0);
    // Every project names its source documents.
    expect(await db.select().from(cooperationProjects).where(sql`${cooperationProjects.sources} is null`)).toHaveLength(0);
  });

  it("reloads without duplicating anything, and only loads at start when the registry is empty", async () => {
    const before = await countProjects();
    const report = await loadRegistrySeed(db);
    expect(report.projects.created).toBe(0);
    expect(report.establishments.created).toBe(0);
    expect(await countProjects()).toBe(before);
    expect(await ensureRegistry(db)).toBeNull();
  });
});

describe("list, filters and search", () => {
  it("filters by country and theme from the URL, in combination, and searches without accents", async () => {
    const b = await signedIn("admin@label.example.org");
    const all = await readPage(await b.get("/cooperations"));
    expect(all).toContain("<h1>Registre des coopérations</h1>");
    const togo = await readPage(await b.get("/cooperations?country=TG&theme=infectious"));
    expect(togo).toContain("One Health Togo 2");
    expect(togo).not.toContain("Transplantation hépatique");
    expect(togo).toMatch(/2 projets sur \d+ correspondent aux filtres/);
    const search = await readPage(await b.get("/cooperations?q=LOME"));
    expect(search).toContain("Santé de la mère et de l'enfant et urgences aux CHU de Lomé et de Kara");
    // Pagination: 25 per page, and the second page exists.
    expect(all).toContain('rel="next"');
    expect((await b.get("/cooperations?page=2")).status).toBe(200);
  });

  it("answers in English with English titles and theme names", async () => {
    const b = await signedIn("admin@label.example.org", "en-GB");
    const page = await readPage(await b.get("/cooperations?theme=surgery"));
    expect(page).toContain("<h1>Cooperation registry</h1>");
    expect(page).toContain("Support for kidney transplantation in Cuba");
    expect(page).toContain("Surgery, transplantation");
  });
});

describe("authorization", () => {
  it("lets a hospital user read its own establishment and projects only, never edit", async () => {
    const touba = await idOf(establishments, "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    const fann = await idOf(establishments, "CNHU de Fann");
    const fannProject = await projectBySeed("label-fann-2025");
    const toubaProject = await projectBySeed("label-chncak-2025");
    const b = await signedIn("touba@label.example.org");
    const own = await b.get(`/cooperations/our-establishment`);
    expect(own.headers.get("location")).toBe(`/cooperations/establishments/${touba}`);
    expect((await b.get(`/cooperations/establishments/${touba}`)).status).toBe(200);
    expect((await b.get(`/cooperations/projects/${toubaProject.id}`)).status).toBe(200);
    // Someone else's establishment and projects: as if they did not exist, for the page and its data request.
    expect((await b.get(`/cooperations/establishments/${fann}`)).status).toBe(404);
    expect((await b.get(`/cooperations/projects/${fannProject.id}`)).status).toBe(404);
    expect((await b.get(`/cooperations/projects/${fannProject.id}.data`)).status).toBe(404);
    const list = await readPage(await b.get("/cooperations"));
    expect(list).toContain("Démarche de labellisation du CHNCAK");
    expect(list).not.toContain("CNHU de Fann");
    const csv = await (await b.get("/cooperations/export.csv")).text();
    expect(csv).not.toContain(fannProject.id);
    expect(csv).toContain(toubaProject.id);
    // Read-only, even on its own records.
    expect((await b.get(`/cooperations/establishments/${touba}/edit`)).status).toBe(403);
    const post = await b.post(`/cooperations/establishments/${touba}/edit`, { name: "Autre nom", shortName: "X", city: "Touba", countryCode: "SN" });
    expect(post.status).toBe(403);
    expect((await b.post(`/cooperations/projects/${toubaProject.id}`, { intent: "close" })).status).toBe(403);
    expect((await b.get("/cooperations/dashboard")).status).toBe(403);
    expect((await b.get("/cooperations/import")).status).toBe(403);
    const [still] = await db.select().from(establishments).where(eq(establishments.id, touba));
    expect(still!.name).toContain("CHNCAK");
  });

  it("lets an auditor read everything and change nothing", async () => {
    const b = await signedIn("auditeur@label.example.org");
    expect((await b.get("/cooperations/dashboard")).status).toBe(200);
    const fannProject = await projectBySeed("label-fann-2025");
    expect((await b.get(`/cooperations/projects/${fannProject.id}`)).status).toBe(200);
    expect((await b.get("/cooperations/projects/new")).status).toBe(403);
    expect((await b.post(`/cooperations/projects/${fannProject.id}`, { intent: "close" })).status).toBe(403);
  });

  it("sends anonymous visitors to sign in", async () => {
    const response = await browser().get("/cooperations/export.csv");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("creating, editing and closing a project", () => {
  it("creates, edits and closes, recording each step in the history", async () => {
    const b = await signedIn("admin@label.example.org");
    const siteId = await anySiteId();
    const estId = await idOf(establishments, "CHU de Kara");
    const created = await b.post("/cooperations/projects/new", projectForm({}, siteId, estId));
    expect(created.status).toBe(302);
    const id = /projects\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1]!;
    const edited = await b.post(`/cooperations/projects/${id}/edit`, projectForm({ titleFr: "Formation en hygiène (phase 2)" }, siteId, estId));
    expect(edited.headers.get("location")).toBe(`/cooperations/projects/${id}?saved=update`);
    const closed = await b.post(`/cooperations/projects/${id}`, { intent: "close" });
    expect(closed.status).toBe(302);
    const [row] = await db.select().from(cooperationProjects).where(eq(cooperationProjects.id, id));
    expect(row).toMatchObject({ titleFr: "Formation en hygiène (phase 2)", status: "closed", endYear: 2026 });
    const events = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "cooperation_project"), eq(auditTrailEvents.entityId, id)));
    expect(events.map((e) => e.action).sort()).toEqual(["project.close", "project.create", "project.update"]);
    const page = await readPage(await b.get(`/cooperations/projects/${id}`));
    expect(page).toContain("Projet clôturé");
    expect(page).toContain("Titre (français) : Formation en hygiène hospitalière → Formation en hygiène (phase 2)");
  });

  it("says a closed project is already closed, and answers 404 for a project that does not exist", async () => {
    const b = await signedIn("admin@label.example.org");
    const siteId = await anySiteId();
    const estId = await idOf(establishments, "CHU de Kara");
    const created = await b.post("/cooperations/projects/new", projectForm({ titleFr: "Appui à la stérilisation", titleEn: "Support for sterilisation" }, siteId, estId));
    const id = /projects\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1]!;
    expect((await b.post(`/cooperations/projects/${id}`, { intent: "close" })).status).toBe(302);
    const again = await b.post(`/cooperations/projects/${id}`, { intent: "close" });
    expect(again.status).toBe(409);
    expect(await readPage(again)).toContain("Ce projet est déjà clôturé.");
    const nowhere = "00000000-0000-4000-8000-000000000000";
    expect((await b.post(`/cooperations/projects/${nowhere}/edit`, projectForm({}, siteId, estId))).status).toBe(404);
    expect((await b.post(`/cooperations/projects/${nowhere}`, { intent: "close" })).status).toBe(404);
  });

  it("refuses bad input with a message on the field, and saves nothing", async () => {
    const b = await signedIn("admin@label.example.org");
    const siteId = await anySiteId();
    const estId = await idOf(establishments, "CHU de Kara");
    const before = await countProjects();
    const cases: [Record<string, string>, string][] = [
      [{ startYear: "2024", endYear: "2020" }, "L'année de fin ne peut pas précéder l'année de début."],
      [{ "fundings[0].amountEur": "-100" }, "Le montant ne peut pas être négatif."],
      [{ establishmentIds: "", partnerInstitution: "Ministère", partnerCountryCode: "XX" }, "Pays inconnu"],
      [{ establishmentIds: "" }, "Choisissez au moins un établissement partenaire, ou indiquez l'institution partenaire et son pays."],
      [{ siteIds: "" }, "Choisissez au moins un hôpital ou site de l'AP-HP."],
    ];
    for (const [overrides, message] of cases) {
      const response = await b.post("/cooperations/projects/new", projectForm(overrides, siteId, estId));
      expect(response.status, message).toBe(400);
      const html = await readPage(response);
      expect(html).toContain(message);
      // What was typed is kept.
      expect(html).toContain('value="Formation en hygiène hospitalière"');
    }
    // A hand-made post with the fundings as one plain value (fuzzing found a 500 there): refused, the form shown again.
    const plainFundings = await b.post("/cooperations/projects/new", { titleFr: "Formation en hygiène hospitalière", fundings: "abc" });
    expect(plainFundings.status).toBe(400);
    const plainFundingsPage = await readPage(plainFundings);
    expect(plainFundingsPage).toContain('value="Formation en hygiène hospitalière"');
    expect(plainFundingsPage).toContain('name="fundings[0].source"'); // the funding rows, empty, to fill in

    const en = await signedIn("admin@label.example.org", "en-GB");
    const english = await readPage(await en.post("/cooperations/projects/new", projectForm({ startYear: "2024", endYear: "2020" }, siteId, estId)));
    expect(english).toContain("The end year cannot be before the start year.");
    expect(await countProjects()).toBe(before);
  });

  it("refuses a duplicate establishment (same name and city, accents aside)", async () => {
    const b = await signedIn("admin@label.example.org");
    const response = await b.post("/cooperations/establishments/new", { name: "Chu de Kara", shortName: "Kara", city: "KARA", countryCode: "TG" });
    expect(response.status).toBe(400);
    expect(await readPage(response)).toContain("Un établissement de même nom existe déjà dans cette ville.");
    const unknown = await b.post("/cooperations/establishments/new", { name: "Hôpital X", shortName: "X", city: "Y", countryCode: "QQ" });
    expect(await readPage(unknown)).toContain("Pays inconnu");
  });
});

describe("AP-HP hospitals and sites", () => {
  it("lets the DRI add and rename a site, keeps the history and finds its projects under the new name", async () => {
    const b = await signedIn("admin@label.example.org");
    const siteId = await anySiteId();
    const estId = await idOf(establishments, "CHU de Kara");
    const project = await b.post("/cooperations/projects/new", projectForm({ titleFr: "Jumelage des blocs opératoires" }, siteId, estId));
    expect(project.status).toBe(302);
    const before = await readPage(await b.get(`/cooperations/sites/${siteId}/edit`));
    const oldName = /name="name"[^>]*value="([^"]+)"/.exec(before)?.[1] ?? /value="([^"]+)"[^>]*name="name"/.exec(before)![1]!;

    const edited = await b.post(`/cooperations/sites/${siteId}/edit`, { name: "Hôpital Renommé-Exemple", shortName: "HRE", kind: "hospital", city: "Paris" });
    expect(edited.headers.get("location")).toBe(`/cooperations/sites/${siteId}?saved=update`);
    const page = await readPage(await b.get(`/cooperations/sites/${siteId}`));
    expect(page).toContain("Hôpital Renommé-Exemple");
    expect(page).toContain(`Nom : ${oldName.replace(/&#x27;/g, "'")} → Hôpital Renommé-Exemple`.replace(/'/g, "&#x27;"));
    // Projects are searchable under the site's new name at once (accents ignored).
    const found = await readPage(await b.get("/cooperations?q=hopital+renomme"));
    expect(found).toContain("Jumelage des blocs opératoires");

    const created = await b.post("/cooperations/sites/new", { name: "Hôpital Exemple-Nouveau", shortName: "HEN", kind: "hospital" });
    expect(created.status).toBe(302);
    const duplicate = await b.post("/cooperations/sites/new", { name: "Hôpital Exemple-Nouveau", shortName: "HEN2", kind: "hospital", city: "Créteil" });
    expect(duplicate.status).toBe(400);
    const html = await readPage(duplicate);
    expect(html).toContain("Un hôpital ou site de ce nom existe déjà.");
    expect(html).toContain('value="Créteil"');
    const events = await db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityType, "ap_hp_site"));
    expect(events.map((e) => e.action).sort()).toEqual(["site.create", "site.update"]);
  });

  it("lets auditors read sites but not edit them", async () => {
    const auditor = await signedIn("auditeur@label.example.org");
    const siteId = await anySiteId();
    expect((await auditor.get(`/cooperations/sites/${siteId}`)).status).toBe(200);
    expect((await auditor.get(`/cooperations/sites/${siteId}/edit`)).status).toBe(403);
    expect((await auditor.post(`/cooperations/sites/${siteId}/edit`, { name: "X", shortName: "X", kind: "hospital" })).status).toBe(403);
    expect((await auditor.post("/cooperations/sites/new", { name: "X", shortName: "X", kind: "hospital" })).status).toBe(403);
  });
});

describe("merging duplicates", () => {
  it("moves projects, agreements and users to the record kept, and records it", async () => {
    const b = await signedIn("admin@label.example.org");
    const created = await b.post("/cooperations/establishments/new", { name: "CHN Cheikh Ahmadou Khadim", shortName: "CHNCAK bis", city: "Touba", countryCode: "SN" });
    const dupId = /establishments\/([0-9a-f-]{36})/.exec(created.headers.get("location")!)![1]!;
    const keepId = await idOf(establishments, "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
    const siteId = await anySiteId();
    const project = await b.post("/cooperations/projects/new", projectForm({ titleFr: "Projet du doublon" }, siteId, dupId));
    const projectId = /projects\/([0-9a-f-]{36})/.exec(project.headers.get("location")!)![1]!;
    await db.insert(users).values({ email: "doublon@chncak.example.sn", name: "Compte du doublon", role: "hospital", establishmentId: dupId });
    await b.post("/cooperations/agreements/new", { establishmentId: dupId, status: "active", signedOn: "2024" });

    const refused = await b.post(`/cooperations/establishments/${keepId}/merge`, { duplicateId: dupId });
    expect(refused.status).toBe(400);
    expect(await readPage(refused)).toContain("Cochez la case pour confirmer.");
    const merged = await b.post(`/cooperations/establishments/${keepId}/merge`, { duplicateId: dupId, confirm: "on" });
    expect(merged.headers.get("location")).toBe(`/cooperations/establishments/${keepId}?saved=merge`);

    const links = await db.select().from(projectEstablishments).where(eq(projectEstablishments.projectId, projectId));
    expect(links.map((l) => l.establishmentId)).toEqual([keepId]);
    const [user] = await db.select().from(users).where(eq(users.email, "doublon@chncak.example.sn"));
    expect(user!.establishmentId).toBe(keepId);
    expect(await db.select().from(frameworkAgreements).where(eq(frameworkAgreements.establishmentId, dupId))).toHaveLength(0);
    const [dup] = await db.select().from(establishments).where(eq(establishments.id, dupId));
    expect(dup!.mergedIntoId).toBe(keepId);
    const page = await readPage(await b.get(`/cooperations/establishments/${keepId}`));
    expect(page).toContain("Doublon fusionné dans cette fiche");
    expect(page).toContain("Projet du doublon");
    // The duplicate is no longer offered in lists.
    expect(await readPage(await b.get("/cooperations/establishments"))).not.toContain("CHNCAK bis");
  });
});

describe("export and import", () => {
  it("exports CSV that a French Excel opens (BOM, semicolons, accents) and XLSX", async () => {
    const b = await signedIn("admin@label.example.org");
    const response = await b.get("/cooperations/export.csv?country=TG");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="cooperations-.*\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.split("\r\n")[0]).toMatch(/^\uFEFFid;title_fr;title_en;theme;/);
    expect(text).toContain("Santé de la mère et de l'enfant et urgences aux CHU de Lomé et de Kara");
    expect(text).not.toContain("Transplantation hépatique");
    const xlsx = await b.get("/cooperations/export.xlsx?country=TG");
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const xbytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(xbytes[0]!, xbytes[1]!)).toBe("PK");
  });

  async function upload(b: TestBrowser, content: string | Uint8Array, name = "projets.csv") {
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([typeof content === "string" ? content : Buffer.from(content)], name, { type: "text/csv" }));
    return b.request("/cooperations/import", { method: "POST", body: form });
  }

  it("round-trips: exporting then importing on the same database changes nothing", async () => {
    const b = await signedIn("admin@label.example.org");
    const csv = await (await b.get("/cooperations/export.csv")).text();
    const auditBefore = await countAudit();
    const projectsBefore = await db.select().from(cooperationProjects);
    const preview = await upload(b, csv);
    expect(preview.status).toBe(200);
    const html = await readPage(preview);
    expect(html).toMatch(/Création de 0 projet\(s\), mise à jour de 0, \d+ inchangé\(s\)/);
    const content = /name="content" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await b.post("/cooperations/import", { intent: "confirm", content });
    expect(await readPage(confirmed)).toMatch(/Import terminé : 0 projet\(s\) créé\(s\), 0 mis à jour/);
    expect(await countAudit()).toBe(auditBefore);
    expect(await db.select().from(cooperationProjects)).toEqual(projectsBefore);
  });

  it("imports a change and a new project, and records them", async () => {
    const b = await signedIn("admin@label.example.org");
    const csv = await (await b.get("/cooperations/export.csv?q=almaty")).text();
    const lines = csv.split("\r\n");
    const changed = lines[1]!.replace("Cardiologie : stages d'observation", "Cardiologie : stages et ateliers");
    const created = changed.replace(/^[0-9a-f-]{36};/, ";").replace("Cardiologie : stages et ateliers", "Nouveau projet importé");
    const preview = await readPage(await upload(b, [lines[0], changed, created, ""].join("\r\n")));
    expect(preview).toContain("Création de 1 projet(s), mise à jour de 1, 0 inchangé(s)");
    const content = /name="content" value="([^"]+)"/.exec(preview)![1]!;
    await b.post("/cooperations/import", { intent: "confirm", content });
    expect(await db.select().from(cooperationProjects).where(sql`${cooperationProjects.titleFr} like 'Cardiologie : stages et ateliers%'`)).toHaveLength(1);
    const [imported] = await db.select().from(cooperationProjects).where(sql`${cooperationProjects.titleFr} like 'Nouveau projet importé%'`);
    expect(imported).toBeDefined();
    const events = await db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, imported!.id));
    expect(events.map((e) => e.action)).toEqual(["project.import_create"]);
  });

  it("rejects the whole file when one row is invalid, with a row-by-row report", async () => {
    const b = await signedIn("admin@label.example.org");
    const csv = await (await b.get("/cooperations/export.csv?country=TG")).text();
    const lines = csv.split("\r\n");
    const good = lines[1]!.replace(/^[0-9a-f-]{36};/, ";").replace(/^;[^;]*/, ";Projet qui ne doit pas être importé");
    const bad = lines[2]!.replace(/;(\d{4});(\d{4})?;/, ";2020;2019;");
    const before = await countProjects();
    const response = await upload(b, [lines[0], good, bad, ""].join("\r\n"));
    expect(response.status).toBe(200);
    const html = await readPage(response);
    expect(html).toContain("rien ne sera importé");
    expect(html).toMatch(/<td>3<\/td><td><code>end_year<\/code><\/td><td>L'année de fin ne peut pas précéder l'année de début.<\/td>/);
    expect(html).not.toContain('name="content"');
    expect(await countProjects()).toBe(before);
  });

  it("refuses a file too large, with wrong columns or in the wrong encoding", async () => {
    const b = await signedIn("admin@label.example.org");
    const big = await upload(b, "x".repeat(5 * 1024 * 1024 + 10));
    expect(big.status).toBe(413);
    expect(await readPage(big)).toContain("Le fichier dépasse 5 Mo");
    const columns = await upload(b, "titre;pays\r\nProjet;SN\r\n");
    expect(columns.status).toBe(400);
    const columnsHtml = await readPage(columns);
    expect(columnsHtml).toContain("Les colonnes du fichier ne sont pas celles attendues");
    expect(columnsHtml).toContain("Colonnes inconnues : titre, pays");
    const latin1 = Uint8Array.from([...new TextEncoder().encode("id;title_fr\r\n;Hygi"), 0xe8, 0x6e, 0x65]);
    const encoding = await upload(b, latin1);
    expect(await readPage(encoding)).toContain("n'est pas encodé en UTF-8");
  });
});

describe("dashboard", () => {
  /** Text as read, tags left out (the figures sit in <strong> and links). */
  const textOf = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
  /**
   * The registry's figures straight from the database, the annual report's rule for a year written again in SQL:
   * from the start year to the end year; no end year, up to now when active, else the start year only.
   */
  async function registryFigures(year?: number) {
    const inYear =
      year === undefined
        ? undefined
        : sql`${cooperationProjects.startYear} <= ${year}::int and ${year}::int <= coalesce(${cooperationProjects.endYear}, case when ${cooperationProjects.status} = 'active' then ${year}::int else ${cooperationProjects.startYear} end)`;
    const statuses = await db.select({ status: cooperationProjects.status, n: count() }).from(cooperationProjects).where(inYear).groupBy(cooperationProjects.status);
    const viaHospitals = await db
      .selectDistinct({ iso: establishments.countryCode })
      .from(cooperationProjects)
      .innerJoin(projectEstablishments, eq(projectEstablishments.projectId, cooperationProjects.id))
      .innerJoin(establishments, eq(establishments.id, projectEstablishments.establishmentId))
      .where(inYear);
    const viaPartners = await db
      .selectDistinct({ iso: cooperationProjects.partnerCountryCode })
      .from(cooperationProjects)
      .where(and(isNotNull(cooperationProjects.partnerCountryCode), inYear));
    const byStatus = { active: 0, closed: 0, unknown: 0, ...Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)])) };
    const activeCountries = await db
      .selectDistinct({ iso: establishments.countryCode })
      .from(cooperationProjects)
      .innerJoin(projectEstablishments, eq(projectEstablishments.projectId, cooperationProjects.id))
      .innerJoin(establishments, eq(establishments.id, projectEstablishments.establishmentId))
      .where(and(eq(cooperationProjects.status, "active"), inYear));
    const activePartnerCountries = await db
      .selectDistinct({ iso: cooperationProjects.partnerCountryCode })
      .from(cooperationProjects)
      .where(and(eq(cooperationProjects.status, "active"), isNotNull(cooperationProjects.partnerCountryCode), inYear));
    return {
      projects: byStatus.active + byStatus.closed + byStatus.unknown,
      countries: new Set([...viaHospitals, ...viaPartners].map((r) => r.iso)).size,
      activeCountries: new Set([...activeCountries, ...activePartnerCountries].map((r) => r.iso)).size,
      byStatus,
    };
  }
  const mapEntries = (svg: string) => /<desc id="map-desc">([^<]*)<\/desc>/.exec(svg)![1]!.split("; ").filter(Boolean).length;

  it("opens on every documented project, by status with the unknown ones shown, beside the annual report's figures", async () => {
    const fr = await signedIn("admin@label.example.org");
    const expected = await registryFigures();
    // The seed documents projects of every status, most of them of unknown status: the page must not hide them.
    expect(expected.byStatus.unknown).toBeGreaterThan(0);
    expect(expected.byStatus.active).toBeLessThan(93);
    const html = await readPage(await fr.get("/cooperations/dashboard"));
    const page = textOf(html);
    expect(page).toContain(`${expected.projects} projets documentés au registre dans ${expected.countries} pays`);
    for (const [status, label] of [["active", "Active"], ["closed", "Clôturée"], ["unknown", "Statut inconnu"]] as const) {
      expect(html).toContain(`href="/cooperations?status=${status}"`);
      expect(page).toContain(`${label} ${expected.byStatus[status]}`);
    }
    expect(page).toContain("Statut inconnu : les sources ne disent pas si le projet est toujours en cours");
    // The registry against the annual report, in figures and in words.
    expect(page).toContain(
      `Registre : ${expected.projects} projets documentés dans ${expected.countries} pays · Rapport annuel 2025 : 93 coopérations actives dans 42 pays`,
    );
    expect(page).toContain(
      `Le registre ne documente qu'une partie des coopérations de l'AP-HP : ${expected.byStatus.active} de ses projets sont marqués actifs (dans ${expected.activeCountries} pays), quand le rapport annuel 2025 compte 93 coopérations actives.`,
    );
    expect(page).toContain(`${expected.byStatus.unknown} autres projets sont de statut inconnu`);
    const agreements = await db.select({ status: frameworkAgreements.status }).from(frameworkAgreements);
    expect(page).toContain(
      `Accords-cadres : ${agreements.length} au registre, dont ${agreements.filter((a) => a.status === "active").length} actifs ; le rapport annuel 2025 en compte 78 actifs.`,
    );
    expect(page).toContain("Source : rapport d'activité 2025 de la Direction des relations internationales (document 000_857dd8b5e647b472.txt)");
    expect(page).toContain("Données modifiées pour la dernière fois le");
    expect(page).toContain("Par thème");
    expect(page).toContain("Par source de financement");
    // The list of the same projects, and the map coloured by every documented project.
    expect(html).toMatch(/href="\/cooperations"[^>]*>Voir la liste de ces projets<\/a>/);
    expect(html).toContain('<img class="world-map" src="/cooperations/dashboard/map.svg?lng=fr"');
    const svg = await (await fr.get("/cooperations/dashboard/map.svg?lng=fr")).text();
    expect(svg).toContain("Projets de coopération documentés au registre, par pays");
    expect(mapEntries(svg)).toBe(expected.countries);
  });

  it("shows the projects active in a year from a plain link, beside that year's report when there is one", async () => {
    const fr = await signedIn("admin@label.example.org");
    const thisYear = new Date().getUTCFullYear();
    const all = await readPage(await fr.get("/cooperations/dashboard"));
    expect(all).toMatch(new RegExp(`href="/cooperations/dashboard\\?year=${thisYear}"[^>]*>Actifs en ${thisYear}</a>`));
    expect(all).toContain('<span aria-current="page">Tous les projets documentés</span>');

    const y2025 = await registryFigures(2025);
    const html = await readPage(await fr.get("/cooperations/dashboard?year=2025"));
    const page = textOf(html);
    expect(page).toContain(`${y2025.projects} projets actifs en 2025 dans ${y2025.countries} pays`);
    expect(page).toContain(`Registre : ${y2025.projects} projets actifs en 2025 dans ${y2025.countries} pays · Rapport annuel 2025 : 93 coopérations actives dans 42 pays`);
    expect(page).toContain(`il en compte ${y2025.projects} actives en 2025 (dans ${y2025.countries} pays), quand le rapport annuel 2025 en compte 93.`);
    expect(html).toContain(`href="/cooperations?year=2025&status=unknown"`);
    expect(html).toMatch(/href="\/cooperations\?year=2025"[^>]*>Voir la liste de ces projets<\/a>/);
    expect(html).toContain('<img class="world-map" src="/cooperations/dashboard/map.svg?lng=fr&year=2025"');
    expect(mapEntries(await (await fr.get("/cooperations/dashboard/map.svg?year=2025")).text())).toBe(y2025.countries);
    // The list the dashboard links to counts the same projects.
    expect(await readPage(await fr.get("/cooperations?year=2025"))).toContain(`${y2025.projects} projets sur `);

    const y2022 = await registryFigures(2022);
    expect(textOf(await readPage(await fr.get("/cooperations/dashboard?year=2022")))).toContain(
      `Registre : ${y2022.projects} projets actifs en 2022 dans ${y2022.countries} pays · Rapport annuel 2022 : 70 coopérations actives dans 35 pays`,
    );
    const y2017 = await registryFigures(2017);
    const old = textOf(await readPage(await fr.get("/cooperations/dashboard?year=2017")));
    expect(old).toMatch(new RegExp(`${y2017.projects} projets? actifs? en 2017 dans ${y2017.countries} pays`));
    expect(old).toContain("Le rapport annuel ne donne pas de chiffres pour 2017.");
    expect(old).not.toContain("Rapport annuel 2025 :");
  });

  it("counts a change made after it was shown on its next load, even one written behind the app's back", async () => {
    const fr = await signedIn("admin@label.example.org");
    const statusLine = (page: string, figures: Awaited<ReturnType<typeof registryFigures>>) =>
      expect(page).toContain(`Active ${figures.byStatus.active}`);
    statusLine(textOf(await readPage(await fr.get("/cooperations/dashboard"))), await registryFigures());
    const [unknown] = await db.select({ id: cooperationProjects.id }).from(cooperationProjects).where(eq(cooperationProjects.status, "unknown")).limit(1);
    const [link] = await db.select().from(projectEstablishments).limit(1);
    const [elsewhere] = await db.select({ id: establishments.id, countryCode: establishments.countryCode }).from(establishments).where(sql`${establishments.countryCode} <> (select country_code from establishments where id = ${link!.establishmentId})`).limit(1);
    try {
      // An edit as the app makes it (a newer updated_at)…
      await db.update(cooperationProjects).set({ status: "active", updatedAt: new Date() }).where(eq(cooperationProjects.id, unknown!.id));
      const page = textOf(await readPage(await fr.get("/cooperations/dashboard")));
      statusLine(page, await registryFigures());
      // …and a link moved to another country's hospital with no date changed anywhere (a bulk import, a script).
      await db.update(projectEstablishments).set({ establishmentId: elsewhere!.id }).where(and(eq(projectEstablishments.projectId, link!.projectId), eq(projectEstablishments.establishmentId, link!.establishmentId)));
      const moved = await registryFigures();
      expect(textOf(await readPage(await fr.get("/cooperations/dashboard")))).toContain(`${moved.projects} projets documentés au registre dans ${moved.countries} pays`);
      expect(mapEntries(await (await fr.get("/cooperations/dashboard/map.svg?lng=fr")).text())).toBe(moved.countries);
    } finally {
      await db.update(projectEstablishments).set({ establishmentId: link!.establishmentId }).where(and(eq(projectEstablishments.projectId, link!.projectId), eq(projectEstablishments.establishmentId, elsewhere!.id)));
      await db.update(cooperationProjects).set({ status: "unknown" }).where(eq(cooperationProjects.id, unknown!.id));
    }
  });

  it("reads the same in English", async () => {
    const en = await signedIn("admin@label.example.org", "en-GB");
    const expected = await registryFigures();
    const page = textOf(await readPage(await en.get("/cooperations/dashboard")));
    expect(page).toContain(`${expected.projects} projects documented in the registry in ${expected.countries} countries`);
    expect(page).toContain(`Registry: ${expected.projects} documented projects in ${expected.countries} countries · Annual report 2025: 93 active cooperations in 42 countries`);
    expect(page).toContain("The registry documents only part of AP-HP's cooperations");
    expect(page).toContain(`Status unknown ${expected.byStatus.unknown}`);
    expect(await (await en.get("/cooperations/dashboard/map.svg?lng=en")).text()).toContain("Senegal");
    const map = await en.get("/cooperations/dashboard/map.svg?year=2025");
    expect(map.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
  });
});

