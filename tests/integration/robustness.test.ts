import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close().catch(() => {});
});

describe("malformed requests", () => {
  it("answers a body that is not a form with a translated 400, not a 500", async () => {
    const b = new TestBrowser(server.baseUrl, { language: "en-GB" });
    await b.get("/login");
    const response = await b.request("/login", {
      method: "POST",
      body: '{"email": "admin@label.example.org"',
      headers: { "Content-Type": "multipart/form-data; boundary=nothing" },
    });
    expect(response.status).toBe(400);
    expect(await readPage(response)).toContain("Bad request");
  });

  it("reads a request line that starts with two slashes as a path of this site, never another host", async () => {
    // fetch() would normalise the path; a raw request sends it as an attacker would.
    const raw = (path: string) =>
      new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
        const { hostname, port } = new URL(server.baseUrl);
        const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, location: res.headers.location });
        });
        req.on("error", reject);
        req.end();
      });
    // Read as host "evil.example", "//evil.example/forgot-password" would be the reset page, and the link it mails
    // would point to that host (without PUBLIC_URL, links take the request's origin). It is this site's unknown
    // page "/evil.example/forgot-password" instead.
    for (const path of ["//evil.example/forgot-password", "/\\evil.example/forgot-password"]) {
      expect((await raw(path)).status, path).toBe(404);
    }
    expect((await raw("//forgot-password")).status).toBe(200);
  });

  it("answers an unknown user id in the URL with a 404", async () => {
    const b = new TestBrowser(server.baseUrl);
    await b.login("admin@label.example.org");
    expect((await b.get("/admin/users/not-a-uuid")).status).toBe(404);
    expect((await b.get("/admin/users/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("carries the security headers on every page", async () => {
    const response = await new TestBrowser(server.baseUrl).get("/login");
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    // Every inline script carries this request's nonce, and only this one.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    // Nothing is loaded from another host.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)/);
  });
});

describe("health", () => {
  it("answers 503 when the database does not answer", async () => {
    await server.database.close();
    const response = await new TestBrowser(server.baseUrl).get("/healthz");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ db: "unavailable" });
  });
});
