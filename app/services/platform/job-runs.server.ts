/**
 * Work that must be done once per period whichever instance gets there first (ADR 0009): the instance whose insert
 * of (job, day) into `job_runs` succeeds does it, the others do nothing. A job run more often than daily names its
 * period in the job (`maintenance 16h`). If the work fails the claim is released, so a later check tries again.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { jobRuns } from "#db/schema.ts";

export type JobRun<T> = { claimed: false; runOn: string } | { claimed: true; runOn: string; result: T };

export async function runOncePerPeriod<T extends object>(
  db: Db,
  claim: { job: string; runOn: string; instance: string; now: Date },
  work: () => Promise<T>,
): Promise<JobRun<T>> {
  const { job, runOn } = claim;
  // The primary key (job, run_on) lets exactly one insert succeed, whichever instance gets there first.
  const claimed = await db
    .insert(jobRuns)
    .values({ job, runOn, instance: claim.instance, startedAt: claim.now })
    .onConflictDoNothing()
    .returning({ runOn: jobRuns.runOn });
  if (claimed.length === 0) return { claimed: false, runOn };
  const row = and(eq(jobRuns.job, job), eq(jobRuns.runOn, runOn));
  try {
    const result = await work();
    await db.update(jobRuns).set({ finishedAt: new Date(), result: { ...result } as Record<string, unknown> }).where(row);
    return { claimed: true, runOn, result };
  } catch (error) {
    await db.delete(jobRuns).where(row);
    throw error;
  }
}

/** The hourly job's name for the UTC hour of `now` (its day is the row's `run_on`). */
export function hourlyJob(job: string, now: Date): string {
  return `${job} ${String(now.getUTCHours()).padStart(2, "0")}h`;
}

/** Forgets the runs of days before `beforeDay` (the table keeps a record, not the whole history). */
export async function pruneJobRuns(db: Db, beforeDay: string): Promise<number> {
  const removed = await db.delete(jobRuns).where(lt(jobRuns.runOn, beforeDay)).returning({ job: jobRuns.job });
  return removed.length;
}
