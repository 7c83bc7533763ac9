// A fingerprint of a whole database (every table's row count and content digest), to check that a refused import
// or form wrote nothing at all: compare the snapshot before and after.
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import * as schema from "#db/schema.ts";
import type { Db } from "#db/client.ts";

const TABLES = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

export type Snapshot = Record<string, string>;

/** Table name → "rows:md5 of the rows as text" (tables in `except` left out: sessions, rate limits…). */
export async function snapshot(db: Db, except: readonly string[] = []): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of TABLES) {
    const name = getTableName(table);
    if (except.includes(name)) continue;
    // A refused sign-in is in the audit trail (auth.sign_in_failed, ADR 0034): request bookkeeping, like the throttles.
    const where = name === "audit_events" && except.includes(AUTH_EVENTS) ? sql` where t.action not like 'auth.%'` : sql``;
    const result = await db.execute(sql`select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as h from ${table} t${where}`);
    // PGlite answers { rows }, postgres-js an array (STACK.md pitfall 3).
    const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number; h: string }[];
    out[name] = `${row!.n}:${row!.h}`;
  }
  return out;
}

/** What a browser's visit changes whatever it posts: its session, the rate limits, the sign-in throttles. */
const AUTH_EVENTS = "audit_events:auth.*";
export const REQUEST_BOOKKEEPING = ["sessions", "rate_limit_events", "login_throttles", "job_runs", "pending_sign_ins", AUTH_EVENTS] as const;
