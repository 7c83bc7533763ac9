// The referential files shipped with the platform: referentials/<code>/<version>.yaml. One loader for the CLI,
// the startup import, the bench and the tests: each version is validated against the version before it (same
// code, versions sorted naturally), so `replaces` codes are checked, and a file's place must match its content.
// Node only (reads files).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { compareVersionNumbers, type ReferentialVersion } from "#app/domain/referential/schema.ts";
import { parseReferentialYaml, type ReferentialParseResult, type ReferentialProblem } from "#app/domain/referential/validate.ts";

/** Where shipped versions live, relative to the project root (the working directory of every npm script). */
export const REFERENTIALS_DIR = "referentials";

const VERSION_FILE = /^([0-9A-Za-z][0-9A-Za-z.-]*)\.yaml$/;

/** Natural order of version names: "2019" < "2024" < "2024.2" < "2024.10". */
export const compareVersions = compareVersionNumbers;

export interface ReferentialFile {
  code: string;
  version: string;
  /** Path as given or relative to the working directory, for messages. */
  path: string;
}

export interface LoadedReferentialFile extends ReferentialFile {
  text: string;
  result: ReferentialParseResult;
  /** The version `replaces` was checked against, when there is one. */
  previous?: { version: string; path: string; parsed: ReferentialVersion };
}

/** Every `<dir>/<code>/<version>.yaml`, grouped by code, oldest version first. */
export function listReferentialFiles(dir: string = REFERENTIALS_DIR): ReferentialFile[] {
  if (!existsSync(dir)) return [];
  const files: ReferentialFile[] = [];
  const codes = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const code of codes) {
    const versions = readdirSync(join(dir, code))
      .map((name) => VERSION_FILE.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort(compareVersions);
    for (const version of versions) files.push({ code, version, path: displayPath(join(dir, code, `${version}.yaml`)) });
  }
  return files;
}

/**
 * Loads and validates every shipped version, each against the previous valid version of the same code. A file
 * whose content does not match its place (`code`, `version`) gets a problem too.
 */
export function loadReferentialFolder(dir: string = REFERENTIALS_DIR, options: { code?: string; before?: string } = {}): LoadedReferentialFile[] {
  const loaded: LoadedReferentialFile[] = [];
  let chain: { code: string; last?: LoadedReferentialFile } = { code: "" };
  for (const file of listReferentialFiles(dir)) {
    if (options.code !== undefined && file.code !== options.code) continue;
    if (options.before !== undefined && compareVersions(file.version, options.before) >= 0) continue;
    if (chain.code !== file.code) chain = { code: file.code };
    const predecessor = chain.last;
    const entry = loadOne(file.path, readFileSync(file.path, "utf8"), predecessor, file);
    loaded.push(entry);
    chain.last = entry;
  }
  return loaded;
}

/**
 * Loads and validates one file, wherever it is. When `<dir>/<code>/` holds earlier versions of the file's code,
 * the closest one is its previous version (and is itself validated against its own predecessors).
 */
export function loadReferentialFile(path: string, options: { dir?: string } = {}): LoadedReferentialFile {
  const dir = options.dir ?? REFERENTIALS_DIR;
  const text = readFileSync(path, "utf8");
  const identity = peekIdentity(text);
  // A file inside the shipped folder must sit at <dir>/<code>/<version>.yaml.
  const inFolder = resolve(dirname(dirname(path))) === resolve(dir) && VERSION_FILE.test(basename(path));
  const place = inFolder ? { code: basename(dirname(path)), version: basename(path).replace(/\.yaml$/, "") } : undefined;
  const code = place?.code ?? identity?.code;
  const version = place?.version ?? identity?.version;
  let predecessor: LoadedReferentialFile | undefined;
  if (code !== undefined && version !== undefined) {
    const earlier = loadReferentialFolder(dir, { code, before: version }).filter((f) => resolve(f.path) !== resolve(path));
    predecessor = earlier.at(-1);
  }
  return loadOne(displayPath(path), text, predecessor, place);
}

function loadOne(
  path: string,
  text: string,
  predecessor: LoadedReferentialFile | undefined,
  place: { code: string; version: string } | undefined,
): LoadedReferentialFile {
  const previous = predecessor?.result.ok ? { version: predecessor.version, path: predecessor.path, parsed: predecessor.result.version } : undefined;
  let result = parseReferentialYaml(text, previous ? { previous: previous.parsed } : {});
  if (!result.ok && predecessor && !predecessor.result.ok && result.problems.some((p) => /\.replaces(\[\d+\])?$/.test(p.path))) {
    const note: ReferentialProblem = {
      path: "",
      message: `the previous version ${predecessor.path} has problems of its own: fix it first, then replaces can be checked against it`,
    };
    result = { ok: false, problems: [note, ...result.problems] };
  }
  if (result.ok && place) {
    const problems: ReferentialProblem[] = [];
    if (result.version.code !== place.code) problems.push({ path: "code", message: `must be ${place.code}, the folder the file is in` });
    if (result.version.version !== place.version) problems.push({ path: "version", message: `must be "${place.version}", the file's name` });
    if (problems.length > 0) result = { ok: false, problems };
  }
  const identity = result.ok ? { code: result.version.code, version: result.version.version } : (place ?? peekIdentity(text) ?? { code: "?", version: "?" });
  return { ...identity, path, text, result, ...(previous ? { previous } : {}) };
}

/** The `code` and `version` of a file before validating it (to find its previous version); null when unreadable. */
export function peekIdentity(text: string): { code: string; version: string } | null {
  try {
    const data: unknown = parse(text);
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const { code, version } = data as Record<string, unknown>;
      if (typeof code === "string" && typeof version === "string") return { code, version };
    }
  } catch {
    // Malformed YAML: the validation reports it.
  }
  return null;
}

/** True when the argument names an existing file (as opposed to a version such as label-qss@2024). */
export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel.startsWith("..") ? path : rel;
}
