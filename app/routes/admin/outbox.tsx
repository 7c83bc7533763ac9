import { data, Form, redirect } from "react-router";
import { z } from "zod";
import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/outbox";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { getInstance } from "#app/middleware/i18next.ts";
import { getServices, publicOrigin, readForm, requireRole } from "#app/http/guards.server.ts";
import { deliveryState } from "#app/domain/outbox-delivery.ts";
import { absoluteLink, LINK_WITHDRAWN, listOutbox, renderBody, requeueMessage } from "#app/services/platform/outbox.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db, config } = getServices(context);
  const withdrawn = getInstance(context).t("outbox.linkWithdrawn");
  const origin = publicOrigin(context, request);
  const now = new Date();
  const messages = (await listOutbox(db)).map(({ body, link, claimedUntil, ...m }) => ({
    ...m,
    state: deliveryState({ ...m, claimedUntil }, now),
    text: renderBody(body, absoluteLink(link, origin), withdrawn),
    sendError: m.sendError === LINK_WITHDRAWN ? null : m.sendError,
  }));
  const done = new URL(request.url).searchParams.get("done") === "requeued" ? "requeued" : null;
  return { messages, smtpConfigured: !!config.SMTP_URL, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, done };
}

const requeueSchema = z.object({ intent: z.literal("requeue"), id: z.uuid() });

/** "Send again" on a dead letter: its tries start over (recorded in the audit trail), and a delivery starts now. */
export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const form = requeueSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!form.success) throw data({ reason: "bad_request" }, { status: 400 });
  if (!(await requeueMessage(db, actor.id, form.data.id))) return data({ error: "notDead" as const }, { status: 409 });
  // Due now: the next delivery round (every minute, in whichever instance) sends it; a round started here would not be
  // one the server waits for when it shuts down.
  return redirect("/admin/outbox?done=requeued");
}

export default function Outbox({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const { maxAttempts } = loaderData;
  return (
    <Page>
      <PageHeader title={t("outbox.title")} />
      <p className="lead">{loaderData.smtpConfigured ? t("outbox.introSmtp") : t("outbox.introNoSmtp")}</p>
      {loaderData.done ? <FormMessage tone="success">{t("outbox.requeued")}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t("outbox.notDead")}</FormMessage> : null}
      {loaderData.messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      <ol className="messages">
        {loaderData.messages.map((m) => (
          <li key={m.id} className="panel message">
            <p className="message-meta">
              {format.dateTime(m.createdAt)} · {t("outbox.to")} <strong>{m.toEmail}</strong> · {t(`languages.${m.language}`)} ·{" "}
              {m.state === "sent"
                ? t("outbox.sent", { date: format.dateTime(m.sentAt!) })
                : m.state === "dead"
                  ? t("outbox.dead", { count: m.attempts })
                  : m.state === "retrying"
                    ? t("outbox.retrying", { attempts: m.attempts, max: maxAttempts, date: format.dateTime(m.nextAttemptAt) })
                    : m.state === "sending"
                      ? t("outbox.sending")
                      : t("outbox.notSent")}
            </p>
            {m.sendError && m.state !== "sent" ? <p className="message-meta">{t("outbox.lastError", { error: m.sendError })}</p> : null}
            {m.requeued ? <p className="message-meta">{t("outbox.requeuedBy", { name: m.requeued.by ?? "—", date: format.dateTime(m.requeued.at) })}</p> : null}
            <h2 className="message-subject">{m.subject}</h2>
            <pre className="message-body">{m.text}</pre>
            {m.state === "dead" && m.linkGone ? <p className="message-meta">{t("outbox.linkGone")}</p> : null}
            {m.state === "dead" && !m.linkGone ? (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="requeue" />
                <input type="hidden" name="id" value={m.id} />
                <button type="submit" className="button">
                  {t("outbox.sendAgain")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
    </Page>
  );
}
