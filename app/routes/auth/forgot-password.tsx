import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/forgot-password";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { afterResponse } from "#app/middleware/after-response.server.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { forgotPasswordSchema } from "#app/forms/auth.ts";
import { enforceRateLimits, getServices, publicOrigin, readForm } from "#app/http/guards.server.ts";
import { deliverPendingMessages } from "#app/services/platform/outbox.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { requestPasswordReset } from "#app/services/accounts/users.server.ts";

export async function action({ request, context }: Route.ActionArgs) {
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sent: false }, { status: 400 });
  const email = submission.value.email.trim().toLowerCase();
  // Counted whether or not the address has an account, so the limit tells nothing either.
  await enforceRateLimits(context, [{ limit: "passwordResetPerEmail", key: email }, { limit: "passwordResetPerClient" }]);
  // The same answer, after the same work, whether or not the address exists: the link is made and sent after it.
  const baseUrl = publicOrigin(context, request);
  afterResponse(context, async () => {
    await requestPasswordReset(db, email, { baseUrl, t: translate });
    await deliverPendingMessages(db, config);
  });
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
