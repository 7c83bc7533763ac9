import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/establishments";
import { FilterForm, SearchFilter } from "#app/components/filters.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CountryFilter, RegistryNav, useCountryName } from "#app/components/registry.tsx";
import { normalizeForSearch, wordMatcher } from "#app/domain/referential/search.ts";
import { searchField, z } from "#app/forms/validation.ts";
import { registryActor } from "#app/http/registry.server.ts";
import { listCountries, listEstablishments } from "#app/services/registry/registry.server.ts";

const filtersSchema = z.object({ q: searchField(100), country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined) });

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [all, countries] = await Promise.all([listEstablishments(db, actor), listCountries(db)]);
  const matches = wordMatcher(filters.q);
  const rows = all.filter((e) => (!filters.country || e.countryCode === filters.country) && matches(e.search ?? normalizeForSearch(`${e.name} ${e.shortName} ${e.city}`)));
  const used = new Set(all.map((e) => e.countryCode));
  return {
    filters,
    total: all.length,
    establishments: rows.map((e) => ({ id: e.id, name: e.name, shortName: e.shortName, city: e.city, countryCode: e.countryCode, kind: e.kind, projectCount: e.projectCount, agreementCount: e.agreementCount })),
    countries: countries.filter((c) => used.has(c.iso)),
    canEdit,
    canReadAll,
  };
}

export default function Establishments({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const { establishments, countries, filters, total, canEdit, canReadAll } = loaderData;
  const countryName = useCountryName(countries);
  return (
    <Page>
      <PageHeader title={t("establishments.title")}>
        {canEdit ? (
          <Link to="/cooperations/establishments/new" className="button button-primary">
            {t("establishments.new")}
          </Link>
        ) : null}
      </PageHeader>
      <RegistryNav canEdit={canEdit} canReadAll={canReadAll} />
      <FilterForm>
        <SearchFilter label={t("establishments.search")} value={filters.q} />
        <CountryFilter countries={countries} value={filters.country} />
      </FilterForm>
      <div className="table-wrap">
        <table>
          <caption>{t("establishments.count", { count: establishments.length, total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("establishments.name")}</th>
              <th scope="col">{t("establishments.city")}</th>
              <th scope="col">{t("columns.country")}</th>
              <th scope="col">{t("establishments.kind")}</th>
              <th scope="col">{t("establishments.projects")}</th>
              <th scope="col">{t("establishments.agreements")}</th>
            </tr>
          </thead>
          <tbody>
            {establishments.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/cooperations/establishments/${e.id}`}>{e.name}</Link>
                </td>
                <td>{e.city}</td>
                <td>{countryName(e.countryCode)}</td>
                <td>{e.kind ? t(`kinds.${e.kind}`) : "—"}</td>
                <td>{e.projectCount}</td>
                <td>{e.agreementCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
