import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { HospitalHomeData } from "#app/services/home/hospital-home.server.ts";

/** The hospital's home: its labelling process and what comes next. */
export function HospitalHome({ data: { current }, isCoordinator }: { data: HospitalHomeData; isCoordinator: boolean }) {
  const { t } = useTranslation();
  return (
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
        {isCoordinator ? (
          <Link className="card card-link" to="/team">
            <h2>{t("nav.team")}</h2>
            <p>{t("home.hospital.teamCard")}</p>
          </Link>
        ) : null}
      </section>
  );
}
