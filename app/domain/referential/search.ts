// Accent-insensitive search: the one normalisation applied both to the stored search columns
// (referential_criteria.search_fr / search_en) and to what people type. Browser-safe.
import { cleanSearchText } from "#app/domain/text.ts";

/**
 * Lower case, diacritics removed (NFD + combining marks stripped), œ/æ/ß spelled out, control characters and
 * spaces collapsed into one space (so a NUL in a search box never reaches a query).
 */
export function normalizeForSearch(text: string): string {
  return cleanSearchText(text)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A matcher for what someone typed: every word must appear in the (already normalised) search text, in any
 * order, accents and case ignored. An empty query matches everything.
 */
export function wordMatcher(query: string): (searchText: string) => boolean {
  const words = normalizeForSearch(query).split(" ").filter(Boolean);
  return (searchText) => words.every((w) => searchText.includes(w));
}
