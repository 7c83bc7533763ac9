import { initReactI18next } from "react-i18next";
import { createCookie } from "react-router";
import { createI18nextMiddleware } from "remix-i18next/middleware";
import resources, { DEFAULT_NAMESPACE } from "#app/locales/index.ts";

/** The visitor's language choice (the switch in the header, or the account setting at sign-in). */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
});

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
  plugins: [initReactI18next],
});
