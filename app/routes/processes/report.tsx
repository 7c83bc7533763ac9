// The whole self-assessment, read-only and printable (auditors preparing a visit, management meetings).
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/report";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ReportBody } from "#app/components/report.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { requireReport } from "#app/http/report.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, report } = await requireReport(context, request, params.processId);
  return { report, canImport: canEditSelfAssessment(user, process) };
}

export default function ReportPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("reports");
  const { report } = loaderData;
  const base = `/processes/${report.process.id}`;
  const crumbs = useProcessCrumbs(report.process);
  return (
    <Page>
      <PageHeader title={`${t("view.title")} — ${report.process.establishmentName}`} crumbs={crumbs} />
      <p className="report-downloads">
        <a href={`${base}/report.pdf`} className="button button-primary" download>
          {t("links.pdf")}
        </a>
        <a href={`${base}/export.xlsx`} className="button" download>
          {t("links.xlsx")}
        </a>
        {loaderData.canImport ? (
          <Link to={`${base}/import`} className="button">
            {t("links.import")}
          </Link>
        ) : null}
      </p>
      <p className="field-hint report-screen-only">{t("view.printHint")}</p>
      <ReportBody report={report} />
    </Page>
  );
}
