/**
 * Work the running server does on its own: the daily reminders (checked at start, then every hour; the first
 * instance to claim the day does them), forgetting expired unconfirmed rating imports, the idempotency keys of offline saves past their retention and the sign-in and abuse
 * counters that no longer count (every hour, idempotent) and, when SMTP_URL is set, the delivery of the outbox
 * (every minute).
 * Timers are unref'd so they never keep the process alive; `stop()` clears them and waits for the task in flight,
 * so the database can be closed after it.
 */
import { hostname } from "node:os";
import type { AppServices } from "#app/context.ts";
import { translate } from "./i18n.server.ts";
import { deliverPendingMessages } from "./outbox.server.ts";
import { discardExpiredImports } from "#app/services/process/rating-workbook.server.ts";
import { runDailyReminders } from "#app/services/notifications/reminders.server.ts";
import { pruneLoginThrottles } from "#app/services/accounts/login.server.ts";
import { pruneRateLimitEvents } from "./rate-limits.server.ts";
import { IDEMPOTENCY_KEY_RETENTION_DAYS, pruneIdempotentSaves } from "#app/services/process/versioned-rating.server.ts";

export const REMINDERS_EVERY_MS = 60 * 60 * 1000;
export const DELIVERY_EVERY_MS = 60 * 1000;

export interface BackgroundJobs {
  stop(): Promise<void>;
}

export function startBackgroundJobs(services: AppServices, log: (message: string) => void = console.log): BackgroundJobs {
  const { db, config } = services;
  const instance = `${hostname()}:${process.pid}`;
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  /** Runs `task` unless the previous run of the same task is still going (a slow SMTP server, a long day). */
  function every(name: string, ms: number, task: () => Promise<string | null>) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const done = task()
        .then((message) => {
          if (message) log(message);
        })
        .catch((error: unknown) => log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`))
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
    every("Daily reminders", REMINDERS_EVERY_MS, async () => {
      const run = await runDailyReminders(db, { now: new Date(), instance, t: translate, baseUrl: config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : "" });
      if (!run.claimed) return null;
      const { due14, due3, actionsDue, overdue, labelsExpiring, revisitsDue } = run.counts;
      return `Daily reminders of ${run.runOn}: ${due14} at 14 days, ${due3} at 3 days, ${actionsDue} actions due today, ${overdue} overdue actions, ${labelsExpiring} for labels expiring, ${revisitsDue} for revisits due.`;
    }),
    every("Expired imports", REMINDERS_EVERY_MS, async () => {
      const removed = await discardExpiredImports(db);
      return removed > 0 ? `Forgot ${removed} unconfirmed rating import(s) older than a day.` : null;
    }),
    every("Old idempotency keys", REMINDERS_EVERY_MS, async () => {
      const removed = await pruneIdempotentSaves(db);
      return removed > 0 ? `Forgot ${removed} idempotency key(s) of offline saves older than ${IDEMPOTENCY_KEY_RETENTION_DAYS} days.` : null;
    }),
    every("Expired counters", REMINDERS_EVERY_MS, async () => {
      await pruneLoginThrottles(db);
      await pruneRateLimitEvents(db);
      return null;
    }),
  ];
  if (config.SMTP_URL) {
    timers.push(
      every("Outbox delivery", DELIVERY_EVERY_MS, async () => {
        const sent = await deliverPendingMessages(db, config.SMTP_URL, config.SMTP_FROM, config.PUBLIC_URL);
        return sent > 0 ? `Outbox: ${sent} message(s) sent.` : null;
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
