import { useTranslation } from "react-i18next";
import { Form, NavLink, useLocation } from "react-router";
import type { Role } from "#app/domain/auth/permissions.ts";
import { languageSwitchHref } from "#app/domain/auth/redirects.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { CsrfField } from "./forms.tsx";
import { clearAllPending } from "./offline-queue.ts";

interface HeaderUser {
  name: string;
  email: string;
  role: Role;
  isCoordinator: boolean;
  establishmentName: string | null;
  unreadNotifications: number;
  pendingApplications: number;
}

function navigationFor(user: HeaderUser): { to: string; key: string; count?: number }[] {
  const items: { to: string; key: string; count?: number }[] = [{ to: "/", key: "nav.home" }];
  items.push({ to: "/processes", key: "nav.processes" });
  items.push({ to: "/referentials", key: "nav.referentialPages" });
  if (user.role === "dri_admin") items.push({ to: "/admin/users", key: "nav.users" }, { to: "/admin/applications", key: "nav.applications", count: user.pendingApplications }, { to: "/admin/outbox", key: "nav.outbox" }, { to: "/admin/referentials", key: "nav.referentials" });
  if (user.role === "hospital" && user.isCoordinator) items.push({ to: "/team", key: "nav.team" });
  if (user.role === "dri_admin" || user.role === "auditor") items.push({ to: "/cooperations", key: "nav.cooperations" });
  if (user.role === "hospital") items.push({ to: "/cooperations/our-establishment", key: "nav.ourEstablishment" });
  return items;
}

/** Same page, other language: a plain link, so it works without JavaScript and reloads the page in that language. */
function LanguageSwitch({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <nav className="language-switch" aria-label={t("shell.language")}>
      {LANGUAGES.map((lng) =>
        lng === locale ? (
          <span key={lng} aria-current="true" lang={lng}>
            {lng.toUpperCase()}
          </span>
        ) : (
          <a key={lng} href={languageSwitchHref(location.pathname, location.search, lng)} hrefLang={lng} lang={lng} title={t(`shell.switchTo.${lng}`)}>
            {lng.toUpperCase()}
          </a>
        ),
      )}
    </nav>
  );
}

/**
 * A link with a count beside it: the number is seen, and the link's accessible name says what it counts
 * ("Notifications, 3 non lues"). No badge at zero.
 */
function CountedLink({ to, label, count, countKey, end }: { to: string; label: string; count: number; countKey: string; end?: boolean }) {
  const { t } = useTranslation();
  return (
    <NavLink to={to} end={end} aria-label={count > 0 ? label + t(countKey, { count }) : undefined}>
      {label}
      {count > 0 ? (
        <span className="count-badge" aria-hidden="true">
          {count}
        </span>
      ) : null}
    </NavLink>
  );
}

export function AppHeader({ user, locale }: { user: HeaderUser | null; locale: string }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <a href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            AP-HP
          </span>
          <span className="brand-name">{t("app.name")}</span>
        </a>
        <LanguageSwitch locale={locale} />
        {user ? (
          <div className="user-menu">
            <span className="user-name">
              {user.name}
              <small>
                {t(`roles.${user.role}`)}
                {user.establishmentName ? ` · ${user.establishmentName}` : ""}
              </small>
            </span>
            <CountedLink to="/notifications" label={t("notifications:header.link")} count={user.unreadNotifications} countKey="notifications:header.unread" />
            <NavLink to="/account">{t("nav.account")}</NavLink>
            {/* Ratings kept in this browser belong to this user only: a shared computer forgets them at logout. */}
            <Form method="post" action="/logout" reloadDocument onSubmit={clearAllPending}>
              <CsrfField />
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {user ? (
        <nav className="main-nav" aria-label={t("shell.mainNavigation")}>
          <ul>
            {navigationFor(user).map((item) => (
              <li key={item.to}>
                <CountedLink to={item.to} end={item.to === "/"} label={t(item.key)} count={item.count ?? 0} countKey="notifications:header.pending" />
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
