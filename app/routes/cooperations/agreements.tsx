import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/agreements";
import { FilterForm, SearchFilter, SelectFilter } from "#app/components/filters.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CountryFilter, RegistryNav, StatusBadge, useCountryName, usePartialDate } from "#app/components/registry.tsx";
import { wordMatcher } from "#app/domain/referential/search.ts";
import { AGREEMENT_STATUSES } from "#app/domain/registry/codes.ts";
import { searchField, z } from "#app/forms/validation.ts";
import { registryActor } from "#app/http/registry.server.ts";
import { countAgreements, listAgreements, listCountries } from "#app/services/registry/registry.server.ts";

const filtersSchema = z.object({
  q: searchField(100),
  country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [all, countries, counts] = await Promise.all([listAgreements(db, actor), listCountries(db), countAgreements(db)]);
  const matches = wordMatcher(filters.q);
  const agreements = all
    .filter((a) => (!filters.country || a.countryCode === filters.country) && (!filters.status || a.status === filters.status) && matches(a.search))
    .map(({ search, ...a }) => a);
  const used = new Set(all.map((a) => a.countryCode));
  return { agreements, total: all.length, counts: canReadAll ? counts : null, filters, countries: countries.filter((c) => used.has(c.iso)), canEdit, canReadAll };
}

export default function Agreements({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const partialDate = usePartialDate();
  const { agreements, total, counts, filters, countries, canEdit, canReadAll } = loaderData;
  const countryName = useCountryName(countries);
  return (
    <Page>
      <PageHeader title={t("agreements.title")}>
        {canEdit ? (
          <Link to="/cooperations/agreements/new" className="button button-primary">
            {t("agreements.new")}
          </Link>
        ) : null}
      </PageHeader>
      <RegistryNav canEdit={canEdit} canReadAll={canReadAll} />
      {counts ? <p className="lead">{t("agreements.summary", { count: counts.total, active: counts.active })}</p> : null}
      <FilterForm>
        <SearchFilter label={t("filters.q")} value={filters.q} />
        <CountryFilter countries={countries} value={filters.country} />
        <SelectFilter
          name="status"
          label={t("filters.status")}
          value={filters.status}
          allLabel={t("filters.all")}
          options={AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(`agreementStatus.${s}`) }))}
        />
      </FilterForm>
      <div className="table-wrap">
        <table>
          <caption>{t("agreements.count", { count: agreements.length, total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agreements.partner")}</th>
              <th scope="col">{t("columns.country")}</th>
              <th scope="col">{t("agreements.signed")}</th>
              <th scope="col">{t("agreements.renewed")}</th>
              <th scope="col">{t("agreements.expires")}</th>
              <th scope="col">{t("columns.status")}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/cooperations/agreements/${a.id}`}>{a.establishmentName ?? a.partnerInstitution}</Link>
                </td>
                <td>{countryName(a.countryCode)}</td>
                <td>{partialDate(a.signedOn)}</td>
                <td>{a.renewedOn.length ? a.renewedOn.map(partialDate).join(", ") : "—"}</td>
                <td>{partialDate(a.expiresOn)}</td>
                <td>
                  <StatusBadge status={a.status} kind="agreement" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
