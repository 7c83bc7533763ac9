import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/user-new";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { InvitationSent } from "#app/components/invite-result.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { inviteUserSchema } from "#app/forms/auth.ts";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { getServices, publicOrigin, readForm, requireRole } from "#app/http/guards.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { deliverPendingMessages } from "#app/services/platform/outbox.server.ts";
import { inviteUser, listEstablishmentOptions } from "#app/services/accounts/users.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  return { establishments: await listEstablishmentOptions(getServices(context).db) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: inviteUserSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), invited: null }, { status: 400 });
  const invited = await attempt(
    () =>
      inviteUser(
        db,
        actor,
        { ...submission.value, establishmentId: submission.value.establishmentId ?? null },
        { baseUrl: publicOrigin(context, request), t: translate },
      ),
    { onForm: ["accounts.email_taken", "accounts.establishment_unknown"] },
  );
  if (!invited.ok) return data({ result: formReply(submission, invited.refusal), invited: null }, { status: invited.refusal.status });
  void deliverPendingMessages(db, config);
  return { result: submission.reply({ resetForm: true }), invited: { email: submission.value.email, link: invited.value.link, userId: invited.value.userId } };
}

export default function NewUser({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(inviteUserSchema),
    defaultValue: { language: "fr", role: "hospital" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteUserSchema }),
  });
  return (
    <Page narrow>
      <PageHeader title={t("users.inviteTitle")} crumbs={[{ to: "/admin/users", label: t("users.title") }]} />
      <p className="lead">{t("users.inviteIntro")}</p>
      {actionData?.invited ? (
        <>
          <InvitationSent email={actionData.invited.email} link={actionData.invited.link} />
          <p>
            <Link to={`/admin/users/${actionData.invited.userId}`}>{t("users.openUser")}</Link>
          </p>
        </>
      ) : null}
      {form.errors?.[0] ? <FormMessage>{t(`validation.${form.errors[0]}`)}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <Field field={fields.name} label={t("users.name")}>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
        </Field>
        <Field field={fields.email} label={t("users.email")}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
        </Field>
        <Field field={fields.role} label={t("users.role")}>
          <select {...getSelectProps(fields.role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field field={fields.establishmentId} label={t("users.establishment")} hint={t("users.establishmentHint")}>
          <select {...getSelectProps(fields.establishmentId, { ariaDescribedBy: fields.establishmentId.descriptionId })}>
            <option value="">—</option>
            {loaderData.establishments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.city}, {e.countryCode})
              </option>
            ))}
          </select>
        </Field>
        <div className="field field-checkbox">
          <input {...getInputProps(fields.isCoordinator, { type: "checkbox" })} />
          <label htmlFor={fields.isCoordinator.id}>{t("users.isCoordinator")}</label>
        </div>
        <Field field={fields.language} label={t("users.language")}>
          <select {...getSelectProps(fields.language)}>
            <option value="fr">{t("languages.fr")}</option>
            <option value="en">{t("languages.en")}</option>
          </select>
        </Field>
        <button type="submit" className="button button-primary">
          {t("users.inviteSubmit")}
        </button>
      </Form>
    </Page>
  );
}
