import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/home";
import { AuditorHome } from "#app/components/home/auditor-home.tsx";
import { DriHome } from "#app/components/home/dri-home.tsx";
import { HospitalHome } from "#app/components/home/hospital-home.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { getServices, requireUser } from "#app/http/guards.server.ts";
import { loadAuditorHome } from "#app/services/home/auditor-home.server.ts";
import { loadDriHome } from "#app/services/home/dri-home.server.ts";
import { loadHospitalHome } from "#app/services/home/hospital-home.server.ts";

/** One home per role, each answering its reader's first question (app/components/home/, app/services/home/). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db } = getServices(context);
  const who = { name: user.name, role: user.role, isCoordinator: user.isCoordinator, establishmentName: user.establishmentName };
  if (user.role === "dri_admin") return { user: who, home: { role: "dri_admin" as const, data: await loadDriHome(db, user) } };
  if (user.role === "auditor") return { user: who, home: { role: "auditor" as const, data: await loadAuditorHome(db, user) } };
  return { user: who, home: { role: "hospital" as const, data: await loadHospitalHome(db, user) } };
}

export default function Home({ loaderData: { user, home } }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <Page>
      <PageHeader title={t(`home.${user.role}.title`)} />
      {home.role === "dri_admin" ? null : (
        <>
          <p className="lead">{t(`home.${user.role}.welcome`, { name: user.name, establishment: user.establishmentName ?? "" })}</p>
          {/* The hospital's process comes first: its home puts the referential's card with its other cards, below. */}
          {home.role === "hospital" ? null : (
            <section className="cards">
              <ReferentialCard />
            </section>
          )}
        </>
      )}
      {home.role === "dri_admin" ? <DriHome data={home.data} name={user.name} /> : null}
      {home.role === "auditor" ? <AuditorHome data={home.data} /> : null}
      {home.role === "hospital" ? <HospitalHome data={home.data} isCoordinator={user.isCoordinator} referentialCard={<ReferentialCard />} /> : null}
    </Page>
  );
}

function ReferentialCard() {
  const { t } = useTranslation();
  return (
    <Link className="card card-link" to="/referentials">
      <h2>{t("nav.referentialPages")}</h2>
      <p>{t("home.referentialPagesCard")}</p>
    </Link>
  );
}
