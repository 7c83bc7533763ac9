import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/agreements";
import { Page, PageHeader } from "../../components/page";
import { RegistryNav, StatusBadge, useCountryName, usePartialDate } from "../../components/registry";
import { normalizeForSearch } from "../../domain/referential/search";
import { AGREEMENT_STATUSES } from "../../domain/registry/codes";
import { z } from "../../forms/validation";
import { registryActor } from "../../services/registry-route.server";
import { countAgreements, listAgreements, listCountries } from "../../services/registry.server";

const filtersSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  country: z.string().regex(/^[A-Z]{2}$/).optional().catch(undefined),
  status: z.enum(AGREEMENT_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [all, countries, counts] = await Promise.all([listAgreements(db, actor), listCountries(db), countAgreements(db)]);
  const words = normalizeForSearch(filters.q).split(" ").filter(Boolean);
  const agreements = all
    .filter((a) => (!filters.country || a.countryCode === filters.country) && (!filters.status || a.status === filters.status) && words.every((w) => a.search.includes(w)))
    .map(({ search, ...a }) => a);
  const used = new Set(all.map((a) => a.countryCode));
  return { agreements, total: all.length, counts: canReadAll ? counts : null, filters, countries: countries.filter((c) => used.has(c.iso)), canEdit, canReadAll };
}

export default function Agreements({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const { t: tc } = useTranslation();
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
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("filters.q")}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="country">{t("filters.country")}</label>
          <select id="country" name="country" defaultValue={filters.country ?? ""}>
            <option value="">{t("filters.all")}</option>
            {[...countries]
              .sort((a, b) => countryName(a.iso).localeCompare(countryName(b.iso), i18n.language))
              .map((c) => (
                <option key={c.iso} value={c.iso}>
                  {countryName(c.iso)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("filters.status")}</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("filters.all")}</option>
            {AGREEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`agreementStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {tc("common.filter")}
        </button>
      </Form>
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
