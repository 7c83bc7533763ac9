import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { PublishedVersionOption } from "#app/components/referential.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/application";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { acceptApplicationSchema, decideApplicationSchema, declineApplicationSchema } from "#app/forms/applications.ts";
import { acceptApplication, declineApplication, findEstablishment, getApplication } from "#app/services/process/applications.server.ts";
import { previousProcess } from "#app/services/process/renewal.server.ts";
import { CarryOverChoice } from "#app/components/renewal.tsx";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { getServices, notFound, publicOrigin, readForm, requireRole } from "#app/http/guards.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { deliverPendingMessages } from "#app/services/platform/outbox.server.ts";
import { errorIds } from "#app/services/errors.ts";
import { listPublishedVersions } from "#app/services/process/lifecycle.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const application = /^[0-9a-f-]{36}$/i.test(params.id) ? await getApplication(db, params.id) : null;
  if (!application) notFound();
  const done = new URL(request.url).searchParams.get("done");
  const pending = application.status === "pending";
  // A hospital already in the registry that had a process: accepting may start from its ratings (a renewal).
  const known = pending ? await findEstablishment(db, application.establishmentName, application.city) : null;
  const previous = known ? await previousProcess(db, known.id) : null;
  return {
    application,
    versions: pending ? await listPublishedVersions(db) : [],
    previousVersion: previous?.referentialVersion ?? null,
    done: done === "accepted" || done === "acceptedLinked" || done === "declined" ? done : null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: decideApplicationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { value } = submission;
  const decided = await attempt(
    async () => {
      if (value.intent === "accept") {
        const accepted = await acceptApplication(db, actor, params.id, value.referentialVersionId, { baseUrl: publicOrigin(context, request), t: translate }, { carryOver: value.carryOver });
        return accepted.linked ? "acceptedLinked" : "accepted";
      }
      await declineApplication(db, actor, params.id, value.reason, { t: translate });
      return "declined";
    },
    // Every refusal but "not found" (the 404 page) is said above the forms.
    { onForm: errorIds("application").filter((id) => id !== "application.not_found") },
  );
  if (!decided.ok) return data({ result: formReply(submission, decided.refusal) }, { status: decided.refusal.status });
  void deliverPendingMessages(db, config);
  return redirect(`/admin/applications/${params.id}?done=${decided.value}`);
}

export default function ApplicationDetail({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("applications");
  const format = useFormat();
  const lng = i18n.language === "en" ? "en" : "fr";
  const { application: a, versions, done } = loaderData;
  const [acceptForm, acceptFields] = useForm({
    id: "accept",
    lastResult: actionData?.result,
    constraint: getZodConstraint(acceptApplicationSchema),
    defaultValue: { referentialVersionId: versions[0]?.id },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptApplicationSchema }),
  });
  const [declineForm, declineFields] = useForm({
    id: "decline",
    lastResult: actionData?.result,
    constraint: getZodConstraint(declineApplicationSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: declineApplicationSchema }),
  });
  const formError = acceptForm.errors?.[0] ?? declineForm.errors?.[0];
  return (
    <Page narrow>
      <PageHeader title={a.establishmentName} crumbs={[{ to: "/admin/applications", label: t("admin.title") }]} />
      {done ? <FormMessage tone="success">{t(`admin.${done}`)}</FormMessage> : null}
      {formError ? <FormMessage>{t(`errors.${formError}`, { defaultValue: t("common:validation.invalid") })}</FormMessage> : null}
      <dl className="facts">
        <dt>{t("admin.status")}</dt>
        <dd>{t(`admin.statuses.${a.status}`)}</dd>
        <dt>{t("admin.country")}</dt>
        <dd>{lng === "en" ? a.countryNameEn : a.countryNameFr}</dd>
        <dt>{t("admin.city")}</dt>
        <dd>{a.city}</dd>
        <dt>{t("admin.contact")}</dt>
        <dd>
          {a.contactName} · <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
        </dd>
        <dt>{t("admin.language")}</dt>
        <dd>{t(`common:languages.${a.language}`)}</dd>
        <dt>{t("admin.receivedAt")}</dt>
        <dd>{format.dateTime(a.createdAt)}</dd>
        <dt>{t("admin.motivation")}</dt>
        <dd className="prewrap">{a.motivation}</dd>
        <dt>{t("admin.cooperationLink")}</dt>
        <dd>{a.cooperationLink ?? t("admin.none")}</dd>
        {a.decidedAt ? (
          <>
            <dt>{t("admin.decision")}</dt>
            <dd>{t("admin.decidedBy", { name: a.decidedByName ?? "—", date: format.dateTime(a.decidedAt) })}</dd>
          </>
        ) : null}
        {a.declineReason ? (
          <>
            <dt>{t("admin.declineReason")}</dt>
            <dd className="prewrap">{a.declineReason}</dd>
          </>
        ) : null}
      </dl>
      {a.processId ? (
        <p>
          <Link to={`/processes/${a.processId}`}>{t("admin.openProcess")}</Link>
        </p>
      ) : null}
      {a.establishmentId ? (
        <p>
          <Link to={`/cooperations/establishments/${a.establishmentId}`}>{t("admin.openEstablishment")}</Link>
        </p>
      ) : null}
      {a.status === "pending" ? (
        <>
          <section aria-labelledby="accept-title">
            <h2 id="accept-title">{t("admin.acceptTitle")}</h2>
            <p>{t("admin.acceptIntro")}</p>
            {versions.length === 0 ? (
              <p>{t("admin.noPublishedVersion")}</p>
            ) : (
              <Form method="post" className="stack" {...getFormProps(acceptForm)}>
                <CsrfField />
                <input type="hidden" name="intent" value="accept" />
                <Field field={acceptFields.referentialVersionId} label={t("admin.referentialVersion")}>
                  <select {...getSelectProps(acceptFields.referentialVersionId)}>
                    {versions.map((v) => (
                      <PublishedVersionOption key={v.id} version={v} />
                    ))}
                  </select>
                </Field>
                {loaderData.previousVersion ? (
                  <CarryOverChoice
                    version={loaderData.previousVersion}
                    // A rejected acceptance gives back the box as the person left it.
                    checked={actionData?.result?.initialValue?.["intent"] === "accept" ? actionData.result.initialValue["carryOver"] === "on" : true}
                  />
                ) : null}
                <button type="submit" className="button button-primary">
                  {t("admin.acceptSubmit")}
                </button>
              </Form>
            )}
          </section>
          <section aria-labelledby="decline-title">
            <h2 id="decline-title">{t("admin.declineTitle")}</h2>
            <p>{t("admin.declineIntro")}</p>
            <Form method="post" className="stack" {...getFormProps(declineForm)}>
              <CsrfField />
              <input type="hidden" name="intent" value="decline" />
              <Field field={declineFields.reason} label={t("admin.reason")}>
                <textarea {...getTextareaProps(declineFields.reason)} rows={4} />
              </Field>
              <button type="submit" className="button button-danger">
                {t("admin.declineSubmit")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </Page>
  );
}
