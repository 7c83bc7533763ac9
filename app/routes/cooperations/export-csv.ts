import type { Route } from "./+types/export-csv";
import { sendFile } from "#app/http/download.server.ts";
import { filteredProjects, registryActor } from "#app/http/registry.server.ts";
import { projectsToCsv } from "#app/services/registry/registry-io.server.ts";

/** The filtered list as CSV (UTF-8 with BOM, `;`): what the list page shows, every page of it. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, db } = registryActor(context, request);
  const { projects, regionOf } = await filteredProjects(db, actor, request, context);
  return sendFile(context, request, { body: projectsToCsv(projects, regionOf), type: "text/csv; charset=utf-8", compress: true, fileName: `cooperations-${new Date().toISOString().slice(0, 10)}.csv` });
}
