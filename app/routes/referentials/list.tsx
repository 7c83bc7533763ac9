import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/list";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { Downloads, TierBadge, VersionStatusBadge, versionPath } from "#app/components/referential.tsx";
import { TIERS } from "#app/domain/referential/vocabulary.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { getServices, requireUser } from "#app/http/guards.server.ts";
import { listReadableVersions, versionHeader } from "#app/http/referential-pages.server.ts";
import { DiffForm } from "#app/components/referential-diff-form.tsx";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db } = getServices(context);
  const language = getLocale(context) === "en" ? "en" : "fr";
  const versions = (await listReadableVersions(db, user)).reverse(); // newest first
  return {
    versions: versions.map((v) => versionHeader(v, language)),
    isDri: user.role === "dri_admin",
  };
}

export default function ReferentialList({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const format = useFormat();
  const { versions, isDri } = loaderData;
  const illustrative = versions.some((v) => v.illustrative);
  return (
    <Page>
      <PageHeader title={t("pages.list.title")} />
      <p className="lead">{t("pages.list.intro")}</p>
      {illustrative ? <p className="notice notice-info">{t("illustrative")}</p> : null}
      {isDri ? <p>{t("pages.list.draftNote")}</p> : null}
      {versions.length === 0 ? (
        <p>{t("pages.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="ref-version-list">
            <caption>{t("pages.list.caption", { count: versions.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.version")}</th>
                <th scope="col">{t("columns.status")}</th>
                <th scope="col">{t("columns.dates")}</th>
                <th scope="col">{t("columns.content")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={`${v.code}@${v.version}`}>
                  <th scope="row">
                    <Link to={versionPath(v.code, v.version)}>
                      {t("pages.versionLabel", { version: v.version })}
                    </Link>
                    <br />
                    <small>{v.title}</small>
                  </th>
                  <td>
                    <VersionStatusBadge status={v.status} />
                  </td>
                  <td>
                    {t("dates.effective", { date: format.date(v.effectiveDate) })}
                    <br />
                    {t("dates.reviewBy", { date: format.date(v.reviewBy) })}
                    {v.publishedAt ? (
                      <>
                        <br />
                        {t("dates.published", { date: format.date(v.publishedAt) })}
                      </>
                    ) : null}
                    {v.retiredAt ? (
                      <>
                        <br />
                        {t("dates.retired", { date: format.date(v.retiredAt) })}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {[t("counts.chapters", { count: v.counts.chapters }), t("counts.standards", { count: v.counts.standards }), t("counts.criteria", { count: v.counts.criteria })].join(" · ")}
                    <ul className="ref-tier-list">
                      {TIERS.map((tier) => (
                        <li key={tier}>
                          <TierBadge tier={tier} /> {v.counts[tier]}
                        </li>
                      ))}
                    </ul>
                    <Downloads version={v} chapter={null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DiffForm versions={versions} from={null} to={null} />
    </Page>
  );
}
