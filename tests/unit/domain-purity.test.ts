// app/domain/ is pure: no Node built-ins, database, framework or server code, directly or through what it imports,
// so the browser, db/schema.ts (its enum lists) and drizzle-kit can load it.
import { builtinModules } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

const FORBIDDEN = [
  /^node:/,
  /^#db\//,
  /^#app\/services\//,
  /^#app\/http\//,
  /^react(-dom|-router|-i18next)?(\/|$)/,
  /^@react-router\//,
  /^drizzle-orm(\/|$)/,
  /\.server\.tsx?$/,
];
const isForbidden = (specifier: string) =>
  FORBIDDEN.some((pattern) => pattern.test(specifier)) || builtinModules.includes(specifier.split("/")[0]!);

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** The file a local specifier names (`#app/…`, `./…`), or null for a package. */
function localFile(specifier: string, from: string): string | null {
  if (specifier.startsWith("#")) return join(root, specifier.slice(1));
  if (specifier.startsWith(".")) return resolve(dirname(from), specifier);
  return null;
}

function domainFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return domainFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Each forbidden import reachable from `start`, with the chain of files that leads to it. */
function forbiddenImports(start: string): string[] {
  const found: string[] = [];
  const seen = new Set([start]);
  const queue: { file: string; chain: string[] }[] = [{ file: start, chain: [relative(root, start)] }];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const specifier of importsOf(next.file)) {
      if (isForbidden(specifier)) {
        found.push(`${next.chain.join(" → ")} imports ${specifier}`);
        continue;
      }
      const file = localFile(specifier, next.file);
      if (!file || !/\.tsx?$/.test(file) || seen.has(file)) continue;
      seen.add(file);
      queue.push({ file, chain: [...next.chain, relative(root, file)] });
    }
  }
  return found;
}

const files = domainFiles(join(root, "app/domain"));

describe("app/domain", () => {
  it("is read as expected by this test (its imports are found)", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(importsOf(join(root, "app/domain/referential/schema.ts"))).toContain("zod");
    expect(isForbidden("node:crypto") && isForbidden("fs") && isForbidden("react") && isForbidden("#db/schema.ts")).toBe(true);
  });

  it.each(files.map((file) => [relative(root, file)]))("%s imports no Node, database, framework or server code", (file) => {
    expect(forbiddenImports(join(root, file))).toEqual([]);
  });
});
