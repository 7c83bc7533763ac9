import { sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { isDatabaseUnreachable } from "#app/domain/database-errors.ts";

/** How long a request waits for the database to say it is there before it is told to come back later. */
export const DATABASE_PROBE_MS = 3_000;
/** What a 503 asks the client to wait (Retry-After), in seconds: a restart or a failover takes about this long. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Whether the database answers a trivial query within `timeoutMs`. "unreachable": it refused, cut or ended the
 * connection, or did not answer in time; "failing": it answered with another error (a closed embedded database).
 */
export async function probeDatabase(db: Db, timeoutMs = DATABASE_PROBE_MS): Promise<"ok" | "unreachable" | "failing"> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"unreachable">((resolve) => (timer = setTimeout(() => resolve("unreachable"), timeoutMs)));
  const query = db.execute(sql`select 1`).then(
    () => "ok" as const,
    (error: unknown) => (isDatabaseUnreachable(error) ? ("unreachable" as const) : ("failing" as const)),
  );
  try {
    return await Promise.race([query, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
