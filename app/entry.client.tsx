import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { PageLanguage, TranslationProvider } from "#app/components/translation.tsx";
import type { Bundle } from "#app/domain/translate.ts";
import { HydratedRouter } from "react-router/dom";
import { TIME_ZONE_COOKIE } from "#app/domain/time-zone.ts";
import { keepTextTypedBeforeHydration } from "#app/components/hydration.ts";

// Translations come from /locales/:lng (cached for good: the URL carries a content hash), one request per language.
const localesUrl = document.documentElement.dataset.locales ?? "/locales/fr";
function loadLanguage(lng: string): Promise<Bundle> {
  return fetch(localesUrl.replace(/\/locales\/[a-z]+/, `/locales/${lng}`)).then((r) => {
    if (!r.ok) throw new Error(`/locales/${lng}: ${r.status}`);
    return r.json() as Promise<Bundle>;
  });
}

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
  const language = new PageLanguage(lng, {}, loadLanguage);
  await language.changeLanguage(lng);
  // A slow link: the reader may have typed already; React writes a textarea's server text back when it hydrates.
  keepTextTypedBeforeHydration();
  startTransition(() => {
    hydrateRoot(
      document,
      <TranslationProvider language={language}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </TranslationProvider>,
    );
  });
}

main().catch((error) => console.error(error));
