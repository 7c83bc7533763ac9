import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/site";
import { FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge, useCountryName } from "#app/components/registry.tsx";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { notFound } from "#app/http/guards.server.ts";
import { registryReader } from "#app/http/registry.server.ts";
import { getSite, listCountries, SITE_ENTITY } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor, canEdit } = registryReader(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const found = await getSite(db, actor, id.data);
  if (!found) notFound();
  return {
    site: found.site,
    partners: found.partners,
    projects: found.projects.map((p) => ({
      id: p.id,
      titleFr: p.titleFr,
      titleEn: p.titleEn,
      theme: p.theme,
      status: p.status,
      partner: p.establishments.map((e) => e.shortName).join(", ") || p.partnerInstitution || "—",
    })),
    countries: await listCountries(db),
    history: await listAuditTrail(db, SITE_ENTITY, found.site.id),
    canEdit,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export default function SitePage({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const { t: tc } = useTranslation();
  const { site, partners, projects, countries, history, canEdit, saved } = loaderData;
  const countryName = useCountryName(countries);
  const en = i18n.language === "en";
  return (
    <Page>
      <PageHeader title={site.name} crumbs={[{ to: "/cooperations/sites", label: t("sites.title") }]}>
        <span className="header-actions">
          {canEdit ? (
            <Link to={`/cooperations/sites/${site.id}/edit`} className="button button-primary">
              {t("sites.edit")}
            </Link>
          ) : null}
          <Link to={`/cooperations?site=${site.id}`} className="button">
            {t("sites.filterProjects")}
          </Link>
        </span>
      </PageHeader>
      {saved ? <FormMessage tone="success">{t(`saved.${saved}`, { defaultValue: tc("common.saved") })}</FormMessage> : null}
      <p className="lead">
        {t(`siteKinds.${site.kind}`, { defaultValue: site.kind })}
        {site.city ? ` · ${site.city}` : ""}
      </p>
      {site.notes ? <p>{site.notes}</p> : null}
      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t("sites.partnersTitle")}</h2>
        {partners.length === 0 ? (
          <p>{t("sites.noPartners")}</p>
        ) : (
          <ul className="plain columns-list">
            {partners.map((e) => (
              <li key={e.id}>
                <Link to={`/cooperations/establishments/${e.id}`}>{e.name}</Link> — {e.city}, {countryName(e.countryCode)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="projects-title">
        <h2 id="projects-title">{t("sites.projectsTitle")}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t("establishments.projectsCaption", { count: projects.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.title")}</th>
                <th scope="col">{t("columns.partner")}</th>
                <th scope="col">{t("columns.theme")}</th>
                <th scope="col">{t("columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/cooperations/projects/${p.id}`}>{en ? p.titleEn : p.titleFr}</Link>
                  </td>
                  <td>{p.partner}</td>
                  <td>{t(`themes.${p.theme}`)}</td>
                  <td>
                    <StatusBadge status={p.status} kind="project" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{tc("history.title")}</h2>
        <HistoryTable events={history} caption={t("sites.historyCaption", { name: site.name })} formatValue={(value, field) => (field === "kind" && typeof value === "string" ? t(`siteKinds.${value}`) : show(value))} />
      </section>
    </Page>
  );
}
