import type { Route } from "./+types/healthz";
import { getServices } from "#app/http/guards.server.ts";
import { DATABASE_RETRY_AFTER_SECONDS, probeDatabase } from "#app/services/platform/database-health.server.ts";

/** Liveness and database check for load balancers and monitoring; never waits longer than the probe's bound. */
export async function loader({ context }: Route.LoaderArgs) {
  const state = await probeDatabase(getServices(context).db);
  if (state === "ok") return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  return Response.json(
    { status: "error", db: "unavailable" },
    { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) } },
  );
}
