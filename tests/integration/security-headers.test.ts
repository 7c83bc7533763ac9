// The headers of every kind of response, served as in production behind https://… (PUBLIC_URL): pages, data
// requests, downloads and their data variants, error pages; and the cookies they set.
import { and, eq, isNull } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidenceFiles } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess, type AuditFixture } from "#tests/support/audit-fixtures.ts";
import { startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const PUBLIC_URL = "https://label.example.org";
const uploadsDir = mkdtempSync(join(tmpdir(), "label-headers-it-"));
let server: TestServer;
let plain: TestServer;
/** Behind https:// too, with one reset link an hour per address: a 429 page at the second request. */
let limited: TestServer;
let processId: string;
let audited: AuditFixture;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir, PUBLIC_URL } });
  await importShippedReferentials(server.database.db);
  await ensureRegistry(server.database.db);
  processId = (await seedDemoProcess(server.database.db, { storage: folderStorage(uploadsDir) }))!.processId;
  audited = await buildAuditedProcess(server.database.db, { key: "h", hashPassword });
  plain = await startTestServer({ seed: false });
  limited = await startTestServer({ seed: false, env: { PUBLIC_URL, RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: "1" } });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await plain?.close();
  await limited?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

/** Every Set-Cookie line the app sent during the test. */
const cookiesSet: string[] = [];
async function seen(response: Promise<Response>): Promise<Response> {
  const r = await response;
  cookiesSet.push(...r.headers.getSetCookie());
  return r;
}

async function signedIn(email: string, password = "demo-label-2025") {
  const b = new TestBrowser(server.baseUrl, { origin: PUBLIC_URL });
  await seen(b.get("/login"));
  await seen(b.post("/login", { email, password }));
  return b;
}

/** `cache`: never stored (no-store), or, for a frozen document with an ETag, kept and revalidated (no-cache). */
function expectCommonHeaders(label: string, response: Response, cache: "no-store" | "no-cache" = "no-store") {
  const csp = response.headers.get("content-security-policy");
  expect(csp, label).toBeTruthy();
  expect(csp, label).not.toContain("unsafe-inline");
  expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
  expect(response.headers.get("cache-control"), label).toContain(cache);
  expect(response.headers.get("strict-transport-security"), label).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
}

/** The page's scripts all carry this response's nonce, and the policy allows no other inline script. */
async function expectNonce(label: string, response: Response): Promise<string> {
  const csp = response.headers.get("content-security-policy")!;
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, label).toBeTruthy();
  expect(csp, label).toContain("frame-ancestors 'none'");
  expect(csp, label).toContain("object-src 'none'");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  expect(scripts.length, label).toBeGreaterThan(0);
  for (const attributes of scripts) expect(attributes, label).toContain(`nonce="${nonce}"`);
  return nonce!;
}

describe("headers and cookies, served behind https://", () => {
  it("are strict on every kind of response: pages, data, downloads and their data variants, error pages", { timeout: 60_000 }, async () => {
    const visitor = new TestBrowser(server.baseUrl, { origin: PUBLIC_URL });
    const fann = await signedIn("fann@label.example.org");
    const admin = await signedIn("admin@label.example.org");
    const lead = await signedIn(audited.lead.email, AUDIT_FIXTURE_PASSWORD);
    const [file] = await server.database.db
      .select({ id: evidenceFiles.id })
      .from(evidenceFiles)
      .where(and(eq(evidenceFiles.processId, processId), isNull(evidenceFiles.deletedAt)))
      .limit(1);
    const base = `/processes/${processId}`;

    // Pages: a public one, a signed-in one, the error pages (404, 403, 413).
    const pages: [string, TestBrowser, () => Promise<Response>, number][] = [
      ["public page", visitor, () => visitor.get("/login"), 200],
      ["certificate check", visitor, () => visitor.get("/verify"), 200],
      ["no such certificate", visitor, () => visitor.get("/verify/LQS-2025-00000000Z"), 404],
      ["public label list", visitor, () => visitor.get("/labels?country=SN"), 200],
      ["signed-in page", fann, () => fann.get(base), 200],
      ["404 page", fann, () => fann.get("/nowhere"), 404],
      ["403 page", fann, () => fann.get("/admin/users"), 403],
      ["413 page", visitor, () => visitor.request("/login", { method: "POST", body: `password=${"x".repeat(1024 * 1024)}`, headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 413],
    ];
    for (const [label, , load, status] of pages) {
      const first = await seen(load());
      expect(first.status, label).toBe(status);
      expect(first.headers.get("content-type"), label).toContain("text/html");
      expectCommonHeaders(label, first);
      const nonce = await expectNonce(label, first);
      const again = await seen(load());
      expect(await expectNonce(label, again), `${label}: a new nonce per request`).not.toBe(nonce);
    }

    // React Router's data requests of pages.
    for (const [b, path] of [[fann, `${base}.data`], [fann, `${base}/criteria.data`], [visitor, "/login.data"], [visitor, "/labels.data"]] as const) {
      const response = await seen(b.get(path));
      expect(response.status, path).toBe(200);
      expectCommonHeaders(path, response);
      await response.body?.cancel();
    }

    // Downloads: attachment, never sniffed, never stored (but a referential version's PDF, frozen: kept and revalidated);
    // their data variant is no download in disguise.
    const downloads: [TestBrowser, string, string, string][] = [
      [fann, `${base}/evidence/${file!.id}`, "", "%PDF"],
      [fann, `${base}/report.pdf`, "", "%PDF"],
      [fann, `${base}/export.xlsx`, "", "PK"],
      [lead, `/processes/${audited.processId}/audit/report.pdf`, "", "%PDF"],
      [lead, `/processes/${audited.processId}/audit/export.xlsx`, "", "PK"],
      [admin, "/cooperations/export.csv", "?theme=infectious", "id;title_fr;"],
      [admin, "/cooperations/export.xlsx", "", "PK"],
      [fann, "/referentials/label-qss/2024/pdf", "?chapter=9", "%PDF"],
      [fann, "/referentials/label-qss/2024/source", "", "label-qss"],
      [visitor, "/labels.csv", "?level=gold", "certificateNumber;"],
    ];
    for (const [b, path, query, start] of downloads) {
      const response = await seen(b.get(path + query));
      expect(response.status, path).toBe(200);
      expectCommonHeaders(path, response, path.endsWith("/pdf") ? "no-cache" : "no-store"); // a version's PDF is frozen
      expect(response.headers.get("content-disposition"), path).toMatch(/^attachment; filename="/);
      // Opened anyway (a browser that ignores the attachment), it runs nothing and loads nothing.
      expect(response.headers.get("content-security-policy"), path).toBe("default-src 'none'; sandbox");
      expect(Buffer.from(await response.arrayBuffer()).toString("latin1"), path).toContain(start);
      const data = await seen(b.get(`${path}.data${query}`));
      expect(data.status, `${path}.data`).toBe(404);
      expectCommonHeaders(`${path}.data`, data);
      expect(await data.text(), `${path}.data`).not.toContain(start);
    }
    // The public list as JSON: shown in place, never sniffed nor stored, and not inside a data payload either.
    const json = await seen(visitor.get("/labels.json"));
    expect(json.status).toBe(200);
    expectCommonHeaders("labels.json", json);
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await json.json()).toMatchObject({ count: 0, labels: [] });
    expect((await seen(visitor.get("/labels.json.data"))).status).toBe(404);
    // The registry map (an image shown on the dashboard) is not stored either, nor sent inside a data payload.
    const map = await seen(admin.get("/cooperations/dashboard/map.svg"));
    expect(map.status).toBe(200);
    expectCommonHeaders("map.svg", map);
    expect((await seen(admin.get("/cooperations/dashboard/map.svg.data"))).status).toBe(404);

    // Every cookie the app set (stylesheet given, session, form token, language) is Secure, HttpOnly and SameSite=Lax.
    const names = new Set(cookiesSet.map((c) => c.slice(0, c.indexOf("="))));
    expect([...names].sort()).toEqual(["css", "label_csrf", "label_session", "lng"]);
    for (const cookie of cookiesSet) {
      expect(cookie).toMatch(/; Secure(;|$)/);
      expect(cookie).toMatch(/; HttpOnly(;|$)/);
      expect(cookie).toMatch(/; SameSite=Lax(;|$)/i);
    }
  });

  it("are strict on a 429 page too, which says when to try again (Retry-After), page and data request", async () => {
    const visitor = new TestBrowser(limited.baseUrl, { origin: PUBLIC_URL });
    await visitor.get("/forgot-password");
    expect((await visitor.post("/forgot-password", { email: "pressee@label.example.org" })).status).toBe(200);
    const refusals: [string, () => Promise<Response>][] = [
      ["429 page", () => visitor.post("/forgot-password", { email: "pressee@label.example.org" })],
      ["429 data", () => visitor.post("/forgot-password.data", { email: "pressee@label.example.org" })],
    ];
    for (const [label, load] of refusals) {
      const refused = await load();
      expect(refused.status, label).toBe(429);
      expect(Number(refused.headers.get("retry-after")), label).toBeGreaterThan(0);
      expectCommonHeaders(label, refused);
      if (label === "429 page") {
        expect(refused.headers.get("content-type"), label).toContain("text/html");
        const nonce = await expectNonce(label, refused);
        expect(await expectNonce(label, await load()), `${label}: a new nonce per request`).not.toBe(nonce);
      } else await refused.body?.cancel();
    }
  });

  it("are sent without HSTS and with plain cookies when the app is served over plain HTTP (development)", async () => {
    const response = await new TestBrowser(plain.baseUrl).get("/login");
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.getSetCookie().length).toBeGreaterThan(0);
    for (const cookie of response.headers.getSetCookie()) expect(cookie).not.toMatch(/; Secure/);
  });
});
