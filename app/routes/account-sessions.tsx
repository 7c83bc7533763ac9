import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/account-sessions";
import { useTranslation } from "#app/components/translation.tsx";
import { useFormat } from "#app/components/format.ts";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { sessionContext } from "#app/context.ts";
import { describeUserAgent } from "#app/domain/auth/devices.ts";
import { endSessionSchema } from "#app/forms/second-factor.ts";
import { secureCookies } from "#app/middleware/session.server.ts";
import { getServices, readForm, requireUser } from "#app/http/guards.server.ts";
import { clearedSessionCookie, endOwnSession, listUserSessions } from "#app/services/accounts/sessions.server.ts";

// The user's open sessions: device, last seen, approximate address; "this session" marked; any of them ended.

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const current = context.get(sessionContext)!.id;
  const rows = await listUserSessions(getServices(context).db, user.id);
  return {
    sessions: rows.map((s) => ({
      id: s.id,
      device: describeUserAgent(s.userAgent),
      ipPrefix: s.ipPrefix,
      lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
      createdAt: s.createdAt.toISOString(),
      current: s.id === current,
    })),
    ended: new URL(request.url).searchParams.has("ended"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { db, config } = getServices(context);
  const parsed = endSessionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: true }, { status: 400 });
  const ended = await endOwnSession(db, user.id, parsed.data.sessionId);
  if (!ended) return data({ error: true }, { status: 404 });
  // Ending this very session is signing out.
  if (parsed.data.sessionId === context.get(sessionContext)!.id) {
    return redirect("/login?loggedOut=1", { headers: { "Set-Cookie": clearedSessionCookie(secureCookies(request, config.PUBLIC_URL)) } });
  }
  return redirect("/account/sessions?ended=1");
}

export default function AccountSessions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const device = (d: { browser: string | null; os: string | null }) =>
    d.browser && d.os ? t("sessions.device", { browser: d.browser, os: d.os }) : d.browser ?? d.os ?? t("sessions.unknownDevice");
  return (
    <Page narrow>
      <PageHeader title={t("sessions.title")} crumbs={[{ to: "/account", label: t("account.title") }]} />
      <p className="lead">{t("sessions.intro")}</p>
      {loaderData.ended ? <FormMessage tone="success">{t("sessions.ended")}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t("sessions.notFound")}</FormMessage> : null}
      <ul className="stack" aria-label={t("sessions.title")}>
        {loaderData.sessions.map((s) => (
          <li key={s.id} className="panel" data-testid="session">
            <p>
              <strong>{device(s.device)}</strong>
              {s.current ? <> <span className="badge">{t("sessions.current")}</span></> : null}
            </p>
            <p>
              {t("sessions.lastSeen")} <time dateTime={s.lastSeenAt}>{format.dateTime(s.lastSeenAt)}</time>
              {" · "}
              {t("sessions.address")} {s.ipPrefix ?? t("sessions.unknownAddress")}
            </p>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="sessionId" value={s.id} />
              <button type="submit" className="button">
                {s.current ? t("sessions.endCurrent") : t("sessions.end")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </Page>
  );
}
