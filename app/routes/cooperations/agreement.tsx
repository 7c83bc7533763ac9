import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/agreement";
import { AgreementForm } from "#app/components/agreement-form.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge, useCountryName, usePartialDate } from "#app/components/registry.tsx";
import { agreementSchema } from "#app/domain/registry/schemas.ts";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { registryActor, registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { AGREEMENT_ENTITY, getAgreement, listCountries, listEstablishmentChoices, updateAgreement } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const agreement = await getAgreement(db, actor, id.data);
  if (!agreement) notFound();
  const [history, countries, establishments] = await Promise.all([
    canReadAll ? listAuditTrail(db, AGREEMENT_ENTITY, agreement.id) : Promise.resolve([]),
    listCountries(db),
    canEdit ? listEstablishmentChoices(db) : Promise.resolve([]),
  ]);
  const { search, ...rest } = agreement;
  return { agreement: rest, history, countries, establishments, canEdit, canReadAll, saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const formData = await readForm(request);
  if (formData.get("intent") === "close") {
    const current = await getAgreement(db, actor, id.data);
    if (!current) notFound();
    await updateAgreement(
      db,
      actor,
      id.data,
      {
        establishmentId: current.establishmentId ?? undefined,
        partnerInstitution: current.partnerInstitution ?? undefined,
        countryCode: current.countryCode,
        signedOn: current.signedOn ?? undefined,
        renewedOn: current.renewedOn,
        expiresOn: current.expiresOn ?? undefined,
        status: "terminated",
        notes: current.notes ?? undefined,
      },
      "agreement.close",
    );
    return redirect(`/cooperations/agreements/${id.data}?saved=close`);
  }
  const result = await submitRegistryForm(db, formData, agreementSchema, (value) => updateAgreement(db, actor, id.data, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/agreements/${id.data}?saved=${result.value ? "update" : "unchanged"}`);
}

export default function AgreementPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const { t: tc } = useTranslation();
  const partialDate = usePartialDate();
  const { agreement: a, history, countries, establishments, canEdit, canReadAll, saved } = loaderData;
  const countryName = useCountryName(countries);
  const partner = a.establishmentName ?? a.partnerInstitution ?? "—";
  return (
    <Page>
      <PageHeader title={t("agreements.pageTitle", { partner })} crumbs={[{ to: "/cooperations/agreements", label: t("agreements.title") }]} />
      {saved ? <FormMessage tone="success">{t(`saved.${saved}`, { defaultValue: tc("common.saved") })}</FormMessage> : null}
      <dl className="facts">
        <dt>{t("agreements.partner")}</dt>
        <dd>
          {a.establishmentId ? <Link to={`/cooperations/establishments/${a.establishmentId}`}>{a.establishmentName}</Link> : a.partnerInstitution}
          {a.establishmentId && a.partnerInstitution ? ` (${a.partnerInstitution})` : ""}
        </dd>
        <dt>{t("columns.country")}</dt>
        <dd>{countryName(a.countryCode)}</dd>
        <dt>{t("agreements.signed")}</dt>
        <dd>{partialDate(a.signedOn)}</dd>
        <dt>{t("agreements.renewed")}</dt>
        <dd>{a.renewedOn.length ? a.renewedOn.map(partialDate).join(", ") : "—"}</dd>
        <dt>{t("agreements.expires")}</dt>
        <dd>{partialDate(a.expiresOn)}</dd>
        <dt>{t("columns.status")}</dt>
        <dd>
          <StatusBadge status={a.status} kind="agreement" />
        </dd>
        <dt>{t("form.project.sources")}</dt>
        <dd>{show(a.sources)}</dd>
        {a.notes ? (
          <>
            <dt>{t("establishments.notes")}</dt>
            <dd className="prewrap">{a.notes}</dd>
          </>
        ) : null}
      </dl>
      {canEdit ? (
        <div className="columns">
          <section className="panel" aria-labelledby="edit-title">
            <h2 id="edit-title">{t("agreements.edit")}</h2>
            <AgreementForm
              countries={countries}
              establishments={establishments}
              initial={{
                establishmentId: a.establishmentId ?? undefined,
                partnerInstitution: a.partnerInstitution ?? undefined,
                countryCode: a.countryCode,
                signedOn: a.signedOn ?? undefined,
                renewedOn: a.renewedOn.join(", "),
                expiresOn: a.expiresOn ?? undefined,
                status: a.status,
                notes: a.notes ?? undefined,
              }}
              lastResult={actionData?.result}
              submitLabel={t("form.save")}
            />
          </section>
          {a.status === "active" || a.status === "unknown" ? (
            <section className="panel" aria-labelledby="close-title">
              <h2 id="close-title">{t("agreements.closeTitle")}</h2>
              <p>{t("agreements.closeHint")}</p>
              <Form method="post">
                <CsrfField />
                <button type="submit" name="intent" value="close" className="button button-danger">
                  {t("agreements.close")}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
      ) : null}
      {canReadAll ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{tc("history.title")}</h2>
          <HistoryTable
            events={history}
            caption={t("agreements.historyCaption")}
            formatValue={(value, field) => {
              if (field === "status" && typeof value === "string") return t(`agreementStatus.${value}`);
              if (field === "establishmentId") return establishments.find((e) => e.id === value)?.name ?? show(value);
              if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
              return show(value);
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}
