// What the fuzz tests throw at the app: hostile text, keys and form bodies (fast-check arbitraries), and the run
// settings every fuzz property shares. A failure prints its seed and path; replay it with FUZZ_SEED=<seed>
// (or `fc.assert(…, { seed, path })`). FUZZ_RUNS=<factor> multiplies every property's runs, for a longer hunt.
import fc from "fast-check";

/**
 * Bounded runs (the suite's fuzzing stays within seconds); a fixed seed when FUZZ_SEED is set. On the second engine
 * (the PostgreSQL project) a third of the runs, 10 at least: the parsers are the same code, what that engine adds to check is that
 * a refused import writes nothing, which a few runs show (and `npm test` must stay well under 20 minutes).
 */
export function fuzzRuns(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const factor = Number(process.env.FUZZ_RUNS ?? 1) || 1;
  // Never under 10 there (nor under what was asked, when less): a property that checks its inputs reached the parser
  // needs a few of them to.
  const engineRuns = process.env.TEST_DATABASE === "postgres" ? Math.max(Math.min(numRuns, 10), numRuns / 3) : numRuns;
  return { numRuns: Math.ceil(engineRuns * factor), ...(seed !== undefined ? { seed } : {}), endOnFailure: true };
}

/** Strings an attacker or a badly encoded paste sends: controls, lone surrogates, RTL marks, injections, numbers out of range. */
export const HOSTILE_TEXTS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\u0085\u2028\u2029",
  "\uD800",
  "\uDFFF\uD800",
  "e\u0301",
  "\u202Eevil\u202C",
  "\uFEFF",
  "🇫🇷👩🏽‍⚕️",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-Infinity",
  "-1",
  "-0",
  "0x1F",
  "1e309",
  "9".repeat(400),
  "2147483648",
  "-9007199254740993",
  "0001-01-01",
  "9999-12-31",
  "2024-02-30",
  "2024-13-01",
  "on",
  "true",
  "yes",
  "[object Object]",
  "=HYPERLINK(\"http://evil.example\")",
  "+cmd|' /C calc'!A0",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "'; drop table users; --",
  "${7*7}{{7*7}}",
  "../../etc/passwd",
  "00000000-0000-4000-8000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "a@b",
  "x@example.org",
  "%00%ff",
  "\\u0000",
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXTS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  // Huge: past every field's limit (a form body stays under the server's cap, FORM_MAX_KB).
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "\u0000", "9", "🇫🇷"), fc.integer({ min: 1_000, max: 30_000 })).map(([c, n]) => c.repeat(n)) },
);

/** Field names: the form's own, and names meant to confuse a parser (prototype keys, paths, brackets). */
export function fieldName(known: readonly string[]): fc.Arbitrary<string> {
  const known_ = known.length ? [fc.constantFrom(...known)] : [];
  return fc.oneof(
    ...known_.map((arbitrary) => ({ weight: 6, arbitrary })),
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "__proto__",
        "constructor",
        "prototype",
        "__proto__.polluted",
        "constructor.prototype.polluted",
        "a[__proto__][polluted]",
        "fundings[0].__proto__",
        "fundings[0].source",
        "fundings[-1].source",
        "fundings[].source",
        "establishmentIds[]",
        "establishmentIds[2]",
        "siteIds[999]",
        "a..b",
        "a]",
        "[",
        "",
        "csrf",
        "intent",
        "$ACTION_ID_x",
        "_data",
        "redirectTo",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
    // A sub-field of a known one (conform reads `a.b` and `a[0]` as structure).
    ...known_.map((k) => ({
      weight: 1,
      arbitrary: fc.tuple(k, fc.oneof(fc.constant(".x"), fc.oneof(fc.nat(40), fc.integer({ min: 0, max: 100_000_000 })).map((n) => `[${n}]`), fc.constant("[]"))).map(([a, b]) => a + b),
    })),
  );
}

/** A form body as a list of entries: known and hostile names, repeated or missing, hostile values. */
export function formEntries(known: readonly string[], maxLength = 12): fc.Arbitrary<[string, string][]> {
  return fc.array(fc.tuple(fieldName(known), hostileText), { maxLength });
}

export function toFormData(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

/** The field names a zod schema reads (objects, unions, pipes, wrappers), so the fuzzer hits real fields. */
export function fieldsOf(schema: unknown): string[] {
  const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.shape) return Object.keys(def.shape as object);
  const inner = [def.options, def.in, def.innerType, def.left, def.right].flat().filter(Boolean);
  return [...new Set(inner.flatMap(fieldsOf))];
}

/** Nothing a parser did may have written onto the shared prototypes. */
export function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.x === undefined && Object.keys(Object.prototype).length === 0 && Object.keys(Array.prototype).length === 0;
}

// ─── Mutating a valid document ─────────────────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in a JSON document (the root included). */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...path, i])));
  if (value && typeof value === "object") return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k])));
  return here;
}

/** A value to put in place of another: hostile text, numbers out of range, wrong types, deep or long structures. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, [], {}, [null], JSON.parse('{"__proto__": {"polluted": 1}}') as Json) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 50 }).map((n) => Array.from({ length: n }, () => ({ code: "1", text: { fr: "x", en: "y" } }))) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 300 }).map((n) => JSON.parse("[".repeat(n) + "]".repeat(n)) as Json) },
);

export type Mutation = { path: number; op: "delete" | "replace" | "rename" | "add"; value: Json; key: string };

/** Up to `max` mutations: pick a node (by index among the document's paths) and delete, replace, rename or add to it. */
export function mutations(max = 4): fc.Arbitrary<Mutation[]> {
  return fc.array(
    fc.record({
      path: fc.nat(),
      op: fc.constantFrom("delete", "replace", "rename", "add"),
      value: hostileValue,
      key: fc.oneof(fc.constantFrom("__proto__", "constructor", "code", "replaces", "<<", ""), fc.string({ maxLength: 8 })),
    }) as fc.Arbitrary<Mutation>,
    { minLength: 1, maxLength: max },
  );
}

/** A mutated deep copy of `doc`. */
export function mutate<T>(doc: T, changes: Mutation[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const change of changes) {
    const paths = pathsOf(root);
    const path = paths[change.path % paths.length]!;
    if (path.length === 0) {
      if (change.op === "replace") root = change.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
    const key = path.at(-1)!;
    if (change.op === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (change.op === "replace") {
      parent[key] = change.value;
    } else if (change.op === "rename" && !Array.isArray(parent)) {
      // defineProperty: a `__proto__` key is an own key, as a parser of the file would make it.
      Object.defineProperty(parent, change.key, { value: parent[key], enumerable: true, writable: true, configurable: true });
      if (change.key !== key) delete parent[key];
    } else if (change.op === "add") {
      const node = parent[key];
      if (Array.isArray(node)) node.push(change.value);
      else if (node && typeof node === "object") Object.defineProperty(node, change.key, { value: change.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}
