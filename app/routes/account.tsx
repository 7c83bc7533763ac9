import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/account";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { sessionContext } from "#app/context.ts";
import { changeLanguageSchema, changePasswordSchema } from "#app/forms/auth.ts";
import { secureCookies } from "#app/middleware/session.server.ts";
import { getServices, readForm, requireUser } from "#app/http/guards.server.ts";
import { accountLanguageCookies } from "#app/http/language.server.ts";
import { changeLanguage, changePassword } from "#app/services/accounts/users.server.ts";

export function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const saved = new URL(request.url).searchParams.get("saved");
  // The session already says whether the user has a second factor: no query (this page is the benchmarks' baseline).
  const secondFactorEnrolled = context.get(sessionContext)?.secondFactorEnrolled === true;
  return { user: { name: user.name, email: user.email, language: user.language }, saved, secondFactorEnrolled };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const session = context.get(sessionContext)!;
  const { db } = getServices(context);
  const formData = await readForm(request);
  if (formData.get("intent") === "language") {
    const submission = parseWithZod(formData, { schema: changeLanguageSchema });
    if (submission.status !== "success") return data({ intent: "language", result: submission.reply() }, { status: 400 });
    await changeLanguage(db, user, submission.value.language);
    const secure = secureCookies(request, getServices(context).config.PUBLIC_URL);
    const headers = new Headers();
    for (const cookie of await accountLanguageCookies(request, submission.value.language, secure)) headers.append("Set-Cookie", cookie);
    return redirect("/account?saved=language", { headers });
  }
  const submission = parseWithZod(formData, { schema: changePasswordSchema });
  const hidden = ["currentPassword", "password", "confirmPassword"];
  if (submission.status !== "success") return data({ intent: "password", result: submission.reply({ hideFields: hidden }) }, { status: 400 });
  const changed = await changePassword(db, user, session.id, submission.value.currentPassword, submission.value.password);
  if (!changed) {
    return data(
      { intent: "password", result: submission.reply({ fieldErrors: { currentPassword: ["current_password_wrong"] }, hideFields: hidden }) },
      { status: 400 },
    );
  }
  return redirect("/account?saved=password");
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { user, saved } = loaderData;
  const [passwordForm, passwordFields] = useForm({
    id: "password",
    lastResult: actionData?.intent === "password" ? actionData.result : undefined,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  const [languageForm, languageFields] = useForm({
    id: "language",
    lastResult: actionData?.intent === "language" ? actionData.result : undefined,
    defaultValue: { language: user.language },
  });
  return (
    <Page narrow>
      <PageHeader title={t("account.title")} />
      <p className="lead">{t("account.signedInAs", { name: user.name, email: user.email })}</p>
      {saved === "password" ? <FormMessage tone="success">{t("account.passwordChanged")}</FormMessage> : null}
      {saved === "language" ? <FormMessage tone="success">{t("account.languageChanged")}</FormMessage> : null}

      <section aria-labelledby="security-title" className="panel stack">
        <h2 id="security-title">{t("account.securityTitle")}</h2>
        <p>
          {loaderData.secondFactorEnrolled ? t("account.secondFactorOn") : t("account.secondFactorOff")}{" "}
          <Link to="/account/second-factor">{t("account.secondFactorLink")}</Link>
        </p>
        <p>
          <Link to="/account/sessions">{t("account.sessionsLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="language-title" className="panel">
        <h2 id="language-title">{t("account.languageTitle")}</h2>
        <p>{t("account.languageIntro")}</p>
        <Form method="post" className="stack" {...getFormProps(languageForm)}>
          <CsrfField />
          <input type="hidden" name="intent" value="language" />
          <Field field={languageFields.language} label={t("account.language")}>
            <select {...getSelectProps(languageFields.language)}>
              <option value="fr" lang="fr">Français</option>
              <option value="en" lang="en">English</option>
            </select>
          </Field>
          <button type="submit" className="button">
            {t("common.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="password-title" className="panel">
        <h2 id="password-title">{t("account.passwordTitle")}</h2>
        <p>{t("account.passwordIntro")}</p>
        <Form method="post" className="stack" {...getFormProps(passwordForm)}>
          <CsrfField />
          <input type="hidden" name="intent" value="password" />
          <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
          <Field field={passwordFields.currentPassword} label={t("account.currentPassword")}>
            <input {...getInputProps(passwordFields.currentPassword, { type: "password" })} autoComplete="current-password" />
          </Field>
          <Field field={passwordFields.password} label={t("setPassword.password")} hint={t("setPassword.passwordHint")}>
            <input
              {...getInputProps(passwordFields.password, { type: "password", ariaDescribedBy: passwordFields.password.descriptionId })}
              autoComplete="new-password"
            />
          </Field>
          <Field field={passwordFields.confirmPassword} label={t("setPassword.confirmPassword")}>
            <input {...getInputProps(passwordFields.confirmPassword, { type: "password" })} autoComplete="new-password" />
          </Field>
          <button type="submit" className="button button-primary">
            {t("account.changePassword")}
          </button>
        </Form>
      </section>
    </Page>
  );
}
