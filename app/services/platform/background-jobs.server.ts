/**
 * Work the running server does on its own: the daily reminders (checked at start, then every hour; the first
 * instance to claim the day does them), the hourly maintenance (the first instance to claim the hour does it) and,
 * when SMTP_URL is set, the delivery of the outbox (every minute in every instance; each message is claimed with a
 * lease, app/services/platform/outbox.server.ts).
 * Timers are unref'd so they never keep the process alive; `stop()` clears them and waits for the task in flight,
 * so the database can be closed after it.
 */
import { hostname } from "node:os";
import type { AppServices } from "#app/context.ts";
import type { Db } from "#db/client.ts";
import { addDays } from "#app/domain/notifications.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { hourlyJob, pruneJobRuns, runOncePerPeriod } from "./job-runs.server.ts";
import { translate } from "./i18n.server.ts";
import { deliverPendingMessages } from "./outbox.server.ts";
import { inLogScope, log, LogScope } from "./logger.server.ts";
import { discardExpiredImports } from "#app/services/process/rating-workbook.server.ts";
import { runDailyReminders } from "#app/services/notifications/reminders.server.ts";
import { pruneLoginThrottles } from "#app/services/accounts/login.server.ts";
import { pruneRateLimitEvents } from "./rate-limits.server.ts";
import { IDEMPOTENCY_KEY_RETENTION_DAYS, pruneIdempotentSaves } from "#app/services/process/versioned-rating.server.ts";

export const REMINDERS_EVERY_MS = 60 * 60 * 1000;
export const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;
export const MAINTENANCE_JOB = "maintenance";
export const JOB_RUNS_RETENTION_DAYS = 90;
export const DELIVERY_EVERY_MS = 60 * 1000;

export interface BackgroundJobs {
  stop(): Promise<void>;
}

/**
 * The hourly clean-up, once per hour across every instance (claimed in `job_runs` as `maintenance 16h`): expired
 * unconfirmed rating imports, idempotency keys past their retention, the sign-in and abuse counters that no longer
 * count, and job runs older than JOB_RUNS_RETENTION_DAYS. Each part is idempotent; the claim spares the database
 * the same deletes from every instance.
 */
export async function runHourlyMaintenance(db: Db, options: { now: Date; instance: string }) {
  const runOn = todayIso(options.now);
  return runOncePerPeriod(db, { job: hourlyJob(MAINTENANCE_JOB, options.now), runOn, instance: options.instance, now: options.now }, async () => {
    const imports = await discardExpiredImports(db);
    const idempotencyKeys = await pruneIdempotentSaves(db);
    await pruneLoginThrottles(db);
    await pruneRateLimitEvents(db);
    const jobRuns = await pruneJobRuns(db, addDays(runOn, -JOB_RUNS_RETENTION_DAYS));
    return { imports, idempotencyKeys, jobRuns };
  });
}

type TaskResult = { outcome: "done" | "skipped"; message?: string | null };

/**
 * `instance` names this process in `job_runs` (default host:pid). What the jobs did goes to `services.logger` (one
 * line per run that did something, a failure with its stack), or to `report` when given (tests read it); each run is
 * counted in `services.metrics` by job and outcome.
 */
export function startBackgroundJobs(services: AppServices, report?: (message: string) => void, options: { instance?: string } = {}): BackgroundJobs {
  const { db, config, metrics } = services;
  const logger = services.logger ?? log();
  const instance = options.instance ?? `${hostname()}:${process.pid}`;
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  /** Runs `task` unless the previous run of the same task is still going (a slow SMTP server, a long day). */
  function every(job: string, ms: number, task: () => Promise<TaskResult>) {
    let busy = false;
    // Whatever the job's code logs carries the job's name.
    const scope = new LogScope(logger, { job });
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const done = inLogScope(scope, task)
        .then(({ outcome, message }) => {
          metrics?.jobRun(job, outcome);
          if (message) (report ?? ((m: string) => scope.logger.info(m)))(message);
        })
        .catch((error: unknown) => {
          metrics?.jobRun(job, "failed");
          if (report) report(`${job} failed: ${error instanceof Error ? error.message : String(error)}`);
          else scope.logger.error({ err: error }, `${job} failed`);
        })
        .finally(() => {
          busy = false;
          running.delete(done);
        });
      running.add(done);
    };
    tick();
    const timer = setInterval(tick, ms);
    timer.unref();
    return timer;
  }

  const timers = [
    every("reminders", REMINDERS_EVERY_MS, async () => {
      const run = await runDailyReminders(db, { now: new Date(), instance, t: translate, baseUrl: config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : "" });
      if (!run.claimed) return { outcome: "skipped" };
      const { due14, due3, actionsDue, overdue, labelsExpiring, revisitsDue } = run.counts;
      return { outcome: "done", message: `Daily reminders of ${run.runOn}: ${due14} at 14 days, ${due3} at 3 days, ${actionsDue} actions due today, ${overdue} overdue actions, ${labelsExpiring} for labels expiring, ${revisitsDue} for revisits due.` };
    }),
    every("maintenance", MAINTENANCE_EVERY_MS, async () => {
      const run = await runHourlyMaintenance(db, { now: new Date(), instance });
      if (!run.claimed) return { outcome: "skipped" };
      const { imports, idempotencyKeys } = run.result;
      const lines = [
        imports > 0 ? `Forgot ${imports} unconfirmed rating import(s) older than a day.` : null,
        idempotencyKeys > 0 ? `Forgot ${idempotencyKeys} idempotency key(s) of offline saves older than ${IDEMPOTENCY_KEY_RETENTION_DAYS} days.` : null,
      ].filter(Boolean);
      return { outcome: "done", message: lines.length ? lines.join(" ") : null };
    }),
  ];
  if (config.SMTP_URL) {
    timers.push(
      every("outbox_delivery", DELIVERY_EVERY_MS, async () => {
        const sent = await deliverPendingMessages(db, config, { stopping: () => stopped });
        return { outcome: "done", message: sent > 0 ? `Outbox: ${sent} message(s) sent.` : null };
      }),
    );
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
