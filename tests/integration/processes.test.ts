import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { auditTrailEvents, establishments, labellingProcesses, referentialCriteria, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let processId: string;
let versionId: string;
let fannId: string;

beforeAll(async () => {
  server = await startTestServer();
  await importShippedReferentials(server.database.db);
  const [fann] = await server.database.db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
  fannId = fann!.id;
  await server.database.db.insert(users).values({
    email: "aissatou@fann.example.sn",
    name: "Aïssatou Diop",
    role: "hospital",
    establishmentId: fannId,
    passwordHash: await hashPassword("demo-label-2025"),
  });
  const [v2024] = await server.database.db
    .select()
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  versionId = v2024!.id;
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const as = async (email: string, language?: string) => {
  // An English browser: the reader also chose English on the login page (else the account's language would win).
  const b = new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
  await b.login(email);
  return b;
};
const saveJson = (b: TestBrowser, code: string, fields: Record<string, string>) =>
  b.request(`/processes/${processId}/criteria/${code}/rating`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

describe("opening a process", () => {
  it("lets the DRI open one process per establishment", async () => {
    const admin = await as("admin@label.example.org");
    const opened = await admin.post("/processes/new", { establishmentId: fannId, referentialVersionId: versionId, selfAssessmentDue: "2027-03-01" });
    expect(opened.status).toBe(302);
    processId = /\/processes\/([0-9a-f-]{36})/.exec(opened.headers.get("location")!)![1]!;
    const again = await admin.post("/processes/new", { establishmentId: fannId, referentialVersionId: versionId });
    expect(again.status).toBe(400);
    expect(await readPage(again)).toContain("Cet établissement a déjà une démarche ouverte.");
    const coordinator = await as("fann@label.example.org");
    expect((await coordinator.post("/processes/new", { establishmentId: fannId, referentialVersionId: versionId })).status).toBe(403);
  });

  it("shows the overview to the establishment with progress and a provisional result never called a label", async () => {
    const coordinator = await as("fann@label.example.org");
    const html = await readPage(await coordinator.get(`/processes/${processId}`));
    expect(html).toContain("0 critères cotés sur 136 applicables");
    expect(html).toContain("Résultat provisoire — 0 % des critères cotés");
    expect(html).toContain("n'est pas un label");
    expect(html).toMatch(/<progress[^>]*value="0"/);
    // The home page leads straight to it, with its progress.
    const home = await readPage(await coordinator.get("/"));
    expect(home).toContain(`href="/processes/${processId}"`);
    expect(home).toContain("0 critères cotés sur 136");
  });
});

describe("rating a criterion", () => {
  it("saves through the plain form, returns to the same place, and records the history", async () => {
    const coordinator = await as("fann@label.example.org");
    const page = await readPage(await coordinator.get(`/processes/${processId}/criteria/9.2.3`));
    expect(page).toContain("hygiène des mains");
    const saved = await coordinator.post(`/processes/${processId}/criteria/9.2.3`, { intent: "save-rating", rating: "2", justification: "Audit trimestriel fait, pas encore mensuel.", baseVersion: "0" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/processes/${processId}/criteria/9.2.3?saved=rating#rating`);
    const after = await readPage(await coordinator.get(`/processes/${processId}/criteria/9.2.3?saved=rating`));
    expect(after).toContain("Cotation enregistrée.");
    expect(after).toContain("2 · Largement conforme");
    const history = await server.database.db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, `${processId}:9.2.3`));
    expect(history).toHaveLength(1);
    expect(history[0]!.changes).toMatchObject({ rating: { from: null, to: "2" }, justification: { from: "", to: "Audit trimestriel fait, pas encore mensuel." } });
  });

  it("refuses off-scale values, N/A where forbidden and a missing justification, keeping what was typed", async () => {
    const coordinator = await as("fann@label.example.org", "en-GB");
    const offScale = await coordinator.post(`/processes/${processId}/criteria/1.1.1`, { intent: "save-rating", rating: "7", justification: "", baseVersion: "0" });
    expect(offScale.status).toBe(400);
    expect(await readPage(offScale)).toContain("Choose a value on the scale.");
    const na = await coordinator.post(`/processes/${processId}/criteria/9.2.3`, { intent: "save-rating", rating: "NA", justification: "x", baseVersion: "1" });
    expect(na.status).toBe(400);
    expect(await readPage(na)).toContain("is not allowed for this criterion");
    const noWhy = await coordinator.post(`/processes/${processId}/criteria/1.1.1`, { intent: "save-rating", rating: "1", justification: "  ", baseVersion: "0" });
    expect(noWhy.status).toBe(400);
    const html = await readPage(noWhy);
    expect(html).toContain("A justification is required for this rating.");
    expect(html).toMatch(/value="1"[^>]*checked|checked[^>]*value="1"/);
    const rows = await server.database.db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
    expect(rows.map((r) => r.rating)).toEqual(["2"]);
  });

  it("never overwrites a colleague: the second save from the same version is refused and both values are kept", async () => {
    const a = await as("fann@label.example.org");
    const b = await as("aissatou@fann.example.sn");
    const first = await saveJson(a, "4.1.1", { rating: "3", justification: "", baseVersion: "0" });
    expect(await first.json()).toEqual({ status: "saved", version: 1 });
    // A comment by the colleague meanwhile is a separate record: no conflict.
    expect((await b.post(`/processes/${processId}/criteria/4.1.1`, { intent: "comment", body: "Vu avec le bloc." })).status).toBe(302);
    const second = await saveJson(b, "4.1.1", { rating: "1", justification: "Bracelets pas toujours posés.", baseVersion: "0" });
    expect(second.status).toBe(409);
    const body = (await second.json()) as { status: string; current: { rating: string; version: number; updatedByName: string } };
    expect(body).toMatchObject({ status: "conflict", current: { rating: "3", version: 1, updatedByName: "Moussa Sow" } });
    // Through the plain form, the page shows both versions and keeps the colleague's typed text.
    const form = await b.post(`/processes/${processId}/criteria/4.1.1`, { intent: "save-rating", rating: "1", justification: "Bracelets pas toujours posés.", baseVersion: "0" });
    expect(form.status).toBe(409);
    const html = await readPage(form);
    expect(html).toContain("Moussa Sow a enregistré ce critère pendant que vous le modifiiez");
    expect(html).toContain("Bracelets pas toujours posés.");
    // Choosing "save my version" sends the colleague's version number: now it saves.
    const resolved = await saveJson(b, "4.1.1", { rating: "1", justification: "Bracelets pas toujours posés.", baseVersion: "1" });
    expect(await resolved.json()).toEqual({ status: "saved", version: 2 });
    const second2 = await saveJson(a, "4.1.1", { rating: "3", justification: "", baseVersion: "1" });
    expect(second2.status).toBe(409);
  });

  it("applies a change queued offline once however often it is sent; its conflict stores no key, so it goes again once resolved", async () => {
    const a = await as("fann@label.example.org");
    const b = await as("aissatou@fann.example.sn");
    const key = "3d9f1a2b-7c4e-4f5a-8b6c-1e2d3f4a5b6c";
    expect(await (await saveJson(a, "4.2.1", { rating: "2", justification: "Saisi hors ligne.", baseVersion: "0" })).json()).toEqual({ status: "saved", version: 1 });
    // Aïssatou's change was typed offline from version 0: a conflict, answered as online, whatever the key.
    const queued = { rating: "1", justification: "Hors ligne : pas de registre.", baseVersion: "0", idempotencyKey: key };
    expect((await saveJson(b, "4.2.1", queued)).status).toBe(409);
    // She keeps hers: the same change from version 1, with the same key; sent twice (its answer lost), applied once.
    for (let i = 0; i < 2; i++) expect(await (await saveJson(b, "4.2.1", { ...queued, baseVersion: "1" })).json()).toEqual({ status: "saved", version: 2 });
    const rows = await server.database.db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
    expect(rows.filter((r) => r.version === 2 && r.justification === "Hors ligne : pas de registre.")).toHaveLength(1);
    // Moussa cannot use her key.
    expect(await (await saveJson(a, "4.2.1", { rating: "3", justification: "", baseVersion: "2", idempotencyKey: key })).json()).toEqual({ status: "error", reason: "key_reused" });
  });

  it("keeps other hospitals out of the process, its pages and its endpoints", async () => {
    const touba = await as("touba@label.example.org");
    for (const path of [`/processes/${processId}`, `/processes/${processId}/criteria`, `/processes/${processId}/criteria/1.1.1`, `/processes/${processId}/submit`]) {
      expect((await touba.get(path)).status, path).toBe(404);
    }
    expect((await saveJson(touba, "1.1.2", { rating: "3", justification: "", baseVersion: "0" })).status).toBe(404);
    expect((await touba.post(`/processes/${processId}/criteria/1.1.2`, { intent: "comment", body: "intrus" })).status).toBe(404);
    const auditor = await as("auditeur@label.example.org");
    expect((await auditor.get(`/processes/${processId}`)).status).toBe(404);
    const list = await readPage(await touba.get("/processes"));
    expect(list).not.toContain("CNHU de Fann");
    const rows = await server.database.db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
    expect(rows.some((r) => r.rating === "3" && r.updatedBy === null)).toBe(false);
  });

  it("lets 20 colleagues' saves on different criteria through at once, without stalling", async () => {
    const b = await as("aissatou@fann.example.sn");
    const codes = (await server.database.db.select({ code: referentialCriteria.code }).from(referentialCriteria).where(eq(referentialCriteria.versionId, versionId)))
      .map((c) => c.code)
      .filter((c) => c.startsWith("12.") || c.startsWith("13.") || c.startsWith("11."))
      .slice(0, 20);
    expect(codes).toHaveLength(20);
    const started = performance.now();
    const results = await Promise.all(codes.map((code) => saveJson(b, code, { rating: "3", justification: "", baseVersion: "0" }).then((r) => r.json())));
    const elapsed = performance.now() - started;
    expect(results.every((r) => (r as { status: string }).status === "saved")).toBe(true);
    expect(elapsed).toBeLessThan(15_000);
  });

  it("accepts N/A on 6.1.1 (critical, depends on surgery) only with the justification that the service does not exist, then shows it awaits the auditor", async () => {
    const coordinator = await as("fann@label.example.org");
    const stored = async () =>
      (await server.database.db.select().from(selfAssessmentRatings).innerJoin(referentialCriteria, eq(referentialCriteria.id, selfAssessmentRatings.criterionId)))
        .filter((r) => r.self_assessment_ratings.processId === processId && r.referential_criteria.code === "6.1.1")
        .map((r) => r.self_assessment_ratings);
    const before = await readPage(await coordinator.get(`/processes/${processId}/criteria/6.1.1`));
    expect(before).toContain("Ce critère dépend d'un service : chirurgie (bloc opératoire). « Non applicable » n'est possible que si l'établissement ne l'a pas");
    expect(before).toContain('value="NA"');

    const bare = await coordinator.post(`/processes/${processId}/criteria/6.1.1`, { intent: "save-rating", rating: "NA", justification: "  ", baseVersion: "0" });
    expect(bare.status).toBe(400);
    const html = await readPage(bare);
    expect(html).toContain("« Non applicable » sur ce critère signifie que l'établissement n'a pas ce service : chirurgie (bloc opératoire). Justifiez-le");
    expect(html).toMatch(/value="NA"[^>]*checked|checked[^>]*value="NA"/);
    const english = await as("fann@label.example.org", "en-GB");
    const json = await saveJson(english, "6.1.1", { rating: "NA", justification: "", baseVersion: "0" });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ status: "invalid", problems: { justification: "service_absence_required" } });
    const englishForm = await english.post(`/processes/${processId}/criteria/6.1.1`, { intent: "save-rating", rating: "NA", justification: "", baseVersion: "0" });
    expect(await readPage(englishForm)).toContain("Not applicable on this criterion means the hospital does not have this service: surgery (operating theatre).");
    expect(await stored()).toEqual([]);

    const why = "Pas de bloc opératoire : les patients à opérer sont adressés à l'hôpital régional après stabilisation.";
    const saved = await coordinator.post(`/processes/${processId}/criteria/6.1.1`, { intent: "save-rating", rating: "NA", justification: why, baseVersion: "0" });
    expect(saved.status).toBe(302);
    const after = await readPage(await coordinator.get(`/processes/${processId}/criteria/6.1.1?saved=rating`));
    expect(after).toContain("N/A à confirmer par l'auditeur (pas de service de chirurgie)");
    expect(await readPage(await english.get(`/processes/${processId}/criteria/6.1.1`))).toContain("N/A to be confirmed by the auditor (no surgical service)");
    expect(await stored()).toMatchObject([{ rating: "NA", justification: why }]);
  });
});

describe("submission", () => {
  it("lists what is missing, then submits when complete and makes the self-assessment read-only", async () => {
    const coordinator = await as("fann@label.example.org");
    const missing = await readPage(await coordinator.get(`/processes/${processId}/submit`));
    expect(missing).toMatch(/Il reste \d+ critères applicables à coter/);
    expect(missing).toContain(`/processes/${processId}/criteria/1.1.1`);
    expect((await coordinator.post(`/processes/${processId}/submit`, {})).status).toBe(409);

    // Rate everything else directly, as a long afternoon of work would.
    const { db } = server.database;
    const criteria = await db.select().from(referentialCriteria).where(eq(referentialCriteria.versionId, versionId));
    const rated = new Set((await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId))).map((r) => r.criterionId));
    await db.insert(selfAssessmentRatings).values(criteria.filter((c) => !rated.has(c.id)).map((c) => ({ processId, criterionId: c.id, rating: "3" })));

    // 6.1.1 says "no surgery" (N/A, above) while the other surgery criteria were just rated: said before hand-in.
    const ready = await readPage(await coordinator.get(`/processes/${processId}/submit`));
    expect(ready).toContain("Tous les critères applicables sont cotés");
    expect(ready).toContain("Des cotations se contredisent sur un service");
    expect(ready).toMatch(/chirurgie \(bloc opératoire\) : <\/strong>non applicable \(service absent\) sur <span><a href="\/processes\/[^"]+\/criteria\/6\.1\.1"[^>]*>6\.1\.1<\/a><\/span> ; mais coté sur l'échelle sur <span><a [^>]*>6\.1\.2</);
    const readyEn = await readPage(await (await as("fann@label.example.org", "en")).get(`/processes/${processId}/submit`));
    expect(readyEn).toContain("Some ratings contradict each other about a service");

    const colleague = await as("aissatou@fann.example.sn");
    expect((await colleague.post(`/processes/${processId}/submit`, {})).status).toBe(403);
    const submitted = await coordinator.post(`/processes/${processId}/submit`, {});
    expect(submitted.headers.get("location")).toBe(`/processes/${processId}?done=submit`);
    const [row] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
    expect(row!.state).toBe("submitted");
    const late = await saveJson(coordinator, "1.1.1", { rating: "0", justification: "trop tard", baseVersion: "1" });
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({ status: "error", reason: "not_editable" });
  });

  it("lets the DRI reopen a submitted self-assessment only with a reason, kept in the history", async () => {
    const admin = await as("admin@label.example.org");
    const noReason = await admin.post(`/processes/${processId}`, { intent: "reopen", reason: "" });
    expect(noReason.status).toBe(400);
    const reopened = await admin.post(`/processes/${processId}`, { intent: "reopen", reason: "Justifications du chapitre 6 à compléter." });
    expect(reopened.status).toBe(302);
    const html = await readPage(await admin.get(`/processes/${processId}`));
    expect(html).toContain("Justifications du chapitre 6 à compléter.");
    expect(html).toContain("Auto-évaluation soumise → Auto-évaluation en cours");
  });
});
