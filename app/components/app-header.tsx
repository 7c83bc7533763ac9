import { useEffect, useRef } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { NavLink, useLocation } from "react-router";
import type { Role } from "#app/domain/auth/permissions.ts";
import { languageSwitchHref } from "#app/domain/auth/redirects.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { LogoutForm } from "./offline-banner.tsx";

interface HeaderUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  isCoordinator: boolean;
  establishmentName: string | null;
  unreadNotifications: number;
  pendingApplications: number;
}

interface NavItem {
  to: string;
  key: string;
  count?: number;
}

/**
 * The main entries each role reaches, and for the DRI the administration pages apart (a menu of their own), so the
 * bar holds on one line at 1280 px and wraps cleanly on a phone.
 */
export function navigationFor(user: Pick<HeaderUser, "role" | "isCoordinator" | "pendingApplications">): { main: NavItem[]; admin: NavItem[] } {
  const main: NavItem[] = [{ to: "/", key: "nav.home" }, { to: "/processes", key: "nav.processes" }];
  if (user.role === "dri_admin" || user.role === "auditor") main.push({ to: "/cooperations", key: "nav.cooperations" });
  main.push({ to: "/referentials", key: "nav.referentialPages" });
  if (user.role === "hospital" && user.isCoordinator) main.push({ to: "/team", key: "nav.team" });
  if (user.role === "hospital") main.push({ to: "/cooperations/our-establishment", key: "nav.ourEstablishment" });
  main.push({ to: "/labels", key: "nav.labels" });
  const admin: NavItem[] =
    user.role === "dri_admin"
      ? [
          { to: "/admin/users", key: "nav.users" },
          { to: "/admin/applications", key: "nav.applications", count: user.pendingApplications },
          { to: "/admin/outbox", key: "nav.outbox" },
          { to: "/admin/referentials", key: "nav.referentials" },
          { to: "/admin/audit-trail", key: "trail:title" },
        ]
      : [];
  return { main, admin };
}

/**
 * The DRI's administration pages as a disclosure menu: a `<details>` opens and closes without JavaScript, from the
 * keyboard (Enter or Space on its summary); with JavaScript it also closes on Escape, on a click elsewhere and after
 * following one of its links. Its summary carries the applications waiting, so the count stays in sight.
 */
function AdminMenu({ items }: { items: NavItem[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  const pending = items.reduce((n, item) => n + (item.count ?? 0), 0);
  const current = items.some((item) => pathname === item.to || pathname.startsWith(`${item.to}/`));
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const close = (event: Event) => {
      if (!details.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node) || (event.target as Element).closest("a")) details.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details className="nav-menu" ref={menu}>
      <summary className={current ? "active" : undefined}>
        {t("nav.administration")}
        {pending > 0 ? (
          <>
            <span className="count-badge" aria-hidden="true">
              {pending}
            </span>
            <span className="visually-hidden">{t("nav.adminPending", { count: pending })}</span>
          </>
        ) : null}
      </summary>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <CountedLink to={item.to} label={t(item.key)} count={item.count ?? 0} countKey="notifications:header.pending" />
          </li>
        ))}
      </ul>
    </details>
  );
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
    // The name starts with what the link shows, label then count (WCAG 2.5.3): the space between them is part of
    // the visible text, so "Notifications 2" stands in "Notifications, 2 unread" (punctuation aside).
    <NavLink to={to} end={end} aria-label={count > 0 ? label + t(countKey, { count }) : undefined}>
      {label}
      {count > 0 ? (
        <>
          {" "}
          <span className="count-badge" aria-hidden="true">
            {count}
          </span>
        </>
      ) : null}
    </NavLink>
  );
}

function MainNavigation({ user }: { user: HeaderUser }) {
  const { t } = useTranslation();
  const { main, admin } = navigationFor(user);
  return (
    <nav className="main-nav" aria-label={t("shell.mainNavigation")}>
      <ul>
        {main.map((item) => (
          <li key={item.to}>
            <CountedLink to={item.to} end={item.to === "/"} label={t(item.key)} count={item.count ?? 0} countKey="notifications:header.pending" />
          </li>
        ))}
        {admin.length > 0 ? (
          <li className="nav-menu-item">
            <AdminMenu items={admin} />
          </li>
        ) : null}
      </ul>
    </nav>
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
            {/* Changes kept in this browser belong to this user only: a shared computer forgets them at logout. */}
            <LogoutForm userId={user.id} label={t("nav.logout")} />
          </div>
        ) : null}
      </div>
      {user ? (
        <MainNavigation user={user} />
      ) : null}
    </header>
  );
}
