// Graceful shutdown (issue 20, docs/deployment.md): on SIGTERM the server stops accepting connections, finishes the
// requests in flight (within a bound), stops its jobs, closes the database and exits 0.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVE_BUILD } from "#scripts/build-if-needed.ts";
import { drainHttpServer } from "#scripts/shutdown.ts";
import { freePort } from "../support/free-port.ts";

/** A server whose /slow answers only when released; anything else answers at once. */
async function slowServer() {
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  const server: Server = createServer((req, res) => {
    if (req.url === "/slow") void released.then(() => res.end("slow done"));
    else res.end("fast");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, release, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const refused = (url: string) =>
  fetch(url).then(
    () => false,
    (error: { cause?: { code?: string } }) => error.cause?.code === "ECONNREFUSED",
  );

describe("draining the HTTP server", () => {
  it("refuses new connections, finishes the request in flight, and closes idle kept-alive connections", async () => {
    const { server, release, url } = await slowServer();
    // A browser's idle kept-alive connection must not hold the shutdown up for its keep-alive time.
    expect(await (await fetch(`${url}/fast`)).text()).toBe("fast");
    const slow = fetch(`${url}/slow`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const drained = drainHttpServer(server, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(await refused(`${url}/fast`)).toBe(true);
    release();
    expect(await slow).toBe("slow done");
    expect(await drained).toEqual({ cut: false });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("cuts a request still running after the grace period", async () => {
    const { server, url } = await slowServer();
    const slow = fetch(`${url}/slow`).then(
      () => "answered",
      () => "cut",
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect(await drainHttpServer(server, 300)).toEqual({ cut: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await slow).toBe("cut");
  });
});

describe.skipIf(process.env.TEST_DATABASE === "postgres")("the built server on SIGTERM", () => {
  it("answers the request in flight, refuses new connections, closes the database and exits 0", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "label-shutdown-"));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "", SMTP_URL: "" };
    const child = spawn(process.execPath, [SERVE_BUILD], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      for (const started = Date.now(); Date.now() - started < 100_000; await new Promise((r) => setTimeout(r, 200))) {
        if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
      }
      expect((await fetch(`${base}/healthz`)).status, output).toBe(200);

      // A slow client: a sign-in form whose body arrives in two parts, the signal in between.
      const body = new URLSearchParams({ email: "admin@label.example.org", password: "not-the-password" }).toString();
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${base}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length), Origin: base } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill("SIGTERM");
          setTimeout(async () => {
            // Draining: no new connection is accepted while the request in flight is still running.
            try {
              expect(await refused(`${base}/healthz`)).toBe(true);
              req.end(body.slice(10));
            } catch (error) {
              reject(error);
            }
          }, 500);
        }, 300);
      });
      const { status, text } = await answer;
      expect(status, output).toBe(401); // answered: the wrong password is said, not a cut connection
      expect(text).toContain("Adresse e-mail ou mot de passe incorrect");
      expect(await exited, output).toBe(0);
      expect(output).toContain("SIGTERM: no new connections");
      expect(output).toContain("Closing the database");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
