// Request bodies are bounded before anything buffers them: a form by FORM_MAX_KB, an upload by the upload limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let small: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  small = await startTestServer({ seed: false, env: { FORM_MAX_KB: "8" } });
});
afterAll(async () => {
  await server?.close();
  await small?.close();
});

const MB = 1024 * 1024;
const form = { "Content-Type": "application/x-www-form-urlencoded" };

/** A login form sent chunk by chunk without a declared length (Transfer-Encoding: chunked). */
function chunked(total: number): ReadableStream<Uint8Array> {
  const filler = new Uint8Array(64 * 1024).fill(0x78);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode("email=a%40b.org&password="));
      if (sent >= total) return controller.close();
      controller.enqueue(filler);
      sent += filler.length;
    },
  });
}

describe("a form body over the limit", () => {
  it("is refused with a translated 413 page when its declared length is over, before it is read (30 MB to /login)", async () => {
    const b = new TestBrowser(server.baseUrl, { language: "en-GB" });
    await b.get("/login");
    const started = Date.now();
    const response = await b.request("/login", { method: "POST", body: `email=a%40b.org&password=${"x".repeat(30 * MB)}`, headers: form });
    expect(response.status).toBe(413);
    expect(await readPage(response)).toContain("Too much sent at once");
    expect(response.headers.get("connection")).toBe("close");
    expect(Date.now() - started).toBeLessThan(5_000);
    const french = new TestBrowser(server.baseUrl);
    await french.get("/login");
    const refused = await french.request("/apply", { method: "POST", body: `motivation=${"x".repeat(2 * MB)}`, headers: form });
    expect(refused.status).toBe(413);
    expect(await readPage(refused)).toContain("Envoi trop volumineux");
  });

  it("is counted while it streams in when no length is declared (chunked), and refused once over", async () => {
    const b = new TestBrowser(server.baseUrl, { language: "en-GB" });
    await b.get("/login");
    const response = await b.request("/login", { method: "POST", body: chunked(2 * MB), headers: form, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(await readPage(response)).toContain("Too much sent at once");
  });

  it("is refused with 413 (not a CSRF 403) when the browser sends no Origin and the form token is read from the body", async () => {
    const b = new TestBrowser(server.baseUrl);
    await b.get("/login");
    const declared = await b.request("/login", { method: "POST", body: `password=${"x".repeat(2 * MB)}`, headers: form, origin: null });
    expect(declared.status).toBe(413);
    const streamed = await b.request("/login", { method: "POST", body: chunked(2 * MB), headers: form, origin: null, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("is refused as multipart too when it is larger than any upload the app takes", async () => {
    const b = new TestBrowser(server.baseUrl);
    await b.get("/login");
    const body = new FormData();
    body.set("email", "a@b.org");
    body.set("password", "x".repeat(30 * MB));
    const response = await b.request("/login", { method: "POST", body });
    expect(response.status).toBe(413);
  });

  it("follows FORM_MAX_KB, and a form under it is read as usual", async () => {
    const b = new TestBrowser(small.baseUrl, { language: "en-GB" });
    await b.get("/login");
    const over = await b.request("/login", { method: "POST", body: `email=a%40b.org&password=${"x".repeat(9 * 1024)}`, headers: form });
    expect(over.status).toBe(413);
    const under = await b.post("/login", { email: "nobody@example.org", password: "x".repeat(100) });
    expect(under.status).toBe(401);
    expect(await readPage(under)).toContain("Incorrect e-mail address or password.");
  });
});
