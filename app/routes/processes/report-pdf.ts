import type { Route } from "./+types/report-pdf";
import { renderReportPdf } from "#app/services/process/report-pdf.server.ts";
import { sendFile } from "#app/http/download.server.ts";
import { requireReport } from "#app/http/report.server.ts";
import { reportFileName } from "#app/services/process/self-assessment-report.server.ts";

/** The self-assessment report as a PDF, in the reader's language (pdfmake stays behind this resource route). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireReport(context, request, params.processId);
  const pdf = await renderReportPdf(report, lang, t);
  return sendFile(context, request, { body: new Uint8Array(pdf), type: "application/pdf", fileName: reportFileName(report, lang === "en" ? "report" : "rapport", "pdf"), length: pdf.length });
}
