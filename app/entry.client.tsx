import i18next, { type BackendModule } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { initReactI18next } from "react-i18next";
import { TranslationProvider } from "#app/components/translation.tsx";
import { HydratedRouter } from "react-router/dom";
import { TIME_ZONE_COOKIE } from "#app/domain/time-zone.ts";
import { keepTextTypedBeforeHydration } from "#app/components/hydration.ts";

// Translations come from /locales/:lng (cached for good: the URL carries a content hash), one request per language.
const localesUrl = document.documentElement.dataset.locales ?? "/locales/fr";
const bundles = new Map<string, Promise<Record<string, Record<string, unknown>>>>();
function loadLanguage(lng: string) {
  let bundle = bundles.get(lng);
  if (!bundle) {
    bundle = fetch(localesUrl.replace(/\/locales\/[a-z]+/, `/locales/${lng}`)).then((r) => r.json());
    bundles.set(lng, bundle);
  }
  return bundle;
}
const backend: BackendModule = {
  type: "backend",
  init() {},
  read(lng, ns, callback) {
    loadLanguage(lng).then(
      (all) => callback(null, all[ns] ?? {}),
      (error: Error) => callback(error, null),
    );
  },
};

/**
 * Tells the server this browser's time zone (a `tz` cookie, read from the next request on: the page already shown keeps
 * the zone it was written in, so nothing changes under the reader's eyes nor between server and browser).
 */
function rememberTimeZone() {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || document.cookie.split("; ").includes(`${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`)) return;
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=${365 * 24 * 60 * 60}; samesite=lax${secure}`;
  } catch {
    // No zone known: the server keeps using the establishment's country's.
  }
}

async function main() {
  rememberTimeZone();
  const lng = document.documentElement.lang || "fr";
  const all = await loadLanguage(lng);
  await i18next
    .use(initReactI18next)
    .use(backend)
    .init({
      lng,
      fallbackLng: false,
      ns: Object.keys(all),
      defaultNS: "common",
      interpolation: { escapeValue: false },
    });
  // A slow link: the reader may have typed already; React writes a textarea's server text back when it hydrates.
  keepTextTypedBeforeHydration();
  startTransition(() => {
    hydrateRoot(
      document,
      <TranslationProvider i18n={i18next}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </TranslationProvider>,
    );
  });
}

main().catch((error) => console.error(error));
