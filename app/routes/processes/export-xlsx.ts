import type { Route } from "./+types/export-xlsx";
import { selfAssessmentWorkbook, XLSX_TYPE } from "../../services/rating-workbook.server";
import { downloadHeaders, requireReport } from "../../services/report-route.server";
import { reportFileName } from "../../services/self-assessment-report.server";

/** The ratings (also the template for ratings prepared offline) and the action plan as an Excel workbook. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireReport(context, request, params.processId);
  const xlsx = await selfAssessmentWorkbook(report, lang, t);
  return new Response(new Uint8Array(xlsx), { headers: downloadHeaders(XLSX_TYPE, reportFileName(report, lang === "en" ? "ratings" : "cotations", "xlsx"), xlsx.length) });
}
