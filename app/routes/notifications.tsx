// The signed-in user's notifications, newest first: each in the reader's current language, with its date and a link
// to its process; "mark as read" per notice and for all of them (plain forms, they work without JavaScript).
import { useId } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/notifications";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { formatDate } from "#app/domain/format.ts";
import type { Language } from "#app/domain/language.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { notificationMessage, notificationPath } from "#app/domain/notifications.ts";
import { notificationActionSchema } from "#app/forms/notifications.ts";
import { getServices, notFound, readForm, requireUser } from "#app/http/guards.server.ts";
import { z } from "#app/forms/validation.ts";
import { countUnread, listNotifications, markAllRead, markRead } from "#app/services/notifications/notifications.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const url = new URL(request.url);
  const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(url.searchParams.get("page") ?? 1);
  const { db } = getServices(context);
  const [{ notices, hasOlder }, unread] = await Promise.all([listNotifications(db, user.id, page), countUnread(db, user.id)]);
  return {
    notices: notices.map((n) => ({ ...n, path: notificationPath(n.kind, n.processId, n.params) })),
    page,
    hasOlder,
    unread,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const { db } = getServices(context);
  const parsed = notificationActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw data({ reason: "bad_request" }, { status: 400 });
  if (parsed.data.intent === "read-all") {
    await markAllRead(db, user.id);
    return redirect("/notifications?done=all");
  }
  // Someone else's notice (or none) does not exist for this user.
  if (!(await markRead(db, user.id, parsed.data.id))) notFound();
  return redirect(`/notifications?${parsed.data.page > 1 ? `page=${parsed.data.page}&` : ""}done=read`);
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("notifications");
  const { notices, done, page, hasOlder, unread } = loaderData;
  return (
    <Page>
      <PageHeader title={t("title")} />
      <p className="lead">{t("intro")}</p>
      {done === "read" ? <FormMessage tone="success">{t("markedRead")}</FormMessage> : null}
      {done === "all" ? <FormMessage tone="success">{t("markedAllRead")}</FormMessage> : null}
      {notices.length === 0 && page === 1 ? (
        <p>{t("empty")}</p>
      ) : (
        <>
          <p>{t("unreadCount", { count: unread })}</p>
          {unread > 0 ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="read-all" />
              <button type="submit" className="button">
                {t("markAllRead")}
              </button>
            </Form>
          ) : null}
          <ol className="notification-list" aria-label={t("listCaption")}>
            {notices.map((notice) => (
              <NoticeItem key={notice.id} notice={notice} page={page} language={i18n.language === "en" ? "en" : "fr"} />
            ))}
          </ol>
          {page > 1 || hasOlder ? (
            <nav className="pagination" aria-label={t("pages")}>
              {page > 1 ? <Link to={page === 2 ? "/notifications" : `/notifications?page=${page - 1}`}>{t("newer")}</Link> : null}
              {hasOlder ? <Link to={`/notifications?page=${page + 1}`}>{t("older")}</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </Page>
  );
}

function NoticeItem({ notice, page, language }: { notice: Route.ComponentProps["loaderData"]["notices"][number]; page: number; language: Language }) {
  const { t } = useTranslation("notifications");
  const format = useFormat();
  const id = useId();
  const message = notificationMessage(notice.kind, notice.params, language, formatDate);
  return (
    <li className={notice.readAt ? "notification" : "notification notification-unread"}>
      <div className="notification-body">
        <p className="notification-text" id={`${id}-text`}>
          <span className={notice.readAt ? "badge badge-muted" : "badge"}>{notice.readAt ? t("read") : t("unread")}</span>{" "}
          {t(message.key, message.values)}
        </p>
        <p className="notification-meta">
          <time dateTime={new Date(notice.createdAt).toISOString()}>{format.dateTime(notice.createdAt)}</time>
          {notice.path !== "/notifications" ? (
            <>
              {" · "}
              {/* Through /open: following the link marks the notice read. */}
              <Link to={`/notifications/${notice.id}/open`}>{t(notice.kind === "application_received" ? "openApplication" : "open")}</Link>
            </>
          ) : null}
        </p>
      </div>
      {notice.readAt ? null : (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="id" value={notice.id} />
          <input type="hidden" name="page" value={page} />
          {/* The button's description names the notice, so a screen reader user knows which one it marks. */}
          <button type="submit" className="button" aria-describedby={`${id}-text`}>
            {t("markRead")}
          </button>
        </Form>
      )}
    </li>
  );
}
