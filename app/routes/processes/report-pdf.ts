import type { Route } from "./+types/report-pdf";
import { renderReportPdf } from "../../services/report-pdf.server";
import { downloadHeaders, requireReport } from "../../services/report-route.server";
import { reportFileName } from "../../services/self-assessment-report.server";

/** The self-assessment report as a PDF, in the reader's language (pdfmake stays behind this resource route). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report, lang, t } = await requireReport(context, request, params.processId);
  const pdf = await renderReportPdf(report, lang, t);
  return new Response(new Uint8Array(pdf), { headers: downloadHeaders("application/pdf", reportFileName(report, lang === "en" ? "report" : "rapport", "pdf"), pdf.length) });
}
