import type { Route } from "./+types/export-xlsx";
import { requireAuditReport } from "#app/http/audit-report.server.ts";
import { sendFile } from "#app/http/download.server.ts";
import { auditWorkbook } from "#app/services/audit/audit-workbook.server.ts";
import { XLSX_TYPE } from "#app/services/process/rating-workbook.server.ts";
import { reportFileName } from "#app/services/process/self-assessment-report.server.ts";

/** The audit ratings beside the hospital's, in the self-assessment workbook's format. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireAuditReport(context, request, params.processId);
  const xlsx = await auditWorkbook(report, lang, t);
  return sendFile(context, request, { body: new Uint8Array(xlsx), type: XLSX_TYPE, fileName: reportFileName(report, lang === "en" ? "audit-ratings" : "cotations-audit", "xlsx"), length: xlsx.length });
}
