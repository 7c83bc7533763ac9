import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import { useFormat } from "#app/components/format.ts";
import { LabelStatusBadge } from "#app/components/label.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { LevelBadge } from "#app/components/provisional-result.tsx";
import { CarryOverText } from "#app/components/renewal.tsx";
import { durationUnit, type PipelineStage } from "#app/domain/process/pipeline.ts";
import type { Bilingual, LevelCode } from "#app/domain/referential/schema.ts";
import type { DriHomeData } from "#app/services/home/dri-home.server.ts";
import "./dri-home.css";

type Attention = DriHomeData["attention"];
type StageItem = DriHomeData["pipeline"][number]["items"][number];
type AttentionProcess = Attention["toSchedule"][number];

/** "depuis 12 jours" / "for 12 days"; "en retard de 3 jours" / "3 days late" (i18next plurals). */
function useDurations() {
  const { t } = useTranslation("dri");
  const words = (prefix: "since" | "late", days: number) => {
    const d = durationUnit(days);
    return d.unit === "today" ? t(`${prefix}.today`) : t(`${prefix}.${d.unit}`, { count: d.count });
  };
  return { since: (days: number) => words("since", days), late: (days: number) => words("late", days) };
}

/** The day a wait began, after its duration in words ("depuis 12 jours (24/11/2026)"); nothing to add for today. */
function SinceDay({ days, since }: { days: number; since: Date }) {
  const format = useFormat();
  return days > 0 ? <span className="dri-note"> ({format.date(since)})</span> : null;
}

/** A level's badge with its name in the page's language (the same name on every page: public:levels). */
function Level({ code }: { code: LevelCode }) {
  const { t } = useTranslation();
  const name = t(`public:levels.${code}`);
  return <LevelBadge code={code} name={{ fr: name, en: name }} />;
}

/** The hospital as the row's header: its process overview, then its city and country. */
function HospitalCell({ processId, name, city, country }: { processId: string; name: string; city: string; country: Bilingual }) {
  const { i18n } = useTranslation();
  return (
    <th scope="row">
      <Link to={`/processes/${processId}`}>{name}</Link>
      <br />
      <span className="dri-note">
        {city}, {country[i18n.language === "en" ? "en" : "fr"]}
      </span>
    </th>
  );
}

/** The action link; its accessible name also says which hospital (several rows have the same verb). */
function ActionLink({ to, label, hospital }: { to: string; label: string; hospital?: string }) {
  const { t } = useTranslation("dri");
  return (
    <Link to={to}>
      {label}
      {hospital ? <span className="visually-hidden"> {t("attention.forHospital", { hospital })}</span> : null}
    </Link>
  );
}

const ATTENTION_KINDS = ["applications", "toSchedule", "awaitingDecision", "reportsUnreleased", "revisitsDue", "labelsExpiring", "selfAssessmentsOverdue"] as const;
type AttentionKind = (typeof ATTENTION_KINDS)[number];

function countOf(attention: Attention, kind: AttentionKind): number {
  return kind === "applications" ? attention.applicationsPending : attention[kind].length;
}

/** What needs the DRI now: one group of rows per subject, each row with the place where the DRI acts. */
function AttentionSection({ attention }: { attention: Attention }) {
  const { t } = useTranslation("dri");
  const format = useFormat();
  const { since, late } = useDurations();
  const waiting = (p: { days: number; since: Date }) => (
    <>
      {t("attention.waiting", { since: since(p.days) })}
      <SinceDay {...p} />
    </>
  );
  /** One row per hospital: its process, the situation in words, and where the DRI acts (the verb says it). */
  type Row = { key: string; processId: string; name: string; city: string; country: Bilingual; situation: ReactNode; to: string };
  const ofProcess = (p: AttentionProcess, situation: ReactNode, to: string): Row => ({
    key: p.id,
    processId: p.id,
    name: p.establishmentName,
    city: p.establishmentCity,
    country: p.countryName,
    situation,
    to,
  });
  const rows: Record<Exclude<AttentionKind, "applications">, Row[]> = {
    toSchedule: attention.toSchedule.map((p) => ofProcess(p, waiting(p), `/processes/${p.id}/audit/schedule`)),
    awaitingDecision: attention.awaitingDecision.map((p) => ofProcess(p, waiting(p), `/processes/${p.id}/decision`)),
    reportsUnreleased: attention.reportsUnreleased.map((p) => ofProcess(p, waiting(p), `/processes/${p.id}/audit/report`)),
    revisitsDue: attention.revisitsDue.map((p) =>
      ofProcess(p, t("attention.revisitsDue.situation", { date: format.date(p.revisitOn), late: late(p.daysLate) }), `/processes/${p.id}/audit/schedule`),
    ),
    labelsExpiring: attention.labelsExpiring.map((l) => ({
      key: l.certificateNumber,
      processId: l.processId,
      name: l.establishmentName,
      city: l.establishmentCity,
      country: l.countryName,
      situation: (
        <>
          <LevelBadge code={l.level} name={l.levelName} /> {t("attention.labelsExpiring.situation", { date: format.date(l.validUntil) })} <LabelStatusBadge status={l.status} />
        </>
      ),
      to: `/processes/${l.processId}/decision`,
    })),
    selfAssessmentsOverdue: attention.selfAssessmentsOverdue.map((p) =>
      ofProcess(p, t("attention.selfAssessmentsOverdue.situation", { date: format.date(p.due), late: late(p.daysLate) }), `/processes/${p.id}`),
    ),
  };
  const rowsOf = (kind: AttentionKind) =>
    kind === "applications" ? (
      <tr>
        <th scope="row" colSpan={2}>
          {t("attention.applications.count", { count: attention.applicationsPending })}
        </th>
        <td>
          <ActionLink to="/admin/applications" label={t("attention.applications.action")} />
        </td>
      </tr>
    ) : (
      rows[kind].map((row) => (
        <tr key={row.key}>
          <HospitalCell processId={row.processId} name={row.name} city={row.city} country={row.country} />
          <td>{row.situation}</td>
          <td>
            <ActionLink to={row.to} label={t(`attention.${kind}.action`)} hospital={row.name} />
          </td>
        </tr>
      ))
    );
  const pending = ATTENTION_KINDS.filter((kind) => countOf(attention, kind) > 0);
  const clear = ATTENTION_KINDS.filter((kind) => countOf(attention, kind) === 0);
  return (
    <section aria-labelledby="attention-title">
      <h2 id="attention-title">{t("attention.title")}</h2>
      {pending.length === 0 ? (
        <p>{t("attention.nothing")}</p>
      ) : (
        <div className="table-wrap">
          <table className="dri-table">
            <caption>{t("attention.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("attention.subject")}</th>
                <th scope="col">{t("attention.situation")}</th>
                <th scope="col">{t("attention.action")}</th>
              </tr>
            </thead>
            {pending.map((kind) => (
              <tbody key={kind} id={`attention-${kind}`}>
                <tr className="dri-group">
                  <th scope="rowgroup" colSpan={3}>
                    {t(`attention.${kind}.title`)} <span className="dri-group-count">({format.number(countOf(attention, kind))})</span>
                  </th>
                </tr>
                {rowsOf(kind)}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {clear.length > 0 ? (
        <ul className="dri-clear" aria-label={t("attention.clearLabel")}>
          {clear.map((kind) => (
            <li key={kind}>
              <span className="dri-clear-icon" aria-hidden="true">✓ </span>
              {t(`attention.${kind}.none`)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** What the DRI looks at in a stage, beside the time spent there. */
function StageDetail({ stage, item, today }: { stage: PipelineStage; item: StageItem; today: string }) {
  const { t } = useTranslation("dri");
  const format = useFormat();
  const visit = item.visit ? t("pipeline.visit", { from: format.date(item.visit.startsOn), to: format.date(item.visit.endsOn) }) : null;
  switch (stage) {
    case "self_assessment": {
      const carried = item.carryOver ? (
        <>
          <br />
          <span className="dri-note">
            <CarryOverText summary={item.carryOver} />
          </span>
        </>
      ) : null;
      if (!item.selfAssessmentDue) return <>{t("pipeline.noDue")}{carried}</>;
      return item.selfAssessmentDue < today ? (
        <>
          <span className="dri-late">
            <span aria-hidden="true">⚠ </span>
            {t("pipeline.overdue", { date: format.date(item.selfAssessmentDue) })}
          </span>
          {carried}
        </>
      ) : (
        <>
          {t("pipeline.due", { date: format.date(item.selfAssessmentDue) })}
          {carried}
        </>
      );
    }
    case "submitted":
      return <>{t("pipeline.toSchedule")}</>;
    case "audit_scheduled":
    case "audit_in_progress":
      return <>{visit}</>;
    case "audit_submitted":
      return (
        <>
          {visit}
          <br />
          <span className="dri-note">{t(item.visit?.releasedAt ? "pipeline.reportReleased" : "pipeline.reportNotReleased")}</span>
        </>
      );
    case "deferred":
      return <>{item.decision?.revisitOn ? t("pipeline.revisit", { date: format.date(item.decision.revisitOn) }) : null}</>;
    case "decided":
      if (!item.decision) return null;
      return (
        <>
          {item.decision.outcome === "awarded" && item.decision.level ? <Level code={item.decision.level} /> : t(`label:outcome.${item.decision.outcome}`)}{" "}
          <span className="dri-note">{t("pipeline.decidedOn", { date: format.date(item.decision.decidedOn) })}</span>
        </>
      );
  }
}

/** Every stage with its count (a summary leading to the table), then one group of rows per stage. */
function PipelineSection({ pipeline, today }: { pipeline: DriHomeData["pipeline"]; today: string }) {
  const { t } = useTranslation("dri");
  const format = useFormat();
  const { since } = useDurations();
  const stageName = (stage: PipelineStage) => (stage === "decided" ? t("pipeline.decidedStage") : t(`process:states.${stage}`));
  const total = pipeline.reduce((n, s) => n + s.items.length, 0);
  return (
    <section aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">{t("pipeline.title")}</h2>
      <ol className="dri-stages" aria-label={t("pipeline.summaryLabel")}>
        {pipeline.map(({ stage, items }) => (
          <li key={stage} className={items.length === 0 ? "dri-stage-empty" : undefined}>
            <a href={`#stage-${stage}`}>
              <span className="dri-stage-count">{format.number(items.length)}</span>
              <span className="dri-stage-name">{stageName(stage)}</span>
            </a>
          </li>
        ))}
      </ol>
      <div className="table-wrap">
        <table className="dri-table">
          <caption>{t("pipeline.caption", { count: total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("pipeline.hospital")}</th>
              <th scope="col">{t("pipeline.inStage")}</th>
              <th scope="col">{t("pipeline.detail")}</th>
            </tr>
          </thead>
          {pipeline.map(({ stage, items }) => (
            <tbody key={stage} id={`stage-${stage}`}>
              <tr className="dri-group">
                <th scope="rowgroup" colSpan={3}>
                  <ProcessStateBadge state={stage} /> {stage === "decided" ? <span className="dri-note">{t("pipeline.decidedWindow")}</span> : null}{" "}
                  <span className="dri-group-count">{t("pipeline.count", { count: items.length })}</span>
                </th>
              </tr>
              {items.length === 0 ? (
                <tr>
                  <td colSpan={3} className="dri-note">
                    {t("pipeline.empty")}
                  </td>
                </tr>
              ) : (
                items.map((item) => (
                  <tr key={item.id}>
                    <HospitalCell processId={item.id} name={item.establishmentName} city={item.establishmentCity} country={item.countryName} />
                    <td>
                      {since(item.days)}
                      <SinceDay {...item} />
                    </td>
                    <td>
                      <StageDetail stage={stage} item={item} today={today} />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}

/** One table of key figures: a row per level or country, its count (leading to the public list it counts), its hospitals. */
function FigureTable({ caption, head, rows }: { caption: string; head: string; rows: { key: string; name: ReactNode; count: number; to: string; hospitals: ReactNode }[] }) {
  const { t } = useTranslation("dri");
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="dri-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="dri-num">
              {t("figures.count")}
            </th>
            <th scope="col">{t("figures.hospitals")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3}>{t("figures.none")}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.name}</th>
                <td className="dri-num">{row.count > 0 ? <Link to={row.to}>{format.number(row.count)}</Link> : format.number(0)}</td>
                <td>{row.hospitals}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Labels in force by level and labelled hospitals by country. */
function FiguresSection({ figures }: { figures: DriHomeData["figures"] }) {
  const { t, i18n } = useTranslation("dri");
  const lng = i18n.language === "en" ? "en" : "fr";
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t("figures.title")}</h2>
      <p>
        {t("figures.labelled", { count: figures.labelled })} <Link to="/labels">{t("figures.publicList")}</Link>
      </p>
      <div className="columns">
        <FigureTable
          caption={t("figures.byLevel")}
          head={t("figures.level")}
          rows={figures.byLevel.map(({ level, labels }) => ({
            key: level,
            name: <Level code={level} />,
            count: labels.length,
            to: `/labels?level=${level}`,
            hospitals: labels.map((l) => l.establishmentName).join(", ") || "—",
          }))}
        />
        <FigureTable
          caption={t("figures.byCountry")}
          head={t("figures.country")}
          rows={figures.byCountry.map(({ countryCode, countryName, labels }) => ({
            key: countryCode,
            name: countryName[lng],
            count: labels.length,
            to: `/labels?country=${countryCode}`,
            hospitals: (
              <ul className="plain">
                {labels.map((l) => (
                  <li key={l.certificateNumber}>
                    {l.establishmentName} <LevelBadge code={l.level} name={l.levelName} />
                  </li>
                ))}
              </ul>
            ),
          }))}
        />
      </div>
    </section>
  );
}

/** The DRI's other areas: a compact list, not the page's content. */
function OtherAreas() {
  const { t } = useTranslation("dri");
  const areas = [
    { to: "/processes", label: t("common:nav.processes") },
    { to: "/admin/applications", label: t("common:nav.applications") },
    { to: "/admin/users", label: t("common:nav.users") },
    { to: "/referentials", label: t("common:nav.referentialPages") },
    { to: "/admin/referentials", label: t("common:nav.referentials") },
    { to: "/cooperations", label: t("areas.registry") },
    { to: "/labels", label: t("areas.labels") },
    { to: "/admin/outbox", label: t("common:nav.outbox") },
    { to: "/admin/audit-trail", label: t("trail:title") },
  ];
  return (
    <nav aria-labelledby="areas-title" className="dri-areas">
      <h2 id="areas-title">{t("areas.title")}</h2>
      <ul>
        {areas.map((a) => (
          <li key={a.to}>
            <Link to={a.to}>{a.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The DRI's home: what needs the DRI now, where every hospital stands, the labels' key figures. */
export function DriHome({ data, name }: { data: DriHomeData; name: string }) {
  const { t } = useTranslation("dri");
  const format = useFormat();
  return (
    <>
      <p className="lead">{t("welcome", { name, date: format.date(data.today) })}</p>
      <AttentionSection attention={data.attention} />
      <PipelineSection pipeline={data.pipeline} today={data.today} />
      <FiguresSection figures={data.figures} />
      <OtherAreas />
    </>
  );
}
