import { useTranslation } from "#app/components/translation.tsx";
import type { Bilingual, LevelCode } from "#app/domain/referential/schema.ts";
import type { Completeness, LevelCondition, LevelEvaluation, NextLevel } from "#app/domain/scoring/engine.ts";
import { conditionInWords } from "#app/domain/scoring/explanation.ts";
import { useFormat } from "./format.ts";

export function LevelBadge({ code, name }: { code: LevelCode; name: Bilingual }) {
  const { i18n } = useTranslation();
  return <span className={`badge level level-${code}`}>{name[i18n.language === "en" ? "en" : "fr"]}</span>;
}

/** One level condition in words, from its data (the engine builds no sentences). */
export function ConditionText({ condition }: { condition: LevelCondition }) {
  const { t } = useTranslation("process");
  const format = useFormat();
  return <>{conditionInWords(condition, t, format.number)}</>;
}

/** What the next level still needs, condition by condition. */
export function UnmetConditions({ next }: { next: NextLevel }) {
  return (
    <ul>
      {next.unmet.map((c) => (
        <li key={c.kind === "tier" ? `tier.${c.tier}` : c.kind}>
          <ConditionText condition={c} />
        </li>
      ))}
    </ul>
  );
}

/**
 * What the hospital's ratings would reach. Always shown with the completeness it rests on, and never called
 * a label: only the committee awards one.
 */
export function ProvisionalResult({
  result,
  levels,
}: {
  result: {
    completeness: Completeness;
    final: boolean;
    level: LevelCode | null;
    global: number | null;
    next: NextLevel | null;
    levels: LevelEvaluation[];
  };
  levels: { code: LevelCode; name: Bilingual }[];
}) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const format = useFormat();
  const share = result.completeness.applicable ? Math.floor((100 * result.completeness.rated) / result.completeness.applicable) : 0;
  const levelOf = (code: LevelCode) => levels.find((l) => l.code === code)!;
  return (
    <div className="provisional">
      <h3>{result.final ? t("result.completeTitle") : t("result.provisionalTitle", { percent: share })}</h3>
      <p>
        {t("result.global")}{" "}
        <strong>{result.global === null ? "—" : `${format.number(result.global, { maximumFractionDigits: 1 })} %`}</strong>
        {" · "}
        {t("result.levelReached")}{" "}
        {result.level ? <LevelBadge {...levelOf(result.level)} /> : <strong>{t("result.noLevel")}</strong>}
      </p>
      <p className="field-hint">{t("result.notALabel")}</p>
      {result.next ? (
        <details>
          <summary>{t("result.nextNeeds", { level: levelOf(result.next.level).name[lng] })}</summary>
          <UnmetConditions next={result.next} />
        </details>
      ) : null}
    </div>
  );
}
