import { createCookie } from "react-router";
import { createI18nextMiddleware } from "remix-i18next/middleware";
import resources, { DEFAULT_NAMESPACE } from "#app/locales/index.ts";

const languageCookieOptions = { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 60 * 60 } as const;

/**
 * This device's language: chosen with the switch in the header (`?lng=`), or the account's, set at sign-in and on the
 * account page. Absent, the browser's languages decide. See app/http/language.server.ts.
 */
export const localeCookie = createCookie("lng", languageCookieOptions);

/** Set beside `lng` when the person chose it with the switch: a sign-in then leaves it alone. */
export const languageChoiceCookie = createCookie("lng_chosen", languageCookieOptions);

// Detection: ?lng= → cookie → Accept-Language → French (the fallback, listed last).
export const [i18nextMiddleware, getLocale, getInstance] = createI18nextMiddleware({
  detection: {
    supportedLanguages: ["en", "fr"],
    fallbackLanguage: "fr",
    cookie: localeCookie,
    order: ["searchParams", "cookie", "header"],
  },
  i18next: {
    resources,
    defaultNS: DEFAULT_NAMESPACE,
    fallbackLng: false,
    interpolation: { escapeValue: false },
  },
});
