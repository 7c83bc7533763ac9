import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "react-i18next";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/forgot-password";
import { CsrfField, Field, FormMessage } from "../../components/forms";
import { Page, PageHeader } from "../../components/page";
import { forgotPasswordSchema } from "../../forms/auth";
import { getServices, publicOrigin, readForm } from "../../services/guards.server";
import { deliverPendingMessages } from "../../services/outbox.server";
import { translate } from "../../services/i18n.server";
import { requestPasswordReset } from "../../services/users.server";

export async function action({ request, context }: Route.ActionArgs) {
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  await requestPasswordReset(db, submission.value.email, { baseUrl: publicOrigin(context, request), t: translate });
  void deliverPendingMessages(db, config.SMTP_URL, config.SMTP_FROM);
  // The same answer whether or not the address exists.
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(forgotPasswordSchema),
    // Not on blur: leaving the (autofocused) e-mail field to follow a link below must not shift the page under the click.
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <Page narrow>
      <PageHeader title={t("forgotPassword.title")} />
      {actionData?.sent ? <FormMessage tone="success">{t("forgotPassword.sent")}</FormMessage> : null}
      <p className="lead">{t("forgotPassword.intro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <Field field={fields.email} label={t("login.email")}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
        </Field>
        <button type="submit" className="button button-primary">
          {t("forgotPassword.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("forgotPassword.backToLogin")}</Link>
      </p>
    </Page>
  );
}
