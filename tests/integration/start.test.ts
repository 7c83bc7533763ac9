// `npm start` as a newcomer runs it: NODE_ENV unset, a fresh embedded database. It must migrate, seed the demo and
// serve real pages (a development React loaded next to the production server build would fail every page).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVE_BUILD } from "#scripts/build-if-needed.ts";

describe.skipIf(process.env.TEST_DATABASE === "postgres")("npm start", () => {
  it("serves the sign-in page and a signed-in page on a fresh embedded database, with NODE_ENV unset", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "label-start-"));
    const port = 3290 + Math.floor(Math.random() * 200);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PGLITE_DIR: join(dir, "pglite"), UPLOADS_DIR: join(dir, "uploads"), DATABASE_URL: "" };
    delete env.NODE_ENV;
    // What `npm start` runs once the build is there (the global setup built it): plain node, no TypeScript loader.
    const child = spawn(process.execPath, [SERVE_BUILD], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    try {
      const base = `http://127.0.0.1:${port}`;
      let login: Response | null = null;
      for (const started = Date.now(); Date.now() - started < 100_000; await new Promise((r) => setTimeout(r, 200))) {
        login = await fetch(`${base}/login`).catch(() => null);
        if (login) break;
      }
      expect(login?.status, output).toBe(200);
      expect(await login!.text()).toContain("Se connecter");
      expect(output).toContain("fann@label.example.org");
      // Sign in as a demo account and open a page that renders the header with its counts.
      const cookies = login!.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const token = /name="csrf" value="([^"]+)"/.exec(await (await fetch(`${base}/login`, { headers: { cookie: cookies } })).text())?.[1] ?? "";
      const signIn = await fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: cookies, origin: base, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrf: token, email: "fann@label.example.org", password: "demo-label-2025" }),
      });
      expect(signIn.status, output).toBe(302);
      const session = [cookies, ...signIn.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
      const processes = await fetch(`${base}/processes`, { headers: { cookie: session } });
      expect(processes.status, output).toBe(200);
      expect(await processes.text()).toContain("CNHU de Fann");
    } finally {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
