import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/applications";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { listApplications } from "#app/services/process/applications.server.ts";
import { getServices, requireRole } from "#app/http/guards.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  return { applications: await listApplications(getServices(context).db) };
}

const STATUS_TONE = { pending: "badge-warning", accepted: "badge-success", declined: "badge-muted" } as const;

export default function Applications({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("applications");
  const format = useFormat();
  const lng = i18n.language === "en" ? "en" : "fr";
  const { applications } = loaderData;
  const pending = applications.filter((a) => a.status === "pending").length;
  return (
    <Page>
      <PageHeader title={t("admin.title")} />
      <p className="lead">{t("admin.intro")}</p>
      {applications.length === 0 ? (
        <p>{t("admin.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("admin.count", { count: applications.length, pending })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.establishment")}</th>
                <th scope="col">{t("admin.country")}</th>
                <th scope="col">{t("admin.city")}</th>
                <th scope="col">{t("admin.contact")}</th>
                <th scope="col">{t("admin.receivedAt")}</th>
                <th scope="col">{t("admin.status")}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/admin/applications/${a.id}`}>{a.establishmentName}</Link>
                  </td>
                  <td>{lng === "en" ? a.countryNameEn : a.countryNameFr}</td>
                  <td>{a.city}</td>
                  <td>
                    {a.contactName} · {a.contactEmail}
                  </td>
                  <td>{format.date(a.createdAt)}</td>
                  <td>
                    <span className={`badge ${STATUS_TONE[a.status]}`}>{t(`admin.statuses.${a.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
