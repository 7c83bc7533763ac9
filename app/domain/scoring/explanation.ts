// The scoring engine's explanation in words: each level condition as a sentence ("chapter 9 at 62 % < 65 %
// required"), from its data and the locale files. Pure: the pages (ConditionText) and the generated documents pass
// their own translate and number format, so a condition reads the same everywhere.
import { percentForDisplay, type LevelCondition, type Score } from "./engine.ts";

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A score as the pages show it: "62,5 %" (one decimal, rounded down by the engine), "—" when nothing is rated. */
export function scorePercentText(score: Score, formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string): string {
  const p = percentForDisplay(score);
  return p === null ? "—" : `${formatNumber(p, { maximumFractionDigits: 1 })} %`;
}

/** One level condition in words, with what fails it (criteria below, chapters below, criteria not rated yet). */
export function conditionInWords(condition: LevelCondition, t: Translate, formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string): string {
  const pct = (score: Score) => scorePercentText(score, formatNumber);
  switch (condition.kind) {
    case "critical":
      return [
        t("process:conditions.critical", { min: condition.minValue }),
        condition.failing.length ? ` — ${t("process:conditions.criticalFailing", { codes: condition.failing.map((f) => `${f.code} (${f.value})`).join(", ") })}` : "",
        condition.unrated.length ? ` — ${t("process:conditions.criticalUnrated", { count: condition.unrated.length })}` : "",
      ].join("");
    case "global":
      return t("process:conditions.global", { actual: pct(condition.score), min: condition.minPercent });
    case "chapters": {
      const below = condition.chapters
        .filter((c) => condition.failing.includes(c.chapterCode))
        .map((c) => t("process:conditions.chapterBelow", { code: c.chapterCode, actual: pct(c.score), min: condition.minPercent }));
      return t("process:conditions.chapters", { min: condition.minPercent }) + (below.length ? ` — ${below.join(" ; ")}` : "");
    }
    case "tier":
      // One sentence per tier (the adjective agrees in French): "core criteria at 61 % < 70 % required" when it fails.
      if (condition.status === "not_applicable") return t(`process:conditions.tierNotApplicable.${condition.tier}`);
      return t(`process:conditions.${condition.status === "failed" ? "tierBelow" : "tier"}.${condition.tier}`, { actual: pct(condition.score), min: condition.minPercent });
  }
}
