import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/dashboard";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { BarChart, RegistryNav, useCountryName } from "#app/components/registry.tsx";
import { MAX_YEAR, MIN_YEAR } from "#app/domain/registry/codes.ts";
import { z } from "#app/forms/validation.ts";
import { registryReader } from "#app/http/registry.server.ts";
import { dashboardData } from "#app/services/registry/registry-dashboard.server.ts";
import { listCountries } from "#app/services/registry/registry.server.ts";

const querySchema = z.object({ year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined) });

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryReader(context, request);
  const { year } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [figures, countries] = await Promise.all([dashboardData(db, actor, year), listCountries(db)]);
  const used = new Set(figures.byCountry.map((c) => c.key));
  return { ...figures, countries: countries.filter((c) => used.has(c.iso)), canEdit, canReadAll };
}

export default function Dashboard({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const format = useFormat();
  const countryName = useCountryName(d.countries);
  const yearQuery = d.year ? `year=${d.year}` : "status=active";
  const listLink = (extra: string) => `/cooperations?${yearQuery}&${extra}`;
  return (
    <Page>
      <PageHeader title={t("dashboard.title")} />
      <RegistryNav canEdit={d.canEdit} canReadAll={d.canReadAll} />
      <Form method="get" className="filters filters-compact" aria-label={t("dashboard.yearFilter")}>
        <div className="field">
          <label htmlFor="year">{t("dashboard.year")}</label>
          <select id="year" name="year" defaultValue={d.year?.toString() ?? ""} aria-describedby="year-hint">
            <option value="">{t("dashboard.currentlyActive")}</option>
            {d.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <p className="field-hint" id="year-hint">
            {t("dashboard.yearHint")}
          </p>
        </div>
        <button type="submit" className="button">
          {t("dashboard.show")}
        </button>
      </Form>

      <section className="headline" aria-labelledby="headline">
        <p id="headline" className="headline-figure">
          {d.year
            ? t("dashboard.headlineYear", { count: d.headline.projects, countries: d.headline.countries, year: d.year })
            : t("dashboard.headline", { count: d.headline.projects, countries: d.headline.countries })}
        </p>
        <p className="field-hint">
          {d.lastChanged ? t("dashboard.lastChanged", { date: format.dateTime(d.lastChanged) }) : null} ·{" "}
          {t("dashboard.totals", { projects: d.totalProjects, agreements: d.agreements.total, active: d.agreements.active })} ·{" "}
          <Link to={`/cooperations?${yearQuery}`}>{t("dashboard.seeList")}</Link>
        </p>
      </section>

      <section aria-labelledby="map-title" className="map-section">
        <h2 id="map-title">{t("dashboard.mapTitle")}</h2>
        <img
          className="world-map"
          src={`/cooperations/dashboard/map.svg?lng=${i18n.language}${d.year ? `&year=${d.year}` : ""}`}
          alt={t("dashboard.mapAlt", {
            list: d.byCountry.map((c) => `${countryName(c.key)} ${c.count}`).join(", ") || t("dashboard.noData"),
          })}
          width={960}
          height={510}
        />
        <details className="chart-table">
          <summary>{t("dashboard.showCountryTable")}</summary>
          <table>
            <caption>{t("dashboard.countryCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.country")}</th>
                <th scope="col">{t("dashboard.projects")}</th>
              </tr>
            </thead>
            <tbody>
              {d.byCountry.map((c) => (
                <tr key={c.key}>
                  <th scope="row">
                    <Link to={listLink(`country=${c.key}`)}>{countryName(c.key)}</Link>
                  </th>
                  <td>{format.number(c.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>

      <div className="charts">
        <BarChart
          id="by-theme"
          title={t("dashboard.byTheme")}
          caption={t("dashboard.tableCaption", { what: t("dashboard.byTheme") })}
          bars={d.byTheme.map((c) => ({ key: c.key, label: t(`themes.${c.key}`), count: c.count, href: listLink(`theme=${c.key}`) }))}
        />
        <BarChart
          id="by-region"
          title={t("dashboard.byRegion")}
          caption={t("dashboard.tableCaption", { what: t("dashboard.byRegion") })}
          bars={d.byRegion.map((c) => ({ key: c.key, label: t(`regions.${c.key}`), count: c.count, href: listLink(`region=${c.key}`) }))}
        />
        <BarChart
          id="by-funding"
          title={t("dashboard.byFunding")}
          caption={t("dashboard.tableCaption", { what: t("dashboard.byFunding") })}
          bars={d.byFunding.map((c) => ({
            key: c.key,
            label: c.key === "none" ? t("dashboard.noFunding") : t(`funding.${c.key}`),
            count: c.count,
            href: c.key === "none" ? undefined : listLink(`funding=${c.key}`),
          }))}
        />
        <BarChart
          id="by-site"
          title={t("dashboard.bySite")}
          caption={t("dashboard.tableCaption", { what: t("dashboard.bySite") })}
          bars={d.bySite.map((c) => ({ key: c.key, label: c.name, count: c.count, href: listLink(`site=${c.key}`) }))}
        />
      </div>
      <p className="field-hint">{t("dashboard.countingRule")}</p>
    </Page>
  );
}
