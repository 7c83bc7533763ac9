import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import type { Route } from "./+types/dashboard";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { BarChart, RegistryNav, StatusBadge, useCountryName } from "#app/components/registry.tsx";
import { ANNUAL_REPORTS } from "#app/domain/registry/annual-report.ts";
import { MAX_YEAR, MIN_YEAR } from "#app/domain/registry/codes.ts";
import { z } from "#app/forms/validation.ts";
import { registryReader } from "#app/http/registry.server.ts";
import { dashboardData } from "#app/services/registry/registry-dashboard.server.ts";

const querySchema = z.object({ year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined) });

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryReader(context, request);
  const { year } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const figures = await dashboardData(db, actor, year);
  const used = new Set(figures.byCountry.map((c) => c.key));
  return { ...figures, countries: figures.countries.filter((c) => used.has(c.iso)), canEdit, canReadAll };
}

type Data = Route.ComponentProps["loaderData"];

/** The two views one click apart: every documented project (the default), or those active in a year (plain links). */
function ViewSwitch({ d }: { d: Data }) {
  const { t } = useTranslation("registry");
  const views = [
    { year: null, label: t("dashboard.viewAll") },
    { year: d.thisYear, label: t("dashboard.viewYear", { year: d.thisYear }) },
    ...(d.latestReportYear !== d.thisYear ? [{ year: d.latestReportYear, label: t("dashboard.viewReportYear", { year: d.latestReportYear }) }] : []),
  ];
  return (
    <nav className="view-switch" aria-label={t("dashboard.views")}>
      <ul>
        {views.map((v) => (
          <li key={v.year ?? "all"}>
            {v.year === d.year ? (
              <span aria-current="page">{v.label}</span>
            ) : (
              <Link to={v.year === null ? "/cooperations/dashboard" : `/cooperations/dashboard?year=${v.year}`}>{v.label}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The registry beside the annual report: the figures side by side, and in words what the gap means. */
function ReportComparison({ d }: { d: Data }) {
  const { t } = useTranslation("registry");
  const countries = (count: number) => t("dashboard.inCountries", { count });
  const c = d.comparison;
  if (!c) {
    const years = ANNUAL_REPORTS.map((r) => r.year);
    return (
      <section aria-labelledby="comparison-title" className="comparison">
        <h2 id="comparison-title">{t("dashboard.comparisonTitle")}</h2>
        <p>
          {t("dashboard.noReport", { year: d.year })}{" "}
          {years.map((y, i) => (
            <span key={y}>
              {i > 0 ? ", " : ""}
              <Link to={`/cooperations/dashboard?year=${y}`}>{y}</Link>
            </span>
          ))}
          .
        </p>
      </section>
    );
  }
  const registry = d.year
    ? t("dashboard.registryYear", { count: d.headline.projects, year: d.year, countries: countries(d.headline.countries) })
    : t("dashboard.registryAll", { count: d.headline.projects, countries: countries(d.headline.countries) });
  return (
    <section aria-labelledby="comparison-title" className="comparison">
      <h2 id="comparison-title">{t("dashboard.comparisonTitle")}</h2>
      <p className="comparison-figures">
        <span>
          <strong>{t("dashboard.registryLabel")}</strong> {registry}
        </span>
        <span aria-hidden="true"> · </span>
        <span>
          <strong>{t("dashboard.reportLabel", { year: c.report.year })}</strong>{" "}
          {t("dashboard.reportFigures", { count: c.report.activeCooperations, countries: countries(c.report.countries) })}
        </span>
      </p>
      <p>
        {t(`dashboard.coverage.${c.coverage}${d.year ? "Year" : ""}`, {
          count: c.registryActive,
          countries: countries(c.registryActiveCountries),
          reported: c.report.activeCooperations,
          year: c.report.year,
        })}{" "}
        {!d.year && c.registryUnknown > 0 ? t("dashboard.unknownNote", { count: c.registryUnknown }) : null}
      </p>
      {c.report.activeAgreements !== null ? (
        <p>
          {t("dashboard.agreementsComparison", { count: d.agreements.active, total: d.agreements.total, reported: c.report.activeAgreements, year: c.report.year })}{" "}
          <Link to="/cooperations/agreements?status=active">{t("dashboard.seeAgreements")}</Link>
        </p>
      ) : null}
      <p className="field-hint">{t("dashboard.reportSource", { year: c.report.year, file: c.report.source.file })}</p>
    </section>
  );
}

export default function Dashboard({ loaderData: d }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const format = useFormat();
  const countryName = useCountryName(d.countries);
  const yearParam = d.year ? `year=${d.year}` : "";
  const listLink = (extra = "") => `/cooperations?${[yearParam, extra].filter(Boolean).join("&")}`.replace(/\?$/, "");
  const countries = (count: number) => t("dashboard.inCountries", { count });
  return (
    <Page>
      <PageHeader title={t("dashboard.title")} />
      <RegistryNav canEdit={d.canEdit} canReadAll={d.canReadAll} />
      <div className="dashboard-views">
        <ViewSwitch d={d} />
        <Form method="get" className="filters filters-compact" aria-label={t("dashboard.yearFilter")}>
          <div className="field">
            <label htmlFor="year">{t("dashboard.year")}</label>
            <select id="year" name="year" defaultValue={d.year?.toString() ?? ""} aria-describedby="year-hint">
              <option value="">{t("dashboard.allDocumented")}</option>
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
      </div>

      <section className="headline" aria-labelledby="headline">
        <p id="headline" className="headline-figure">
          {d.year
            ? t("dashboard.headlineYear", { count: d.headline.projects, countries: countries(d.headline.countries), year: d.year })
            : t("dashboard.headline", { count: d.headline.projects, countries: countries(d.headline.countries) })}
        </p>
        <ul className="status-counts" aria-label={t("dashboard.byStatus")}>
          {d.byStatus.map((s) => (
            <li key={s.key}>
              <Link to={listLink(`status=${s.key}`)}>
                <StatusBadge status={s.key} kind="project" /> <strong>{format.number(s.count)}</strong>
              </Link>
            </li>
          ))}
        </ul>
        <p className="field-hint">
          {t(d.year ? "dashboard.statusHintYear" : "dashboard.statusHint")} <Link to={listLink()}>{t("dashboard.seeList")}</Link>
          {d.lastChanged ? <> · {t("dashboard.lastChanged", { date: format.dateTime(d.lastChanged) })}</> : null}
        </p>
      </section>

      <ReportComparison d={d} />

      <section aria-labelledby="map-title" className="map-section">
        <h2 id="map-title">{d.year ? t("dashboard.mapTitleYear", { year: d.year }) : t("dashboard.mapTitle")}</h2>
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
          id="by-region"
          title={t("dashboard.byRegion")}
          caption={t("dashboard.tableCaption", { what: t("dashboard.byRegion") })}
          bars={d.byRegion.map((c) => ({ key: c.key, label: t(`regions.${c.key}`), count: c.count, href: listLink(`region=${c.key}`) }))}
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
