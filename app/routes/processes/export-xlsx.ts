import type { Route } from "./+types/export-xlsx";
import { selfAssessmentWorkbook, XLSX_TYPE } from "#app/services/process/rating-workbook.server.ts";
import { sendFile } from "#app/http/download.server.ts";
import { requireReport } from "#app/http/report.server.ts";
import { reportFileName } from "#app/services/process/self-assessment-report.server.ts";

/** The ratings (also the template for ratings prepared offline) and the action plan as an Excel workbook. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireReport(context, request, params.processId);
  const xlsx = await selfAssessmentWorkbook(report, lang, t);
  return sendFile(context, request, { body: new Uint8Array(xlsx), type: XLSX_TYPE, fileName: reportFileName(report, lang === "en" ? "ratings" : "cotations", "xlsx"), length: xlsx.length });
}
