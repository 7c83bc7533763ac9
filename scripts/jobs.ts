// npm run jobs -- reminders [--date YYYY-MM-DD] — runs the daily reminders once, as the running app does every hour
// (useful after an outage, or to try a date). The day is claimed like in the app: a day already done is skipped.
// Never run it against the PGlite folder of a running server: only one process may open a PGlite folder.
import { hostname } from "node:os";
import { z } from "zod";
import { readConfig } from "#app/config.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { runDailyReminders } from "#app/services/notifications/reminders.server.ts";
import { openDatabase } from "#db/client.ts";

const args = z
  .tuple([z.literal("reminders")])
  .rest(z.string())
  .safeParse(process.argv.slice(2));
const dateIndex = process.argv.indexOf("--date");
const date = z.iso.date().optional().safeParse(dateIndex > 0 ? process.argv[dateIndex + 1] : undefined);
if (!args.success || !date.success) {
  console.error("Usage: npm run jobs -- reminders [--date YYYY-MM-DD]");
  process.exit(1);
}
const config = readConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  const run = await runDailyReminders(database.db, {
    now: date.data ? new Date(`${date.data}T06:00:00Z`) : new Date(),
    instance: `${hostname()}:${process.pid} (cli)`,
    t: translate,
    baseUrl: config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : "",
  });
  console.log(
    run.claimed
      ? `Reminders of ${run.runOn}: ${run.counts.due14} at 14 days, ${run.counts.due3} at 3 days, ${run.counts.actionsDue} actions due today, ${run.counts.overdue} overdue actions, ${run.counts.labelsExpiring} for labels expiring, ${run.counts.revisitsDue} for revisits due.`
      : `Reminders of ${run.runOn}: already done (see job_runs).`,
  );
} finally {
  await database.close();
}
