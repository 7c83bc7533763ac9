import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/labels";
import { FilterForm, SelectFilter } from "#app/components/filters.tsx";
import { useFormat } from "#app/components/format.ts";
import { LabelStatusBadge } from "#app/components/label.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { LevelBadge } from "#app/components/provisional-result.tsx";
import { useCountryOptions } from "#app/components/registry.tsx";
import { verifyPath } from "#app/domain/label/public-list.ts";
import { LEVEL_CODES } from "#app/domain/referential/vocabulary.ts";
import { enforceRateLimits, getServices } from "#app/http/guards.server.ts";
import { publicLabelList } from "#app/http/public-labels.server.ts";
import { publicLabelCountries } from "#app/services/label/labels.server.ts";

/** The public list of labelled hospitals (no account), filtered in the URL; the same list as JSON and CSV. */
export async function loader({ request, context }: Route.LoaderArgs) {
  await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);
  const { filters, labels } = await publicLabelList(context, request);
  const countries = await publicLabelCountries(getServices(context).db);
  return { filters, labels, countries: countries.map((c) => ({ iso: c.code, nameFr: c.name.fr, nameEn: c.name.en })) };
}

export default function Labels({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("public");
  const format = useFormat();
  const { filters, labels, countries } = loaderData;
  const lng = i18n.language === "en" ? "en" : "fr";
  const countryOptions = useCountryOptions(countries);
  const filtered = filters.country !== null || filters.level !== null;
  // The open data of what is shown: the same filters, as the list understood them.
  const query = new URLSearchParams([...(filters.country ? [["country", filters.country]] : []), ...(filters.level ? [["level", filters.level]] : [])]).toString();
  const search = query ? `?${query}` : "";
  return (
    <Page>
      <PageHeader title={t("list.title")} />
      <p className="lead">{t("list.intro")}</p>
      <FilterForm label={t("list.filtersLabel")} actions={filtered ? <Link to="/labels">{t("list.showAll")}</Link> : null}>
        <SelectFilter name="country" label={t("list.country")} value={filters.country ?? ""} options={countryOptions} allLabel={t("list.allCountries")} />
        <SelectFilter name="level" label={t("list.level")} value={filters.level ?? ""} options={LEVEL_CODES.map((code) => ({ value: code, label: t(`levels.${code}`) }))} allLabel={t("list.allLevels")} />
      </FilterForm>
      <p className="public-links">
        <span>{t("list.downloads")}</span>
        <a href={`/labels.json${search}`} type="application/json">
          {t("list.json")}
        </a>
        <a href={`/labels.csv${search}`} type="text/csv" download>
          {t("list.csv")}
        </a>
      </p>
      {labels.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("list.caption", { count: labels.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.establishment")}</th>
                <th scope="col">{t("list.city")}</th>
                <th scope="col">{t("list.country")}</th>
                <th scope="col">{t("list.level")}</th>
                <th scope="col">{t("list.validUntil")}</th>
                <th scope="col">{t("list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l) => (
                <tr key={l.certificateNumber}>
                  <th scope="row">
                    <Link to={verifyPath(l.certificateNumber)}>{l.establishment}</Link>
                  </th>
                  <td>{l.city}</td>
                  <td>{l.country[lng]}</td>
                  <td>
                    <LevelBadge code={l.level} name={l.levelName} />
                  </td>
                  <td>{format.date(l.validUntil)}</td>
                  <td>
                    <LabelStatusBadge status={l.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/verify">{t("list.verifyLink")}</Link>
      </p>
    </Page>
  );
}
