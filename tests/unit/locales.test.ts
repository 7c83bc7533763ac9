import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import resources from "#app/locales/index.ts";

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ""): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
const keysOf = (lng: "fr" | "en") =>
  new Set(Object.entries(resources[lng]).flatMap(([ns, tree]) => flatten(tree as Tree).map((k) => `${ns}:${k}`)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "locales" || name === "domain" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("translations", () => {
  it("have the same keys in French and English", () => {
    const fr = keysOf("fr");
    const en = keysOf("en");
    expect([...fr].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !fr.has(k))).toEqual([]);
  });

  it("have no empty text and no English text left in French (or the reverse) for whole sentences", () => {
    const frKeys = [...keysOf("fr")];
    const get = (lng: "fr" | "en", key: string) => {
      const [ns, path] = key.split(":") as [string, string];
      return path.split(".").reduce<unknown>((node, part) => (node as Tree)[part], (resources[lng] as Record<string, Tree>)[ns]) as string;
    };
    for (const key of frKeys) {
      expect(get("fr", key).trim(), key).not.toBe("");
      expect(get("en", key).trim(), key).not.toBe("");
      // Sentences must be translated; short labels (role names, "DRI") may legitimately match.
      if (get("fr", key).split(" ").length > 3) expect(get("en", key), key).not.toBe(get("fr", key));
    }
  });

  it("contain every literal key the code asks for", () => {
    const known = keysOf("fr");
    const missing: string[] = [];
    for (const file of sourceFiles("app")) {
      const source = readFileSync(file, "utf8");
      // A file using useTranslation("ns") looks keys up in that namespace first, then in common.
      const namespaces = [...source.matchAll(/useTranslation\(\s*"([a-z]+)"/g)].map((m) => m[1]!).concat("common");
      for (const match of source.matchAll(/\bt\(\s*"([a-zA-Z0-9_.:]+)"/g)) {
        const candidates = match[1]!.includes(":") ? [match[1]!] : namespaces.map((ns) => `${ns}:${match[1]}`);
        const found = candidates.some((key) => known.has(key) || known.has(`${key}_one`) || known.has(`${key}_other`));
        if (!found) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
