import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/list";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { getServices, requireUser } from "#app/http/guards.server.ts";
import { listProcesses } from "#app/services/process/lifecycle.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const processes = await listProcesses(getServices(context).db, user);
  return { processes, canOpen: user.role === "dri_admin", isAuditor: user.role === "auditor" };
}

export default function Processes({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("process");
  const format = useFormat();
  return (
    <Page>
      <PageHeader title={t("list.title")}>
        {loaderData.canOpen ? (
          <Link to="/processes/new" className="button button-primary">
            {t("list.open")}
          </Link>
        ) : null}
      </PageHeader>
      {loaderData.isAuditor ? <p className="lead">{t("list.auditorIntro")}</p> : null}
      {loaderData.processes.length === 0 ? <p>{t(loaderData.isAuditor ? "list.emptyAuditor" : "list.empty")}</p> : null}
      {loaderData.processes.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>{t("list.caption", { count: loaderData.processes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.establishment")}</th>
                <th scope="col">{t("list.referential")}</th>
                <th scope="col">{t("list.state")}</th>
                <th scope="col">{t("list.due")}</th>
                <th scope="col">{t("list.openedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.processes.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/processes/${p.id}`}>{p.establishmentName}</Link>
                    <br />
                    <small>
                      {p.establishmentCity} ({p.establishmentCountry})
                    </small>
                  </td>
                  <td>
                    {p.referentialCode} {p.referentialVersion}
                  </td>
                  <td>
                    <ProcessStateBadge state={p.state} />
                  </td>
                  <td>{p.selfAssessmentDue ? format.date(p.selfAssessmentDue) : "—"}</td>
                  <td>{format.date(p.openedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
