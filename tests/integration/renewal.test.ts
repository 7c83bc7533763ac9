// A renewal: the DRI opens a new process for a hospital that had one and starts it from the previous process's
// ratings, carried over by lineage (2019 → 2024 here; the same version for the submission). Each carried rating is
// marked, in French and in English, until someone confirms or changes it; the DRI sees how many; another hospital
// cannot confirm; the self-assessment cannot be handed in while one is left to confirm.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { planCarryOver } from "#app/domain/process/carry-over.ts";
import { loadReferentialVersion } from "#app/services/referential/referentials.server.ts";
import { submitApplication } from "#app/services/process/applications.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { auditTrailEvents, labellingProcesses, referentialCriteria, selfAssessmentRatings } from "#db/schema.ts";
import { pdfText } from "#tests/support/pdf-text.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { buildRenewal, RENEWAL_FIXTURE_PASSWORD, type RenewalFixture } from "#tests/support/renewal-fixtures.ts";

let server: TestServer;
let fixture: RenewalFixture;
let processId: string;

beforeAll(async () => {
  server = await startTestServer();
  fixture = await buildRenewal(server.database.db, { key: "it", hashPassword });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const as = async (email: string, options: { english?: boolean; password?: string } = {}) => {
  const b = new TestBrowser(server.baseUrl, options.english ? { language: "en-GB", lng: "en" } : {});
  await b.login(email, options.password ?? RENEWAL_FIXTURE_PASSWORD);
  return b;
};
const asDri = (english = false) => as("admin@label.example.org", { english, password: "demo-label-2025" });

/** The stored rows of the renewal, by criterion code. */
async function storedRatings(id: string) {
  const rows = await server.database.db
    .select({ code: referentialCriteria.code, rating: selfAssessmentRatings.rating, justification: selfAssessmentRatings.justification, version: selfAssessmentRatings.version, from: selfAssessmentRatings.carriedOverFrom, updatedBy: selfAssessmentRatings.updatedBy })
    .from(selfAssessmentRatings)
    .innerJoin(referentialCriteria, eq(referentialCriteria.id, selfAssessmentRatings.criterionId))
    .where(eq(selfAssessmentRatings.processId, id));
  return new Map(rows.map((r) => [r.code, r]));
}

describe("opening a renewal", () => {
  it("offers the carry-over on the opening form, ticked", async () => {
    const dri = await asDri();
    const html = await readPage(await dri.get("/processes/new"));
    // Without JavaScript the box cannot know the establishment yet: it says "if it had one".
    expect(html).toContain("Reprendre les évaluations de la démarche précédente, si l'établissement en a eu une");
    expect(html).toMatch(/<input type="checkbox" id="carry-over"[^>]* name="carryOver" checked=""/);
    expect(html).toContain("la plus basse de leurs cotations");
  });

  it("carries the previous ratings over by lineage, each marked with its source codes, saved by the opener and recorded", async () => {
    const dri = await asDri();
    const opened = await dri.post("/processes/new", { establishmentId: fixture.establishment.id, referentialVersionId: fixture.versionId, carryOver: "on" });
    expect(opened.status).toBe(302);
    processId = /\/processes\/([0-9a-f-]{36})/.exec(opened.headers.get("location")!)![1]!;
    const db = server.database.db;
    const [row] = await db.select({ renews: labellingProcesses.renewsProcessId }).from(labellingProcesses).where(eq(labellingProcesses.id, processId));
    expect(row!.renews).toBe(fixture.previousProcessId);

    // Exactly what the domain's plan gives from the previous ratings (whatever the file's pairings are today).
    const [v2019, v2024] = [await loadReferentialVersion(db, "label-qss", "2019"), await loadReferentialVersion(db, "label-qss", "2024")];
    const plan = planCarryOver([v2019!, v2024!], new Map([...fixture.previousRatings].map(([code, r]) => [code, r])));
    const stored = await storedRatings(processId);
    expect(stored.size).toBe(plan.carried.length);
    expect(plan.carried.length).toBeGreaterThan(20);
    for (const c of plan.carried) {
      expect(stored.get(c.code)).toEqual({ code: c.code, rating: String(c.rating), justification: c.justification, version: 1, from: c.from, updatedBy: fixture.admin.id });
    }
    // The patient identification criterion continues as itself: its rating and justification come along.
    expect(stored.get("4.1.1")).toMatchObject({ from: ["4.1.1"], rating: String(fixture.previousRatings.get("4.1.1")!.rating), justification: fixture.previousRatings.get("4.1.1")!.justification });

    const renew = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityId, processId), eq(auditTrailEvents.action, "process.renew")));
    expect(renew).toHaveLength(1);
    expect(renew[0]).toMatchObject({ actorUserId: fixture.admin.id, changes: { renewsProcessId: { from: null, to: fixture.previousProcessId }, carriedOver: { from: 0, to: plan.carried.length } } });
    const perRating = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.action, "rating.carry_over"), eq(auditTrailEvents.entityId, `${processId}:4.1.1`)));
    expect(perRating[0]!.changes).toMatchObject({ carriedOverFrom: { from: null, to: ["4.1.1"] } });
  });
});

describe("the carried-over ratings, marked until confirmed or changed", () => {
  it("are marked on the criteria list and the criterion page, in French and in English", async () => {
    const fr = await as(fixture.coordinator.email);
    const list = await readPage(await fr.get(`/processes/${processId}/criteria?chapter=4`));
    expect(list).toContain("Reprise de 2019 (4.1.1) — à confirmer");
    expect(list).toContain("Confirmer toutes les reprises de ce chapitre");
    const page = await readPage(await fr.get(`/processes/${processId}/criteria/4.1.1`));
    expect(page).toContain("Reprise de 2019 (4.1.1) — à confirmer");
    expect(page).toContain(">Confirmer</button>");
    expect(page).toContain("Reprise de 2019 (4.1.1)</small>"); // its history says where it came from

    const en = await as(fixture.colleague.email, { english: true });
    expect(await readPage(await en.get(`/processes/${processId}/criteria?chapter=4`))).toContain("Carried over from 2019 (4.1.1) — to confirm");
    const enPage = await readPage(await en.get(`/processes/${processId}/criteria/4.1.1`));
    expect(enPage).toContain("Carried over from 2019 (4.1.1) — to confirm");
    expect(enPage).toContain(">Confirm</button>");
  });

  it("are marked in the self-assessment report and its PDF, in French and in English", async () => {
    const fr = await as(fixture.coordinator.email);
    expect(await readPage(await fr.get(`/processes/${processId}/report`))).toContain("Reprise de 2019 (4.1.1) — à confirmer");
    const pdf = pdfText(Buffer.from(await (await fr.get(`/processes/${processId}/report.pdf`)).arrayBuffer()));
    expect(pdf.replace(/\s+/g, " ")).toContain("Reprise de 2019 (4.1.1) — à confirmer");
    const en = await as(fixture.colleague.email, { english: true });
    expect(await readPage(await en.get(`/processes/${processId}/report`))).toContain("Carried over from 2019 (4.1.1) — to confirm");
    const enPdf = pdfText(Buffer.from(await (await en.get(`/processes/${processId}/report.pdf`)).arrayBuffer()));
    expect(enPdf.replace(/\s+/g, " ")).toContain("Carried over from 2019 (4.1.1) — to confirm");
  });

  it("the DRI sees how many were carried over and how many are confirmed, on the process page and its home", async () => {
    const stored = await storedRatings(processId);
    const html = await readPage(await (await asDri()).get(`/processes/${processId}`));
    expect(html).toContain(`${stored.size} évaluations reprises de la démarche 2019, dont 0 confirmée ou modifiée`);
    const home = await readPage(await (await asDri()).get("/"));
    expect(home).toContain(`${stored.size} évaluations reprises de la démarche 2019, dont 0 confirmée ou modifiée`);
    const en = await readPage(await (await asDri(true)).get(`/processes/${processId}`));
    expect(en).toContain(`${stored.size} ratings carried over from the 2019 process, 0 of them confirmed or changed`);
  });

  it("a confirmation clears the mark, bumps the version and is recorded; a stale one changes nothing", async () => {
    const coordinator = await as(fixture.coordinator.email);
    const confirmed = await coordinator.post(`/processes/${processId}/criteria/4.1.1`, { intent: "confirm-carried", baseVersion: "1" });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe(`/processes/${processId}/criteria/4.1.1?saved=confirmed#rating`);
    const after = await readPage(await coordinator.get(`/processes/${processId}/criteria/4.1.1?saved=confirmed`));
    expect(after).toContain("Cotation reprise confirmée.");
    expect(after).not.toContain("— à confirmer");
    const row = (await storedRatings(processId)).get("4.1.1")!;
    expect(row).toMatchObject({ version: 2, from: null, updatedBy: fixture.coordinator.id, rating: String(fixture.previousRatings.get("4.1.1")!.rating) });
    const trail = await server.database.db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.action, "rating.confirm"), eq(auditTrailEvents.entityId, `${processId}:4.1.1`)));
    expect(trail).toHaveLength(1);
    expect(trail[0]!.changes).toEqual({ carriedOverFrom: { from: ["4.1.1"], to: null } });

    // A colleague saves another carried rating meanwhile: a confirmation based on the old version is refused.
    const [other] = [...(await storedRatings(processId)).values()].filter((r) => r.from !== null && r.code.startsWith("4.") && r.rating !== "NA");
    const colleague = await as(fixture.colleague.email);
    const changed = await colleague.post(`/processes/${processId}/criteria/${other!.code}`, { intent: "save-rating", rating: "0", justification: "Plus rien en place depuis le départ du référent.", baseVersion: "1" });
    expect(changed.status).toBe(302);
    expect((await storedRatings(processId)).get(other!.code)).toMatchObject({ from: null, version: 2, rating: "0" });
    const late = await coordinator.post(`/processes/${processId}/criteria/${other!.code}`, { intent: "confirm-carried", baseVersion: "1" });
    // The rating the coordinator saw is not what is stored any more: refused, and said so, never reported as confirmed.
    expect(late.status).toBe(409);
    expect(await readPage(late)).toContain("Un collègue a enregistré cette cotation entre-temps : relisez-la avant de la confirmer.");
    expect((await storedRatings(processId)).get(other!.code)).toMatchObject({ version: 2, rating: "0", updatedBy: fixture.colleague.id });
  });

  it("any save clears the mark, even one that keeps the rating as it was (the autosave)", async () => {
    const stored = [...(await storedRatings(processId)).values()].filter((r) => r.from !== null);
    const target = stored.find((r) => r.rating === "3")!;
    const coordinator = await as(fixture.coordinator.email);
    const saved = await coordinator.request(`/processes/${processId}/criteria/${target.code}/rating`, {
      method: "POST",
      body: new URLSearchParams({ rating: target.rating!, justification: target.justification, baseVersion: "1" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await saved.json()).toEqual({ status: "saved", version: 2 });
    expect((await storedRatings(processId)).get(target.code)).toMatchObject({ from: null, version: 2 });
  });

  it("another hospital cannot confirm (not found), nor can the DRI (forbidden)", async () => {
    const target = [...(await storedRatings(processId)).values()].find((r) => r.from !== null)!;
    const other = await as("fann@label.example.org", { password: "demo-label-2025" });
    expect((await other.post(`/processes/${processId}/criteria/${target.code}`, { intent: "confirm-carried", baseVersion: "1" })).status).toBe(404);
    expect((await other.get(`/processes/${processId}/criteria/${target.code}`)).status).toBe(404);
    const dri = await asDri();
    expect((await dri.post(`/processes/${processId}/criteria/${target.code}`, { intent: "confirm-carried", baseVersion: "1" })).status).toBe(403);
    expect((await storedRatings(processId)).get(target.code)).toMatchObject({ from: target.from, version: 1 });
  });

  it("confirms a whole chapter at once, those the list showed", async () => {
    const coordinator = await as(fixture.coordinator.email);
    // Filtered to unrated criteria, the list shows no carried rating (they are all rated): nothing is offered.
    const unrated = await readPage(await coordinator.get(`/processes/${processId}/criteria?chapter=1&unrated=on`));
    expect([...unrated.matchAll(/name="confirm" value="([^"]+)"/g)]).toEqual([]);
    const html = await readPage(await coordinator.get(`/processes/${processId}/criteria?chapter=1`));
    const items = [...html.matchAll(/name="confirm" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(items.length).toBeGreaterThan(0);
    const body = new URLSearchParams([["intent", "confirm-chapter"], ["csrf", coordinator.cookie("label_csrf")!], ...items.map((i) => ["confirm", i] as [string, string])]);
    const done = await coordinator.request(`/processes/${processId}/criteria?chapter=1`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(done.status).toBe(302);
    const back = await readPage(await coordinator.get(done.headers.get("location")!));
    expect(back).toContain(`${items.length} cotations reprises confirmées.`);
    const codes = items.map((i) => i.split("@")[0]!);
    const rows = await server.database.db
      .select({ from: selfAssessmentRatings.carriedOverFrom })
      .from(selfAssessmentRatings)
      .innerJoin(referentialCriteria, eq(referentialCriteria.id, selfAssessmentRatings.criterionId))
      .where(and(eq(selfAssessmentRatings.processId, processId), inArray(referentialCriteria.code, codes)));
    expect(rows.every((r) => r.from === null)).toBe(true);
    const dri = await readPage(await (await asDri()).get(`/processes/${processId}`));
    expect(dri).toMatch(/évaluations reprises de la démarche 2019, dont \d+ confirmées ou modifiées/);
  });
});

describe("a renewal on the same version", () => {
  it("carries every rating over, and the self-assessment is handed in only once each is confirmed or changed", async () => {
    const db = server.database.db;
    const same = await buildRenewal(db, { key: "same", previousVersion: "2024", renew: true, hashPassword });
    const id = same.processId!;
    const stored = await storedRatings(id);
    expect(stored.size).toBe(same.previousRatings.size);
    expect([...stored.values()].every((r) => r.from?.length === 1 && r.from[0] === r.code)).toBe(true);

    const coordinator = await as(same.coordinator.email);
    const refused = await coordinator.post(`/processes/${id}/submit`, {});
    expect(refused.status).toBe(409);
    expect(await readPage(await coordinator.get(`/processes/${id}/submit`))).toContain(`Soumission impossible : ${stored.size} cotations reprises de la démarche précédente ne sont ni confirmées ni modifiées.`);
    const home = await readPage(await coordinator.get("/"));
    expect(home).toContain("Relisez les cotations reprises de la démarche précédente");

    for (const chapter of new Set([...stored.keys()].map((code) => code.split(".")[0]!))) {
      const html = await readPage(await coordinator.get(`/processes/${id}/criteria?chapter=${chapter}`));
      const items = [...html.matchAll(/name="confirm" value="([^"]+)"/g)].map((m) => m[1]!);
      const body = new URLSearchParams([["intent", "confirm-chapter"], ["csrf", coordinator.cookie("label_csrf")!], ...items.map((i) => ["confirm", i] as [string, string])]);
      expect((await coordinator.request(`/processes/${id}/criteria?chapter=${chapter}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(302);
    }
    const submitted = await coordinator.post(`/processes/${id}/submit`, {});
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe(`/processes/${id}?done=submit`);
  });
});

describe("a renewal through an application", () => {
  it("offers the carry-over when the applicant is a hospital of the registry that had a process, and carries", async () => {
    const db = server.database.db;
    const known = await buildRenewal(db, { key: "apply", chapters: 2, hashPassword });
    const applied = await submitApplication(
      db,
      { establishmentName: known.establishment.name, countryCode: "SN", city: "Kaolack", contactName: "Awa Sarr", contactEmail: "awa.sarr@kaolack.example.sn", language: "fr", motivation: "Renouveler notre label." },
      "127.0.0.1",
      { t: translate, baseUrl: "" },
    );
    if (!applied.ok) throw new Error(applied.code);
    const dri = await asDri();
    const page = await readPage(await dri.get(`/admin/applications/${applied.id}`));
    expect(page).toContain("Reprendre les évaluations de la démarche précédente (2019)");
    const accepted = await dri.post(`/admin/applications/${applied.id}`, { intent: "accept", referentialVersionId: known.versionId, carryOver: "on" });
    expect(accepted.status).toBe(302);
    const [renewal] = await db
      .select({ id: labellingProcesses.id, renews: labellingProcesses.renewsProcessId })
      .from(labellingProcesses)
      .where(and(eq(labellingProcesses.establishmentId, known.establishment.id), eq(labellingProcesses.state, "self_assessment")));
    expect(renewal!.renews).toBe(known.previousProcessId);
    const stored = await storedRatings(renewal!.id);
    expect(stored.size).toBeGreaterThan(0);
    expect([...stored.values()].every((r) => r.from !== null && r.updatedBy === fixture.admin.id)).toBe(true);
  });
});
