// What the server logs (ADR 0030), read from the built app's logger while a person signs in (wrong, then right
// password), resets a password by its link and uploads evidence: one line per request under the id of its
// X-Request-Id header, and nothing secret or personal in any line. A fault in a loader is logged with its stack
// and its id is on the 500 page.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq } from "drizzle-orm";
import type { ServerBuild } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import { createLogger } from "#app/services/platform/logger.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { outbox } from "#db/schema.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { minimalPdf, uploadEvidence } from "#tests/support/evidence-fixtures.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

type Line = { level: number; msg: string; reqId?: string; route?: string; status?: number; ms?: number; err?: { stack?: string; message?: string } };

/** A logger of the app's kind whose lines the test reads (JSON, as in production, every level). */
function capturedLogger() {
  const raw: string[] = [];
  const logger = createLogger({ LOG_LEVEL: "trace", LOG_FORMAT: "json" }, { write: (line: string) => void raw.push(line) });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Line) };
}

const uploadsDir = mkdtempSync(join(tmpdir(), "label-logging-it-"));
const log = capturedLogger();
let server: TestServer;
let processId: string;

beforeAll(async () => {
  server = await startTestServer({
    env: { TRUST_PROXY: "true", UPLOADS_DIR: uploadsDir },
    services: { logger: log.logger },
  });
  await importShippedReferentials(server.database.db);
  processId = (await seedDemoProcess(server.database.db, { storage: folderStorage(uploadsDir) }))!.processId;
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

/** The reset link sent to `email` (the message is queued after the answer). */
async function resetLink(email: string): Promise<string> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    const [row] = await server.database.db.select().from(outbox).where(and(eq(outbox.toEmail, email), eq(outbox.kind, "password_reset")));
    if (row?.link) return new URL(row.link).pathname;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no reset link for ${email}`);
}

describe("the log of a sign-in, a password reset and an upload", () => {
  it("has one line per request under its X-Request-Id, and no password, token, cookie, address or file name", async () => {
    const ids: string[] = [];
    const seen = async (response: Promise<Response>) => {
      const answer = await response;
      ids.push(answer.headers.get("x-request-id") ?? "(none)");
      return answer;
    };
    const email = "fann@label.example.org";
    const wrongPassword = "pas-le-bon-mot-de-passe-42";
    const newPassword = "une phrase secrète toute neuve 2026";
    const fileName = "dossier-confidentiel-patient-Diallo.pdf";

    const person = new TestBrowser(server.baseUrl, { address: "10.20.0.1" });
    await seen(person.get("/login"));
    expect((await seen(person.post("/login", { email, password: wrongPassword }))).status).toBe(401);
    expect((await seen(person.post("/login?redirectTo=%2Fprocesses", { email, password: "demo-label-2025" }))).status).toBe(302);
    const sessionCookie = person.cookie("label_session");
    expect(sessionCookie).toBeTruthy();
    const upload = await seen(uploadEvidence(person, `/processes/${processId}/evidence`, { name: fileName, bytes: minimalPdf(["preuve"]), type: "application/pdf" }, { criterion: "1.1.1" }));
    expect(upload.status).toBe(302);

    const forgetful = new TestBrowser(server.baseUrl, { address: "10.20.0.2" });
    await seen(forgetful.get("/forgot-password"));
    await seen(forgetful.post("/forgot-password", { email: "aissatou@label.example.org" }));
    const link = await resetLink("aissatou@label.example.org");
    const token = link.split("/").at(-1)!;
    expect((await seen(forgetful.get(`${link}?from=mail`))).status).toBe(200);
    expect((await seen(forgetful.post(link, { password: newPassword, confirmPassword: newPassword }))).status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 200)); // work after the answer (the reset message) has run

    const text = log.raw.join("");
    for (const secret of [wrongPassword, "demo-label-2025", newPassword, token, sessionCookie!, fileName, "dossier-confidentiel", email, "aissatou@", "from=mail", "redirectTo"]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/[\w.-]+@[\w-]+\.[a-z]{2,}/i);

    // One "request" line per answer, under the id its header gave; no line outside a request.
    const lines = log.lines();
    const requestLines = lines.filter((line) => line.msg === "request");
    expect(requestLines.map((line) => line.reqId)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const line of lines) expect(ids, JSON.stringify(line)).toContain(line.reqId);
    // Patterns, never addresses with their ids or tokens.
    expect(requestLines.map((line) => line.route)).toContain("/processes/:processId/evidence");
    expect(requestLines.map((line) => line.route)).toContain("/reset-password/:token");
    for (const line of requestLines) {
      expect(line.status).toBeGreaterThanOrEqual(200);
      expect(line.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it("keeps a proxy's request id when it is a plain token, and makes its own otherwise", async () => {
    const b = new TestBrowser(server.baseUrl, { address: "10.20.0.3" });
    const kept = await b.request("/login", { headers: { "X-Request-Id": "proxy-1234.abcd" } });
    expect(kept.headers.get("x-request-id")).toBe("proxy-1234.abcd");
    const replaced = await b.request("/login", { headers: { "X-Request-Id": "x".repeat(65) } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f]{16}$/);
    const forged = await b.request("/login", { headers: { "X-Request-Id": "a b\"}{" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("a fault in a loader", () => {
  it("is logged once with its stack under the request's id, which the 500 page shows (French and English)", async () => {
    // The built app, with one page's loader failing as a bug would (and its message naming an address, masked).
    const { createApp, serverBuild } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
    const real = await serverBuild();
    const route = real.routes["routes/public/labels"]!;
    const faulty: ServerBuild = {
      ...real,
      routes: { ...real.routes, [route.id]: { ...route, module: { ...route.module, loader: () => Promise.reject(new Error("labels: broken for someone@example.org")) } } },
    };
    const captured = capturedLogger();
    const app = createApp({ db: server.database.db, config: readConfig({ NODE_ENV: "production" }), logger: captured.logger }, () => Promise.resolve(faulty));
    const http = createServer((req, res) => void app(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      for (const [language, label] of [
        ["fr-FR", "Référence de l'erreur : "],
        ["en-GB", "Error reference: "],
      ] as const) {
        const response = await fetch(`${base}/labels`, { headers: { "Accept-Language": language } });
        expect(response.status).toBe(500);
        const id = response.headers.get("x-request-id")!;
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        expect(await readPage(response)).toContain(`${label}${id}`);
        const lines = captured.lines().filter((line) => line.reqId === id);
        const errors = lines.filter((line) => line.level >= 50);
        expect(errors).toHaveLength(1);
        expect(errors[0]!.err?.stack).toContain("labels: broken for [email]");
        expect(lines.find((line) => line.msg === "request")).toMatchObject({ route: "/labels", status: 500 });
      }
      expect(captured.raw.join("")).not.toContain("someone@example.org");
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});
