// Ratings prepared offline: upload the filled-in export → preview → confirm (app/http/workbook-import.server.ts).
import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/import";
import { Page, PageHeader } from "#app/components/page.tsx";
import { SelfSide, WorkbookImport } from "#app/components/workbook-import.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { requireProcess } from "#app/http/process.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { workbookImportAction, workbookImportLoader } from "#app/http/workbook-import.server.ts";
import { SELF_ASSESSMENT_IMPORT } from "#app/services/process/rating-workbook.server.ts";

const target = (user: Actor, process: ProcessSummary) => ({
  user,
  process,
  importer: SELF_ASSESSMENT_IMPORT,
  here: `/processes/${process.id}/import`,
  notEditable: "process.not_editable" as const,
});

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    editable: canEditSelfAssessment(user, process),
    ...(await workbookImportLoader(context, request, target(user, process))),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  return workbookImportAction(context, request, target(user, process));
}

export default function ImportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("reports");
  const { process } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}`;
  return (
    <Page>
      <PageHeader title={t("import.title")} crumbs={crumbs} />
      <WorkbookImport
        loaderData={loaderData}
        actionData={actionData}
        editable={loaderData.editable}
        renderSide={SelfSide}
        texts={{
          intro: t("import.intro"),
          rules: [t("import.ruleTemplate"), t("import.ruleFormat", { max: loaderData.maxMb }), t("import.ruleConflicts"), t("import.ruleAllOrNothing")],
          exportLink: { href: `${base}/export.xlsx`, label: t("links.xlsx") },
          seeLink: { to: `${base}/criteria`, label: t("import.seeCriteria") },
          notEditable: t("import.notEditable"),
          refused: t("import.errors.not_editable"),
        }}
      />
    </Page>
  );
}
