import { Fragment, type ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import { useFormat } from "#app/components/format.ts";
import { certificatePdfPath, LabelStatusBadge } from "#app/components/label.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { LevelBadge } from "#app/components/provisional-result.tsx";
import { verifyPath } from "#app/domain/label/public-list.ts";
import type { HospitalHomeData } from "#app/services/home/hospital-home.server.ts";

type HomeProcess = NonNullable<HospitalHomeData["process"]>;
type SelfAssessment = NonNullable<HomeProcess["selfAssessment"]>;
type HomeLabel = NonNullable<HospitalHomeData["label"]>;

/**
 * The hospital's home: its labelling process, what comes next in plain words and what is left to do (criteria to rate,
 * my chapters, overdue actions), then the label it holds; without an open process, how the next one starts. The
 * other cards (the process's pages, the team, the referential) come last.
 */
export function HospitalHome({
  data: { process, noOpenProcess, label },
  isCoordinator,
  referentialCard,
}: {
  data: HospitalHomeData;
  isCoordinator: boolean;
  referentialCard: ReactNode;
}) {
  const { t } = useTranslation("hospital");
  return (
    <>
      {process ? <ProcessPanel process={process} isCoordinator={isCoordinator} /> : null}
      {process?.selfAssessment ? <MyChapters processId={process.id} selfAssessment={process.selfAssessment} isCoordinator={isCoordinator} /> : null}
      {label ? <CurrentLabel label={label} /> : null}
      {noOpenProcess ? <NoOpenProcess closed={process !== null} /> : null}
      <section className="cards">
        {process ? (
          <Link className="card card-link" to={`/processes/${process.id}`}>
            <h2>{t("process.open")}</h2>
            <p>{t("process.openBody")}</p>
          </Link>
        ) : null}
        {isCoordinator ? (
          <Link className="card card-link" to="/team">
            <h2>{t("common:nav.team")}</h2>
            <p>{t("team.body")}</p>
          </Link>
        ) : null}
        {referentialCard}
      </section>
    </>
  );
}

/** The process's stage, the step ahead in a sentence, its dates and documents, and the self-assessment's progress. */
function ProcessPanel({ process, isCoordinator }: { process: HomeProcess; isCoordinator: boolean }) {
  const { t, i18n } = useTranslation("hospital");
  const lng = i18n.language === "en" ? "en" : "fr";
  const format = useFormat();
  const { visit, decision } = process;
  const visitDates = visit ? { from: format.date(visit.startsOn), to: format.date(visit.endsOn), lead: visit.lead } : { from: "—", to: "—", lead: "—" };
  const decided = decision ? { date: format.date(decision.decidedOn), level: decision.level?.name[lng] ?? "" } : { date: "—", level: "" };
  // The self-assessment's steps read differently for the coordinator, who hands it in, and for colleagues.
  const nextKey =
    process.next === "rate" || process.next === "confirm" || process.next === "submit" ? `${process.next}_${isCoordinator ? "coordinator" : "colleague"}` : process.next;
  const facts = useProcessFacts(process, visitDates);
  return (
    <section className="panel" aria-labelledby="process-title">
      <h2 id="process-title">
        {t("process.title", { referential: process.referential })} <ProcessStateBadge state={process.state} />
      </h2>
      {nextKey ? (
        <p className="next-step">
          <strong>{t("process.next")}</strong> {t(`next.${nextKey}`, { ...visitDates, ...decided })}
        </p>
      ) : null}
      {facts.length ? (
        <dl className="facts" aria-label={t("facts.caption")}>
          {facts.map((fact) => (
            <Fragment key={fact.term}>
              <dt>{fact.term}</dt>
              <dd className={fact.className}>{fact.value}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      {process.selfAssessment ? <Progress processId={process.id} selfAssessment={process.selfAssessment} /> : null}
    </section>
  );
}

/**
 * The process's dates and documents, those that apply now: the due date, the visit (unless the step ahead already
 * gives its dates), the audit report once handed in, the decision, a deferral's conditions, the overdue actions.
 */
function useProcessFacts(process: HomeProcess, visitDates: { from: string; to: string; lead: string }) {
  const { t } = useTranslation("hospital");
  const format = useFormat();
  const { visit, decision } = process;
  const due = process.selfAssessment?.due;
  const base = `/processes/${process.id}`;
  const facts: { term: string; value: ReactNode; className?: string }[] = [];
  if (due) {
    facts.push({
      term: t("facts.due"),
      value: (
        <>
          {t("facts.dueValue", { date: format.date(due.date), relative: format.days(due.days) })}
          {due.overdue ? (
            <span className="badge badge-warning">
              <span aria-hidden="true">⚠ </span>
              {t("facts.pastDue")}
            </span>
          ) : null}
        </>
      ),
    });
  }
  if (visit && process.next !== "visit" && process.next !== "visit_in_progress") facts.push({ term: t("facts.visit"), value: t("facts.visitValue", visitDates) });
  if (!visit && process.plannedVisit) facts.push({ term: t("facts.visit"), value: t("facts.plannedVisit", { date: format.date(process.plannedVisit) }) });
  // Once the audit is handed in, the hospital reads its report when the DRI releases it.
  if (visit && (process.state === "audit_submitted" || process.state === "deferred" || process.state === "decided")) {
    facts.push({ term: t("facts.report"), value: visit.reportReleased ? <Link to={`${base}/audit/report`}>{t("facts.reportLink")}</Link> : t("facts.reportPending") });
  }
  if (decision) {
    facts.push({
      term: t("facts.decision"),
      value: (
        <>
          {decision.level && decision.outcome === "awarded" ? <LevelBadge code={decision.level.code} name={decision.level.name} /> : null}{" "}
          {t(`facts.${decision.outcome}`, { date: format.date(decision.decidedOn) })} · <Link to={`${base}/decision`}>{t("facts.decisionLink")}</Link>
        </>
      ),
    });
    if (decision.outcome === "deferred") {
      facts.push({ term: t("facts.conditions"), value: decision.conditions, className: "prewrap" });
      if (decision.revisitOn) facts.push({ term: t("facts.revisit"), value: t("facts.revisitValue", { date: format.date(decision.revisitOn) }) });
    }
  }
  if (process.overdueActions > 0) {
    facts.push({
      term: t("facts.actions"),
      value: (
        <>
          <strong className="warning-text">
            <span aria-hidden="true">⚠ </span>
            {t("facts.overdueActions", { count: process.overdueActions })}
          </strong>
          <br />
          <Link to={`${base}/actions?overdue=1`}>{t("facts.overdueLink")}</Link>
        </>
      ),
    });
  }
  return facts;
}

/** Criteria rated of those applicable, what is left, and the way to the first one left. */
function Progress({ processId, selfAssessment: s }: { processId: string; selfAssessment: SelfAssessment }) {
  const { t } = useTranslation("hospital");
  const format = useFormat();
  const base = `/processes/${processId}`;
  const percent = s.applicable ? (100 * s.rated) / s.applicable : 0;
  return (
    <>
      <p>
        <label htmlFor="home-progress">{t("selfAssessment.progress", { rated: s.rated, applicable: s.applicable, percent: format.number(percent, { maximumFractionDigits: 0 }) })}</label>
        <br />
        <progress id="home-progress" className="progress-wide" value={s.rated} max={s.applicable || 1} />
      </p>
      <p>{s.left > 0 ? t("selfAssessment.left", { count: s.left }) : t("selfAssessment.allRated")}</p>
      {s.toConfirm > 0 ? <p>{t("selfAssessment.toConfirm", { count: s.toConfirm })}</p> : null}
      <p className="actions-row">
        {s.firstUnrated ? (
          <Link className="button button-primary" to={`${base}/criteria/${s.firstUnrated}`}>
            {t("selfAssessment.rateFirst", { code: s.firstUnrated })}
          </Link>
        ) : null}
        {s.left > 0 ? (
          <Link className="button" to={`${base}/criteria?unrated=on`}>
            {t("selfAssessment.seeLeft", { count: s.left })}
          </Link>
        ) : null}
        {s.toConfirm > 0 ? (
          <Link className={s.left === 0 ? "button button-primary" : "button"} to={`${base}/criteria?carried=on`}>
            {t("selfAssessment.seeToConfirm", { count: s.toConfirm })}
          </Link>
        ) : null}
        {s.left === 0 && s.toConfirm === 0 && s.canSubmit ? (
          <Link className="button button-primary" to={`${base}/submit`}>
            {t("selfAssessment.submit")}
          </Link>
        ) : null}
      </p>
    </>
  );
}

/** The chapters given to the reader, each with its progress and its next criterion to rate. */
function MyChapters({ processId, selfAssessment, isCoordinator }: { processId: string; selfAssessment: SelfAssessment; isCoordinator: boolean }) {
  const { t, i18n } = useTranslation("hospital");
  const lng = i18n.language === "en" ? "en" : "fr";
  const base = `/processes/${processId}`;
  const chapters = selfAssessment.myChapters;
  return (
    <section aria-labelledby="my-chapters-title">
      <h2 id="my-chapters-title">{t("myChapters.title")}</h2>
      {chapters.length === 0 ? (
        <p>
          {t(isCoordinator ? "myChapters.none_coordinator" : "myChapters.none_colleague")}
          {isCoordinator ? (
            <>
              {" "}
              <Link to={`${base}/team`}>{t("myChapters.teamLink")}</Link>
            </>
          ) : null}
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption>{t("myChapters.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("myChapters.chapter")}</th>
                  <th scope="col">{t("myChapters.progress")}</th>
                  <th scope="col">{t("myChapters.next")}</th>
                </tr>
              </thead>
              <tbody>
                {chapters.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">
                      <Link to={`${base}/criteria?chapter=${c.code}`}>
                        {c.code}. {c.title[lng]}
                      </Link>
                    </th>
                    <td>
                      {c.applicable ? t("myChapters.progressValue", { rated: c.rated, applicable: c.applicable }) : t("myChapters.notApplicable")}
                      <br />
                      <progress value={c.rated} max={c.applicable || 1} aria-label={t("myChapters.chapterProgress", { code: c.code })} />
                    </td>
                    <td>{c.firstUnrated ? <Link to={`${base}/criteria/${c.firstUnrated}`}>{c.firstUnrated}</Link> : t("myChapters.done")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {chapters.some((c) => c.left > 0) ? (
            <p>
              <Link to={`${base}/criteria?mine=on&unrated=on`}>{t("myChapters.leftOnly")}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/** The label the establishment holds (or held last): level, status, validity, certificate. */
function CurrentLabel({ label }: { label: HomeLabel }) {
  const { t, i18n } = useTranslation("hospital");
  const format = useFormat();
  const lng = i18n.language === "en" ? "en" : "fr";
  return (
    <section className="card home-label" aria-labelledby="label-title">
      <h2 id="label-title">
        {t("label.title")} <LevelBadge code={label.level} name={label.levelName} /> <LabelStatusBadge status={label.status} />
      </h2>
      <p>{t("label.validity", { from: format.date(label.validFrom), to: format.date(label.validUntil) })}</p>
      {label.mention ? <p>{t("label.mention", { mention: label.mention[lng] })}</p> : null}
      <p>{t("label.number", { number: label.certificateNumber })}</p>
      <p className="actions-row">
        {label.mayDownload ? (
          <a className="button" href={certificatePdfPath(label.certificateNumber)} download>
            {t("label.certificate")}
          </a>
        ) : null}
        <Link className="button" to={verifyPath(label.certificateNumber)}>
          {t("label.verify")}
        </Link>
      </p>
    </section>
  );
}

/** No process open: who opens one, and (when there never was one) the public application for a hospital not yet a partner. */
function NoOpenProcess({ closed }: { closed: boolean }) {
  const { t } = useTranslation("hospital");
  return (
    <section className="panel" aria-labelledby="no-process-title">
      <h2 id="no-process-title">{t("noProcess.title")}</h2>
      <p>{t(closed ? "noProcess.closed" : "noProcess.none")}</p>
      <p>{t("noProcess.how")}</p>
      {/* The public application is for a hospital new to the label; one that has been through a process knows the DRI. */}
      {closed ? null : (
        <p>
          {t("noProcess.apply")} <Link to="/apply">{t("noProcess.applyLink")}</Link>
        </p>
      )}
    </section>
  );
}
