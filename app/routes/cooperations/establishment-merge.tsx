import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/establishment-merge";
import { CsrfField, Field, FieldErrors, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { mergeSchema } from "#app/domain/registry/schemas.ts";
import { z } from "#app/forms/validation.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { REGISTRY_FORM_REFUSALS, registryEditor } from "#app/http/registry.server.ts";
import { getEstablishment, listEstablishmentChoices, mergeEstablishments } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const est = await getEstablishment(db, actor, id.data);
  if (!est || est.mergedIntoId) notFound();
  const choices = (await listEstablishmentChoices(db)).filter((e) => e.id !== est.id);
  return { id: est.id, name: est.name, city: est.city, choices };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const submission = parseWithZod(await readForm(request), { schema: mergeSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const merged = await attempt(() => mergeEstablishments(db, actor, id.data, submission.value.duplicateId), { onForm: REGISTRY_FORM_REFUSALS });
  if (!merged.ok) return data({ result: formReply(submission, merged.refusal) }, { status: merged.refusal.status });
  return redirect(`/cooperations/establishments/${id.data}?saved=merge`);
}

export default function MergeEstablishment({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: mergeSchema }),
  });
  return (
    <Page narrow>
      <PageHeader
        title={t("merge.title")}
        crumbs={[
          { to: "/cooperations/establishments", label: t("establishments.title") },
          { to: `/cooperations/establishments/${loaderData.id}`, label: loaderData.name },
        ]}
      />
      <p className="lead">{t("merge.intro", { name: loaderData.name, city: loaderData.city })}</p>
      <FormMessage tone="info">{t("merge.what")}</FormMessage>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <Field field={fields.duplicateId} label={t("merge.duplicate")}>
          <select {...getSelectProps(fields.duplicateId)}>
            <option value="">—</option>
            {loaderData.choices.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.city}, {e.countryCode})
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-checkbox">
          <input {...getInputProps(fields.confirm, { type: "checkbox" })} />
          <label htmlFor={fields.confirm.id}>{t("merge.confirm", { name: loaderData.name })}</label>
        </div>
        <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
        <button type="submit" className="button button-danger">
          {t("merge.submit")}
        </button>
      </Form>
    </Page>
  );
}
