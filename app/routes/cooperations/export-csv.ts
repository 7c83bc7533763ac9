import type { Route } from "./+types/export-csv";
import { filteredProjects, registryActor } from "#app/http/registry.server.ts";
import { projectsToCsv } from "#app/services/registry/registry-io.server.ts";

/** The filtered list as CSV (UTF-8 with BOM, `;`): what the list page shows, every page of it. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, db } = registryActor(context, request);
  const { projects, regionOf } = await filteredProjects(db, actor, request, context);
  return new Response(projectsToCsv(projects, regionOf), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="cooperations-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
