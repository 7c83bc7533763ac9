// Self-assessment versus audit score per chapter, as server-rendered SVG (no script): two bars per chapter, told
// apart by pattern and by their label in text (never colour alone), with the same figures as a table.
import { useTranslation } from "#app/components/translation.tsx";
import { useFormat } from "./format.ts";

export interface ChapterScores {
  code: string;
  title: string;
  /** Scores in per cent (0–100), or null when the chapter has no rated applicable criterion on that side. */
  self: number | null;
  audit: number | null;
}

export function ScoreComparisonChart({ id, chapters }: { id: string; chapters: ChapterScores[] }) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const width = 420;
  const labelHeight = 16;
  const barHeight = 12;
  const rowHeight = labelHeight + 2 * barHeight + 14;
  const barMax = 330;
  const height = Math.max(1, chapters.length) * rowHeight + 22;
  const percent = (value: number | null) => (value === null ? t("comparison.notRated") : format.number(value / 100, { style: "percent", maximumFractionDigits: 0 }));
  const bar = (value: number | null, y: number, kind: "self" | "audit") => {
    const w = value === null ? 0 : Math.max(2, Math.round((value / 100) * barMax));
    return (
      <>
        <rect x={0} y={y} width={w} height={barHeight} className={`cmp-bar cmp-bar-${kind}`} />
        <text x={w + 6} y={y + barHeight - 2} className="cmp-value">
          {kind === "self" ? t("comparison.selfShort") : t("comparison.auditShort")} {percent(value)}
        </text>
      </>
    );
  };
  return (
    <figure className="cmp-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h2>{t("comparison.chartTitle")}</h2>
      </figcaption>
      <svg className="cmp-chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <desc id={`${id}-desc`}>
          {chapters.map((c) => `${c.code}. ${c.title}: ${t("comparison.self")} ${percent(c.self)}, ${t("comparison.audit")} ${percent(c.audit)}`).join("; ")}
        </desc>
        <defs>
          <pattern id={`${id}-hatch`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" className="cmp-hatch-bg" />
            <line x1="0" y1="0" x2="0" y2="6" className="cmp-hatch-line" />
          </pattern>
        </defs>
        <g aria-hidden="true">
          <rect x={0} y={2} width={12} height={10} className="cmp-bar cmp-bar-self" fill={`url(#${id}-hatch)`} />
          <text x={16} y={11} className="cmp-legend">{t("comparison.self")}</text>
          <rect x={150} y={2} width={12} height={10} className="cmp-bar cmp-bar-audit" />
          <text x={166} y={11} className="cmp-legend">{t("comparison.audit")}</text>
        </g>
        {chapters.map((c, i) => {
          const y = 22 + i * rowHeight;
          const title = `${c.code}. ${c.title}`;
          return (
            <g key={c.code} aria-hidden="true">
              <text x={0} y={y + 12} className="cmp-label">
                {title.length > 60 ? `${title.slice(0, 59)}…` : title}
              </text>
              <g fill={`url(#${id}-hatch)`}>{bar(c.self, y + labelHeight, "self")}</g>
              {bar(c.audit, y + labelHeight + barHeight + 2, "audit")}
            </g>
          );
        })}
      </svg>
      <details className="chart-table">
        <summary>{t("comparison.showTable")}</summary>
        <table>
          <caption>{t("comparison.chartTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("comparison.chapter")}</th>
              <th scope="col">{t("comparison.self")}</th>
              <th scope="col">{t("comparison.audit")}</th>
              <th scope="col">{t("comparison.gap")}</th>
            </tr>
          </thead>
          <tbody>
            {chapters.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  {c.code}. {c.title}
                </th>
                <td>{percent(c.self)}</td>
                <td>{percent(c.audit)}</td>
                <td>{c.self === null || c.audit === null ? "—" : t("comparison.points", { value: format.number(Math.round(c.self - c.audit)) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
