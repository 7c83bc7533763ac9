import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/sites";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RegistryNav } from "#app/components/registry.tsx";
import { registryReader } from "#app/http/registry.server.ts";
import { listSites } from "#app/services/registry/registry.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, canEdit, canReadAll } = registryReader(context, request);
  const sites = await listSites(db);
  return { sites: sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, city: s.city, projectCount: s.projectCount })), canEdit, canReadAll };
}

export default function Sites({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const { sites, canEdit, canReadAll } = loaderData;
  return (
    <Page>
      <PageHeader title={t("sites.title")}>
        {canEdit ? (
          <Link to="/cooperations/sites/new" className="button button-primary">
            {t("sites.new")}
          </Link>
        ) : null}
      </PageHeader>
      <RegistryNav canEdit={canEdit} canReadAll={canReadAll} />
      <div className="table-wrap">
        <table>
          <caption>{t("sites.count", { count: sites.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("sites.name")}</th>
              <th scope="col">{t("sites.kind")}</th>
              <th scope="col">{t("establishments.city")}</th>
              <th scope="col">{t("establishments.projects")}</th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/cooperations/sites/${s.id}`}>{s.name}</Link>
                </td>
                <td>{t(`siteKinds.${s.kind}`, { defaultValue: s.kind })}</td>
                <td>{s.city ?? "—"}</td>
                <td>{s.projectCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
