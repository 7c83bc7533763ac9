// Audit ratings prepared offline in the audit workbook (a fallback without a modern browser): upload → preview →
// confirm, through the self-assessment's import (app/http/workbook-import.server.ts) with the audit's rules. The
// audit's readers reach the page; only the visit's team imports, while the audit is open for scoring.
import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/import";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingText } from "#app/components/rating.tsx";
import { WorkbookImport } from "#app/components/workbook-import.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import type { AuditFields } from "#app/domain/audit/audit-workbook.ts";
import { auditEditRefusal } from "#app/domain/audit/visit.ts";
import type { Scale } from "#app/domain/referential/schema.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { workbookImportAction, workbookImportLoader } from "#app/http/workbook-import.server.ts";
import { AUDIT_IMPORT } from "#app/services/audit/audit-workbook.server.ts";

async function target(context: Route.LoaderArgs["context"], request: Request, processId: string | undefined) {
  const { user, process, teamRole } = await requireAudit(context, request, processId);
  return { user, process, teamRole, importer: AUDIT_IMPORT, here: `/processes/${process.id}/audit/import`, notEditable: "audit.not_editable" as const };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const found = await target(context, request, params.processId);
  const { user, process, teamRole } = found;
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    editable: auditEditRefusal(user, process.state, teamRole) === null,
    ...(await workbookImportLoader(context, request, found)),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  return workbookImportAction(context, request, await target(context, request, params.processId));
}

/** One side of an audit row: the rating, the finding, its classification and the methods. */
function AuditSide(fields: AuditFields, scale: Scale) {
  return <AuditSideText fields={fields} scale={scale} />;
}

function AuditSideText({ fields, scale }: { fields: AuditFields; scale: Scale }) {
  const { t } = useTranslation("audit");
  return (
    <>
      <RatingText rating={fields.rating} scale={scale} />
      <p className="pre">{fields.finding}</p>
      {fields.classification ? <p>{t(`report.classification.${fields.classification}`)}</p> : null}
      {fields.methods.length ? <p className="field-hint">{fields.methods.map((m) => t(`process:methods.${m}`)).join(", ")}</p> : null}
    </>
  );
}

export default function AuditImportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const { process } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}/audit`;
  return (
    <Page>
      <PageHeader title={t("import.title")} crumbs={[...crumbs, { to: base, label: t("scoring.audit") }]} />
      <WorkbookImport
        loaderData={loaderData}
        actionData={actionData}
        editable={loaderData.editable}
        renderSide={AuditSide}
        texts={{
          intro: t("import.intro"),
          rules: [t("import.ruleTemplate"), t("reports:import.ruleFormat", { max: loaderData.maxMb }), t("import.ruleConflicts"), t("import.ruleAllOrNothing")],
          exportLink: { href: `${base}/export.xlsx`, label: t("report.links.xlsx") },
          seeLink: { to: `${base}/criteria`, label: t("import.seeCriteria") },
          notEditable: t("import.notEditable"),
          refused: t("import.refused"),
        }}
      />
    </Page>
  );
}
