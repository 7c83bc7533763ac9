import type { Resource } from "i18next";
import enCommon from "./en/common.json";
import enReferential from "./en/referential.json";
import frCommon from "./fr/common.json";
import frReferential from "./fr/referential.json";

export const DEFAULT_NAMESPACE = "common";

/** Every namespace of every language. French is the default language; English is a full translation. */
const resources = {
  fr: { common: frCommon, referential: frReferential },
  en: { common: enCommon, referential: enReferential },
} satisfies Resource;

export default resources;
export type Locale = keyof typeof resources;
export const LOCALES = Object.keys(resources) as Locale[];
