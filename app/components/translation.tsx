// The pages' translations, without i18next in the browser: the page's language (a change re-renders the tree) and, for
// each component, a `t` made once per language and namespaces (app/domain/translate.ts, the same lookup on both sides,
// so hydration sees the server's text). react-i18next's useTranslation copied the i18next instance's properties on a
// component's first render, and on the server every render is a first one: a table of 136 rows spent a quarter of
// its time there (bench/profile-page.ts); i18next and react-i18next also weighed about 17 KB of the pages' JavaScript.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { DEFAULT_NAMESPACE, translator, type Bundle, type Translate } from "#app/domain/translate.ts";

/** The page's language and the texts it has (all of a language's namespaces at once). */
export class PageLanguage {
  #language: string;
  readonly #bundles: Map<string, Bundle>;
  readonly #load: ((language: string) => Promise<Bundle>) | undefined;
  readonly #listeners = new Set<(language: string) => void>();

  /** `load` fetches a language's texts in the browser; the server has them all. */
  constructor(language: string, bundles: Record<string, Bundle>, load?: (language: string) => Promise<Bundle>) {
    this.#language = language;
    this.#bundles = new Map(Object.entries(bundles));
    this.#load = load;
  }

  get language(): string {
    return this.#language;
  }

  bundle(language: string): Bundle {
    return this.#bundles.get(language) ?? {};
  }

  /** Loads the language's texts if needed, then makes it the page's: every component reading it re-renders. */
  async changeLanguage(language: string): Promise<void> {
    if (!this.#bundles.has(language) && this.#load) this.#bundles.set(language, await this.#load(language));
    if (language === this.#language) return;
    this.#language = language;
    for (const listener of this.#listeners) listener(language);
  }

  onChange(listener: (language: string) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}

const TranslationContext = createContext<{ source: PageLanguage; language: string } | null>(null);

/** Around the router, on the server and in the browser. */
export function TranslationProvider({ language: source, children }: { language: PageLanguage; children?: ReactNode }) {
  const [language, setLanguage] = useState(source.language);
  useEffect(() => {
    setLanguage(source.language);
    return source.onChange(setLanguage);
  }, [source]);
  const value = useMemo(() => ({ source, language }), [source, language]);
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>;
}

/** The page's language source, for a render of its own that needs it again (frozen-markup.tsx). */
export function usePageLanguage(): PageLanguage {
  const context = useContext(TranslationContext);
  if (!context) throw new Error("usePageLanguage needs a TranslationProvider above it");
  return context.source;
}

/** What components read of the language besides `t`: its code, a change, and `t` across namespaces ("ns:key"). */
export interface PageI18n {
  language: string;
  changeLanguage(language: string): Promise<void>;
  t: Translate;
}

const made = new WeakMap<PageLanguage, Map<string, { t: Translate; i18n: PageI18n }>>();

/** `t` in the page's language (keys of `namespace`, else of the default one; "ns:key" reaches any), and the language. */
export function useTranslation(namespace?: string | readonly string[]): { t: Translate; i18n: PageI18n } {
  const context = useContext(TranslationContext);
  if (!context) throw new Error("useTranslation needs a TranslationProvider above it");
  const { source, language } = context;
  let byKey = made.get(source);
  if (!byKey) made.set(source, (byKey = new Map()));
  const namespaces = namespace === undefined ? [DEFAULT_NAMESPACE] : typeof namespace === "string" ? [namespace] : [...namespace];
  const key = `${language}\u0000${namespaces.join(",")}`;
  let found = byKey.get(key);
  if (!found) {
    const bundle = source.bundle(language);
    const t = remembering(translator(bundle, language, namespaces));
    found = { t, i18n: { language, changeLanguage: (lng) => source.changeLanguage(lng), t: namespaces[0] === DEFAULT_NAMESPACE ? t : remembering(translator(bundle, language, [DEFAULT_NAMESPACE])) } };
    byKey.set(key, found);
  }
  return found;
}

/**
 * `t` remembering what a key without options gives (the texts never change while the page lives): a row's labels
 * ("Critique", "Conforme") are looked up once per page instead of once per row.
 */
function remembering(t: Translate): Translate {
  const plain = new Map<string, string>();
  return (key, options) => {
    if (options) return t(key, options);
    let text = plain.get(key);
    if (text === undefined) {
      text = t(key);
      // The locale files hold a few thousand keys: past that, a key is not one of theirs (a page building a key from
      // what an address says must never make the server's memory grow), and it is looked up each time.
      if (plain.size < REMEMBERED_KEYS) plain.set(key, text);
    }
    return text;
  };
}

const REMEMBERED_KEYS = 4000;
