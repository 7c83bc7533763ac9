import i18next from "i18next";
import { describe, expect, it } from "vitest";
import resources, { DEFAULT_NAMESPACE, LOCALES } from "#app/locales/index.ts";
import { translator } from "./translate.ts";

// Every key of every locale file, read through the pages' translator and through i18next (which the server's e-mails
// and PDFs use): the same text, whatever the count and the values given.
const reference = i18next.createInstance();
await reference.init({ resources, fallbackLng: false, defaultNS: DEFAULT_NAMESPACE, interpolation: { escapeValue: false }, showSupportNotice: false } as Parameters<typeof reference.init>[0]);

function leaves(tree: unknown, prefix = ""): [string, string][] {
  if (typeof tree === "string") return [[prefix, tree]];
  if (tree === null || typeof tree !== "object") return [];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("the pages' translator", () => {
  for (const language of LOCALES) {
    // Every key of the language, several ways each: seconds of work, more on a busy machine.
    it(`gives i18next's text for every key in ${language}, with and without counts and values`, { timeout: 60_000 }, () => {
      const bundle = resources[language];
      let compared = 0;
      for (const namespace of Object.keys(bundle)) {
        const ours = translator(bundle, language, [namespace]);
        const theirs = reference.getFixedT(language, namespace);
        for (const [path, text] of leaves(bundle[namespace as keyof typeof bundle])) {
          const key = path.replace(/_(one|other|zero|two|few|many)$/, "");
          const values = Object.fromEntries([...text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => [m[1]!, `«${m[1]}»`]));
          for (const options of [undefined, values, { ...values, count: 0 }, { ...values, count: 1 }, { ...values, count: 7 }]) {
            expect(ours(key, options), `${language} ${namespace}:${key} ${JSON.stringify(options)}`).toBe(theirs(key, options as never));
            expect(translator(bundle, language, [DEFAULT_NAMESPACE])(`${namespace}:${key}`, options)).toBe(theirs(`${namespace}:${key}`, options as never));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(1000);
    });
  }

  it("searches the namespaces in order, falls back to the default value, else gives the key", () => {
    const t = translator(resources.fr, "fr", ["process", "referential"]);
    const i = reference.getFixedT("fr", ["process", "referential"]);
    for (const key of ["tiers.critical", "pages.list.title", "no.such.key", "common:common.filter"]) expect(t(key)).toBe(i(key));
    expect(t("no.such.key", { defaultValue: "Texte {{n}}", n: 2 })).toBe(i("no.such.key", { defaultValue: "Texte {{n}}", n: 2 }));
    expect(t("no.such.key", { defaultValue: "Texte {{n}}", n: 2 })).toBe("Texte 2");
  });
});
