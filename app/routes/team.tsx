import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form } from "react-router";
import type { Route } from "./+types/team";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { InvitationSent } from "#app/components/invite-result.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge } from "#app/components/user-status.tsx";
import { inviteColleagueSchema } from "#app/forms/auth.ts";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { forbidden, getServices, publicOrigin, readForm, requireRole } from "#app/http/guards.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { deliverPendingMessages } from "#app/services/platform/outbox.server.ts";
import { inviteUser, listUsers } from "#app/services/accounts/users.server.ts";

function requireCoordinator(request: Request, context: Route.LoaderArgs["context"]) {
  const user = requireRole(context, request, "hospital");
  if (!user.isCoordinator) forbidden();
  return user;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCoordinator(request, context);
  const colleagues = await listUsers(getServices(context).db, user);
  return { establishmentName: user.establishmentName, colleagues };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireCoordinator(request, context);
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: inviteColleagueSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), invited: null }, { status: 400 });
  const invited = await attempt(
    () =>
      inviteUser(
        db,
        user,
        { ...submission.value, role: "hospital", establishmentId: user.establishmentId, isCoordinator: false },
        { baseUrl: publicOrigin(context, request), t: translate },
      ),
    { onForm: ["accounts.email_taken"] },
  );
  if (!invited.ok) return data({ result: formReply(submission, invited.refusal), invited: null }, { status: invited.refusal.status });
  void deliverPendingMessages(db, config);
  return { result: submission.reply({ resetForm: true }), invited: { email: submission.value.email, link: invited.value.link } };
}

export default function Team({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(inviteColleagueSchema),
    defaultValue: { language: "fr" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteColleagueSchema }),
  });
  return (
    <Page>
      <PageHeader title={t("team.title")} />
      <p className="lead">{t("team.intro", { establishment: loaderData.establishmentName })}</p>
      <div className="table-wrap">
        <table>
          <caption>{t("team.listCaption", { count: loaderData.colleagues.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.createdAt")}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.colleagues.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name}
                  {c.isCoordinator ? <span className="badge">{t("users.coordinator")}</span> : null}
                </td>
                <td>{c.email}</td>
                <td>
                  <StatusBadge active={c.active} invitationPending={c.invitationPending} />
                </td>
                <td>{format.date(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">{t("team.inviteTitle")}</h2>
        <p>{t("team.inviteIntro")}</p>
        {actionData?.invited ? <InvitationSent {...actionData.invited} /> : null}
        {form.errors?.[0] ? <FormMessage>{t(`validation.${form.errors[0]}`)}</FormMessage> : null}
        <Form method="post" className="stack" {...getFormProps(form)}>
          <CsrfField />
          <Field field={fields.name} label={t("users.name")}>
            <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
          </Field>
          <Field field={fields.email} label={t("users.email")}>
            <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
          </Field>
          <Field field={fields.language} label={t("users.language")}>
            <select {...getSelectProps(fields.language)}>
              <option value="fr">{t("languages.fr")}</option>
              <option value="en">{t("languages.en")}</option>
            </select>
          </Field>
          <button type="submit" className="button button-primary">
            {t("team.inviteSubmit")}
          </button>
        </Form>
      </section>
    </Page>
  );
}
