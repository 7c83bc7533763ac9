import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import { useFormat } from "#app/components/format.ts";
import type { AuditorHomeData } from "#app/services/home/auditor-home.server.ts";

/** The auditor's home: their visits, soonest first, with the audit's progress and their chapters. */
export function AuditorHome({ data: { visits } }: { data: AuditorHomeData }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <section aria-labelledby="visits-title">
        <h2 id="visits-title">{t("audit:home.visitsTitle")}</h2>
        {visits.length === 0 ? (
          <p>{t("audit:home.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t("audit:home.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("audit:home.hospital")}</th>
                  <th scope="col">{t("audit:home.dates")}</th>
                  <th scope="col">{t("audit:home.role")}</th>
                  <th scope="col">{t("audit:home.progress")}</th>
                  <th scope="col">{t("audit:home.myChapters")}</th>
                </tr>
              </thead>
              <tbody>
                {visits.map((v) => (
                  <tr key={v.processId}>
                    <th scope="row">
                      <Link to={`/processes/${v.processId}/audit`}>{v.establishmentName}</Link>
                      <br />
                      <span className="table-note">
                        {v.establishmentCity} · {t(`process:states.${v.state}`)}
                      </span>
                    </th>
                    <td>{t("audit:home.from", { from: format.date(v.startsOn), to: format.date(v.endsOn) })}</td>
                    <td>{t(`audit:overview.role.${v.role}`)}</td>
                    <td>
                      <progress value={v.rated} max={v.applicable || 1} aria-hidden="true" /> {t("audit:overview.ratedOf", { rated: v.rated, applicable: v.applicable })}
                    </td>
                    <td>
                      {v.chapters.length ? (
                        <Link to={`/processes/${v.processId}/audit/criteria?mine=on`}>{v.chapters.join(", ")}</Link>
                      ) : (
                        t("audit:overview.wholeTeam")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="cards">
        <Link className="card card-link" to="/processes">
          <h2>{t("nav.processes")}</h2>
          <p>{t("home.auditor.processesCard")}</p>
        </Link>
      </section>
    </>
  );
}
