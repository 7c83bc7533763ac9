import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/coverage";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { TierBadge, VersionBar, versionPath } from "#app/components/referential.tsx";
import { isquaCoverage, type Coverage } from "#app/domain/referential/browse.ts";
import { TIERS } from "#app/domain/referential/vocabulary.ts";
import { requireReadableVersion, versionHeader } from "#app/http/referential-pages.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { language, summary, content } = await requireReadableVersion(context, request, params);
  return {
    version: versionHeader(summary, language),
    coverage: isquaCoverage(content, language),
    approvalBody: content.approval_body[language],
    developmentNotes: content.development_notes[language],
    changelog: content.changelog.map((entry) => ({ date: entry.date, text: entry.text[language] })),
  };
}

export default function CoveragePage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const format = useFormat();
  const { version, coverage, approvalBody, developmentNotes, changelog } = loaderData;
  const base = versionPath(version.code, version.version);
  return (
    <Page>
      <PageHeader
        title={`${t("pages.coverage.title")} · ${t("pages.versionLabel", { version: version.version })}`}
        crumbs={[
          { to: "/referentials", label: t("pages.list.title") },
          { to: base, label: t("pages.versionLabel", { version: version.version }) },
        ]}
      />
      <VersionBar version={version} />
      <p className="lead">{t("pages.coverage.intro")}</p>
      <CoverageChart coverage={coverage} title={t("pages.coverage.chartTitle", { version: version.version })} />
      <p>
        {t("pages.coverage.principles12")} <Link to={`${base}/rules`}>{t("pages.sections.rules")}</Link>
      </p>
      {coverage.uncovered.length === 0 ? (
        <p className="notice notice-success">
          <span aria-hidden="true">✓</span> {t("pages.coverage.allCovered")}
        </p>
      ) : (
        <p className="notice notice-error">{t("pages.coverage.uncovered", { list: coverage.uncovered.join(", ") })}</p>
      )}

      <div className="table-wrap">
        <table className="ref-coverage-tiers" id="coverage-by-principle">
          <caption>{t("pages.coverage.tierCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pages.coverage.principle")}</th>
              {TIERS.map((tier) => (
                <th scope="col" key={tier} className="ref-num">
                  <TierBadge tier={tier} />
                </th>
              ))}
              <th scope="col" className="ref-num">
                {t("pages.coverage.criteria")}
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.principles.map((p, i) => (
              <tr key={p}>
                <th scope="row">
                  {p} · {t(`pages.isqua.${p}`)}
                </th>
                {TIERS.map((tier) => (
                  <td key={tier} className="ref-num">
                    {coverage.byTier[tier][i]}
                  </td>
                ))}
                <td className="ref-num">
                  <strong>{coverage.totals[i]}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="table-wrap">
        <table className="ref-coverage-table">
          <caption>{t("pages.coverage.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pages.coverage.chapter")}</th>
              <th scope="col" className="ref-num">
                {t("pages.coverage.criteria")}
              </th>
              {coverage.principles.map((p) => (
                <th scope="col" key={p} className="ref-num">
                  <abbr title={t(`pages.isqua.${p}`)}>{t("pages.isquaPrinciple", { number: p })}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {coverage.chapters.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <a href={`${base}?chapter=${encodeURIComponent(c.code)}`}>
                    {c.code} · {c.title}
                  </a>
                </th>
                <td className="ref-num">{c.criteria}</td>
                {c.byPrinciple.map((n, i) => (
                  <td key={coverage.principles[i]} className={n === 0 ? "ref-num ref-zero" : "ref-num"}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("pages.coverage.total")}</th>
              <td className="ref-num">{coverage.criteria}</td>
              {coverage.totals.map((n, i) => (
                <td key={coverage.principles[i]} className="ref-num">
                  {n}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>

      <section aria-labelledby="development-title">
        <h2 id="development-title">{t("pages.coverage.developmentTitle")}</h2>
        <dl className="ref-facts">
          <div>
            <dt>{t("pages.coverage.approvalBody")}</dt>
            <dd>{approvalBody}</dd>
          </div>
          <div>
            <dt>{t("columns.dates")}</dt>
            <dd>
              {t("dates.effective", { date: format.date(version.effectiveDate) })}
              <br />
              {t("dates.reviewBy", { date: format.date(version.reviewBy) })}
            </dd>
          </div>
        </dl>
        <p>{developmentNotes}</p>
      </section>

      <section aria-labelledby="changelog-title">
        <h2 id="changelog-title">{t("pages.coverage.changelogTitle")}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t("pages.coverage.changelogCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pages.coverage.date")}</th>
                <th scope="col">{t("pages.coverage.change")}</th>
              </tr>
            </thead>
            <tbody>
              {changelog.map((entry, i) => (
                <tr key={`${entry.date}-${i}`}>
                  <td className="ref-nowrap">{format.date(entry.date)}</td>
                  <td>{entry.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Page>
  );
}

/**
 * Criteria per ISQua principle as horizontal bars, drawn on the server as SVG (no script, no style attribute:
 * colours come from app.css). The table "criteria by principle and tier" gives the same figures as text.
 */
function CoverageChart({ coverage, title }: { coverage: Coverage; title: string }) {
  const { t } = useTranslation("referential");
  const width = 360;
  const barMax = 300;
  const rowHeight = 46;
  const max = Math.max(1, ...coverage.totals);
  const height = coverage.principles.length * rowHeight + 4;
  return (
    <figure className="ref-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="coverage-chart-title coverage-chart-desc" className="ref-chart-svg">
        <title id="coverage-chart-title">{title}</title>
        <desc id="coverage-chart-desc">{t("pages.coverage.chartHint")}</desc>
        {coverage.principles.map((p, i) => {
          const n = coverage.totals[i] ?? 0;
          const w = Math.round((n / max) * barMax);
          const y = i * rowHeight;
          return (
            <g key={p} transform={`translate(0 ${y})`}>
              <text x={0} y={14} className="ref-chart-label">
                {p} · {t(`pages.isqua.${p}`)}
              </text>
              <rect x={0} y={20} width={Math.max(w, 1)} height={16} rx={2} className={n === 0 ? "ref-chart-bar ref-chart-bar-empty" : "ref-chart-bar"} />
              <text x={Math.max(w, 1) + 6} y={33} className="ref-chart-value">
                {n}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {t("pages.coverage.chartHint")} <a href="#coverage-by-principle">{t("pages.coverage.tierCaption")}</a>
      </figcaption>
    </figure>
  );
}
