import { createInstance, type i18n } from "i18next";
import { createContext, createCookie, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { LanguageDetector } from "remix-i18next/server";
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
const languageDetector = new LanguageDetector({
  supportedLanguages: ["en", "fr"],
  fallbackLanguage: "fr",
  cookie: localeCookie,
  order: ["searchParams", "cookie", "header"],
});

/**
 * One i18next instance per language for the process's life, shared by every request in that language. (remix-i18next's
 * middleware built and initialised an instance on each request: a twentieth of a light page's CPU.) Nothing may call
 * `changeLanguage` on them; a request in another language gets the other instance.
 */
const instances = new Map<string, i18n>();
function instanceFor(language: string): i18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance({
      resources,
      lng: language,
      defaultNS: DEFAULT_NAMESPACE,
      fallbackLng: false,
      interpolation: { escapeValue: false },
      initAsync: false, // the resources are in memory
    });
    void instance.init();
    instances.set(language, instance);
  }
  return instance;
}

const localeContext = createContext<string>();

export const i18nextMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  context.set(localeContext, await languageDetector.detect(request));
  return next();
};

/** The request's language ("fr" or "en"). */
export const getLocale = (context: Readonly<RouterContextProvider>) => context.get(localeContext);

/** The translator of the request's language. */
export const getInstance = (context: Readonly<RouterContextProvider>) => instanceFor(getLocale(context));
