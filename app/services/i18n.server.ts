import type { RouterContextProvider } from "react-router";
import { getInstance } from "../middleware/i18next";
import type { Translate } from "./users.server";

/** A translator for messages sent to someone else, in their language rather than the current visitor's. */
export function serverTranslate(context: Readonly<RouterContextProvider>): Translate {
  const i18n = getInstance(context);
  return (language, key, values) => i18n.getFixedT(language)(key, values);
}
