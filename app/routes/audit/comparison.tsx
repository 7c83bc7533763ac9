// Self-assessment and audit side by side, for the team, the DRI and — once the report is released — the hospital:
// chapter scores as a chart (and its table), agreement figures per chapter and overall with what they mean, and
// the largest disagreements first. Server-rendered; readable without JavaScript.
import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/comparison";
import { AgreementExplanation, AgreementTable, AuditReportLinks, DisagreementTable, ServiceNaTable, useChartChapters } from "#app/components/audit-report.tsx";
import { FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ScoreComparisonChart } from "#app/components/score-comparison-chart.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { requireAuditReportView } from "#app/http/audit-report.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { report } = await requireAuditReportView(context, request, params.processId);
  const { process, visit } = report;
  return {
    process: { id: process.id, establishmentName: process.establishmentName, referentialCode: process.referentialCode, referentialVersion: process.referentialVersion },
    visit: { startsOn: visit.startsOn, endsOn: visit.endsOn, submitted: visit.submittedAt !== null },
    chapters: report.chapters,
    agreement: report.agreement,
    disagreements: report.disagreements,
    serviceNa: report.serviceNa,
    scale: report.scale,
  };
}

export default function Comparison({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const { process, visit } = loaderData;
  const base = `/processes/${process.id}/audit`;
  const crumbs = [...useProcessCrumbs(process), { to: base, label: t("comparison.audit") }];
  const chart = useChartChapters(loaderData.chapters);
  return (
    <Page>
      <PageHeader title={t("comparison.title")} crumbs={crumbs} />
      <p className="lead">
        {process.establishmentName} · {t("comparison.lead", { startsOn: format.date(visit.startsOn), endsOn: format.date(visit.endsOn), code: process.referentialCode, version: process.referentialVersion })}
      </p>
      {visit.submitted ? null : <FormMessage tone="info">{t("comparison.draft")}</FormMessage>}
      <AuditReportLinks processId={process.id} here="comparison" />

      <ScoreComparisonChart id="chapters-chart" chapters={chart} />

      <section aria-labelledby="agreement-title">
        <h2 id="agreement-title">{t("comparison.agreementTitle")}</h2>
        <AgreementTable overall={loaderData.agreement} chapters={loaderData.chapters} />
        <AgreementExplanation />
      </section>

      <section aria-labelledby="disagreements-title">
        <h2 id="disagreements-title">{t("comparison.disagreementsTitle")}</h2>
        <DisagreementTable processId={process.id} disagreements={loaderData.disagreements} scale={loaderData.scale} />
      </section>

      <section aria-labelledby="service-na-title">
        <h2 id="service-na-title">{t("comparison.serviceNaTitle")}</h2>
        <ServiceNaTable processId={process.id} rows={loaderData.serviceNa} scale={loaderData.scale} />
      </section>
    </Page>
  );
}
