import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/submit";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { availableTransitions, transitionActor } from "#app/domain/process/state-machine.ts";
import { getServices, notifyContext } from "#app/http/guards.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { missingCriteria, submitSelfAssessment } from "#app/services/process/lifecycle.server.ts";
import { countCarriedToConfirm } from "#app/services/process/renewal.server.ts";
import { contradictoryServiceClaims, type ServiceContradiction } from "#app/domain/process/service-claims.ts";

async function loadMissing(context: Route.LoaderArgs["context"], request: Request, processId: string | undefined) {
  const { user, process } = await requireProcess(context, request, processId);
  const { db } = getServices(context);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const ratings = await loadRatings(db, process);
  const result = scoreSelfAssessment(frozen, ratings);
  const criteria = frozen.version.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria));
  const contradictions = contradictoryServiceClaims(criteria, (code) => ratings.get(code)?.rating);
  const texts = new Map(frozen.version.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria.map((cr) => [cr.code, cr.text] as const))));
  const missing = missingCriteria(result).map((code) => ({ code, text: texts.get(code)! }));
  const canSubmit = availableTransitions(transitionActor(user, process), process.state).includes("submitted");
  const toConfirm = await countCarriedToConfirm(db, process.id);
  return { user, process, missing, canSubmit, toConfirm, contradictions };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { process, missing, canSubmit, toConfirm, contradictions } = await loadMissing(context, request, params.processId);
  return { process: { id: process.id, establishmentName: process.establishmentName, state: process.state }, missing, canSubmit, toConfirm, contradictions };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process, missing, toConfirm } = await loadMissing(context, request, params.processId);
  const submitted = await attempt(() => submitSelfAssessment(getServices(context).db, user, process.id, notifyContext(context, request)), {
    onForm: ["process.incomplete", "process.carried_over_unconfirmed"],
  });
  if (!submitted.ok) {
    const refusal = submitted.refusal.code === "carried_over_unconfirmed" ? { toConfirm } : { incomplete: missing.length };
    return data(refusal, { status: submitted.refusal.status });
  }
  return redirect(`/processes/${process.id}?done=submit`);
}

export default function Submit({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const { process, missing } = loaderData;
  return (
    <Page narrow>
      <PageHeader
        title={t("submit.title")}
        crumbs={[
          { to: "/processes", label: t("list.title") },
          { to: `/processes/${process.id}`, label: process.establishmentName },
        ]}
      />
      {actionData && "incomplete" in actionData ? <FormMessage>{t("submit.stillMissing", { count: actionData.incomplete })}</FormMessage> : null}
      {process.state !== "self_assessment" ? (
        <p>{t("submit.notOpen", { state: t(`states.${process.state}`) })}</p>
      ) : missing.length > 0 ? (
        <>
          <p className="lead">{t("submit.missing", { count: missing.length })}</p>
          <ul className="missing-list">
            {missing.map((m) => (
              <li key={m.code}>
                <Link to={`/processes/${process.id}/criteria/${m.code}`}>
                  <strong>{m.code}</strong> {m.text[lng]}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : loaderData.toConfirm > 0 ? (
        <>
          <FormMessage>{t("submit.carriedToConfirm", { count: loaderData.toConfirm })}</FormMessage>
          <p>
            <Link to={`/processes/${process.id}/criteria?carried=on`}>{t("renewal.showToConfirm")}</Link>
          </p>
        </>
      ) : loaderData.canSubmit ? (
        <>
          <p className="lead">{t("submit.ready")}</p>
          <ServiceContradictions processId={process.id} contradictions={loaderData.contradictions} />
          <Form method="post">
            <CsrfField />
            <button type="submit" className="button button-primary">
              {t("submit.confirm")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("submit.onlyCoordinator")}</p>
      )}
    </Page>
  );
}

/** Ratings that say a service is both absent (N/A) and present (rated): a warning before hand-in, with links. */
function ServiceContradictions({ processId, contradictions }: { processId: string; contradictions: ServiceContradiction[] }) {
  const { t } = useTranslation(["process", "referential"]);
  if (!contradictions.length) return null;
  const links = (codes: string[]) =>
    codes.map((code, i) => (
      <span key={code}>
        {i ? ", " : ""}
        <Link to={`/processes/${processId}/criteria/${code}`}>{code}</Link>
      </span>
    ));
  return (
    <section className="notice notice-warning" aria-labelledby="service-contradictions">
      <h2 id="service-contradictions">{t("submit.contradictions.title")}</h2>
      <ul>
        {contradictions.map((c) => (
          <li key={c.service}>
            <strong>{t("submit.contradictions.service", { service: t(`referential:services.${c.service}.name`) })}</strong>
            {t("submit.contradictions.notApplicable")}
            {links(c.notApplicable)}
            {t("submit.contradictions.rated")}
            {links(c.rated)}
          </li>
        ))}
      </ul>
      <p className="field-hint">{t("submit.contradictions.hint")}</p>
    </section>
  );
}
