/**
 * What GET /metrics tells Prometheus (ADR 0030), one registry per app (a test process makes several apps): requests
 * by method, route pattern and status class (count and duration), SQL statements run, background job runs by job and
 * outcome, the outbox's backlog and dead letters (read from the table at each scrape), and prom-client's process
 * metrics. Route labels are React Router's patterns (`/processes/:processId`), never a URL: their number is bounded
 * by the routes file, as are the methods' and status classes'.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";
import type { Db } from "#db/client.ts";
import { log } from "./logger.server.ts";
import { outboxBacklog } from "./outbox.server.ts";
import { packageOnFirstUse } from "./package-on-first-use.server.ts";

// Loaded only when /metrics is on (METRICS_TOKEN).
const promClient = packageOnFirstUse<typeof import("prom-client")>("prom-client");

export type JobOutcome = "done" | "skipped" | "failed";

export interface AppMetrics {
  readonly registry: Registry;
  /** One request answered: `route` is its pattern ("/*" for the catch-all 404 page), or "unmatched" when no route's middleware ran. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** One run of a background job: done, skipped (another instance had claimed the period) or failed. */
  jobRun(job: string, outcome: JobOutcome): void;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/** `databaseStatements`: how many SQL statements the process has run so far (openDatabase's onQuery counts them). */
export function createMetrics(options: { db: Db; databaseStatements?: () => number }): AppMetrics {
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = promClient();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ["method", "route", "status_class"] as const;
  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests answered by the app, by route pattern", labelNames, registers: [registry] });
  const durations = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from a request's arrival to the last byte of its answer, by route pattern",
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({ name: "label_job_runs_total", help: "Runs of the background jobs, by job and outcome", labelNames: ["job", "outcome"] as const, registers: [registry] });
  const { databaseStatements } = options;
  if (databaseStatements) {
    new Counter({
      name: "label_db_queries_total",
      help: "SQL statements sent to the database by this process",
      registers: [registry],
      collect() {
        this.reset();
        this.inc(databaseStatements());
      },
    });
  }
  // The outbox, read once per scrape for its three gauges; a database that does not answer leaves them out.
  let backlog: Promise<Awaited<ReturnType<typeof outboxBacklog>> | null> | null = null;
  const readBacklog = () =>
    (backlog ??= outboxBacklog(options.db)
      .catch((error: unknown) => {
        log().warn({ err: error }, "metrics: the outbox could not be read");
        return null;
      })
      .finally(() => setImmediate(() => (backlog = null))));
  const outboxGauge = (name: string, help: string, value: (b: Awaited<ReturnType<typeof outboxBacklog>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const read = await readBacklog();
        if (read) this.set(value(read));
        else this.reset();
      },
    });
  outboxGauge("label_outbox_backlog", "Messages in the outbox waiting to be sent (due or backing off after a refusal)", (b) => b.waiting);
  outboxGauge("label_outbox_oldest_waiting_seconds", "Age of the oldest message waiting to be sent (0 when none)", (b) => b.oldestWaitingSeconds);
  outboxGauge("label_outbox_dead_letters", "Messages given up after their last try and not sent since", (b) => b.dead);

  return {
    registry,
    request(method, route, status, seconds) {
      const labels = { method: METHODS.has(method) ? method : "other", route, status_class: STATUS_CLASSES[Math.floor(status / 100) - 1] ?? "other" };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
    jobRun(job, outcome) {
      jobRuns.inc({ job, outcome });
    },
  };
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether an Authorization header carries `Bearer <token>`, compared in constant time (on digests, of equal length). */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token));
}
