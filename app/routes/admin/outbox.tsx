import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/outbox";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { getInstance } from "#app/middleware/i18next.ts";
import { getServices, publicOrigin, requireRole } from "#app/http/guards.server.ts";
import { absoluteLink, listOutbox, renderBody } from "#app/services/platform/outbox.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db, config } = getServices(context);
  const withdrawn = getInstance(context).t("outbox.linkWithdrawn");
  const origin = publicOrigin(context, request);
  const messages = (await listOutbox(db)).map(({ body, link, ...m }) => ({ ...m, text: renderBody(body, absoluteLink(link, origin), withdrawn) }));
  return { messages, smtpConfigured: !!config.SMTP_URL };
}

export default function Outbox({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Page>
      <PageHeader title={t("outbox.title")} />
      <p className="lead">{loaderData.smtpConfigured ? t("outbox.introSmtp") : t("outbox.introNoSmtp")}</p>
      {loaderData.messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      <ol className="messages">
        {loaderData.messages.map((m) => (
          <li key={m.id} className="panel message">
            <p className="message-meta">
              {format.dateTime(m.createdAt)} · {t("outbox.to")} <strong>{m.toEmail}</strong> · {t(`languages.${m.language}`)} ·{" "}
              {m.sentAt ? t("outbox.sent", { date: format.dateTime(m.sentAt) }) : m.sendError ? t("outbox.failed") : t("outbox.notSent")}
            </p>
            <h2 className="message-subject">{m.subject}</h2>
            <pre className="message-body">{m.text}</pre>
          </li>
        ))}
      </ol>
    </Page>
  );
}
