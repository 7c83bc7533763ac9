import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { Field, FormMessage, CsrfField } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { clientAddressContext, sessionContext } from "#app/context.ts";
import { loginSchema } from "#app/forms/auth.ts";
import { safeRedirect } from "#app/domain/auth/redirects.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { openSession, pendingSignInCookie, redirectAfterSignIn } from "#app/http/sign-in.server.ts";
import { attemptLogin } from "#app/services/accounts/login.server.ts";
import { secondFactorRequired, startPendingSignIn } from "#app/services/accounts/second-factor.server.ts";

/** The document answer carries the action's headers (Retry-After when throttled). */
export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  return actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;
}

export function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  if (context.get(sessionContext)) throw redirect(safeRedirect(url.searchParams.get("redirectTo")));
  return {
    redirectTo: safeRedirect(url.searchParams.get("redirectTo"), ""),
    loggedOut: url.searchParams.has("loggedOut"),
    passwordSet: url.searchParams.has("passwordSet"),
    pendingExpired: url.searchParams.has("expired"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, config } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfterSeconds: 0 }, { status: 400 });
  }
  const { email, password, rememberMe, redirectTo } = submission.value;
  const result = await attemptLogin(db, { email, password, clientAddress: context.get(clientAddressContext) });
  if (!result.ok) {
    const throttled = result.reason === "throttled";
    return data(
      {
        result: submission.reply({ formErrors: [throttled ? "login_throttled" : "login_invalid"], hideFields: ["password"] }),
        retryAfterSeconds: throttled ? result.retryAfterSeconds : 0,
      },
      { status: throttled ? 429 : 401, headers: throttled ? { "Retry-After": String(result.retryAfterSeconds) } : undefined },
    );
  }
  // With a second factor (enrolled, or required for the role and still to enrol): no session yet, a pending sign-in.
  if (result.secondFactorEnrolled || secondFactorRequired(config.REQUIRE_SECOND_FACTOR, result.role)) {
    const token = await startPendingSignIn(db, { userId: result.userId, rememberMe, redirectTo: safeRedirect(redirectTo) });
    return redirect("/login/second-factor", { headers: { "Set-Cookie": pendingSignInCookie(context, request, token) } });
  }
  const headers = await openSession(context, request, { userId: result.userId, rememberMe, language: result.language, method: "password" });
  return redirectAfterSignIn(redirectTo, headers);
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(loginSchema),
    // Not on blur: leaving the (autofocused) e-mail field to follow a link below must not shift the page under the click.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  const formError = form.errors?.[0];
  return (
    <Page narrow>
      <PageHeader title={t("login.title")} />
      <p className="lead">{t("login.intro")}</p>
      {loaderData.loggedOut ? <FormMessage tone="info">{t("login.loggedOut")}</FormMessage> : null}
      {loaderData.passwordSet ? <FormMessage tone="success">{t("login.passwordSet")}</FormMessage> : null}
      {loaderData.pendingExpired ? <FormMessage tone="info">{t("secondFactor.expired")}</FormMessage> : null}
      {formError ? (
        <FormMessage>
          {t(`validation.${formError}`, { seconds: actionData?.retryAfterSeconds ?? 0 })}
        </FormMessage>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <Field field={fields.email} label={t("login.email")}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" autoFocus />
        </Field>
        <Field field={fields.password} label={t("login.password")}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        </Field>
        <div className="field field-checkbox">
          <input {...getInputProps(fields.rememberMe, { type: "checkbox" })} />
          <label htmlFor={fields.rememberMe.id}>{t("login.rememberMe")}</label>
        </div>
        <button type="submit" className="button button-primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgotPassword")}</Link>
      </p>
      <p>
        {t("login.applyPrompt")}
        <br />
        <Link to="/apply">{t("login.applyLink")}</Link>
      </p>
      <p className="public-links">
        <Link to="/labels">{t("public:verify.listLink")}</Link>
        <Link to="/verify">{t("public:list.verifyLink")}</Link>
      </p>
    </Page>
  );
}
