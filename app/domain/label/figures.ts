/**
 * Key figures of the labels in force (the public list: valid or expiring, one per hospital): how many hospitals at
 * each level, how many in each country, and which labels reach their last six months. Pure: the statuses come
 * from the list (status.ts), never recomputed here.
 */
import type { Bilingual, LevelCode } from "#app/domain/referential/schema.ts";
import { LEVEL_CODES } from "#app/domain/referential/vocabulary.ts";
import type { LabelStatus } from "./status.ts";

/** What the figures need of a listed label. */
export interface ListedLabel {
  establishmentName: string;
  countryCode: string;
  countryName: Bilingual;
  level: LevelCode;
  validUntil: string;
  status: LabelStatus;
}

const byName = (a: ListedLabel, b: ListedLabel) => a.establishmentName.localeCompare(b.establishmentName, "fr");

/** Every level, highest first, with its labels (a level with none is listed with none). */
export function labelsByLevel<L extends ListedLabel>(labels: readonly L[]): { level: LevelCode; labels: L[] }[] {
  return [...LEVEL_CODES].reverse().map((level) => ({ level, labels: labels.filter((l) => l.level === level).sort(byName) }));
}

/** The countries with labelled hospitals, most first, then by French name. */
export function labelsByCountry<L extends ListedLabel>(labels: readonly L[]): { countryCode: string; countryName: Bilingual; labels: L[] }[] {
  const groups = new Map<string, { countryCode: string; countryName: Bilingual; labels: L[] }>();
  for (const label of labels) {
    const group = groups.get(label.countryCode) ?? { countryCode: label.countryCode, countryName: label.countryName, labels: [] };
    group.labels.push(label);
    groups.set(label.countryCode, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, labels: g.labels.sort(byName) }))
    .sort((a, b) => b.labels.length - a.labels.length || a.countryName.fr.localeCompare(b.countryName.fr, "fr"));
}

/** The labels in their last six months (status "expiring"), the soonest end first. */
export function expiringLabels<L extends ListedLabel>(labels: readonly L[]): L[] {
  return labels.filter((l) => l.status === "expiring").sort((a, b) => a.validUntil.localeCompare(b.validUntil) || byName(a, b));
}
