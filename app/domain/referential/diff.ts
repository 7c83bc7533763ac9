// What changed between two versions of a referential, criterion by criterion. Pure data: pages phrase it.
//
// Identity: a newer criterion with `replaces` descends from the older criteria it lists; one without
// `replaces` descends from the older criterion with the same code, if any. Criteria linked this way form
// groups: one older ↔ one newer is the same criterion (possibly moved, reworded, re-tiered); several older →
// one newer is a merge; one older → several newer is a split; anything more tangled is a regrouping. The groups
// (lineageGroups) are also what a renewal carries ratings over by (app/domain/process/carry-over.ts).
import type { Bilingual, Criterion, ReferentialVersion, Tier } from "./schema.ts";
import { LANGUAGES, type Language } from "#app/domain/language.ts";

export interface CriterionRef {
  code: string;
  chapterCode: string;
  standardCode: string;
  tier: Tier;
  text: Bilingual;
}

/** Fields compared besides code, place, text and tier. */
export const DETAIL_FIELDS = ["guidance", "methods", "evidence", "na_allowed", "service", "isqua", "rating_guidance"] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

export interface CriterionMove {
  older: CriterionRef;
  newer: CriterionRef;
  codeChanged: boolean;
  standardChanged: boolean;
  chapterChanged: boolean;
}
export interface CriterionRewording {
  olderCode: string;
  newerCode: string;
  languages: Language[];
  old: Bilingual;
  new: Bilingual;
}
export interface TierChange {
  olderCode: string;
  newerCode: string;
  old: Tier;
  new: Tier;
}
export interface DetailChange {
  olderCode: string;
  newerCode: string;
  fields: DetailField[];
}

export interface VersionDiff {
  olderVersion: string;
  newerVersion: string;
  added: CriterionRef[];
  removed: CriterionRef[];
  moved: CriterionMove[];
  reworded: CriterionRewording[];
  tierChanged: TierChange[];
  detailsChanged: DetailChange[];
  merged: { older: CriterionRef[]; newer: CriterionRef }[];
  split: { older: CriterionRef; newer: CriterionRef[] }[];
  regrouped: { older: CriterionRef[]; newer: CriterionRef[] }[];
  summary: {
    olderCriteria: number;
    newerCriteria: number;
    added: number;
    removed: number;
    moved: number;
    reworded: number;
    tierChanged: number;
    detailsChanged: number;
    merged: number;
    split: number;
    regrouped: number;
    /** Criteria carried over one-to-one with nothing changed. */
    unchanged: number;
  };
}

interface Located {
  ref: CriterionRef;
  criterion: Criterion;
}

function locate(version: ReferentialVersion): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const chapter of version.chapters) {
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) {
        const ref = { code: criterion.code, chapterCode: chapter.code, standardCode: standard.code, tier: criterion.tier, text: criterion.text };
        out.set(criterion.code, { ref, criterion });
      }
    }
  }
  return out;
}

/** Older and newer codes linked by lineage, each list in its version's order. */
export interface LineageGroup {
  older: string[];
  newer: string[];
}

/**
 * What a group is: no older criterion → added; one older ↔ one newer → continued (the same criterion, possibly
 * moved, reworded, re-tiered); several older → one newer → merged; one older → several newer → split; else regrouped.
 */
export type LineageKind = "added" | "continued" | "merged" | "split" | "regrouped";

export function lineageKind(group: LineageGroup): LineageKind {
  if (group.older.length === 0) return "added";
  if (group.older.length === 1 && group.newer.length === 1) return "continued";
  if (group.newer.length === 1) return "merged";
  if (group.older.length === 1) return "split";
  return "regrouped";
}

/** Codes in version order. */
function codesInOrder(version: ReferentialVersion): string[] {
  return version.chapters.flatMap((chapter) => chapter.standards.flatMap((standard) => standard.criteria.map((criterion) => criterion.code)));
}

/**
 * The lineage between two versions, the one reading of `replaces` that the diff and a renewal's carry-over share:
 * every newer criterion in exactly one group (groups in the newer version's order), and the older criteria nothing
 * descends from (removed).
 */
export function lineageGroups(older: ReferentialVersion, newer: ReferentialVersion): { groups: LineageGroup[]; removed: string[] } {
  const olderCodes = codesInOrder(older);
  const olderPosition = new Map(olderCodes.map((code, i) => [code, i]));
  const newerCodes = codesInOrder(newer);
  const newerPosition = new Map(newerCodes.map((code, i) => [code, i]));
  const replaces = new Map(newer.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria.map((criterion) => [criterion.code, criterion.replaces] as const))));

  // Links both ways between older and newer codes.
  const ancestors = new Map<string, string[]>();
  const descendants = new Map<string, string[]>();
  for (const code of newerCodes) {
    const from = (replaces.get(code) ?? [code]).filter((c) => olderPosition.has(c));
    ancestors.set(code, from);
    for (const olderCode of from) descendants.set(olderCode, [...(descendants.get(olderCode) ?? []), code]);
  }

  const groups: LineageGroup[] = [];
  const seenNewer = new Set<string>();
  const inOrder = (codes: Set<string>, position: Map<string, number>) => [...codes].sort((a, b) => position.get(a)! - position.get(b)!);
  for (const code of newerCodes) {
    if (seenNewer.has(code)) continue;
    const group = connectedGroup(code, ancestors, descendants);
    for (const c of group.newer) seenNewer.add(c);
    groups.push({ older: inOrder(group.older, olderPosition), newer: inOrder(group.newer, newerPosition) });
  }
  return { groups, removed: olderCodes.filter((code) => !descendants.has(code)) };
}

export function diffVersions(older: ReferentialVersion, newer: ReferentialVersion): VersionDiff {
  const olderCriteria = locate(older);
  const newerCriteria = locate(newer);
  const lineage = lineageGroups(older, newer);

  const diff: Omit<VersionDiff, "summary"> = {
    olderVersion: older.version,
    newerVersion: newer.version,
    added: [],
    removed: [],
    moved: [],
    reworded: [],
    tierChanged: [],
    detailsChanged: [],
    merged: [],
    split: [],
    regrouped: [],
  };
  let unchanged = 0;
  const located = (map: Map<string, Located>) => (codes: string[]) => codes.map((c) => map.get(c)!);

  for (const group of lineage.groups) {
    const olderGroup = located(olderCriteria)(group.older);
    const newerGroup = located(newerCriteria)(group.newer);
    const [firstOlder] = olderGroup;
    const [firstNewer] = newerGroup;
    if (!firstNewer) continue;
    switch (lineageKind(group)) {
      case "added":
        diff.added.push(firstNewer.ref);
        break;
      case "continued":
        if (compareCarriedOver(firstOlder!, firstNewer, diff)) unchanged++;
        break;
      case "merged":
        diff.merged.push({ older: olderGroup.map((l) => l.ref), newer: firstNewer.ref });
        break;
      case "split":
        diff.split.push({ older: firstOlder!.ref, newer: newerGroup.map((l) => l.ref) });
        break;
      case "regrouped":
        diff.regrouped.push({ older: olderGroup.map((l) => l.ref), newer: newerGroup.map((l) => l.ref) });
        break;
    }
  }
  for (const code of lineage.removed) diff.removed.push(olderCriteria.get(code)!.ref);

  return {
    ...diff,
    summary: {
      olderCriteria: olderCriteria.size,
      newerCriteria: newerCriteria.size,
      added: diff.added.length,
      removed: diff.removed.length,
      moved: diff.moved.length,
      reworded: diff.reworded.length,
      tierChanged: diff.tierChanged.length,
      detailsChanged: diff.detailsChanged.length,
      merged: diff.merged.length,
      split: diff.split.length,
      regrouped: diff.regrouped.length,
      unchanged,
    },
  };
}

/** Every older and newer code linked to `newerCode`, directly or through other links. */
function connectedGroup(newerCode: string, ancestors: Map<string, string[]>, descendants: Map<string, string[]>) {
  const older = new Set<string>();
  const newer = new Set<string>([newerCode]);
  const queue = [newerCode];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const o of ancestors.get(next) ?? []) {
      if (older.has(o)) continue;
      older.add(o);
      for (const n of descendants.get(o) ?? []) {
        if (!newer.has(n)) {
          newer.add(n);
          queue.push(n);
        }
      }
    }
  }
  return { older, newer };
}

/** Records what changed for a criterion carried over one-to-one; true when nothing did. */
function compareCarriedOver(older: Located, newer: Located, diff: Omit<VersionDiff, "summary">): boolean {
  const o = older.ref;
  const n = newer.ref;
  let same = true;
  const codeChanged = o.code !== n.code;
  const standardChanged = o.standardCode !== n.standardCode;
  const chapterChanged = o.chapterCode !== n.chapterCode;
  if (codeChanged || standardChanged || chapterChanged) {
    diff.moved.push({ older: o, newer: n, codeChanged, standardChanged, chapterChanged });
    same = false;
  }
  const languages = LANGUAGES.filter((language) => o.text[language] !== n.text[language]);
  if (languages.length > 0) {
    diff.reworded.push({ olderCode: o.code, newerCode: n.code, languages, old: o.text, new: n.text });
    same = false;
  }
  if (o.tier !== n.tier) {
    diff.tierChanged.push({ olderCode: o.code, newerCode: n.code, old: o.tier, new: n.tier });
    same = false;
  }
  const fields = DETAIL_FIELDS.filter((field) => !deepEqual(older.criterion[field], newer.criterion[field]));
  if (fields.length > 0) {
    diff.detailsChanged.push({ olderCode: o.code, newerCode: n.code, fields });
    same = false;
  }
  return same;
}

/** Structural equality of plain data (key order ignored). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
