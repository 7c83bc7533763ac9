import i18next, { type BackendModule } from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { HydratedRouter } from "react-router/dom";

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

async function main() {
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
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <HydratedRouter />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

main().catch((error) => console.error(error));
