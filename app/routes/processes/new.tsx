import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { PublishedVersionOption } from "#app/components/referential.tsx";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/new";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { openProcessSchema } from "#app/forms/process.ts";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { getServices, notifyContext, readForm, requireRole } from "#app/http/guards.server.ts";
import { listEstablishmentOptions } from "#app/services/accounts/users.server.ts";
import { listPublishedVersions, openProcess } from "#app/services/process/lifecycle.server.ts";
import { previousProcesses } from "#app/services/process/renewal.server.ts";
import { CarryOverChoice, useHydrated } from "#app/components/renewal.tsx";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const [establishments, versions] = [await listEstablishmentOptions(db), await listPublishedVersions(db)];
  // The establishments that had a process: the version of their newest one (what a renewal starts from).
  const previous = Object.fromEntries([...(await previousProcesses(db))].map(([id, p]) => [id, p.referentialVersion]));
  return { establishments, versions, previous };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const submission = parseWithZod(await readForm(request), { schema: openProcessSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const opened = await attempt(
    () =>
      openProcess(getServices(context).db, actor, {
        establishmentId: submission.value.establishmentId,
        referentialVersionId: submission.value.referentialVersionId,
        selfAssessmentDue: submission.value.selfAssessmentDue ?? null,
        plannedVisit: submission.value.plannedVisit ?? null,
        carryOver: submission.value.carryOver,
      }, notifyContext(context, request)),
    { onForm: ["process.already_open", "process.version_not_published"] },
  );
  // The common validation messages name these two `process_…`.
  if (!opened.ok) return data({ result: formReply(submission, opened.refusal, `process_${opened.refusal.code}`) }, { status: opened.refusal.status });
  return redirect(`/processes/${opened.value}?opened=1`);
}

export default function NewProcess({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("process");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(openProcessSchema),
    defaultValue: { referentialVersionId: loaderData.versions[0]?.id },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: openProcessSchema }),
  });
  // The carry-over box: with JavaScript, for an establishment that had a process only, naming its version.
  const hydrated = useHydrated();
  const [establishmentId, setEstablishmentId] = useState(String(fields.establishmentId.initialValue ?? ""));
  const previousVersion = loaderData.previous[establishmentId] ?? null;
  const anyPrevious = Object.keys(loaderData.previous).length > 0;
  // A rejected form gives back the box as the person left it.
  const carryChecked = actionData?.result ? actionData.result.initialValue?.["carryOver"] === "on" : true;
  let carryOver = null;
  if (hydrated && previousVersion) carryOver = <CarryOverChoice key={establishmentId} version={previousVersion} checked={carryChecked} />;
  else if (!hydrated && anyPrevious) carryOver = <CarryOverChoice version={null} checked={carryChecked} />;
  return (
    <Page narrow>
      <PageHeader title={t("new.title")} crumbs={[{ to: "/processes", label: t("list.title") }]} />
      <p className="lead">{t("new.intro")}</p>
      {form.errors?.[0] ? <FormMessage>{t(`common:validation.${form.errors[0]}`)}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <Field field={fields.establishmentId} label={t("list.establishment")}>
          <select {...getSelectProps(fields.establishmentId)} onChange={(e) => setEstablishmentId(e.target.value)}>
            <option value="">—</option>
            {loaderData.establishments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.city}, {e.countryCode})
              </option>
            ))}
          </select>
        </Field>
        <Field field={fields.referentialVersionId} label={t("list.referential")}>
          <select {...getSelectProps(fields.referentialVersionId)}>
            {loaderData.versions.map((v) => (
              <PublishedVersionOption key={v.id} version={v} />
            ))}
          </select>
        </Field>
        {carryOver}
        <Field field={fields.selfAssessmentDue} label={t("new.selfAssessmentDue")}>
          <input {...getInputProps(fields.selfAssessmentDue, { type: "date" })} />
        </Field>
        <Field field={fields.plannedVisit} label={t("new.plannedVisit")}>
          <input {...getInputProps(fields.plannedVisit, { type: "date" })} />
        </Field>
        <button type="submit" className="button button-primary">
          {t("new.submit")}
        </button>
      </Form>
    </Page>
  );
}
