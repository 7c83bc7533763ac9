// Shared by the audit's comparison, report, PDF and XLSX routes: the audit the user may read (requireAudit: 404 off
// the team, 403 for the hospital before release), everything the report shows, and the reader's language.
import type { RouterContextProvider } from "react-router";
import { loadAuditReport, loadAuditReportView } from "#app/services/audit/audit-report.server.ts";
import { requireAudit } from "./audit.server.ts";
import { readerLanguage } from "./report.server.ts";

export async function requireAuditReport(context: Readonly<RouterContextProvider>, request: Request, processId: string | undefined) {
  const audit = await requireAudit(context, request, processId);
  const report = await loadAuditReport(audit.db, audit.process, audit.visit);
  return { ...audit, report, ...readerLanguage(context) };
}

/** The same, with the report's view only (the comparison page shows no hospital text, evidence or action). */
export async function requireAuditReportView(context: Readonly<RouterContextProvider>, request: Request, processId: string | undefined) {
  const audit = await requireAudit(context, request, processId);
  const report = await loadAuditReportView(audit.db, audit.process, audit.visit);
  return { ...audit, report };
}
