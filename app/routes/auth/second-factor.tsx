import { data, Form, Link, redirect, type ShouldRevalidateFunctionArgs } from "react-router";
import type { Route } from "./+types/second-factor";
import { useTranslation } from "#app/components/translation.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CodeInput, EnrolmentForm, RecoveryCodes } from "#app/components/second-factor.tsx";
import { sessionContext } from "#app/context.ts";
import { safeRedirect } from "#app/domain/auth/redirects.ts";
import { enrolSchema, secondFactorCodeSchema } from "#app/forms/second-factor.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { openSession, pendingSignInCookie, redirectAfterSignIn } from "#app/http/sign-in.server.ts";
import {
  checkSecondFactor,
  confirmEnrolment,
  endPendingSignIn,
  enrolmentView,
  PENDING_SIGN_IN_COOKIE,
  readPendingSignIn,
} from "#app/services/accounts/second-factor.server.ts";
import { readCookie } from "#app/services/accounts/sessions.server.ts";

// The second step of a sign-in (ADR 0034): after a right password, the code of the authenticator app (or a recovery
// code); or, for a role that requires a second factor, enrolment first. No session exists before this step succeeds.

export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  return actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;
}

/** A new secret is drawn at each load: a post (right or wrong) must not replace the one the person just scanned. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod === "POST" ? false : defaultShouldRevalidate;
}

async function pendingOrBack(request: Request, context: Route.LoaderArgs["context"]) {
  const pending = await readPendingSignIn(getServices(context).db, readCookie(request, PENDING_SIGN_IN_COOKIE));
  if (!pending) throw redirect("/login?expired=1", { headers: { "Set-Cookie": pendingSignInCookie(context, request, null) } });
  return pending;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  if (context.get(sessionContext)) throw redirect("/");
  const pending = await pendingOrBack(request, context);
  return pending.user.enrolled ? { mode: "verify" as const, enrolment: null } : { mode: "enrol" as const, enrolment: enrolmentView(pending.user.email) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db } = getServices(context);
  const pending = await pendingOrBack(request, context);
  const form = Object.fromEntries(await readForm(request));
  if (form.intent === "enrol" && !pending.user.enrolled) {
    const parsed = enrolSchema.safeParse(form);
    if (!parsed.success) return data({ error: "code_invalid", enrolment: null, codes: null, continueTo: null }, { status: 400 });
    const codes = await confirmEnrolment(db, pending.user.id, parsed.data.secret, parsed.data.code);
    if (!codes) {
      return data({ error: "code_invalid", enrolment: enrolmentView(pending.user.email, parsed.data.secret), codes: null, continueTo: null }, { status: 400 });
    }
    // The pending row is left to expire rather than deleted: a page posted without JavaScript reads it again in this
    // same request to render the codes. Its cookie goes now, and the session begins.
    const headers = await openSession(context, request, { userId: pending.user.id, rememberMe: pending.rememberMe, language: pending.user.language, method: "totp" });
    headers.append("Set-Cookie", pendingSignInCookie(context, request, null));
    return data({ error: null, enrolment: null, codes, continueTo: safeRedirect(pending.redirectTo) }, { headers });
  }
  const parsed = secondFactorCodeSchema.safeParse(form);
  if (!parsed.success) return data({ error: "code_invalid", enrolment: null, codes: null, continueTo: null }, { status: 400 });
  const check = await checkSecondFactor(db, pending.user.id, parsed.data.code);
  if (!check.ok) {
    if (check.reason === "throttled") {
      return data(
        { error: "throttled", retryAfterSeconds: check.retryAfterSeconds, enrolment: null, codes: null, continueTo: null },
        { status: 429, headers: { "Retry-After": String(check.retryAfterSeconds) } },
      );
    }
    return data({ error: "code_invalid", enrolment: null, codes: null, continueTo: null }, { status: 401 });
  }
  await endPendingSignIn(db, pending.id);
  const headers = await openSession(context, request, { userId: pending.user.id, rememberMe: pending.rememberMe, language: pending.user.language, method: check.method });
  headers.append("Set-Cookie", pendingSignInCookie(context, request, null));
  return redirectAfterSignIn(pending.redirectTo, headers);
}

export default function SecondFactorStep({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  if (actionData?.codes) {
    return (
      <Page narrow>
        <PageHeader title={t("secondFactor.enrolled")} />
        <RecoveryCodes codes={actionData.codes} />
        <p>
          <a className="button button-primary" href={actionData.continueTo ?? "/"}>
            {t("secondFactor.recovery.continue")}
          </a>
        </p>
      </Page>
    );
  }
  const error = actionData?.error ? t(`secondFactor.errors.${actionData.error}`, { seconds: "retryAfterSeconds" in actionData ? actionData.retryAfterSeconds : 0 }) : null;
  if (loaderData.mode === "enrol") {
    return (
      <Page narrow>
        <PageHeader title={t("secondFactor.enrol.title")} />
        <p className="lead">{t("secondFactor.enrol.required")}</p>
        {error ? <FormMessage>{error}</FormMessage> : null}
        <EnrolmentForm view={actionData?.enrolment ?? loaderData.enrolment} />
      </Page>
    );
  }
  return (
    <Page narrow>
      <PageHeader title={t("secondFactor.step.title")} />
      <p className="lead">{t("secondFactor.step.intro")}</p>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="verify" />
        <CodeInput label={t("secondFactor.step.code")} hint={t("secondFactor.step.hint")} />
        <button type="submit" className="button button-primary">
          {t("secondFactor.step.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("secondFactor.step.cancel")}</Link>
      </p>
    </Page>
  );
}
