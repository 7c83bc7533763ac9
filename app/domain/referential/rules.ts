// A version's level rules as data for plain sentences: the pages and the PDF translate each condition with
// the locale files (referential:pages.rules.condition.*). Browser-safe.
import type { Bilingual, Level, Scale } from "./schema.ts";

export type LevelCondition =
  | { key: "criticalTop" | "criticalAtLeast"; value: number; label: Bilingual }
  | { key: "global" | "chapter" | "advanced"; percent: number };

/** The conditions of one level, in the order they are checked. */
export function levelConditions(level: Level, scale: Scale): LevelCondition[] {
  const c = level.conditions;
  const top = Math.max(...scale.values.map((v) => v.value));
  const scaleValue = scale.values.find((v) => v.value === c.critical_min_value);
  const label = scaleValue?.label ?? { fr: String(c.critical_min_value), en: String(c.critical_min_value) };
  const out: LevelCondition[] = [
    { key: c.critical_min_value >= top ? "criticalTop" : "criticalAtLeast", value: c.critical_min_value, label },
    { key: "global", percent: c.global_min_percent },
    { key: "chapter", percent: c.chapter_min_percent },
  ];
  if (c.advanced_min_percent !== undefined) out.push({ key: "advanced", percent: c.advanced_min_percent });
  return out;
}

/** Weight per mille as a percentage for people (700 → 70). */
export function weightPercent(weight: number): number {
  return weight / 10;
}
