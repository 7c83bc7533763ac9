// Shared by the report, PDF, XLSX and import routes (the audit's too): the process the user may see, its report
// data and the reader's language (documents follow the reader's language, UX.md).
import type { RouterContextProvider } from "react-router";
import { getInstance, getLocale } from "#app/middleware/i18next.ts";
import { getServices } from "./guards.server.ts";
import { requireProcess } from "./process.server.ts";
import { loadSelfAssessmentReport } from "#app/services/process/self-assessment-report.server.ts";

export async function requireReport(context: Readonly<RouterContextProvider>, request: Request, processId: string | undefined) {
  const { user, process } = await requireProcess(context, request, processId);
  const report = await loadSelfAssessmentReport(getServices(context).db, process);
  return { user, process, report, ...readerLanguage(context) };
}

/** The reader's language and its translate, for a generated document. */
export function readerLanguage(context: Readonly<RouterContextProvider>) {
  const lang = getLocale(context) === "en" ? ("en" as const) : ("fr" as const);
  return { lang, t: getInstance(context).getFixedT(lang) };
}
