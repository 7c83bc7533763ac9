import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/establishment";
import { FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RegistryNav, StatusBadge, useCountryName, usePartialDate } from "#app/components/registry.tsx";
import { EstablishmentLabels } from "#app/components/label.tsx";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { notFound } from "#app/http/guards.server.ts";
import { registryActor } from "#app/http/registry.server.ts";
import { ESTABLISHMENT_ENTITY, getEstablishment, listCountries } from "#app/services/registry/registry.server.ts";
import { labelsOfEstablishment, mayDownloadCertificate } from "#app/services/label/labels.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  // Another establishment than one's own answers 404 for a hospital user, as if it did not exist.
  const est = await getEstablishment(db, actor, id.data);
  if (!est) notFound();
  const [history, countries] = await Promise.all([canReadAll ? listAuditTrail(db, ESTABLISHMENT_ENTITY, est.id) : Promise.resolve([]), listCountries(db)]);
  // Its labels, newest first: what the certificate says and the status, nothing of the committee's.
  const labels = (await labelsOfEstablishment(db, est.id)).map((l) => ({
    certificateNumber: l.certificateNumber,
    level: l.level,
    levelName: l.levelName,
    referential: `${l.referentialCode} ${l.referentialVersion}`,
    decidedOn: l.decidedOn,
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    status: l.status,
    mayDownload: mayDownloadCertificate(actor, l),
  }));
  const { search, projects, ...identity } = est;
  return {
    est: identity,
    projects: projects.map((p) => ({ id: p.id, titleFr: p.titleFr, titleEn: p.titleEn, theme: p.theme, status: p.status, startYear: p.startYear, endYear: p.endYear, sites: p.sites })),
    history,
    countries,
    labels,
    canEdit,
    canReadAll,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export default function EstablishmentPage({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const { t: tc } = useTranslation();
  const partialDate = usePartialDate();
  const { est, projects, history, countries, labels, canEdit, canReadAll, saved } = loaderData;
  const countryName = useCountryName(countries);
  const en = i18n.language === "en";
  return (
    <Page>
      <PageHeader title={est.name} crumbs={canReadAll ? [{ to: "/cooperations/establishments", label: t("establishments.title") }] : undefined}>
        {canEdit && !est.mergedIntoId ? (
          <span className="header-actions">
            <Link to={`/cooperations/establishments/${est.id}/edit`} className="button button-primary">
              {t("establishments.edit")}
            </Link>
            <Link to={`/cooperations/establishments/${est.id}/merge`} className="button">
              {t("establishments.merge")}
            </Link>
          </span>
        ) : null}
      </PageHeader>
      {canReadAll ? <RegistryNav canEdit={canEdit} canReadAll={canReadAll} /> : null}
      {saved ? <FormMessage tone="success">{t(`saved.${saved}`, { defaultValue: tc("common.saved") })}</FormMessage> : null}
      {est.mergedInto ? (
        <FormMessage tone="info">
          {t("establishments.mergedInto")} <Link to={`/cooperations/establishments/${est.mergedInto.id}`}>{est.mergedInto.name}</Link>
        </FormMessage>
      ) : null}
      <dl className="facts">
        <dt>{t("establishments.shortName")}</dt>
        <dd>{est.shortName}</dd>
        <dt>{t("establishments.city")}</dt>
        <dd>
          {est.city}, {countryName(est.countryCode)}
        </dd>
        <dt>{t("establishments.kind")}</dt>
        <dd>{est.kind ? t(`kinds.${est.kind}`) : "—"}</dd>
        <dt>{t("establishments.beds")}</dt>
        <dd>{show(est.beds)}</dd>
        <dt>{t("establishments.website")}</dt>
        <dd>{est.website ? <a href={est.website} rel="noopener noreferrer external">{est.website}</a> : "—"}</dd>
        {est.notes ? (
          <>
            <dt>{t("establishments.notes")}</dt>
            <dd className="prewrap">{est.notes}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="label-title" className="panel">
        <h2 id="label-title">{t("establishments.labelTitle")}</h2>
        {labels.length === 0 ? (
          <>
            <p>
              <span className="badge badge-muted">{t("establishments.noLabel")}</span>
            </p>
            <p className="field-hint">
              {t("establishments.labelHint")} <Link to="/labels">{t("establishments.labelsLink")}</Link>
            </p>
          </>
        ) : (
          <EstablishmentLabels labels={labels} establishment={est.name} />
        )}
      </section>

      <section aria-labelledby="projects-title">
        <h2 id="projects-title">{t("establishments.projectsTitle")}</h2>
        {projects.length === 0 ? (
          <p>{t("establishments.noProjects")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t("establishments.projectsCaption", { count: projects.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("columns.title")}</th>
                  <th scope="col">{t("columns.theme")}</th>
                  <th scope="col">{t("columns.sites")}</th>
                  <th scope="col">{t("columns.years")}</th>
                  <th scope="col">{t("columns.status")}</th>
                </tr>
              </thead>
              <tbody>
                {projects.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/cooperations/projects/${p.id}`}>{en ? p.titleEn : p.titleFr}</Link>
                    </td>
                    <td>{t(`themes.${p.theme}`)}</td>
                    <td>{p.sites.map((s) => s.shortName).join(", ")}</td>
                    <td>{p.startYear ? (p.endYear ? `${p.startYear}–${p.endYear}` : p.status === "active" ? `${p.startYear}–` : `${p.startYear}`) : "—"}</td>
                    <td>
                      <StatusBadge status={p.status} kind="project" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="agreements-title">
        <h2 id="agreements-title">{t("establishments.agreementsTitle")}</h2>
        {est.agreements.length === 0 ? (
          <p>{t("establishments.noAgreements")}</p>
        ) : (
          <ul className="plain">
            {est.agreements.map((a) => (
              <li key={a.id}>
                {canReadAll ? <Link to={`/cooperations/agreements/${a.id}`}>{t("agreements.signedOn", { date: partialDate(a.signedOn) })}</Link> : t("agreements.signedOn", { date: partialDate(a.signedOn) })}{" "}
                <StatusBadge status={a.status} kind="agreement" />
              </li>
            ))}
          </ul>
        )}
      </section>

      {canReadAll ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{tc("history.title")}</h2>
          <HistoryTable events={history} caption={t("establishments.historyCaption", { name: est.name })} formatValue={(value, field) => (field === "kind" && typeof value === "string" ? t(`kinds.${value}`) : show(value))} />
        </section>
      ) : null}
    </Page>
  );
}
