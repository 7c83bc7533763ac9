import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/user";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show } from "#app/components/history.tsx";
import { InvitationSent } from "#app/components/invite-result.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge } from "#app/components/user-status.tsx";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { updateUserSchema } from "#app/forms/auth.ts";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { getServices, notFound, publicOrigin, readForm, requireRole } from "#app/http/guards.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { deliverPendingMessages } from "#app/services/platform/outbox.server.ts";
import { getUserForAdmin, listEstablishmentOptions, resendInvitation, updateUser } from "#app/services/accounts/users.server.ts";
import { endAllSessionsOf, listUserSessions } from "#app/services/accounts/sessions.server.ts";

const userIdSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const userId = userIdSchema.safeParse(params.userId);
  if (!userId.success) notFound();
  const { db } = getServices(context);
  const user = await getUserForAdmin(db, actor, userId.data);
  if (!user) notFound();
  const [establishments, history, sessions] = await Promise.all([listEstablishmentOptions(db), listAuditTrail(db, "user", user.id), listUserSessions(db, user.id)]);
  return { user, establishments, history, sessionCount: sessions.length, isSelf: user.id === actor.id, saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const userId = userIdSchema.safeParse(params.userId);
  if (!userId.success) notFound();
  const { db, config } = getServices(context);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const done = await attempt(
    async () => {
      if (intent === "deactivate" || intent === "reactivate") {
        await updateUser(db, actor, userId.data, { active: intent === "reactivate" });
        return redirect(`/admin/users/${userId.data}?saved=${intent}`);
      }
      if (intent === "end-sessions") {
        // The user's row must exist (a forged id ends nothing and records nothing).
        if (!(await getUserForAdmin(db, actor, userId.data))) notFound();
        await endAllSessionsOf(db, actor.id, userId.data);
        return redirect(`/admin/users/${userId.data}?saved=sessionsEnded`);
      }
      if (intent === "resend") {
        const link = await resendInvitation(db, actor, userId.data, { baseUrl: publicOrigin(context, request), t: translate });
        void deliverPendingMessages(db, config);
        return { result: undefined, resent: link, error: null };
      }
      const submission = parseWithZod(formData, { schema: updateUserSchema });
      if (submission.status !== "success") return data({ result: submission.reply(), resent: null, error: null }, { status: 400 });
      await updateUser(db, actor, userId.data, { ...submission.value, establishmentId: submission.value.establishmentId ?? null });
      return redirect(`/admin/users/${userId.data}?saved=update`);
    },
    { onForm: ["accounts.cannot_demote_self", "accounts.already_active", "accounts.establishment_required"] },
  );
  return done.ok ? done.value : data({ result: undefined, resent: null, error: done.refusal.code }, { status: done.refusal.status });
}

export default function UserPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { user, establishments, history, sessionCount, isSelf, saved } = loaderData;
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(updateUserSchema),
    defaultValue: {
      name: user.name,
      role: user.role,
      establishmentId: user.establishmentId ?? "",
      isCoordinator: user.isCoordinator ? "on" : undefined,
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateUserSchema }),
  });
  return (
    <Page>
      <PageHeader title={user.name} crumbs={[{ to: "/admin/users", label: t("users.title") }]}>
        <StatusBadge active={user.active} invitationPending={user.invitationPending} />
      </PageHeader>
      <p className="lead">
        {user.email} · {t(`languages.${user.language}`)}
      </p>
      {saved ? <FormMessage tone="success">{t(`users.saved.${saved}`, { defaultValue: t("common.saved") })}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t(`validation.${actionData.error}`)}</FormMessage> : null}
      {actionData?.resent ? <InvitationSent email={user.email} link={actionData.resent} /> : null}

      <div className="columns">
        <section className="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">{t("users.editTitle")}</h2>
          <p>{t("users.editIntro")}</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <CsrfField />
            <input type="hidden" name="intent" value="update" />
            <Field field={fields.name} label={t("users.name")}>
              <input {...getInputProps(fields.name, { type: "text" })} />
            </Field>
            <Field field={fields.role} label={t("users.role")}>
              <select {...getSelectProps(fields.role)} disabled={isSelf}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            {isSelf ? <input type="hidden" name="role" value={user.role} /> : null}
            <Field field={fields.establishmentId} label={t("users.establishment")} hint={t("users.establishmentHint")}>
              <select {...getSelectProps(fields.establishmentId)}>
                <option value="">—</option>
                {establishments.map((e) => (
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
            <button type="submit" className="button button-primary">
              {t("common.save")}
            </button>
          </Form>
        </section>

        <section className="panel" aria-labelledby="access-title">
          <h2 id="access-title">{t("users.accessTitle")}</h2>
          {user.invitationPending && user.active ? (
            <Form method="post">
              <CsrfField />
              <p>{t("users.invitationPending")}</p>
              <button type="submit" name="intent" value="resend" className="button">
                {t("users.resendInvitation")}
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <CsrfField />
            <p>
              {t(user.secondFactor ? "users.secondFactorOn" : "users.secondFactorOff")} {t("users.sessionCount", { count: sessionCount })}
            </p>
            {sessionCount > 0 ? (
              <button type="submit" name="intent" value="end-sessions" className="button">
                {t("users.endSessions")}
              </button>
            ) : null}
          </Form>
          {isSelf ? null : (
            <Form method="post">
              <CsrfField />
              <p>{user.active ? t("users.deactivateHint") : t("users.reactivateHint")}</p>
              <button
                type="submit"
                name="intent"
                value={user.active ? "deactivate" : "reactivate"}
                className={user.active ? "button button-danger" : "button"}
              >
                {user.active ? t("users.deactivate") : t("users.reactivate")}
              </button>
            </Form>
          )}
        </section>
      </div>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("history.title")}</h2>
        <HistoryTable
          events={history}
          caption={t("history.caption", { name: user.name })}
          formatValue={(value, field) => {
            if (field === "role" && typeof value === "string") return t(`roles.${value}`);
            if (field === "establishmentId") return establishments.find((e) => e.id === value)?.name ?? show(value);
            if (field === "language" && typeof value === "string") return t(`languages.${value}`);
            if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
            return show(value);
          }}
        />
      </section>
    </Page>
  );
}
