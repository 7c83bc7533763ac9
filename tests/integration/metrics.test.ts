// GET /metrics (ADR 0030): off without METRICS_TOKEN, a bearer token otherwise; request counts and durations by route
// pattern (never a URL with its ids), SQL statements, job runs, the outbox's backlog and dead letters read at each
// scrape, and the process's own metrics — with two apps in one process, each with its registry.
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import type { Database } from "#db/client.ts";
import { outbox } from "#db/schema.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { createTestDatabase } from "#tests/support/database.ts";

const TOKEN = "metrics-token-for-the-test-0123";
type App = { baseUrl: string; close(): Promise<void> };
let database: Database;
let statements = 0;
let withMetrics: App;
let withoutToken: App;
let bundle: typeof import("#server/app.ts");

beforeAll(async () => {
  database = await createTestDatabase({ onQuery: () => void statements++ });
  await seedDemo(database.db, hashPassword);
  bundle = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const metrics = bundle.createMetrics({ db: database.db, databaseStatements: () => statements });
  withMetrics = await serveApp(database.db, { env: { METRICS_TOKEN: TOKEN }, services: { metrics } });
  withoutToken = await serveApp(database.db);
}, 60_000);
afterAll(async () => {
  await withMetrics?.close();
  await withoutToken?.close();
  await database?.close();
});

/** The samples of a scrape: name, labels and value of each line. */
function samples(text: string) {
  return text
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}
/** The value of the sample named `name` whose labels include `labels` (0 when there is none). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = samples(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value ?? 0;
}
async function scrape(app: App = withMetrics): Promise<string> {
  const response = await fetch(`${app.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

describe("GET /metrics", () => {
  it("does not exist without METRICS_TOKEN, and refuses a missing or wrong token", async () => {
    expect((await fetch(`${withoutToken.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const missing = await fetch(`${withMetrics.baseUrl}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await missing.text()).not.toContain("http_requests_total");
    expect((await fetch(`${withMetrics.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${withMetrics.baseUrl}/metrics`, { headers: { Authorization: TOKEN } })).status).toBe(401);
    expect(() => readConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });

  it("counts requests by route pattern and status class, never by URL, and the SQL statements run", async () => {
    const before = await scrape();
    const processId = randomUUID();
    for (let i = 0; i < 2; i++) expect((await fetch(`${withMetrics.baseUrl}/login`)).status).toBe(200);
    expect((await fetch(`${withMetrics.baseUrl}/processes/${processId}?secret=1`, { redirect: "manual" })).status).toBe(302);
    expect((await fetch(`${withMetrics.baseUrl}/no-such-page/${processId}`)).status).toBe(404);
    const after = await scrape();

    const login = { method: "GET", route: "/login", status_class: "2xx" };
    expect(valueOf(after, "http_requests_total", login) - valueOf(before, "http_requests_total", login)).toBe(2);
    expect(valueOf(after, "http_request_duration_seconds_count", login) - valueOf(before, "http_request_duration_seconds_count", login)).toBe(2);
    expect(valueOf(after, "http_requests_total", { route: "/processes/:processId", status_class: "3xx" })).toBe(1);
    // An address of no page: the catch-all route's pattern.
    expect(valueOf(after, "http_requests_total", { route: "/*", status_class: "4xx" })).toBe(1);
    expect(valueOf(after, "label_db_queries_total")).toBeGreaterThan(valueOf(before, "label_db_queries_total"));
    // Bounded labels: no id, no query string, no raw path.
    expect(after).not.toContain(processId);
    expect(after).not.toContain("secret");
    for (const s of samples(after).filter((s) => s.labels.route)) expect(s.labels.route).toMatch(/^(\/[\w.:/*-]*|unmatched)$/);
    // The process's own metrics come along.
    expect(valueOf(after, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(after).toContain("nodejs_heap_size_used_bytes");
  });

  it("reads the outbox's backlog, its oldest wait and its dead letters at each scrape", async () => {
    const base = { language: "fr" as const, kind: "notification", subject: "Sujet", body: "Texte" };
    const hourAgo = new Date(Date.now() - 3600_000);
    await database.db.insert(outbox).values([
      { ...base, toEmail: "a@label.example.org", createdAt: hourAgo },
      { ...base, toEmail: "b@label.example.org", attempts: 2, sendError: "refused" },
      { ...base, toEmail: "c@label.example.org", deadAt: new Date(), attempts: 5 },
      { ...base, toEmail: "d@label.example.org", sentAt: new Date() },
    ]);
    const text = await scrape();
    // The demo's own messages count too: compare with the table.
    const rows = await database.db.select().from(outbox);
    expect(valueOf(text, "label_outbox_backlog")).toBe(rows.filter((r) => !r.sentAt && !r.deadAt).length);
    expect(valueOf(text, "label_outbox_dead_letters")).toBe(rows.filter((r) => !r.sentAt && r.deadAt).length);
    expect(valueOf(text, "label_outbox_oldest_waiting_seconds")).toBeGreaterThanOrEqual(3590);
  });

  it("counts the background jobs' runs by job and outcome, in a registry of each app's own", async () => {
    const metrics = bundle.createMetrics({ db: database.db });
    const other = await serveApp(database.db, { env: { METRICS_TOKEN: TOKEN }, services: { metrics } });
    try {
      const config = readConfig({ NODE_ENV: "production" });
      const first = bundle.startBackgroundJobs({ db: database.db, config, metrics }, () => {}, { instance: "first" });
      await first.stop();
      const second = bundle.startBackgroundJobs({ db: database.db, config, metrics }, () => {}, { instance: "second" });
      await second.stop();
      const text = await scrape(other);
      // The first run claims today's reminders and this hour's maintenance; the second finds them claimed.
      for (const job of ["reminders", "maintenance"]) {
        expect(valueOf(text, "label_job_runs_total", { job, outcome: "done" }), job).toBe(1);
        expect(valueOf(text, "label_job_runs_total", { job, outcome: "skipped" }), job).toBe(1);
      }
      // The other app's registry saw none of it.
      expect(valueOf(await scrape(), "label_job_runs_total", { job: "reminders" })).toBe(0);
    } finally {
      await other.close();
    }
  });
});
