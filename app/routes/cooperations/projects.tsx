import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/projects";
import { FilterForm, SearchFilter, SelectFilter } from "#app/components/filters.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CountryFilter, RegistryNav, StatusBadge, useCountryName } from "#app/components/registry.tsx";
import { COOPERATION_STATUSES, FUNDING_SOURCES, REGIONS, THEMES } from "#app/domain/registry/codes.ts";
import { filterProjects, filtersToQuery, hasActiveFilter, paginate, parseProjectFilters, SORT_KEYS, sortProjects, type SortKey } from "#app/domain/registry/filters.ts";
import { projectCountries } from "#app/domain/registry/model.ts";
import { getInstance } from "#app/middleware/i18next.ts";
import { registryActor } from "#app/http/registry.server.ts";
import { listCountries, listProjectFacts, listSites, loadProjectsInOrder, regionLookup } from "#app/services/registry/registry.server.ts";
import { yearRange } from "#app/domain/registry/aggregate.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, db, canEdit, canReadAll } = registryActor(context, request);
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  const [projects, countries, sites] = await Promise.all([listProjectFacts(db, actor), listCountries(db), canReadAll ? listSites(db) : Promise.resolve([])]);
  const regionOf = regionLookup(countries);
  const i18n = getInstance(context);
  const language = i18n.language === "en" ? "en" : "fr";
  const countryName = new Map(countries.map((c) => [c.iso, language === "en" ? c.nameEn : c.nameFr]));
  const filtered = filterProjects(projects, filters, regionOf);
  const sorted = sortProjects(filtered, filters.sort, filters.dir, {
    language,
    countryName: (iso) => countryName.get(iso) ?? iso,
    themeName: (theme) => i18n.t(`registry:themes.${theme}`),
  });
  const page = paginate(sorted, filters.page);
  const usedCountries = new Set(projects.flatMap((p) => projectCountries(p)));
  return {
    filters,
    filtered: hasActiveFilter(filters),
    total: projects.length,
    page: { ...page, items: (await loadProjectsInOrder(db, page.items.map((p) => p.id))).map(({ search, sources, notes, summary, ...p }) => p) },
    countries: countries.filter((c) => usedCountries.has(c.iso) || c.iso === filters.country),
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    years: yearRange(projects),
    canEdit,
    canReadAll,
  };
}

export default function Projects({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const format = useFormat();
  const { filters, page, countries, sites, years, canEdit, canReadAll, total, filtered } = loaderData;
  const countryName = useCountryName(countries);
  const en = i18n.language === "en";
  const all = t("filters.all");
  const exportQuery = filtersToQuery({ ...filters, page: 1 });
  const sortLink = (key: SortKey) => filtersToQuery(filters, { sort: key, dir: filters.sort === key && filters.dir === "asc" ? "desc" : "asc", page: 1 });
  const ariaSort = (key: SortKey) => (filters.sort === key ? (filters.dir === "asc" ? "ascending" : "descending") : undefined);
  const sortableHeader = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={ariaSort(key)}>
      <Link to={`/cooperations${sortLink(key)}`} className="sort-link">
        {label}
        <span aria-hidden="true">{filters.sort === key ? (filters.dir === "asc" ? " ▲" : " ▼") : ""}</span>
      </Link>
    </th>
  );
  return (
    <Page>
      <PageHeader title={t("projects.title")}>
        {canEdit ? (
          <Link to="/cooperations/projects/new" className="button button-primary">
            {t("projects.new")}
          </Link>
        ) : null}
      </PageHeader>
      <RegistryNav canEdit={canEdit} canReadAll={canReadAll} />
      <p className="lead">{canReadAll ? t("projects.intro") : t("projects.introHospital")}</p>
      <FilterForm
        label={t("filters.label")}
        actions={
          filtered ? (
            <Link to="/cooperations" className="button">
              {t("filters.reset")}
            </Link>
          ) : undefined
        }
      >
        <SearchFilter label={t("filters.q")} value={filters.q} placeholder={t("filters.qPlaceholder")} />
        <CountryFilter countries={countries} value={filters.country} />
        <SelectFilter name="region" label={t("filters.region")} value={filters.region} allLabel={all} options={REGIONS.map((r) => ({ value: r, label: t(`regions.${r}`) }))} />
        <SelectFilter name="theme" label={t("filters.theme")} value={filters.theme} allLabel={all} options={THEMES.map((th) => ({ value: th, label: t(`themes.${th}`) }))} />
        {canReadAll ? <SelectFilter name="site" label={t("filters.site")} value={filters.site} allLabel={all} options={sites.map((s) => ({ value: s.id, label: s.name }))} /> : null}
        <SelectFilter name="funding" label={t("filters.funding")} value={filters.funding} allLabel={all} options={FUNDING_SOURCES.map((f) => ({ value: f, label: t(`funding.${f}`) }))} />
        <SelectFilter name="status" label={t("filters.status")} value={filters.status} allLabel={all} options={COOPERATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <SelectFilter
          name="year"
          label={t("filters.year")}
          value={filters.year}
          allLabel={t("filters.allYears")}
          describedBy="year-hint"
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <SelectFilter name="sort" label={t("filters.sort")} value={filters.sort} options={SORT_KEYS.map((s) => ({ value: s, label: t(`sort.${s}`) }))} />
        <SelectFilter name="dir" label={t("filters.dir")} value={filters.dir} options={(["asc", "desc"] as const).map((d) => ({ value: d, label: t(`sort.${d}`) }))} />
      </FilterForm>

      <p className="field-hint" id="year-hint">
        {t("filters.yearHint")}
      </p>
      <div className="list-toolbar">
        <p role="status">{filtered ? t("projects.countFiltered", { count: page.total, total }) : t("projects.count", { count: page.total })}</p>
        <p className="export-links">
          {t("projects.export")}{" "}
          <a href={`/cooperations/export.csv${exportQuery}`} download>
            CSV
          </a>{" "}
          ·{" "}
          <a href={`/cooperations/export.xlsx${exportQuery}`} download>
            Excel (XLSX)
          </a>
        </p>
      </div>

      {page.total === 0 ? (
        <p>{t("projects.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="projects-table">
            <caption>{t("projects.caption", { from: (page.page - 1) * page.pageSize + 1, to: Math.min(page.total, page.page * page.pageSize), total: page.total })}</caption>
            <thead>
              <tr>
                {sortableHeader("title", t("columns.title"))}
                <th scope="col">{t("columns.partner")}</th>
                {sortableHeader("country", t("columns.country"))}
                {sortableHeader("theme", t("columns.theme"))}
                <th scope="col">{t("columns.sites")}</th>
                <th scope="col">{t("columns.funding")}</th>
                {sortableHeader("start", t("columns.years"))}
                {sortableHeader("status", t("columns.status"))}
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/cooperations/projects/${p.id}`}>{en ? p.titleEn : p.titleFr}</Link>
                  </td>
                  <td>
                    {p.establishments.length
                      ? p.establishments.map((e, i) => (
                          <span key={e.id}>
                            {i > 0 ? ", " : ""}
                            <Link to={`/cooperations/establishments/${e.id}`}>{e.shortName}</Link>
                          </span>
                        ))
                      : p.partnerInstitution}
                    {p.partnerNotNamed ? <span className="badge badge-warning">{t("projects.notNamedShort")}</span> : null}
                  </td>
                  <td>{[...new Set([...p.establishments.map((e) => e.countryCode), ...(p.partnerCountryCode ? [p.partnerCountryCode] : [])])].map(countryName).join(", ")}</td>
                  <td>{t(`themes.${p.theme}`)}</td>
                  <td>{p.sites.map((s) => s.shortName).join(", ")}</td>
                  <td>{p.fundings.length ? p.fundings.map((f) => (f.call ? `${t(`fundingShort.${f.source}`)} (${f.call})` : t(`fundingShort.${f.source}`))).join(", ") : "—"}</td>
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
      {page.pageCount > 1 ? (
        <nav className="pagination" aria-label={t("pagination.label")}>
          {page.page > 1 ? (
            <Link to={`/cooperations${filtersToQuery(filters, { page: page.page - 1 })}`} rel="prev">
              {t("pagination.previous")}
            </Link>
          ) : null}
          <span aria-current="page">{t("pagination.page", { page: format.number(page.page), count: page.pageCount })}</span>
          {page.page < page.pageCount ? (
            <Link to={`/cooperations${filtersToQuery(filters, { page: page.page + 1 })}`} rel="next">
              {t("pagination.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </Page>
  );
}
