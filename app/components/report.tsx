// The self-assessment report as a page: the same content as the PDF (cover facts, result, chapter scores, every
// criterion, the action plan), laid out for the screen and for printing (report.css).
import "./report.css";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import { useFormat } from "./format.ts";
import { LevelBadge } from "./provisional-result.tsx";
import { RatingText, TierBadge } from "./rating.tsx";
import { CarriedBadge } from "./renewal.tsx";
import { ActionStatusBadge } from "./workspace.tsx";
import type { SelfAssessmentReport } from "#app/services/process/self-assessment-report.server.ts";

type Report = Omit<SelfAssessmentReport, "generatedAt" | "process"> & {
  generatedAt: Date | string;
  process: SelfAssessmentReport["process"];
};

export function ReportResult({ report }: { report: Report }) {
  const { t } = useTranslation("reports");
  const format = useFormat();
  const { result } = report;
  const share = result.completeness.applicable ? Math.floor((100 * result.completeness.rated) / result.completeness.applicable) : 0;
  const level = result.level ? report.levels.find((l) => l.code === result.level) : undefined;
  return (
    <section className="report-result" aria-labelledby="result-title">
      <h2 id="result-title">{result.final ? t("process:result.completeTitle") : t("process:result.provisionalTitle", { percent: share })}</h2>
      <p>{t("cover.completeness", { rated: result.completeness.rated, applicable: result.completeness.applicable, notApplicable: result.completeness.notApplicable })}</p>
      <p>
        {t("process:result.global")} <strong>{result.global === null ? "—" : `${format.number(result.global, { maximumFractionDigits: 1 })} %`}</strong>
        {" · "}
        {t("process:result.levelReached")} {level ? <LevelBadge code={level.code} name={level.name} /> : <strong>{t("process:result.noLevel")}</strong>}
      </p>
      <p className="field-hint">{t("process:result.notALabel")}</p>
    </section>
  );
}

export function ReportBody({ report }: { report: Report }) {
  const { t, i18n } = useTranslation("reports");
  const lng = i18n.language === "en" ? "en" : "fr";
  const format = useFormat();
  const base = `/processes/${report.process.id}`;
  const percent = (value: number | null) => (value === null ? "—" : `${format.number(value, { maximumFractionDigits: 1 })} %`);
  return (
    <>
      <dl className="facts">
        <dt>{t("cover.location")}</dt>
        <dd>
          {report.process.establishmentCity}, {report.country[lng]}
        </dd>
        <dt>{t("cover.referential")}</dt>
        <dd>
          {report.referentialTitle[lng]} ({report.process.referentialCode} {report.process.referentialVersion})
        </dd>
        <dt>{t("cover.state")}</dt>
        <dd>{t(`process:states.${report.process.state}`)}</dd>
        <dt>{t("cover.generated")}</dt>
        <dd>{format.dateTime(report.generatedAt)}</dd>
      </dl>
      <ReportResult report={report} />

      <div className="table-wrap">
        <table>
          <caption>{t("chapters.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("chapters.chapter")}</th>
              <th scope="col">{t("chapters.completeness")}</th>
              <th scope="col">{t("chapters.score")}</th>
            </tr>
          </thead>
          <tbody>
            {report.chapters.map((c) => (
              <tr key={c.code}>
                <td>
                  <a href={`#chapter-${c.code}`}>
                    {c.code}. {c.title[lng]}
                  </a>
                </td>
                <td className="nowrap">{c.applicable ? t("chapters.rated", { rated: c.rated, applicable: c.applicable }) : t("chapters.notApplicable")}</td>
                <td>{percent(c.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {report.chapters.map((c) => (
        <section key={c.code} id={`chapter-${c.code}`} className="report-chapter" aria-labelledby={`chapter-${c.code}-title`}>
          <h2 id={`chapter-${c.code}-title`}>
            {t("chapter", { code: c.code })} — {c.title[lng]}
          </h2>
          <p className="field-hint">
            {c.applicable ? `${t("chapters.rated", { rated: c.rated, applicable: c.applicable })} · ${t("chapters.score")}${t("colon")}${percent(c.percent)}` : t("chapters.notApplicable")}
          </p>
          {c.standards.map((s) => (
            <div key={s.code}>
              <h3 className="report-standard">
                {s.code}. {s.title[lng]}
              </h3>
              {s.criteria.map((k) => (
                <article key={k.code} className="report-criterion" aria-labelledby={`criterion-${k.code}`}>
                  <h4 id={`criterion-${k.code}`}>
                    <Link to={`${base}/criteria/${k.code}`}>{t("criterion.code", { code: k.code })}</Link> <TierBadge tier={k.tier} />
                  </h4>
                  <p>{k.text[lng]}</p>
                  <p>
                    <strong>{`${t("criterion.rating")}${t("colon")}`}</strong> <RatingText rating={k.rating} scale={report.scale} />
                    {k.carriedFrom && report.renewal ? (
                      <>
                        {" "}
                        <CarriedBadge version={report.renewal.fromVersion} from={k.carriedFrom} />
                      </>
                    ) : null}
                  </p>
                  {k.justification ? (
                    <p className="pre">
                      <strong>{`${t("criterion.justification")}${t("colon")}`}</strong> {k.justification}
                    </p>
                  ) : (
                    <p className="field-hint">{t("criterion.noJustification")}</p>
                  )}
                  {k.updatedAt ? <p className="field-hint">{t("criterion.lastChanged", { name: k.updatedByName ?? "—", date: format.date(k.updatedAt) })}</p> : null}
                  {k.evidence.length ? (
                    <>
                      <p>
                        <strong>{`${t("criterion.evidence")}${t("colon")}`}</strong>
                      </p>
                      <ul>
                        {k.evidence.map((e) => (
                          <li key={e.fileId}>
                            <a href={`${base}/evidence/${e.fileId}`}>{e.name}</a>
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </article>
              ))}
            </div>
          ))}
        </section>
      ))}

      <section className="report-chapter" aria-labelledby="actions-title">
        <h2 id="actions-title">{t("actions.title")}</h2>
        {report.actions.length ? (
          <div className="table-wrap">
            <table>
              <caption>{t("actions.caption", { count: report.actions.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("workspace:actions.criterion")}</th>
                  <th scope="col">{t("workspace:actions.what")}</th>
                  <th scope="col">{t("workspace:actions.who")}</th>
                  <th scope="col">{t("workspace:actions.due")}</th>
                  <th scope="col">{t("workspace:actions.status")}</th>
                </tr>
              </thead>
              <tbody>
                {report.actions.map((a) => (
                  <tr key={a.id}>
                    <td>{a.criterionCode}</td>
                    <td>{a.title}</td>
                    <td>{a.owner}</td>
                    <td className="nowrap">{a.dueDate ? format.date(a.dueDate) : "—"}</td>
                    <td>
                      <ActionStatusBadge status={a.status} overdue={a.overdue} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("actions.none")}</p>
        )}
      </section>
    </>
  );
}
