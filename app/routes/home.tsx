import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { Page, PageHeader } from "#app/components/page.tsx";
import { isClosed } from "#app/domain/process/state-machine.ts";
import { getServices, requireUser } from "#app/http/guards.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { listProcesses } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { listTeamVisits } from "#app/services/audit/visits.server.ts";
import { loadAuditRatings, scoreAudit } from "#app/services/audit/audit-ratings.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { useFormat } from "#app/components/format.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  // Hospital staff land on "our labelling process": its progress, one click away.
  let current: { id: string; rated: number; applicable: number } | null = null;
  if (user.role === "hospital") {
    const { db } = getServices(context);
    const open = (await listProcesses(db, user)).find((p) => !isClosed(p.state));
    if (open) {
      const result = scoreSelfAssessment(await getFrozenVersion(db, open.referentialVersionId), await loadRatings(db, open));
      current = { id: open.id, rated: result.completeness.rated, applicable: result.completeness.applicable };
    }
  }
  // Auditors land on their visits: dates, hospital, their place on the team, how far the rating has gone.
  const visits = [];
  if (user.role === "auditor") {
    const { db } = getServices(context);
    for (const visit of await listTeamVisits(db, user.id)) {
      const process = await getProcess(db, user, visit.processId);
      const result = scoreAudit(await getFrozenVersion(db, process.referentialVersionId), await loadAuditRatings(db, process));
      visits.push({ ...visit, rated: result.completeness.rated, applicable: result.completeness.applicable });
    }
  }
  return { user: { name: user.name, role: user.role, isCoordinator: user.isCoordinator, establishmentName: user.establishmentName }, current, visits };
}

/** One home per role. The areas later work fills are listed as such, so nobody mistakes them for finished. */
export default function Home({ loaderData: { user, current, visits } }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const upcoming = (key: string) => (
    <li key={key}>
      <strong>{t(`home.areas.${key}.title`)}</strong>
      <span className="badge badge-muted">{t("home.comingSoon")}</span>
      <p>{t(`home.areas.${key}.body`)}</p>
    </li>
  );
  return (
    <Page>
      <PageHeader title={t(`home.${user.role}.title`)} />
      <p className="lead">{t(`home.${user.role}.welcome`, { name: user.name, establishment: user.establishmentName ?? "" })}</p>
      <section className="cards">
        <Link className="card card-link" to="/referentials">
          <h2>{t("nav.referentialPages")}</h2>
          <p>{t("home.referentialPagesCard")}</p>
        </Link>
      </section>
      {user.role === "dri_admin" ? (
        <>
          <section className="cards">
            <Link className="card card-link" to="/processes">
              <h2>{t("nav.processes")}</h2>
              <p>{t("home.dri_admin.processesCard")}</p>
            </Link>
            <Link className="card card-link" to="/admin/users">
              <h2>{t("nav.users")}</h2>
              <p>{t("home.dri_admin.usersCard")}</p>
            </Link>
            <Link className="card card-link" to="/admin/referentials">
              <h2>{t("nav.referentials")}</h2>
              <p>{t("home.dri_admin.referentialsCard")}</p>
            </Link>
            <Link className="card card-link" to="/admin/outbox">
              <h2>{t("nav.outbox")}</h2>
              <p>{t("home.dri_admin.outboxCard")}</p>
            </Link>
            <Link className="card card-link" to="/cooperations">
              <h2>{t("home.areas.registry.title")}</h2>
              <p>{t("home.areas.registry.body")}</p>
            </Link>
          </section>
          <h2>{t("home.upcomingTitle")}</h2>
          <ul className="upcoming">{["dashboard", "labels"].map(upcoming)}</ul>
        </>
      ) : null}
      {user.role === "auditor" ? (
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
      ) : null}
      {user.role === "hospital" ? (
        <section className="cards">
          <Link className="card card-link" to={current ? `/processes/${current.id}` : "/processes"}>
            <h2>{t("nav.processes")}</h2>
            {current ? (
              <p>
                <progress value={current.rated} max={current.applicable || 1} aria-hidden="true" />{" "}
                {t("home.hospital.progress", { rated: current.rated, applicable: current.applicable })}
              </p>
            ) : null}
            <p>{t("home.hospital.processCard")}</p>
          </Link>
          {user.isCoordinator ? (
            <Link className="card card-link" to="/team">
              <h2>{t("nav.team")}</h2>
              <p>{t("home.hospital.teamCard")}</p>
            </Link>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
