import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import { setPasswordSchema } from "#app/forms/auth.ts";
import { CsrfField, Field, FormMessage } from "./forms.tsx";
import { Page, PageHeader } from "./page.tsx";

type LinkState =
  | { ok: true; user: { name: string; email: string } }
  | { ok: false; reason: "invalid" | "used" | "revoked" | "expired" };

/** The page behind an invitation or reset link: choose a password, or a clear word when the link is dead. */
export function SetPasswordPage({
  kind,
  link,
  result,
}: {
  kind: "invitation" | "passwordReset";
  link: LinkState;
  result: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: result,
    constraint: getZodConstraint(setPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setPasswordSchema }),
  });
  if (!link.ok) {
    return (
      <Page narrow>
        <PageHeader title={t(`setPassword.${kind}.title`)} />
        <FormMessage>{t(`setPassword.link.${link.reason}`)}</FormMessage>
        <p>{t(kind === "invitation" ? "setPassword.invitation.askAgain" : "setPassword.passwordReset.askAgain")}</p>
        <p>
          <Link to={kind === "invitation" ? "/login" : "/forgot-password"}>
            {t(kind === "invitation" ? "forgotPassword.backToLogin" : "forgotPassword.title")}
          </Link>
        </p>
      </Page>
    );
  }
  return (
    <Page narrow>
      <PageHeader title={t(`setPassword.${kind}.title`)} />
      <p className="lead">{t(`setPassword.${kind}.intro`, { name: link.user.name, email: link.user.email })}</p>
      {form.errors?.[0] ? <FormMessage>{t(`validation.${form.errors[0]}`)}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <input type="text" name="username" autoComplete="username" value={link.user.email} readOnly hidden />
        <Field field={fields.password} label={t("setPassword.password")} hint={t("setPassword.passwordHint")}>
          <input
            {...getInputProps(fields.password, { type: "password", ariaDescribedBy: fields.password.descriptionId })}
            autoComplete="new-password"
          />
        </Field>
        <Field field={fields.confirmPassword} label={t("setPassword.confirmPassword")}>
          <input {...getInputProps(fields.confirmPassword, { type: "password" })} autoComplete="new-password" />
        </Field>
        <button type="submit" className="button button-primary">
          {t("setPassword.submit")}
        </button>
      </Form>
    </Page>
  );
}
