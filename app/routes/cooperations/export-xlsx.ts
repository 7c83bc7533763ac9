import type { Route } from "./+types/export-xlsx";
import { getInstance } from "#app/middleware/i18next.ts";
import { sendFile } from "#app/http/download.server.ts";
import { filteredProjects, registryActor } from "#app/http/registry.server.ts";
import { projectsToXlsx } from "#app/services/registry/registry-io.server.ts";

/** The filtered list as an Excel workbook (same columns as the CSV). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, db } = registryActor(context, request);
  const { projects, regionOf } = await filteredProjects(db, actor, request, context);
  const buffer = await projectsToXlsx(projects, regionOf, getInstance(context).t("registry:projects.sheetName"));
  return sendFile(context, request, {
    body: new Uint8Array(buffer),
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: `cooperations-${new Date().toISOString().slice(0, 10)}.xlsx`,
    length: buffer.length,
  });
}
