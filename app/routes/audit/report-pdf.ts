import type { Route } from "./+types/report-pdf";
import { requireAuditReport } from "#app/http/audit-report.server.ts";
import { sendFile } from "#app/http/download.server.ts";
import { renderAuditReportPdf } from "#app/services/audit/audit-report-pdf.server.ts";
import { reportFileName } from "#app/services/process/self-assessment-report.server.ts";

/** The audit report as a PDF, in the reader's language (pdfmake stays behind this resource route). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireAuditReport(context, request, params.processId);
  const pdf = await renderAuditReportPdf(report, lang, t);
  return sendFile(context, request, { body: new Uint8Array(pdf), type: "application/pdf", fileName: reportFileName(report, lang === "en" ? "audit-report" : "rapport-audit", "pdf"), length: pdf.length });
}
