// The auditors' scoring: the criteria list, the scoring page of a criterion and its autosave endpoint, over HTTP
// against the built app (PGlite, and PostgreSQL when configured), on a visit scheduled through the services.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRatings, auditTrailEvents, auditVisits, evidenceFiles, labellingProcesses, processTransitions, selfAssessmentRatings } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { AUDIT_RATING_ENTITY } from "#app/services/audit/audit-ratings.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { CO_AUDITOR, LEAD_NAME } from "#tests/support/audit-visit.ts";
import { OUTSIDER, startVisitServer } from "#tests/support/audit-visit-test.ts";
import { readPage, signedInAs, TestBrowser, type TestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-audit-scoring-it-"));
let server: TestServer;
let db: Db;
let processId: string;
let queries = 0;
let lead: TestBrowser;
let co: TestBrowser;

beforeAll(async () => {
  ({ server, db, processId } = await startVisitServer(uploadsDir, { onQuery: () => queries++ }));
  lead = await as("auditeur@label.example.org");
  co = await as(CO_AUDITOR.email);
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const as = (email: string, language?: string) => signedInAs(server.baseUrl, email, language);

const list = () => `/processes/${processId}/audit/criteria`;
const page = (code: string) => `${list()}/${code}`;

type Fields = Record<string, string | string[]>;
function body(b: TestBrowser, fields: Fields) {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of typeof value === "string" ? [value] : value) form.append(name, one);
  form.set("csrf", b.cookie("label_csrf") ?? "");
  return form;
}
const post = (b: TestBrowser, path: string, fields: Fields) =>
  b.request(path, { method: "POST", body: body(b, fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
/** The autosave (JSON) and the plain form of a criterion. */
const saveJson = (b: TestBrowser, code: string, fields: Fields) => post(b, `${page(code)}/rating`, fields);
const saveForm = (b: TestBrowser, code: string, fields: Fields, query = "") => post(b, `${page(code)}${query}`, fields);

async function criterionIdOf(code: string) {
  const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
  return (await getFrozenVersion(db, process!.referentialVersionId)).criterionIds.get(code)!;
}
/** The stored audit rating of a criterion (undefined when none). */
async function stored(code: string) {
  const [row] = await db.select().from(auditRatings).where(and(eq(auditRatings.processId, processId), eq(auditRatings.criterionId, await criterionIdOf(code))));
  return row;
}
/** The hospital's rating of a criterion. */
async function selfRating(code: string) {
  const [row] = await db
    .select()
    .from(selfAssessmentRatings)
    .where(and(eq(selfAssessmentRatings.processId, processId), eq(selfAssessmentRatings.criterionId, await criterionIdOf(code))));
  return row;
}
const stateNow = async () => (await db.select({ state: labellingProcesses.state }).from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.state;
/** The criterion codes a list page shows, in order. */
const codesOn = (html: string) => [...html.matchAll(/\/audit\/criteria\/([0-9.]+)(?:\?[^"]*)?"[^>]*><strong>/g)].map((m) => m[1]!);

describe("who may open the scoring", () => {
  it("lets the team and the DRI read the list, a criterion's page and their data; the hospital waits for the report (403); an auditor off the team and another hospital find nothing (404); anonymous visitors sign in", async () => {
    const reads = [list(), `${list()}.data`, page("9.2.3"), `${page("9.2.3")}.data`];
    for (const b of [lead, co, await as("admin@label.example.org")]) {
      for (const path of reads) expect((await b.get(path)).status, path).toBe(200);
      expect((await b.get(`${page("9.2.3")}/rating`)).status).toBe(405);
    }
    const outsider = await as(OUTSIDER);
    const touba = await as("touba@label.example.org");
    for (const [b, status] of [[outsider, 404], [touba, 404], [await as("fann@label.example.org"), 403]] as const) {
      for (const path of [...reads, `${page("9.2.3")}/rating`]) {
        const response = await b.get(path);
        expect(response.status, path).toBe(status);
        expect(await response.text(), path).not.toContain("hygiène des mains");
      }
      expect((await saveJson(b, "1.1.1", { rating: "3", baseVersion: "0" })).status).toBe(status);
      expect((await saveForm(b, "1.1.1", { rating: "3", baseVersion: "0" })).status).toBe(status);
    }
    const anonymous = new TestBrowser(server.baseUrl);
    for (const path of [list(), page("9.2.3")]) {
      const response = await anonymous.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const data = await anonymous.get(`${list()}.data`);
    expect(data.status).toBe(202);
    expect(await data.text()).toContain("/login");
    expect((await saveJson(anonymous, "1.1.1", { rating: "3", baseVersion: "0" })).headers.get("location")).toMatch(/^\/login/);
    expect(await stored("1.1.1")).toBeUndefined();
    expect(await stateNow()).toBe("audit_scheduled");
  });

  it("opens the hospital's evidence files to the team, never to an auditor off it", async () => {
    const [file] = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(and(eq(evidenceFiles.processId, processId), isNull(evidenceFiles.deletedAt), eq(evidenceFiles.originalName, "Procédure hygiène des mains 2024.pdf")));
    const html = await readPage(await co.get(page("9.2.3")));
    expect(html).toContain(`href="/processes/${processId}/evidence/${file!.id}"`);
    expect(html).toContain("Réaliser un audit d'observance de l'hygiène des mains");
    const download = await co.get(`/processes/${processId}/evidence/${file!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect((await (await as(OUTSIDER)).get(`/processes/${processId}/evidence/${file!.id}`)).status).toBe(404);
  });
});

describe("scoring a criterion", () => {
  it("applies a change queued in the browser once, however many times it is sent (its idempotency key)", async () => {
    const change = { rating: "2", finding: "Hors ligne : registre tenu, revue non faite.", classification: "recommendation", methods: ["document"], baseVersion: "0", idempotencyKey: "0b8e6f3a-4c1d-4e2f-9a7b-5d6c7e8f9a10" };
    const first = await saveJson(lead, "4.1.1", change);
    expect(await first.json()).toEqual({ status: "saved", version: 1 });
    // Its answer was lost: the sync sends it again, from the same base version.
    const again = await saveJson(lead, "4.1.1", change);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "saved", version: 1 });
    expect(await stored("4.1.1")).toMatchObject({ version: 1, rating: "2" });
    const trail = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, AUDIT_RATING_ENTITY), eq(auditTrailEvents.entityId, `${processId}:4.1.1`)));
    expect(trail).toHaveLength(1);
    // The same key for another criterion is refused, and nothing is written.
    const reused = await saveJson(lead, "4.1.2", change);
    expect(reused.status).toBe(409);
    expect(await reused.json()).toEqual({ status: "error", reason: "key_reused" });
    expect(await stored("4.1.2")).toBeUndefined();
    // A key that is not one is refused as the form's.
    expect((await saveJson(lead, "4.1.1", { ...change, idempotencyKey: "pas-une-clé" })).status).toBe(400);
  });

  it("starts the visit with the team's first rating, through the autosave", async () => {
    const saved = await saveJson(lead, "1.1.1", { rating: "3", finding: "Projet d'établissement vu, validé en CME.", classification: "strength", methods: ["document", "interview"], baseVersion: "0" });
    expect(await saved.json()).toEqual({ status: "saved", version: 1 });
    expect(await stateNow()).toBe("audit_in_progress");
    const moves = await db.select().from(processTransitions).where(and(eq(processTransitions.processId, processId), eq(processTransitions.toState, "audit_in_progress")));
    expect(moves).toHaveLength(1);
    expect(await stored("1.1.1")).toMatchObject({ rating: "3", classification: "strength", methods: ["document", "interview"], version: 1 });
  });

  it("saves through the plain form without JavaScript and comes back to the same page, in the same filters", async () => {
    const query = "?chapter=2&unrated=on";
    const response = await saveForm(lead, "2.1.1", { rating: "1", finding: "Pas de revue de direction formalisée depuis 2023.", classification: "recommendation", methods: ["document", "observation"], baseVersion: "0" }, query);
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toBe(`${page("2.1.1")}${query}&saved=rating#rating`);
    const html = await readPage(await lead.get(location));
    expect(html).toContain("Cotation d'audit enregistrée.");
    expect(html).toContain("1 · Partiellement conforme");
    expect(html).toContain("Pas de revue de direction formalisée depuis 2023.");
    expect(html).toMatch(/value="observation"[^>]*checked|checked[^>]*value="observation"/);
    expect(html).toMatch(/value="recommendation"[^>]*checked|checked[^>]*value="recommendation"/);
    // Within "chapter 2, not rated by the audit", the next criterion is 2.1.2 (2.1.1 has just left the list).
    expect(html).toContain(`href="${page("2.1.2")}?chapter=2&unrated=on"`);
    expect(await stored("2.1.1")).toMatchObject({ rating: "1", methods: ["document", "observation"], classification: "recommendation" });
  });

  it("refuses off-scale values, N/A where the criterion forbids it and a rating below the top without a finding, keeping what was typed and changing nothing", async () => {
    // 2.2.1 is critical: never N/A.
    const na = await saveForm(lead, "2.2.1", { rating: "NA", finding: "Service absent.", classification: "", baseVersion: "0" });
    expect(na.status).toBe(400);
    const naPage = await readPage(na);
    expect(naPage).toContain("« Non applicable » n'est pas autorisé pour ce critère.");
    expect(naPage).toContain("Service absent.");
    expect(naPage).not.toContain('value="NA"');
    const offScale = await saveJson(lead, "2.2.1", { rating: "7", finding: "", baseVersion: "0" });
    expect(offScale.status).toBe(400);
    expect(await offScale.json()).toMatchObject({ status: "invalid", problems: { rating: "rating_off_scale" } });
    const noFinding = await saveForm(lead, "2.2.1", { rating: "1", finding: "  ", classification: "non_conformity", methods: ["observation"], baseVersion: "0" });
    expect(noFinding.status).toBe(400);
    const html = await readPage(noFinding);
    expect(html).toContain("Décrivez le constat : il est obligatoire pour cette cotation.");
    expect(html).toMatch(/value="1"[^>]*checked|checked[^>]*value="1"/);
    expect(html).toMatch(/value="observation"[^>]*checked|checked[^>]*value="observation"/);
    const english = await as("auditeur@label.example.org", "en-GB,en;q=0.9");
    const strength = await saveForm(english, "2.2.1", { rating: "2", finding: "Checklist used in two theatres out of three.", classification: "strength", baseVersion: "0" });
    expect(strength.status).toBe(400);
    const strengthPage = await readPage(strength);
    expect(strengthPage).toContain('A rating below "Fully met" cannot be a strength: choose a recommendation or a non-conformity.');
    expect(strengthPage).toContain("Checklist used in two theatres out of three.");
    expect(await stored("2.2.1")).toBeUndefined();
  });

  it("never overwrites a colleague: the second auditor's save from the same version is refused and both values come back", async () => {
    const first = await saveJson(lead, "1.1.2", { rating: "2", finding: "Organigramme à jour, fiches de poste incomplètes.", classification: "recommendation", baseVersion: "0" });
    expect(await first.json()).toEqual({ status: "saved", version: 1 });
    const second = await saveJson(co, "1.1.2", { rating: "0", finding: "Aucun organigramme affiché.", classification: "non_conformity", baseVersion: "0" });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      status: "conflict",
      current: { rating: "2", finding: "Organigramme à jour, fiches de poste incomplètes.", classification: "recommendation", version: 1, updatedByName: LEAD_NAME },
    });
    const form = await saveForm(co, "1.1.2", { rating: "0", finding: "Aucun organigramme affiché.", classification: "non_conformity", baseVersion: "0" });
    expect(form.status).toBe(409);
    const html = await readPage(form);
    expect(html).toContain(`${LEAD_NAME} a enregistré ce critère pendant que vous le modifiiez`);
    expect(html).toContain("Organigramme à jour, fiches de poste incomplètes.");
    expect(html).toContain("Aucun organigramme affiché.");
    expect(await stored("1.1.2")).toMatchObject({ rating: "2", version: 1 });
  });

  it("keeps a co-auditor off the lead's rating, with the lead's value and a clear message; the page says so before anything is typed", async () => {
    const json = await saveJson(co, "1.1.2", { rating: "0", finding: "Aucun organigramme affiché.", classification: "non_conformity", baseVersion: "1" });
    expect(json.status).toBe(409);
    expect(await json.json()).toMatchObject({ status: "rated_by_colleague", current: { rating: "2", updatedByName: LEAD_NAME } });
    const form = await saveForm(co, "1.1.2", { rating: "0", finding: "Aucun organigramme affiché.", classification: "non_conformity", baseVersion: "1" });
    expect(form.status).toBe(409);
    const html = await readPage(form);
    expect(html).toContain(`${LEAD_NAME} a coté ce critère : seul le responsable de l'équipe peut modifier sa cotation.`);
    expect(html).toContain("Aucun organigramme affiché.");
    expect(html).toContain("2 · Largement conforme");
    const before = await readPage(await co.get(page("1.1.2")));
    expect(before).toContain(`${LEAD_NAME} a coté ce critère : seul le responsable de l'équipe peut modifier la cotation d'un collègue.`);
    expect(before).not.toContain("Enregistrer la cotation");
    expect(await stored("1.1.2")).toMatchObject({ rating: "2", version: 1 });
  });

  it("lets the lead change a co-auditor's rating, and the history keeps both names", async () => {
    expect(await (await saveJson(co, "3.1.2", { rating: "1", finding: "Bracelets absents dans deux services.", classification: "non_conformity", methods: ["observation"], baseVersion: "0" })).json()).toEqual({ status: "saved", version: 1 });
    // The co-auditor changes their own rating.
    expect(await (await saveJson(co, "3.1.2", { rating: "1", finding: "Bracelets absents en pédiatrie et aux urgences.", classification: "non_conformity", methods: ["observation"], baseVersion: "1" })).json()).toEqual({ status: "saved", version: 2 });
    const consolidated = await saveJson(lead, "3.1.2", { rating: "2", finding: "Bracelets absents aux urgences seulement (vérifié avec le cadre).", classification: "recommendation", methods: ["observation", "interview"], baseVersion: "2" });
    expect(await consolidated.json()).toEqual({ status: "saved", version: 3 });
    const trail = await db
      .select()
      .from(auditTrailEvents)
      .where(and(eq(auditTrailEvents.entityType, AUDIT_RATING_ENTITY), eq(auditTrailEvents.entityId, `${processId}:3.1.2`)))
      .orderBy(asc(auditTrailEvents.id));
    expect(trail.map((e) => e.action)).toEqual(["audit_rating.save", "audit_rating.save", "audit_rating.consolidate"]);
    const html = await readPage(await co.get(page("3.1.2")));
    expect(html).toContain("Historique de la cotation d'audit");
    expect(html).toContain("Cotation d'un collègue consolidée par le responsable de l'équipe");
    expect(html).toContain(LEAD_NAME);
    expect(html).toContain(CO_AUDITOR.name);
    expect(html).toContain("Cotation : 1 · Partiellement conforme → 2 · Largement conforme");
    expect(html).toContain("Classement : Non-conformité → Recommandation");
    // Now the lead's: the co-auditor may no longer change it.
    expect((await saveJson(co, "3.1.2", { rating: "0", finding: "x", classification: "non_conformity", baseVersion: "3" })).status).toBe(409);
  });

  it("refuses the DRI's posts (403): the DRI reads the audit, the team rates", async () => {
    const admin = await as("admin@label.example.org");
    expect((await saveJson(admin, "1.1.3", { rating: "3", baseVersion: "0" })).status).toBe(403);
    expect((await saveForm(admin, "1.1.3", { rating: "3", baseVersion: "0" })).status).toBe(403);
    const html = await readPage(await admin.get(page("1.1.3")));
    expect(html).toContain("La cotation d'audit n'est pas modifiable par vous");
    expect(await stored("1.1.3")).toBeUndefined();
  });
});

describe("the criteria list", () => {
  it("shows both ratings side by side with the gap in words, who rated, and progress per chapter", async () => {
    const html = await readPage(await lead.get(`${list()}?chapter=1`));
    expect(html).toContain("Cotation de l'audit — 1. ");
    expect(html).toContain("Vous êtes responsable de l'équipe d'audit.");
    expect(html).toContain("2 sur 10 cotés par l'audit");
    expect(html).toContain("Mon chapitre");
    const row = html.slice(html.indexOf(`${page("1.1.2")}?chapter=1"`));
    const cells = row.slice(0, row.indexOf("</tr>"));
    expect(cells).toContain("2 · Largement conforme");
    expect(cells).toContain(LEAD_NAME);
    expect(cells).toMatch(/▲ \+1 point \(auto-évaluation plus haute\)|= identique|▼ −\d points? \(auto-évaluation plus basse\)/);
  });

  it("filters by chapter, my chapters, not rated, critical and differing from the self-assessment, in the URL", async () => {
    const [process] = await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId));
    const frozen = await getFrozenVersion(db, process!.referentialVersionId);
    const chapter = (code: string) => frozen.version.chapters.find((c) => c.code === code)!.standards.flatMap((s) => s.criteria);
    expect(codesOn(await readPage(await lead.get(`${list()}?chapter=1&unrated=on`)))).toEqual(chapter("1").map((c) => c.code).filter((c) => c !== "1.1.1" && c !== "1.1.2"));
    expect(codesOn(await readPage(await lead.get(`${list()}?critical=on&chapter=3`)))).toEqual(chapter("3").filter((c) => c.tier === "critical").map((c) => c.code));
    // The co-auditor's chapter is 3; the lead's 1 and 2.
    const coMine = await readPage(await co.get(`${list()}?mine=on`));
    expect(codesOn(coMine)).toEqual(chapter("3").map((c) => c.code));
    expect(coMine).toContain("10 critères affichés");
    expect(new Set(codesOn(await readPage(await lead.get(`${list()}?mine=on`))).map((c) => c.split(".")[0]))).toEqual(new Set(["1", "2"]));
    // Of the criteria the audit rated, those the hospital rated otherwise.
    const audit = { "1.1.1": "3", "1.1.2": "2", "2.1.1": "1", "3.1.2": "2" } as Record<string, string>;
    const self = await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
    const selfOf = new Map(self.map((r) => [frozen.criterionCodes.get(r.criterionId)!, r.rating]));
    const expected = Object.keys(audit).filter((code) => selfOf.get(code) !== audit[code]);
    expect(expected.length).toBeGreaterThan(0);
    expect(codesOn(await readPage(await lead.get(`${list()}?differs=on`)))).toEqual(expected);
    // A filter that is not one is ignored; the plain GET form carries every filter.
    expect(codesOn(await readPage(await lead.get(`${list()}?chapter=99&critical=yes`)))).toHaveLength(0);
    const form = await readPage(await lead.get(`${list()}?unrated=on`));
    expect(form).toMatch(/<form[^>]*method="get"/);
    for (const name of ["chapter", "mine", "unrated", "critical", "differs"]) expect(form).toContain(`name="${name}"`);
  });

  it("costs the same number of queries whatever the number of criteria shown", async () => {
    const count = async (path: string) => {
      await lead.get(path); // the first request of a path may warm caches
      queries = 0;
      expect((await lead.get(path)).status).toBe(200);
      return queries;
    };
    const all = await count(list());
    expect(all).toBeGreaterThan(0);
    expect(await count(`${list()}?chapter=1`)).toBe(all);
    expect(await count(`${list()}?critical=on`)).toBe(all);
    expect(await count(page("1.1.1"))).toBe(await count(page("13.2.4")));
  });
});

describe("not applicable, and what a finding may hold", () => {
  const absent = "Pas d'activité de chirurgie ambulatoire : aucune salle ni aucun patient, constaté sur place.";

  it("saves an N/A audit rating with its finding where the criterion allows N/A, by the plain form and by the autosave", async () => {
    // 5.3.1 and 5.3.2 allow N/A.
    const form = await saveForm(lead, "5.3.1", { rating: "NA", finding: absent, classification: "", methods: ["observation"], baseVersion: "0" });
    expect(form.status).toBe(302);
    expect(form.headers.get("location")).toBe(`${page("5.3.1")}?saved=rating#rating`);
    const html = await readPage(await lead.get(form.headers.get("location")!));
    expect(html).toContain("Cotation d'audit enregistrée.");
    expect(html).toMatch(/value="NA"[^>]*checked|checked[^>]*value="NA"/);
    expect(html).toContain(absent);
    expect(await stored("5.3.1")).toMatchObject({ rating: "NA", finding: absent, classification: null, methods: ["observation"], version: 1 });

    const json = await saveJson(co, "5.3.2", { rating: "NA", finding: "Activité confiée à une autre structure (convention vue).", classification: "", baseVersion: "0" });
    expect(await json.json()).toEqual({ status: "saved", version: 1 });
    expect(await stored("5.3.2")).toMatchObject({ rating: "NA", finding: "Activité confiée à une autre structure (convention vue)." });

    // Not without saying what was seen.
    const bare = await saveForm(lead, "5.3.3", { rating: "NA", finding: " ", classification: "", baseVersion: "0" });
    expect(bare.status).toBe(400);
    expect(await readPage(bare)).toContain("Décrivez le constat : il est obligatoire pour cette cotation.");
    expect(await stored("5.3.3")).toBeUndefined();
  });

  it("refuses N/A where the criterion forbids it, saying so in the reader's language, keeping what was typed and saving nothing", async () => {
    // 5.2.2 is not critical, yet N/A is not allowed.
    const json = await saveJson(lead, "5.2.2", { rating: "NA", finding: absent, classification: "", baseVersion: "0" });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ status: "invalid", problems: { rating: "na_not_allowed" } });
    const english = await as("auditeur@label.example.org", "en-GB,en;q=0.9");
    const form = await saveForm(english, "5.2.2", { rating: "NA", finding: absent, classification: "", baseVersion: "0" });
    expect(form.status).toBe(400);
    const html = await readPage(form);
    expect(html).toContain('"Not applicable" is not allowed for this criterion.');
    expect(html).toContain(absent);
    expect(await stored("5.2.2")).toBeUndefined();
  });

  it("refuses a finding with a control character, with the message, keeping what was typed, and leaves the saved rating as it was", async () => {
    const typed = "Traçabilité incomplète\u0007 dans deux unités sur trois.";
    const form = await saveForm(lead, "5.1.3", { rating: "2", finding: typed, classification: "recommendation", methods: ["document"], baseVersion: "0" });
    expect(form.status).toBe(400);
    const html = await readPage(form);
    expect(html).toContain("Le constat contient des caractères invisibles (de contrôle) : retirez-les.");
    expect(html).toContain(typed);
    expect(html).toMatch(/value="recommendation"[^>]*checked|checked[^>]*value="recommendation"/);
    expect(await stored("5.1.3")).toBeUndefined();

    // Over a rating already saved (5.3.1, N/A): refused by the autosave too, the saved one untouched.
    const json = await saveJson(lead, "5.3.1", { rating: "NA", finding: `${absent}\u0007`, classification: "", baseVersion: "1" });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ status: "invalid", problems: { finding: "finding_control_characters" } });
    expect(await stored("5.3.1")).toMatchObject({ rating: "NA", finding: absent, version: 1 });
  });
});

describe("N/A on a service-dependent criterion: the auditor confirms or refuses it", () => {
  // The demo Fann has no maternity: every maternity-dependent criterion is N/A, justified (scripts/seed/demo-process.ts).
  const noBirths = "Aucune salle de naissance ni aucun accouchement : registre des naissances absent, orientation des parturientes vers la maternité de référence vue aux urgences.";
  const births = "Une salle de naissance de deux tables fonctionne (41 accouchements en septembre) : le « Non applicable » ne tient pas.";

  it("shows the team what the hospital said and that it awaits their confirmation", async () => {
    expect(await selfRating("7.1.2")).toMatchObject({ rating: "NA" });
    const html = await readPage(await lead.get(page("7.1.2")));
    expect(html).toContain("L'établissement a coté ce critère « Non applicable » : pas de maternité. Confirmez-le en cotant « Non applicable »");
    expect(html).toContain("N/A à confirmer par l'auditeur (pas de maternité)");
    expect(html).toContain("Le CNHU de Fann n'a pas de maternité");
    expect(html).toContain('value="NA"');
  });

  it("refuses a refusal without a reason, even at the top of the scale, keeping what was typed", async () => {
    const bare = await saveForm(lead, "7.2.1", { rating: "3", finding: " ", classification: "", methods: ["observation"], baseVersion: "0" });
    expect(bare.status).toBe(400);
    const html = await readPage(bare);
    expect(html).toContain("En cotant ce critère sur l'échelle, vous refusez le « Non applicable » de l'établissement : écrivez pourquoi dans le constat");
    expect(html).toMatch(/value="3"[^>]*checked|checked[^>]*value="3"/);
    const json = await saveJson(lead, "7.2.1", { rating: "2", finding: "", classification: "recommendation", baseVersion: "0" });
    expect(await json.json()).toMatchObject({ status: "invalid", problems: { finding: "na_refusal_reason_required" } });
    expect(await stored("7.2.1")).toBeUndefined();
  });

  it("confirms an N/A (an N/A audit rating with its finding) and refuses another (a scale rating with why), by the plain form", async () => {
    const confirm = await saveForm(lead, "7.1.2", { rating: "NA", finding: noBirths, classification: "", methods: ["observation", "interview"], baseVersion: "0" });
    expect(confirm.status).toBe(302);
    expect(await readPage(await lead.get(page("7.1.2")))).toContain("N/A confirmé (pas de maternité)");
    const refuse = await saveForm(lead, "7.2.1", { rating: "1", finding: births, classification: "non_conformity", methods: ["observation"], baseVersion: "0" });
    expect(refuse.status).toBe(302);
    const refused = await readPage(await lead.get(page("7.2.1")));
    expect(refused).toContain("N/A refusé par l'auditeur");
    expect(await stored("7.1.2")).toMatchObject({ rating: "NA", finding: noBirths });
    expect(await stored("7.2.1")).toMatchObject({ rating: "1", finding: births });
    // The list marks them too.
    const listed = await readPage(await lead.get(`${list()}?chapter=7`));
    expect(listed).toContain("N/A confirmé (pas de maternité)");
    expect(listed).toContain("N/A refusé par l'auditeur");
  });

  it("shows confirmed, refused, pending and found-on-site N/A in the comparison and the report, in both languages", async () => {
    const comparison = await readPage(await lead.get(`/processes/${processId}/audit/comparison`));
    expect(comparison).toContain("« Non applicable » des critères dépendant d'un service");
    const row = (html: string, code: string) => new RegExp(`<tr>(?:(?!</tr>).)*\\/audit\\/criteria\\/${code.replaceAll(".", "\\.")}"(?:(?!</tr>).)*</tr>`, "s").exec(html)?.[0] ?? "";
    expect(row(comparison, "7.1.2")).toContain("N/A confirmé (pas de maternité)");
    expect(row(comparison, "7.1.2")).toContain(noBirths);
    expect(row(comparison, "7.2.1")).toContain("N/A refusé par l'auditeur");
    expect(row(comparison, "7.2.1")).toContain("1 · Partiellement conforme");
    expect(row(comparison, "7.1.1")).toContain("N/A à confirmer par l'auditeur (pas de maternité)");
    // 5.3.1: the hospital rated it, the auditor found no intensive care on site (earlier test).
    expect(row(comparison, "5.3.1")).toContain("N/A constaté par l'auditeur (pas de réanimation ni de soins intensifs)");
    const english = await as("auditeur@label.example.org", "en-GB,en;q=0.9");
    const report = await readPage(await english.get(`/processes/${processId}/audit/report`));
    expect(row(report, "7.1.2")).toContain("N/A confirmed (no maternity unit)");
    expect(row(report, "7.2.1")).toContain("N/A refused by the auditor");
    // The critical criteria table: a confirmed N/A keeps no level out of reach.
    expect(report).toContain("Not applicable on service-dependent criteria");
  });

  it("shows the hospital its N/A as awaiting the auditor until the report is released, then what the audit made of it", async () => {
    const fann = await as("fann@label.example.org");
    const hospitalPage = (code: string) => `/processes/${processId}/criteria/${code}`;
    expect(await readPage(await fann.get(hospitalPage("7.1.2")))).toContain("N/A à confirmer par l'auditeur (pas de maternité)");
    expect(await readPage(await fann.get(hospitalPage("7.2.1")))).not.toContain("N/A refusé");
    await db.update(auditVisits).set({ releasedAt: new Date() }).where(eq(auditVisits.processId, processId));
    try {
      expect(await readPage(await fann.get(hospitalPage("7.1.2")))).toContain("N/A confirmé (pas de maternité)");
      expect(await readPage(await fann.get(hospitalPage("7.2.1")))).toContain("N/A refusé par l'auditeur");
    } finally {
      await db.update(auditVisits).set({ releasedAt: null }).where(eq(auditVisits.processId, processId));
    }
  });
});

describe("once the audit is handed in", () => {
  it("is read-only for the team (a clear message, nothing changed) and readable by the hospital when the report is released, never writable", async () => {
    await db.update(labellingProcesses).set({ state: "audit_submitted" }).where(eq(labellingProcesses.id, processId));
    const form = await saveForm(lead, "1.1.3", { rating: "3", finding: "", classification: "", baseVersion: "0" });
    expect(form.status).toBe(409);
    expect(await readPage(form)).toContain("L'audit n'est pas modifiable : il est soumis, ou la visite n'est pas encore programmée.");
    const json = await saveJson(lead, "1.1.3", { rating: "3", baseVersion: "0" });
    expect(json.status).toBe(409);
    expect(await json.json()).toEqual({ status: "error", reason: "not_editable" });
    expect(await stored("1.1.3")).toBeUndefined();

    const fann = await as("fann@label.example.org");
    expect((await fann.get(list())).status).toBe(403);
    await db.update(auditVisits).set({ releasedAt: new Date() }).where(eq(auditVisits.processId, processId));
    const html = await readPage(await fann.get(page("3.1.2")));
    expect(html).toContain("Bracelets absents aux urgences seulement (vérifié avec le cadre).");
    expect(html).not.toContain("Enregistrer la cotation");
    expect((await fann.get(list())).status).toBe(200);
    expect((await saveJson(fann, "1.1.3", { rating: "3", baseVersion: "0" })).status).toBe(403);
    expect((await saveForm(fann, "1.1.3", { rating: "3", baseVersion: "0" })).status).toBe(403);
    expect((await (await as("touba@label.example.org")).get(list())).status).toBe(404);
    expect(await stored("1.1.3")).toBeUndefined();
  });
});
