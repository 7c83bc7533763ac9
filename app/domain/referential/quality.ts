// Content-quality checks on a valid referential version, run by a test over the real files:
// texts left untranslated (identical in FR and EN) and near-duplicate criteria. Their word-level similarity also
// tells the validator when a code reused from the previous version names an unrelated criterion.
import { formatPath, type Bilingual, type PathSegment, type ReferentialVersion } from "./schema.ts";
import { LANGUAGES, type Language } from "#app/domain/language.ts";

export type QualityFinding =
  | { kind: "identical_translation"; path: string; text: string }
  | {
      kind: "near_duplicate_criteria";
      path: string;
      otherPath: string;
      codes: [string, string];
      language: Language;
      /** Jaccard similarity of the word-shingle sets, as shared / union (exact). */
      shared: number;
      union: number;
    };

/**
 * Texts that are legitimately the same in French and English, compared lower-cased:
 * - "bronze": the level name is the same word in both languages;
 * - proper names that are never translated: "AP-HP" (the institution) and "ISQua" (the International Society
 *   for Quality in Health Care). Names that do change (OMS/WHO, HAS) are not listed.
 */
export const IDENTICAL_ALLOWED = new Set(["bronze", "ap-hp", "isqua", "ap-hp international"]);

export interface QualityOptions {
  /** More texts allowed to be identical in FR and EN (compared lower-cased). */
  identicalAllowed?: Iterable<string>;
  /** Near-duplicate threshold in percent of Jaccard similarity (default 80). */
  similarityPercent?: number;
  /**
   * Words per shingle (default 1). Criteria are 10–25 words long: one changed word already removes two
   * bigrams, so bigram similarity misses obvious near-duplicates that single words catch.
   */
  shingleSize?: number;
}

export function checkContentQuality(version: ReferentialVersion, options: QualityOptions = {}): QualityFinding[] {
  return [...findIdenticalTranslations(version, options), ...findNearDuplicateCriteria(version, options)];
}

export function findIdenticalTranslations(version: ReferentialVersion, options: QualityOptions = {}): QualityFinding[] {
  const allowed = new Set([...IDENTICAL_ALLOWED, ...[...(options.identicalAllowed ?? [])].map((t) => t.toLowerCase())]);
  const findings: QualityFinding[] = [];
  visitBilingual(version, [], (text, path) => {
    const fr = text.fr.trim();
    if (fr !== text.en.trim()) return;
    // Very short tokens (units, "N/A") and texts without letters (numbers, codes) need no translation.
    if (fr.length <= 3 || !/\p{L}/u.test(fr) || allowed.has(fr.toLowerCase())) return;
    findings.push({ kind: "identical_translation", path: formatPath(path), text: fr });
  });
  return findings;
}

function isBilingual(value: unknown): value is Bilingual {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Bilingual).fr === "string" && typeof (value as Bilingual).en === "string";
}

function visitBilingual(value: unknown, path: PathSegment[], visit: (text: Bilingual, path: PathSegment[]) => void) {
  if (isBilingual(value)) visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => visitBilingual(item, [...path, i], visit));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) visitBilingual(child, [...path, key], visit);
  }
}

/** Lower case, accents removed, punctuation as spaces. */
export function normaliseWords(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

export function shingles(text: string, size: number): Set<string> {
  const words = normaliseWords(text);
  if (words.length <= size) return new Set([words.join(" ")]);
  const out = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(" "));
  return out;
}

/** Jaccard similarity of two shingle sets, kept as the exact fraction shared / union. */
export interface Similarity {
  shared: number;
  union: number;
}

export function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): Similarity {
  let shared = 0;
  for (const s of left) if (right.has(s)) shared++;
  return { shared, union: left.size + right.size - shared };
}

/** shared / union ≥ percent %, compared on integers (no rounding at the threshold). */
export function isAtLeastPercent({ shared, union }: Similarity, percent: number): boolean {
  return union > 0 && 100 * shared >= percent * union;
}

/** The similarity as a whole percent, rounded down, so that it reads below a threshold whenever it is below. */
export function percentFloor({ shared, union }: Similarity): number {
  return union === 0 ? 0 : Math.floor((100 * shared) / union);
}

/**
 * Word-level similarity of two bilingual texts in the language where they are closest (one language reworded more
 * freely than the other does not make two criteria unrelated). Ties go to French.
 */
export function closestLanguageSimilarity(a: Bilingual, b: Bilingual, shingleSize = 1): Similarity & { language: Language } {
  const [best, ...others] = LANGUAGES.map((language) => ({ ...jaccard(shingles(a[language], shingleSize), shingles(b[language], shingleSize)), language }));
  // a/b > c/d ⇔ a·d > c·b: exact, no division.
  return others.reduce((closest, s) => (s.shared * closest.union > closest.shared * s.union ? s : closest), best!);
}

export function findNearDuplicateCriteria(version: ReferentialVersion, options: QualityOptions = {}): QualityFinding[] {
  const percent = options.similarityPercent ?? 80;
  const size = options.shingleSize ?? 1;
  const criteria = version.chapters.flatMap((chapter, ci) =>
    chapter.standards.flatMap((standard, si) =>
      standard.criteria.map((criterion, ki) => ({
        code: criterion.code,
        path: formatPath(["chapters", ci, "standards", si, "criteria", ki]),
        shingles: { fr: shingles(criterion.text.fr, size), en: shingles(criterion.text.en, size) },
      })),
    ),
  );
  const findings: QualityFinding[] = [];
  for (let i = 0; i < criteria.length; i++) {
    for (let j = i + 1; j < criteria.length; j++) {
      const a = criteria[i];
      const b = criteria[j];
      if (!a || !b) continue;
      for (const language of LANGUAGES) {
        const { shared, union } = jaccard(a.shingles[language], b.shingles[language]);
        if (isAtLeastPercent({ shared, union }, percent)) {
          findings.push({ kind: "near_duplicate_criteria", path: `${a.path}.text.${language}`, otherPath: `${b.path}.text.${language}`, codes: [a.code, b.code], language, shared, union });
          break; // one finding per pair is enough
        }
      }
    }
  }
  return findings;
}
