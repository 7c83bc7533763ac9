import { sql } from "drizzle-orm";
import type { Route } from "./+types/healthz";
import { getServices } from "#app/http/guards.server.ts";

/** Liveness and database check for load balancers and monitoring. */
export async function loader({ context }: Route.LoaderArgs) {
  const { db } = getServices(context);
  try {
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", db: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
