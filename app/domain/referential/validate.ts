// Parse and validate a referential version file (YAML text) into a `ReferentialVersion`, or report every
// problem with its path (e.g. `chapters[3].standards[1].criteria[4].text.en: required`) and, when it can be
// located in the file, its line and column. Browser-safe: only zod and yaml.
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { closestLanguageSimilarity, isAtLeastPercent, percentFloor } from "./quality.ts";
import { allCriteria, formatPath, ReferentialVersionSchema, type PathSegment, type ReferentialVersion } from "./schema.ts";

export interface ReferentialProblem {
  /** Data path such as `chapters[0].standards[1].code`; "" for the whole file. */
  path: string;
  message: string;
  /** 1-based position in the YAML text, when known. */
  line?: number;
  column?: number;
}

export type ReferentialParseResult = { ok: true; version: ReferentialVersion } | { ok: false; problems: ReferentialProblem[] };

export interface ParseReferentialOptions {
  /**
   * The version this one follows. Every `replaces` code must exist in it. Without it, `replaces` is an
   * error: the version is treated as the first one, which has nothing to replace.
   */
  previous?: ReferentialVersion;
}

export function parseReferentialYaml(text: string, options: ParseReferentialOptions = {}): ReferentialParseResult {
  const lineCounter = new LineCounter();
  // Default YAML 1.2 core schema: `2024-09-01` stays a string (no Date objects), duplicate keys are errors.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const start = error.linePos?.[0];
        const message = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.code;
        return start
          ? { path: "", message: `YAML syntax error at line ${start.line}, column ${start.col}: ${message}`, line: start.line, column: start.col }
          : { path: "", message: `YAML syntax error: ${message}` };
      }),
    };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // An alias to no anchor, or aliases expanding past the cap (a "billion laughs" file): yaml throws while resolving.
    return { ok: false, problems: [{ path: "", message: `YAML error: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const parsed = ReferentialVersionSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
    return { ok: false, problems: inFileOrder(problems.map((p) => locate(p, doc, lineCounter))) };
  }

  const version = parsed.data;
  const lineage = checkLineage(version, options.previous);
  if (lineage.length > 0) return { ok: false, problems: inFileOrder(lineage.map((p) => locate(p, doc, lineCounter))) };
  return { ok: true, version };
}

/**
 * A criterion without `replaces` descends from the previous version's criterion with the same code. When their texts
 * share fewer words than this (Jaccard similarity of the word sets, the content-quality check's measure, in the
 * language where they are closest), the code is taken as reused for something else, and the file must say which it
 * is: `replaces: [code]` (it continues it) or `replaces: []` (it is new).
 *
 * Chosen from label-qss 2019 → 2024 (referentials/README.md gives the figures). The 56 criteria of 2024 whose code
 * named something unrelated in 2019 score 2.9 % to 17.9 % against their namesake; the 50 criteria continued
 * one-to-one score 15.4 % to 48.6 % (22.0 % to 48.6 % for those that kept their code), because 2024 rewrote terse
 * 2019 requirements into criteria two or three times as long. No threshold tells every heavy rewording from an
 * unrelated reuse; 25 % catches every unrelated reuse with 7 points to spare, lets two thirds of those rewordings
 * through, and asks the others for one explicit line, where a miss would silently carry ratings between unrelated
 * criteria.
 */
export const REUSED_CODE_MIN_SIMILARITY_PERCENT = 25;

/**
 * Checks that need the previous version: what `replaces` points to, that a reused code's new wording is close enough to
 * be the same criterion unless `replaces` says what it is, and that both versions belong to one referential.
 */
export function checkLineage(version: ReferentialVersion, previous: ReferentialVersion | undefined): PathProblem[] {
  const problems: PathProblem[] = [];
  if (previous) {
    if (previous.code !== version.code) problems.push({ path: ["code"], message: `must be ${previous.code}, the code of the previous version ${previous.version}` });
    if (previous.version === version.version) problems.push({ path: ["version"], message: `must differ from the previous version (${previous.version})` });
  }
  const previousCriteria = new Map(previous ? allCriteria(previous).map((k) => [k.code, k]) : []);
  version.chapters.forEach((chapter, ci) =>
    chapter.standards.forEach((standard, si) =>
      standard.criteria.forEach((criterion, ki) => {
        const criterionPath: PathSegment[] = ["chapters", ci, "standards", si, "criteria", ki];
        const path: PathSegment[] = [...criterionPath, "replaces"];
        if (!criterion.replaces) {
          const namesake = previousCriteria.get(criterion.code);
          if (!previous || !namesake) return;
          const similarity = closestLanguageSimilarity(namesake.text, criterion.text);
          if (isAtLeastPercent(similarity, REUSED_CODE_MIN_SIMILARITY_PERCENT)) return;
          problems.push({
            path: [...criterionPath, "code"],
            message:
              `code ${criterion.code} existed in ${previous.version} with unrelated wording ` +
              `(${percentFloor(similarity)} % similar, below ${REUSED_CODE_MIN_SIMILARITY_PERCENT} %): ` +
              `write replaces: ["${criterion.code}"] if this criterion continues it, or replaces: [] if it is new`,
          });
          return;
        }
        if (!previous) {
          problems.push({ path, message: "replaces is only allowed in a version that follows a previous one (no previous version given)" });
          return;
        }
        criterion.replaces.forEach((code, i) => {
          if (!previousCriteria.has(code)) problems.push({ path: [...path, i], message: `code ${code} does not exist in version ${previous.version}` });
        });
      }),
    ),
  );
  return problems;
}

interface PathProblem {
  path: PathSegment[];
  message: string;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): PathProblem[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ path: [...path, key], message: "unknown key" }));
    case "invalid_key":
      // A mapping whose keys are checked by a schema (tier_min_percent): the key's own message, at the key.
      return [{ path, message: issue.issues.map((i) => i.message).join("; ") }];
    case "invalid_type":
      if (path.length === 0) return [{ path, message: "the file must be a YAML mapping (key: value), not empty" }];
      return [{ path, message: isMissing(data, path) ? "required" : `must be ${article(issue.expected)}` }];
    case "invalid_value":
      return [{ path, message: `must be one of ${issue.values.map(String).join(", ")}` }];
    case "too_small":
      return [{ path, message: issue.origin === "array" ? `must list at least ${String(issue.minimum)}` : `must be at least ${String(issue.minimum)}` }];
    case "too_big":
      return [{ path, message: issue.origin === "array" ? `must list at most ${String(issue.maximum)}` : `must be at most ${String(issue.maximum)}` }];
    default:
      // invalid_format and custom issues carry the message written in the schema.
      return [{ path, message: issue.message }];
  }
}

function article(expected: string): string {
  const names: Record<string, string> = { int: "an integer", object: "a mapping (key: value)", array: "a list", string: "a string", number: "a number", boolean: "true or false" };
  return names[expected] ?? expected;
}

function isMissing(data: unknown, path: readonly PathSegment[]): boolean {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return true;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node === undefined || node === null;
}

/** Adds the line and column of the closest existing YAML node, so authors land on the right spot. */
function locate(problem: PathProblem, doc: Document, lineCounter: LineCounter): ReferentialProblem {
  const out: ReferentialProblem = { path: formatPath(problem.path), message: problem.message };
  for (let length = problem.path.length; length >= 0; length--) {
    const node = doc.getIn(problem.path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      out.line = line;
      out.column = col;
      break;
    }
  }
  return out;
}

/** Authors read problems top to bottom; problems without a position come first (stable sort). */
function inFileOrder(problems: ReferentialProblem[]): ReferentialProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** One line per problem, for CLIs and logs: `chapters[0].code: required (line 12, column 5)`. */
export function formatProblem(problem: ReferentialProblem): string {
  const where = problem.line === undefined ? "" : ` (line ${problem.line}, column ${problem.column ?? 1})`;
  return problem.path === "" ? `${problem.message}${where}` : `${problem.path}: ${problem.message}${where}`;
}
