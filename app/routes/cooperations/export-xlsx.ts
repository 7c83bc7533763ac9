import type { Route } from "./+types/export-xlsx";
import { getInstance } from "../../middleware/i18next";
import { filteredProjects, registryActor } from "../../services/registry-route.server";
import { projectsToXlsx } from "../../services/registry-io.server";

/** The filtered list as an Excel workbook (same columns as the CSV). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, db } = registryActor(context, request);
  const { projects, regionOf } = await filteredProjects(db, actor, request, context);
  const buffer = await projectsToXlsx(projects, regionOf, getInstance(context).t("registry:projects.sheetName"));
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="cooperations-${new Date().toISOString().slice(0, 10)}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
