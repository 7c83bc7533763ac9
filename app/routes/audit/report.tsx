// The audit report, read-only and printable (report.css): the visit, the proposed level and its explanation, the
// summary, chapter scores self vs audit, agreement, critical criteria and every finding. The DRI releases it to the
// hospital here (a plain form, confirmed by a tick), once the audit is submitted.
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/report";
import {
  AgreementExplanation,
  AgreementTable,
  AuditFacts,
  AuditReportLinks,
  AuditFindings,
  AuditSummary,
  CriticalTable,
  ProposedLevel,
  ServiceNaTable,
  useChartChapters,
} from "#app/components/audit-report.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ScoreComparisonChart } from "#app/components/score-comparison-chart.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { releaseReportSchema } from "#app/forms/audit-report.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { requireAuditReport } from "#app/http/audit-report.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { forbidden, notifyContext, readForm } from "#app/http/guards.server.ts";
import { auditReportView } from "#app/services/audit/audit-report.server.ts";
import { releaseAuditReport } from "#app/services/audit/visits.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, report } = await requireAuditReport(context, request, params.processId);
  const submitted = report.visit.submittedAt !== null;
  return {
    report: auditReportView(report),
    canRelease: user.role === "dri_admin" && report.visit.releasedAt === null,
    submitted,
    released: new URL(request.url).searchParams.get("done") === "released",
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process, db } = await requireAudit(context, request, params.processId);
  if (user.role !== "dri_admin") forbidden();
  const parsed = releaseReportSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ refusal: "confirm_required" as const }, { status: 400 });
  const released = await attempt(() => releaseAuditReport(db, user, process, notifyContext(context, request)), { onForm: ["audit.not_submitted"] });
  if (!released.ok) return data({ refusal: "not_submitted" as const }, { status: released.refusal.status });
  return redirect(`/processes/${process.id}/audit/report?done=released`);
}

export default function AuditReportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const { report } = loaderData;
  const base = `/processes/${report.process.id}/audit`;
  const crumbs = [...useProcessCrumbs(report.process), { to: base, label: t("comparison.audit") }];
  const chart = useChartChapters(report.chapters);
  return (
    <Page>
      <PageHeader title={`${t("report.title")} — ${report.process.establishmentName}`} crumbs={crumbs} />
      {loaderData.released ? <FormMessage tone="success">{t("report.release.done")}</FormMessage> : null}
      <AuditReportLinks processId={report.process.id} here="report" />
      <p className="field-hint report-screen-only">{t("reports:view.printHint")}</p>
      {loaderData.submitted ? null : <FormMessage tone="info">{t("report.draft")}</FormMessage>}
      <AuditFacts view={report} />

      {loaderData.canRelease ? (
        <section className="panel release-panel" aria-labelledby="release-title">
          <h2 id="release-title">{t("report.release.title")}</h2>
          {actionData?.refusal ? <FormMessage>{actionData.refusal === "confirm_required" ? t("report.release.confirmRequired") : t("errors.not_submitted")}</FormMessage> : null}
          {loaderData.submitted ? (
            <Form method="post" className="stack">
              <CsrfField />
              <input type="hidden" name="intent" value="release" />
              <p>{t("report.release.explain")}</p>
              <div className="field field-checkbox">
                <input id="release-confirm" name="confirm" type="checkbox" value="yes" required />
                <label htmlFor="release-confirm">{t("report.release.confirm")}</label>
              </div>
              <button type="submit" className="button button-primary">
                {t("report.release.button")}
              </button>
            </Form>
          ) : (
            <p>{t("report.release.notYet")}</p>
          )}
        </section>
      ) : null}

      <ProposedLevel audit={report.audit} selfResult={report.selfResult} levels={report.levels} />
      <AuditSummary visit={report.visit} />

      <section className="report-chapter" aria-labelledby="report-chart-title">
        <ScoreComparisonChart id="report-chart" chapters={chart} />
        <h2>{t("report.agreementTitle")}</h2>
        <AgreementTable overall={report.agreement} chapters={report.chapters} />
        <AgreementExplanation />
      </section>

      <section className="report-chapter" aria-labelledby="critical-title">
        <h2 id="critical-title">{t("report.criticalTitle")}</h2>
        <CriticalTable critical={report.critical} scale={report.scale} levels={report.levels} />
      </section>

      <section className="report-chapter" aria-labelledby="service-na-title">
        <h2 id="service-na-title">{t("comparison.serviceNaTitle")}</h2>
        <ServiceNaTable processId={report.process.id} rows={report.serviceNa} scale={report.scale} />
      </section>

      <AuditFindings view={report} />
    </Page>
  );
}
