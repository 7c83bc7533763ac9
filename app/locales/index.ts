import type { Resource } from "i18next";
import enCommon from "./en/common.json";
import frCommon from "./fr/common.json";

export const DEFAULT_NAMESPACE = "common";

/** Every namespace of every language. French is the default language; English is a full translation. */
const resources = {
  fr: { common: frCommon },
  en: { common: enCommon },
} satisfies Resource;

export default resources;
export type Locale = keyof typeof resources;
export const LOCALES = Object.keys(resources) as Locale[];
