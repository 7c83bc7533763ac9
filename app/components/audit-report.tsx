// The audit's comparison and report, as pages: the facts of the visit, the level the auditors propose with the
// engine's explanation, agreement figures (with what they mean), the largest disagreements, critical criteria and
// findings. Tables carry the data; words, never colour alone, carry the gaps. Printable with report.css.
import "./report.css";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { AgreementFigures } from "#app/domain/audit/agreement.ts";
import { agreementInWords, gapInWords } from "#app/domain/audit/report.ts";
import type { Bilingual, LevelCode, Scale } from "#app/domain/referential/schema.ts";
import type { AuditReportView } from "#app/services/audit/audit-report.server.ts";
import { useFormat } from "./format.ts";
import { LevelBadge, UnmetConditions } from "./provisional-result.tsx";
import { RatingText, ServiceNaMark } from "./rating.tsx";
import type { ChapterScores } from "./score-comparison-chart.tsx";

type Levels = { code: LevelCode; name: Bilingual }[];

function useLanguage(): "fr" | "en" {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "fr";
}

/** The audit's report, its PDF, its workbook and its comparison, but the page the reader is on. */
export function AuditReportLinks({ processId, here }: { processId: string; here: "comparison" | "report" }) {
  const { t } = useTranslation("audit");
  const base = `/processes/${processId}/audit`;
  return (
    <p className="report-downloads">
      {here === "report" ? null : (
        <Link to={`${base}/report`} className="button">
          {t("report.links.view")}
        </Link>
      )}
      <a href={`${base}/report.pdf`} className={here === "report" ? "button button-primary" : "button"} download>
        {t("report.links.pdf")}
      </a>
      <a href={`${base}/export.xlsx`} className="button" download>
        {t("report.links.xlsx")}
      </a>
      {here === "comparison" ? null : (
        <Link to={`${base}/comparison`} className="button">
          {t("report.links.comparison")}
        </Link>
      )}
    </p>
  );
}

/** The chart's rows: each chapter's self and audit scores, titled in the page's language. */
export function useChartChapters(chapters: AuditReportView["chapters"]): ChapterScores[] {
  const lng = useLanguage();
  return chapters.map((c) => ({ code: c.code, title: c.title[lng], self: c.self, audit: c.audit }));
}

/** Agreement per chapter and overall; κ's "not defined" says why. */
export function AgreementTable({ overall, chapters }: { overall: AgreementFigures; chapters: AuditReportView["chapters"] }) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const lng = useLanguage();
  const row = (label: string, figures: AgreementFigures, key: string, total = false) => {
    const words = agreementInWords(figures, t, format.number);
    return (
      <tr key={key} className={total ? "agreement-total" : undefined}>
        <th scope="row">{label}</th>
        <td>{format.number(figures.compared)}</td>
        <td>{words.identical}</td>
        <td>{words.kappa}</td>
        <td>{words.gap}</td>
        <td>{words.leftOut}</td>
      </tr>
    );
  };
  return (
    <div className="table-wrap">
      <table className="agreement-table">
        <caption>{t("comparison.agreementCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("comparison.scope")}</th>
            <th scope="col">{t("comparison.compared")}</th>
            <th scope="col">{t("comparison.identical")}</th>
            <th scope="col">{t("comparison.kappa")}</th>
            <th scope="col">{t("comparison.meanGap")}</th>
            <th scope="col">{t("comparison.leftOut")}</th>
          </tr>
        </thead>
        <tbody>
          {row(t("comparison.overall"), overall, "overall", true)}
          {chapters.map((c) => row(`${c.code}. ${c.title[lng]}`, c.agreement, c.code))}
        </tbody>
      </table>
    </div>
  );
}

/** What each figure means, for the DRI. */
export function AgreementExplanation() {
  const { t } = useTranslation("audit");
  return (
    <section className="agreement-explained" aria-labelledby="agreement-explained-title">
      <h3 id="agreement-explained-title">{t("comparison.explainTitle")}</h3>
      <ul>
        <li>{t("comparison.explainPairs")}</li>
        <li>{t("comparison.explainIdentical")}</li>
        <li>{t("comparison.explainKappa")}</li>
        <li>{t("comparison.explainGap")}</li>
      </ul>
    </section>
  );
}

/** The criteria rated differently, largest gap first, each linked to its audit page. */
export function DisagreementTable({ processId, disagreements, scale }: { processId: string; disagreements: AuditReportView["disagreements"]; scale: Scale }) {
  const { t } = useTranslation("audit");
  const lng = useLanguage();
  if (!disagreements.length) return <p>{t("comparison.disagreementsNone")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("comparison.disagreementsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("comparison.criterion")}</th>
            <th scope="col">{t("comparison.selfRating")}</th>
            <th scope="col">{t("comparison.auditRating")}</th>
            <th scope="col">{t("comparison.gapColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {disagreements.map((d) => (
            <tr key={d.code}>
              <th scope="row" className="disagreement-criterion">
                <Link to={`/processes/${processId}/audit/criteria/${d.code}`}>
                  <strong>{d.code}</strong> {d.text[lng]}
                </Link>
              </th>
              <td>
                <RatingText rating={d.self} scale={scale} />
              </td>
              <td>
                <RatingText rating={d.audit} scale={scale} />
              </td>
              <td className="nowrap">
                <strong>{gapInWords(d.gap, t)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The level the audit ratings reach, beside the self-assessment's, with what the next level still needs. */
export function ProposedLevel({ audit, selfResult, levels }: Pick<AuditReportView, "audit" | "selfResult"> & { levels: Levels }) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const lng = useLanguage();
  const levelOf = (code: LevelCode) => levels.find((l) => l.code === code)!;
  const percent = (value: number | null) => (value === null ? "—" : `${format.number(value, { maximumFractionDigits: 1 })} %`);
  const share = audit.completeness.applicable ? Math.floor((100 * audit.completeness.rated) / audit.completeness.applicable) : 0;
  return (
    <section className="report-result" aria-labelledby="proposed-title">
      <h2 id="proposed-title">{t("report.proposedTitle")}</h2>
      <p>{audit.final ? t("report.final") : t("report.provisional", { percent: share })}</p>
      <p>
        {t("process:result.global")} <strong>{percent(audit.global)}</strong>
        {" · "}
        {t("report.auditReaches")} {audit.level ? <LevelBadge {...levelOf(audit.level)} /> : <strong>{t("process:result.noLevel")}</strong>}
      </p>
      <p className="field-hint">
        {t("report.selfReached")} {selfResult.level ? levelOf(selfResult.level).name[lng] : t("process:result.noLevel")} ({t("process:result.global")} {percent(selfResult.global)})
      </p>
      {audit.next ? (
        <>
          <p>
            <strong>{t("process:result.nextNeeds", { level: levelOf(audit.next.level).name[lng] })}</strong>
          </p>
          <UnmetConditions next={audit.next} />
        </>
      ) : (
        <p>{t("report.topLevel")}</p>
      )}
      <p className="field-hint">{t("report.notALabel")}</p>
    </section>
  );
}

/** The visit's facts: where, which version, the state, the dates, the team, submission and release. */
export function AuditFacts({ view }: { view: Pick<AuditReportView, "process" | "visit" | "country" | "referentialTitle" | "generatedAt"> }) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const lng = useLanguage();
  const { process, visit } = view;
  return (
    <dl className="facts">
      <dt>{t("reports:cover.location")}</dt>
      <dd>
        {process.establishmentCity}, {view.country[lng]}
      </dd>
      <dt>{t("reports:cover.referential")}</dt>
      <dd>
        {view.referentialTitle[lng]} ({process.referentialCode} {process.referentialVersion})
      </dd>
      <dt>{t("reports:cover.state")}</dt>
      <dd>{t(`process:states.${process.state}`)}</dd>
      <dt>{t("report.visit")}</dt>
      <dd>{t("report.visitDates", { startsOn: format.date(visit.startsOn), endsOn: format.date(visit.endsOn) })}</dd>
      <dt>{t("report.team")}</dt>
      <dd>
        <ul className="plain-list">
          {visit.team.map((m) => (
            <li key={m.userId}>{m.role === "lead" ? t("report.lead", { name: m.name }) : m.name}</li>
          ))}
        </ul>
      </dd>
      <dt>{t("report.submitted")}</dt>
      <dd>{visit.submittedAt ? t("report.submittedOn", { date: format.date(visit.submittedAt), name: visit.submittedByName ?? "—" }) : t("report.notSubmitted")}</dd>
      <dt>{t("report.released")}</dt>
      <dd>{visit.releasedAt ? t("report.releasedOn", { date: format.date(visit.releasedAt) }) : t("report.notReleased")}</dd>
      <dt>{t("reports:cover.generated")}</dt>
      <dd>{format.dateTime(view.generatedAt)}</dd>
    </dl>
  );
}

/** The lead's summary, in the page's language first, then the other one when written. */
export function AuditSummary({ visit }: { visit: AuditReportView["visit"] }) {
  const { t } = useTranslation("audit");
  const lng = useLanguage();
  const summaries = (lng === "en" ? (["en", "fr"] as const) : (["fr", "en"] as const))
    .map((l) => ({ l, text: l === "fr" ? visit.summaryFr : visit.summaryEn }))
    .filter((s) => s.text.trim() !== "");
  return (
    <section className="report-chapter" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("report.summaryTitle")}</h2>
      {summaries.length ? (
        summaries.map((s) => (
          <div key={s.l} lang={s.l}>
            {summaries.length > 1 ? <h3>{t(`report.summaryIn.${s.l}`)}</h3> : null}
            <p className="pre">{s.text}</p>
          </div>
        ))
      ) : (
        <p className="field-hint">{t("report.noSummary")}</p>
      )}
    </section>
  );
}

/** Every critical criterion: both ratings and the levels the audit rating keeps out of reach. */
export function CriticalTable({ critical, scale, levels }: { critical: AuditReportView["critical"]; scale: Scale; levels: Levels }) {
  const { t } = useTranslation("audit");
  const lng = useLanguage();
  const levelName = (code: LevelCode) => levels.find((l) => l.code === code)?.name[lng] ?? code;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("report.criticalCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("comparison.criterion")}</th>
            <th scope="col">{t("comparison.selfRating")}</th>
            <th scope="col">{t("comparison.auditRating")}</th>
            <th scope="col">{t("report.status")}</th>
          </tr>
        </thead>
        <tbody>
          {critical.map((c) => (
            <tr key={c.code}>
              <th scope="row" className="disagreement-criterion">
                <strong>{c.code}</strong> {c.text[lng]}
              </th>
              <td>
                <RatingText rating={c.self} scale={scale} />
              </td>
              <td>
                <RatingText rating={c.audit} scale={scale} />
              </td>
              <td>
                {c.audit === null ? (
                  <span className="field-hint">{t("report.criticalUnrated")}</span>
                ) : c.review && c.service && c.audit === "NA" ? (
                  <ServiceNaMark review={c.review} service={c.service} />
                ) : c.blocks.length ? (
                  <strong className="text-danger">{t("report.criticalBlocks", { levels: c.blocks.map(levelName).join(", ") })}</strong>
                ) : (
                  t("report.criticalMeets")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Every N/A on a service-dependent criterion, on either side, and what the audit made of it: confirmed, refused (the
 * auditor's scale rating counts), to be confirmed, or found on site; with the auditor's finding, which says why.
 */
export function ServiceNaTable({ processId, rows, scale }: { processId: string; rows: AuditReportView["serviceNa"]; scale: Scale }) {
  const { t } = useTranslation("audit");
  const lng = useLanguage();
  return (
    <>
      <p>{t("comparison.serviceNaExplain")}</p>
      {rows.length === 0 ? (
        <p>{t("comparison.serviceNaNone")}</p>
      ) : (
        <div className="table-wrap">
          <table className="service-na-table">
            <caption>{t("comparison.serviceNaCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("comparison.criterion")}</th>
                <th scope="col">{t("comparison.service")}</th>
                <th scope="col">{t("comparison.selfRating")}</th>
                <th scope="col">{t("comparison.auditRating")}</th>
                <th scope="col">{t("comparison.serviceNaReview")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row" className="disagreement-criterion">
                    <Link to={`/processes/${processId}/audit/criteria/${r.code}`}>
                      <strong>{r.code}</strong> {r.text[lng]}
                    </Link>
                  </th>
                  <td>{t(`referential:services.${r.service}.name`)}</td>
                  <td>
                    <RatingText rating={r.self} scale={scale} />
                  </td>
                  <td>
                    <RatingText rating={r.audit} scale={scale} />
                  </td>
                  <td>
                    <strong>
                      <ServiceNaMark review={r.review} service={r.service} />
                    </strong>
                    {r.finding ? <p className="pre field-hint">{r.finding}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Every finding, by chapter then classification. */
export function AuditFindings({ view }: { view: Pick<AuditReportView, "findings" | "chapters" | "scale" | "process"> }) {
  const { t } = useTranslation("audit");
  const lng = useLanguage();
  const titleOf = (code: string) => view.chapters.find((c) => c.code === code)?.title[lng] ?? "";
  return (
    <section className="report-chapter" aria-labelledby="findings-title">
      <h2 id="findings-title">{t("report.findingsTitle")}</h2>
      {view.findings.length ? null : <p className="field-hint">{t("report.findingsNone")}</p>}
      {view.findings.map((chapter) => (
        <section key={chapter.chapterCode} aria-labelledby={`findings-${chapter.chapterCode}`}>
          <h3 id={`findings-${chapter.chapterCode}`} className="report-standard">
            {t("reports:chapter", { code: chapter.chapterCode })} — {titleOf(chapter.chapterCode)}
          </h3>
          {chapter.groups.map((group) => (
            <div key={group.group}>
              <h4>{t(`report.groups.${group.group}`)}</h4>
              {group.findings.map((f) => (
                <article key={f.code} className="report-criterion" aria-labelledby={`finding-${f.code}`}>
                  <h5 id={`finding-${f.code}`}>
                    <Link to={`/processes/${view.process.id}/audit/criteria/${f.code}`}>{t("reports:criterion.code", { code: f.code })}</Link> {f.text[lng]}
                  </h5>
                  <p>
                    <strong>{`${t("comparison.auditRating")}${t("reports:colon")}`}</strong> <RatingText rating={f.rating} scale={view.scale} />
                    {" · "}
                    <strong>{`${t("comparison.selfRating")}${t("reports:colon")}`}</strong> <RatingText rating={f.self} scale={view.scale} />
                  </p>
                  {f.finding ? (
                    <p className="pre">
                      <strong>{`${t("report.finding")}${t("reports:colon")}`}</strong> {f.finding}
                    </p>
                  ) : null}
                  {f.methods.length ? (
                    <p className="field-hint">
                      {t("report.methods")}
                      {t("reports:colon")}
                      {f.methods.map((m) => t(`process:methods.${m}`)).join(", ")}
                    </p>
                  ) : null}
                </article>
              ))}
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
