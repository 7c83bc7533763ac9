// The pages' translation lookup, the same code on the server and in the browser, so that hydration sees the very text
// the server wrote. It does what the locale files use of i18next, with i18next's results (checked key by key against
// i18next in translate.test.ts): "ns:key" or the given namespaces in order, dotted paths, plurals by Intl.PluralRules
// ("_one", "_other", and "_zero" for 0), {{name}} interpolation without escaping (React escapes), a defaultValue, the key when missing.
// i18next itself stays on the server for e-mails and PDFs; the browser no longer loads it (about 15 KB).

/** One language's namespaces, each a tree of texts (the locale files). */
export type Bundle = Readonly<Record<string, unknown>>;

export type TranslateOptions = Readonly<Record<string, unknown>> & { count?: number; defaultValue?: string };

/** `t(key, options)`: a text of the page's language. */
export type Translate = (key: string, options?: TranslateOptions) => string;

const NAMESPACE_SEPARATOR = ":";

/** The namespace of keys given without one ("common"). */
export const DEFAULT_NAMESPACE = "common";
const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(language: string, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return rules.select(count);
}

function lookup(tree: unknown, path: string): string | undefined {
  let node = tree;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** {{name}} replaced by the option's value; an unknown name is left as written (i18next's skipOnVariables). */
function interpolate(text: string, options: TranslateOptions | undefined): string {
  if (!options || !text.includes("{{")) return text;
  return text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) => {
    const value = options[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** A `t` for one language and its namespaces (the first is the default; "ns:key" reaches any). */
export function translator(bundle: Bundle, language: string, namespaces: readonly string[]): Translate {
  return (key, options) => {
    let searched = namespaces;
    let path = key;
    const separator = key.indexOf(NAMESPACE_SEPARATOR);
    if (separator > 0 && Object.hasOwn(bundle, key.slice(0, separator))) {
      searched = [key.slice(0, separator)];
      path = key.slice(separator + 1);
    }
    const count = options?.count;
    // As i18next: "_zero" first for a count of 0, then the language's plural category, then the bare key.
    const paths = typeof count === "number" ? [...(count === 0 ? [`${path}_zero`] : []), `${path}_${pluralCategory(language, count)}`, path] : [path];
    for (const candidate of paths) {
      for (const namespace of searched) {
        const text = lookup(bundle[namespace], candidate);
        if (text !== undefined) return interpolate(text, options);
      }
    }
    return options?.defaultValue !== undefined ? interpolate(options.defaultValue, options) : path;
  };
}
