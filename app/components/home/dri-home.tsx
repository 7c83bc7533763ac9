import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DriHomeData } from "#app/services/home/dri-home.server.ts";

/** The DRI's home: where every hospital stands and what needs the DRI now. */
export function DriHome(_props: { data: DriHomeData }) {
  const { t } = useTranslation();
  const upcoming = (key: string) => (
    <li key={key}>
      <strong>{t(`home.areas.${key}.title`)}</strong>
      <span className="badge badge-muted">{t("home.comingSoon")}</span>
      <p>{t(`home.areas.${key}.body`)}</p>
    </li>
  );
  return (
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
  );
}
