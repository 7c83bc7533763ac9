// One translator for messages written on the server for someone else (e-mails, notices of the daily job): in the
// recipient's language rather than the current visitor's, and usable outside a request.
import { createInstance } from "i18next";
import resources, { DEFAULT_NAMESPACE } from "#app/locales/index.ts";
import type { Translate } from "#app/services/accounts/users.server.ts";

const instance = createInstance({
  resources,
  defaultNS: DEFAULT_NAMESPACE,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  // The resources are in memory: initialise synchronously, so the translator works as soon as the module loads.
  initAsync: false,
});
void instance.init();

/** Translates a key (`ns:key` for another namespace than common) in the given language. */
export const translate: Translate = (language, key, values) => instance.getFixedT(language)(key, values);
