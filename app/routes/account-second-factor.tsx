import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/account-second-factor";
import { useTranslation } from "#app/components/translation.tsx";
import { useFormat } from "#app/components/format.ts";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CodeInput, EnrolmentForm, RecoveryCodes } from "#app/components/second-factor.tsx";
import { enrolSchema, secondFactorCodeSchema } from "#app/forms/second-factor.ts";
import { getServices, readForm, requireUser } from "#app/http/guards.server.ts";
import {
  checkSecondFactor,
  confirmEnrolment,
  disableSecondFactor,
  enrolmentView,
  regenerateRecoveryCodes,
  secondFactorRequired,
  secondFactorStatus,
} from "#app/services/accounts/second-factor.server.ts";

// The user's second factor (ADR 0034): enrol (QR code or secret, then a first code, then the recovery codes shown
// once), or, enrolled, new recovery codes or removal — each with a current code.

export function headers({ actionHeaders, loaderHeaders }: Route.HeadersArgs) {
  return actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db, config } = getServices(context);
  const status = await secondFactorStatus(db, user.id);
  const required = secondFactorRequired(config.REQUIRE_SECOND_FACTOR, user.role);
  return { status, required, enrolment: status.enrolled ? null : enrolmentView(user.email), saved: new URL(request.url).searchParams.get("saved") };
}

type Answer = { error: string | null; retryAfterSeconds?: number; codes?: string[]; enrolment?: ReturnType<typeof enrolmentView> };

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { db, config } = getServices(context);
  const form = Object.fromEntries(await readForm(request));
  const status = await secondFactorStatus(db, user.id);
  if (form.intent === "enrol") {
    if (status.enrolled) return redirect("/account/second-factor");
    const parsed = enrolSchema.safeParse(form);
    if (!parsed.success) return data<Answer>({ error: "code_invalid" }, { status: 400 });
    const codes = await confirmEnrolment(db, user.id, parsed.data.secret, parsed.data.code);
    if (!codes) return data<Answer>({ error: "code_invalid", enrolment: enrolmentView(user.email, parsed.data.secret) }, { status: 400 });
    return data<Answer>({ error: null, codes });
  }
  if (!status.enrolled || (form.intent !== "regenerate" && form.intent !== "disable")) return redirect("/account/second-factor");
  if (form.intent === "disable" && secondFactorRequired(config.REQUIRE_SECOND_FACTOR, user.role)) {
    return data<Answer>({ error: "required" }, { status: 403 });
  }
  const parsed = secondFactorCodeSchema.safeParse(form);
  if (!parsed.success) return data<Answer>({ error: "code_invalid" }, { status: 400 });
  const check = await checkSecondFactor(db, user.id, parsed.data.code);
  if (!check.ok) {
    if (check.reason === "throttled") {
      return data<Answer>({ error: "throttled", retryAfterSeconds: check.retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(check.retryAfterSeconds) } });
    }
    return data<Answer>({ error: "code_invalid" }, { status: 400 });
  }
  if (form.intent === "disable") {
    await disableSecondFactor(db, user.id);
    return redirect("/account/second-factor?saved=disabled");
  }
  return data<Answer>({ error: null, codes: await regenerateRecoveryCodes(db, user.id) });
}

export default function AccountSecondFactor({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { status, required, saved } = loaderData;
  const error = actionData?.error ? t(`secondFactor.errors.${actionData.error}`, { seconds: actionData.retryAfterSeconds ?? 0 }) : null;
  return (
    <Page narrow>
      <PageHeader title={t("secondFactor.title")} crumbs={[{ to: "/account", label: t("account.title") }]} />
      <p className="lead">{t("secondFactor.intro")}</p>
      {saved === "disabled" ? <FormMessage tone="success">{t("secondFactor.disabled")}</FormMessage> : null}
      {required && !status.enrolled ? <FormMessage tone="info">{t("secondFactor.enrol.required")}</FormMessage> : null}
      {error ? <FormMessage>{error}</FormMessage> : null}
      {actionData?.codes ? (
        <>
          {status.enrolled && actionData.codes.length > 0 ? <FormMessage tone="success">{t("secondFactor.enrolled")}</FormMessage> : null}
          <RecoveryCodes codes={actionData.codes} />
          <p>
            <Link to="/" className="button button-primary">
              {t("secondFactor.recovery.continue")}
            </Link>
          </p>
        </>
      ) : status.enrolled ? (
        <>
          <p>{t("secondFactor.status.on", { date: format.dateTime(status.enabledAt), count: status.recoveryCodesLeft })}</p>
          <section className="panel stack" aria-labelledby="regenerate-title">
            <h2 id="regenerate-title">{t("secondFactor.regenerate.title")}</h2>
            <p>{t("secondFactor.regenerate.intro")}</p>
            <Form method="post" className="stack">
              <CsrfField />
              <input type="hidden" name="intent" value="regenerate" />
              <CodeInput label={t("secondFactor.step.code")} />
              <button type="submit" className="button">
                {t("secondFactor.regenerate.submit")}
              </button>
            </Form>
          </section>
          {required ? (
            <p>{t("secondFactor.disable.required")}</p>
          ) : (
            <section className="panel stack" aria-labelledby="disable-title">
              <h2 id="disable-title">{t("secondFactor.disable.title")}</h2>
              <p>{t("secondFactor.disable.intro")}</p>
              <Form method="post" className="stack">
                <CsrfField />
                <input type="hidden" name="intent" value="disable" />
                <CodeInput id="disable-code" label={t("secondFactor.step.code")} autoFocus={false} />
                <button type="submit" className="button">
                  {t("secondFactor.disable.submit")}
                </button>
              </Form>
            </section>
          )}
        </>
      ) : (
        <EnrolmentForm view={actionData?.enrolment ?? loaderData.enrolment!} />
      )}
    </Page>
  );
}
