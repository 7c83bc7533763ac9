import { useEffect } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import {
  data,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?url";
import { AppHeader } from "#app/components/app-header.tsx";
import { useNonce } from "#app/components/nonce.tsx";
import { OfflineBanner } from "#app/components/offline-banner.tsx";
import { OfflineScope } from "#app/components/offline-scope.tsx";
import { sessionContext } from "./context.ts";
import { localesVersion } from "#app/locales/version.server.ts";
import { csrfMiddleware, csrfTokenContext } from "#app/middleware/csrf.server.ts";
import { getLocale, i18nextMiddleware } from "#app/middleware/i18next.ts";
import { afterResponseMiddleware } from "#app/middleware/after-response.server.ts";
import { retryAfterMiddleware } from "#app/middleware/retry-after.server.ts";
import { databaseRetryAfterMiddleware, databaseUnavailableMiddleware } from "#app/middleware/database-unavailable.server.ts";
import { requestBodyMiddleware } from "#app/middleware/request-body.server.ts";
import { securityMiddleware } from "#app/middleware/security.server.ts";
import { secureCookies, sessionMiddleware } from "#app/middleware/session.server.ts";
import { countPendingApplications } from "#app/services/process/applications.server.ts";
import { getServices } from "#app/http/guards.server.ts";
import { languageChosenCookies } from "#app/http/language.server.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { readerTimeZone, TIME_ZONE_COOKIE } from "#app/domain/time-zone.ts";
import { readCookie } from "#app/services/accounts/sessions.server.ts";
import { countUnread } from "#app/services/notifications/notifications.server.ts";
import { retryWait } from "#app/domain/rate-limits.ts";
import type { TooManyRequestsData } from "#app/http/guards.server.ts";
import { useHydrationDone } from "#app/components/hydration.ts";
import { ErrorReference } from "#app/components/error-reference.tsx";
import { Stylesheet, STYLESHEET_COOKIE, StylesheetPrefetch } from "#app/components/inline-css.tsx";

export const middleware: Route.MiddlewareFunction[] = [securityMiddleware, retryAfterMiddleware, databaseRetryAfterMiddleware, afterResponseMiddleware, i18nextMiddleware, databaseUnavailableMiddleware, requestBodyMiddleware, sessionMiddleware, csrfMiddleware];

// The stylesheet is not among the links: <Stylesheet> inlines it for a browser that has not had it yet.
export const links: Route.LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const locale = getLocale(context);
  const session = context.get(sessionContext);
  const user = session
    ? {
        id: session.user.id,
        name: session.user.name,
        email: session.user.email,
        role: session.user.role,
        isCoordinator: session.user.isCoordinator,
        establishmentName: session.user.establishmentName,
      }
    : null;
  // Header badges: the reader's unread notices, and for the DRI the applications waiting (one count query each).
  const { db } = getServices(context);
  const [unreadNotifications, pendingApplications] = session
    ? await Promise.all([countUnread(db, session.user.id), session.user.role === "dri_admin" ? countPendingApplications(db) : 0])
    : [0, 0];
  const headers = new Headers();
  // The switch (`?lng=`) is a choice made on this device: it is kept, and outlives a sign-in. The browser's languages
  // are read again on every request, never written down (a sign-in may set the account's instead).
  const chosen = LANGUAGES.find((l) => l === locale && new URL(request.url).searchParams.get("lng") === l);
  if (chosen) {
    for (const cookie of await languageChosenCookies(request, chosen, secureCookies(request, getServices(context).config.PUBLIC_URL))) headers.append("Set-Cookie", cookie);
  }
  // Moments are written on the reader's clock: the browser's zone (its `tz` cookie), else the establishment's country's.
  const timeZone = readerTimeZone({ browser: readCookie(request, TIME_ZONE_COOKIE), countryCode: session?.user.establishmentCountryCode });
  // A browser that has not had this stylesheet yet gets it inside the document (app/components/inline-css.tsx).
  const stylesheetName = stylesheet.slice(stylesheet.lastIndexOf("/") + 1);
  const inlineCss = readCookie(request, STYLESHEET_COOKIE) !== stylesheetName;
  if (inlineCss) {
    const secure = secureCookies(request, getServices(context).config.PUBLIC_URL) ? "; Secure" : "";
    headers.append("Set-Cookie", `${STYLESHEET_COOKIE}=${stylesheetName}; Path=/; Max-Age=${365 * 24 * 60 * 60}; HttpOnly; SameSite=Lax${secure}`);
  }
  return data(
    {
      locale,
      localesUrl: `/locales/${locale}?v=${localesVersion}`,
      csrfToken: context.get(csrfTokenContext),
      timeZone,
      inlineCss,
      user: user && { ...user, unreadNotifications, pendingApplications },
    },
    { headers },
  );
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const { i18n, t } = useTranslation();
  const nonce = useNonce();
  useHydrationDone(); // here, not in App: an error page is hydrated too (the root ErrorBoundary replaces App)
  const locale = root?.locale ?? i18n.language ?? "fr";
  return (
    <html lang={locale} data-locales={root?.localesUrl ?? `/locales/${locale}`}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="preload" href={root?.localesUrl ?? `/locales/${locale}`} as="fetch" crossOrigin="anonymous" />
        <Meta />
        <Stylesheet href={stylesheet} inline={root?.inlineCss ?? false} />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("shell.skipToContent")}
        </a>
        <AppHeader user={root?.user ?? null} locale={locale} />
        {root?.user ? <OfflineBanner userId={root.user.id} /> : null}
        {root?.user ? <OfflineScope userId={root.user.id} /> : null}
        {children}
        <StylesheetPrefetch href={stylesheet} inline={root?.inlineCss ?? false} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== loaderData.locale) void i18n.changeLanguage(loaderData.locale);
  }, [loaderData.locale, i18n]);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let status = 500;
  if (isRouteErrorResponse(error)) status = error.status;
  if (status === 429 && isRouteErrorResponse(error)) return <TooManyRequests refusal={error.data as Partial<TooManyRequestsData> | undefined} />;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 400 ? "badRequest" : status === 413 ? "tooLarge" : status === 503 ? "unavailable" : "serverError";
  if (kind === "serverError" && import.meta.env.DEV) console.error(error);
  return (
    <main id="main" className="page page-narrow error-page">
      <title>{`${t(`errors.${kind}.title`)} · ${t("app.name")}`}</title>
      <p className="error-code">{status}</p>
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      {kind === "serverError" || kind === "unavailable" ? <ErrorReference /> : null}
      <p>
        <a href="/">{t("errors.backHome")}</a>
      </p>
    </main>
  );
}

/** The page of an abuse limit (429): what was limited, and when to try again. Shown after a form posted without JavaScript too. */
function TooManyRequests({ refusal }: { refusal: Partial<TooManyRequestsData> | undefined }) {
  const { t } = useTranslation();
  const wait = retryWait(refusal?.retryAfterSeconds ?? 60);
  return (
    <main id="main" className="page page-narrow error-page">
      <title>{`${t("errors.tooManyRequests.title")} · ${t("app.name")}`}</title>
      <p className="error-code">429</p>
      <h1>{t("errors.tooManyRequests.title")}</h1>
      <p>{t(`errors.tooManyRequests.about.${refusal?.about ?? "generic"}`)}</p>
      <p>{t(wait.unit === "seconds" ? "errors.tooManyRequests.retryInSeconds" : "errors.tooManyRequests.retryInMinutes", { count: wait.count })}</p>
      <p>
        <a href="/">{t("errors.backHome")}</a>
      </p>
    </main>
  );
}
