// A version's level rules as data for plain sentences: the pages and the PDF translate each condition with
// the locale files (referential:pages.rules.condition.*) through `ruleInWords`. Browser-safe.
import type { Language } from "#app/domain/language.ts";
import { FLOOR_TIERS, type Bilingual, type FloorTier, type Level, type Scale } from "./schema.ts";

export type LevelCondition =
  | { key: "criticalTop" | "criticalAtLeast"; value: number; label: Bilingual }
  | { key: "global" | "chapter"; percent: number }
  | { key: "tier"; tier: FloorTier; percent: number };

/** The conditions of one level, in the order they are checked (tier floors in tier order, as the engine). */
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
  for (const tier of FLOOR_TIERS) {
    const percent = c.tier_min_percent?.[tier];
    if (percent !== undefined) out.push({ key: "tier", tier, percent });
  }
  return out;
}

/** A key unique among one level's conditions (for lists). */
export function conditionKey(condition: LevelCondition): string {
  return condition.key === "tier" ? `tier.${condition.tier}` : condition.key;
}

/** One condition in words, e.g. "core criteria score at least 70%": the same sentence on the pages and in the PDF. */
export function ruleInWords(condition: LevelCondition, t: (key: string, options?: Record<string, unknown>) => string, language: Language): string {
  const key = `referential:pages.rules.condition.${conditionKey(condition)}`;
  return "label" in condition ? t(key, { label: condition.label[language], value: condition.value }) : t(key, { percent: condition.percent });
}

/** Weight per mille as a percentage for people (700 → 70). */
export function weightPercent(weight: number): number {
  return weight / 10;
}
