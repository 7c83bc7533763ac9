// The pages' translations: one react-i18next subscription for the whole tree instead of one per component.
// react-i18next's useTranslation copies the i18next instance's properties on a component's first render, and on the
// server every render is a first one: a table of 136 rows calling it in each cell spent a quarter of the page's time
// there (bench/profile-page.ts). Here the provider follows the language (a change re-renders the tree, as before) and
// each component reads a `t` fixed once per language and namespace.
import type { i18n as I18n, TFunction } from "i18next";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { I18nextProvider, useTranslation as useI18nextTranslation } from "react-i18next";

const TranslationContext = createContext<{ i18n: I18n; language: string } | null>(null);

function LanguageFollower({ children }: { children?: ReactNode }) {
  const { i18n } = useI18nextTranslation(); // re-renders on "languageChanged"
  const language = i18n.language;
  const value = useMemo(() => ({ i18n, language }), [i18n, language]);
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>;
}

/** Around the router, on the server and in the browser, with the request's (or the page's) i18next instance. */
export function TranslationProvider({ i18n, children }: { i18n: I18n; children?: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <LanguageFollower>{children}</LanguageFollower>
    </I18nextProvider>
  );
}

const fixedByInstance = new WeakMap<I18n, Map<string, TFunction>>();

/** `t` in the page's language (keys of `namespace`, else of the default one; "ns:key" reaches any), and the instance. */
export function useTranslation(namespace?: string | readonly string[]): { t: TFunction; i18n: I18n } {
  const context = useContext(TranslationContext);
  if (!context) throw new Error("useTranslation needs a TranslationProvider above it");
  const { i18n, language } = context;
  let fixed = fixedByInstance.get(i18n);
  if (!fixed) fixedByInstance.set(i18n, (fixed = new Map()));
  const key = `${language}\u0000${namespace ?? ""}`; // an array keys by its join: "process,referential"
  let t = fixed.get(key);
  if (!t) fixed.set(key, (t = remembering(i18n.getFixedT(language, (namespace ?? null) as string | string[] | null) as TFunction)));
  return { t, i18n };
}

/**
 * `t` remembering what a key without options gives (the resources never change while the page lives): a row's labels
 * ("Critique", "Conforme") are looked up once per page instead of once per row, i18next's lookup being the costly part.
 */
function remembering(t: TFunction): TFunction {
  const plain = new Map<string, string>();
  return ((key: unknown, ...rest: unknown[]) => {
    if (rest.length || typeof key !== "string") return (t as unknown as (...args: unknown[]) => string)(key, ...rest);
    let text = plain.get(key);
    if (text === undefined) plain.set(key, (text = (t as unknown as (key: string) => string)(key)));
    return text;
  }) as unknown as TFunction;
}
