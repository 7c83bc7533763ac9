import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/overview";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { ProvisionalResult } from "#app/components/provisional-result.tsx";
import { availableTransitions, transitionActor } from "#app/domain/process/state-machine.ts";
import { percentForDisplay } from "#app/domain/scoring/engine.ts";
import { transitionSchema } from "#app/forms/process.ts";
import { getServices, notifyContext, readForm } from "#app/http/guards.server.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { listTransitions, transitionProcess } from "#app/services/process/lifecycle.server.ts";
import { loadAssignments } from "#app/services/process/assignments.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { canReadAudit } from "#app/domain/audit/visit.ts";
import { loadVisit, teamRoleOf } from "#app/services/audit/visits.server.ts";
import { listAuditRounds } from "#app/services/audit/rounds.server.ts";
import { readableRounds } from "#app/http/audit.server.ts";
import { carryOverStatus } from "#app/services/process/renewal.server.ts";
import { CarryOverSummary } from "#app/components/renewal.tsx";

/** What the page confirms after a transition it redirected back from (the address says which; nothing else is shown). */
const PROCESS_DONE = ["reopen", "withdraw", "submit"] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const ratings = await loadRatings(db, process);
  const assignments = await loadAssignments(db, process);
  const transitions = await listTransitions(db, process.id);
  const result = scoreSelfAssessment(frozen, ratings);
  const mine = new Set([...assignments].filter(([, people]) => people.some((p) => p.userId === user.id)).map(([code]) => code));
  const chapters = frozen.version.chapters.map((chapter, i) => {
    const score = result.chapters[i]!;
    return {
      code: chapter.code,
      title: chapter.title,
      rated: score.rated,
      applicable: score.applicable,
      percent: percentForDisplay(score.score),
      assignees: (assignments.get(chapter.code) ?? []).map((a) => a.name),
      mine: mine.has(chapter.code),
    };
  });
  // "My chapters" first.
  chapters.sort((a, b) => Number(b.mine) - Number(a.mine));
  const visit = await loadVisit(db, process);
  const teamRole = teamRoleOf(visit, user.id);
  const moves = availableTransitions(transitionActor(user, process, teamRole), process.state);
  const renewal = await carryOverStatus(db, process.id);
  // Earlier rounds of a revisited audit: the hospital keeps reading a deferred round's released report meanwhile.
  const rounds = visit ? readableRounds(user, user.establishmentId === process.establishmentId, teamRole, await listAuditRounds(db, process.id)) : [];
  return {
    process,
    renewal: renewal ? { fromVersion: renewal.fromVersion, carried: renewal.carried, toConfirm: renewal.toConfirm } : null,
    chapters,
    levels: frozen.version.levels.map((l) => ({ code: l.code, name: l.name })),
    result: {
      completeness: result.completeness,
      final: result.final,
      level: result.level,
      securedLevel: result.securedLevel,
      global: percentForDisplay(result.global),
      next: result.next,
      levels: result.levels,
    },
    canSubmit: moves.includes("submitted"),
    canReopen: moves.includes("self_assessment"),
    canWithdraw: moves.includes("withdrawn"),
    isMember: user.establishmentId === process.establishmentId,
    canImport: canEditSelfAssessment(user, process),
    transitions,
    audit: {
      canSchedule: user.role === "dri_admin" && (process.state === "submitted" || process.state === "deferred"),
      // The committee's page: the DRI's once the audit is submitted; everyone's who sees the process once decided.
      decision: (user.role === "dri_admin" && process.state === "audit_submitted") || process.state === "decided" || process.state === "deferred",
      visit: visit ? { startsOn: visit.startsOn, endsOn: visit.endsOn, lead: visit.team.find((m) => m.role === "lead")?.name ?? "" } : null,
      canRead: visit !== null && canReadAudit(user, user.establishmentId === process.establishmentId, { teamRole, released: visit.releasedAt !== null }),
      rounds,
    },
    flash: PROCESS_DONE.find((done) => done === new URL(request.url).searchParams.get("done")) ?? null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const submission = parseWithZod(await readForm(request), { schema: transitionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const to = submission.value.intent === "reopen" ? "self_assessment" : "withdrawn";
  try {
    await transitionProcess(getServices(context).db, user, process.id, to, submission.value.reason, notifyContext(context, request));
  } catch (error) {
    throw toHttpError(error);
  }
  return redirect(`/processes/${process.id}?done=${submission.value.intent}`);
}

export default function Overview({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const format = useFormat();
  const { process, chapters, result } = loaderData;
  const completion = result.completeness.applicable ? (100 * result.completeness.rated) / result.completeness.applicable : 0;
  const reasonError = actionData?.result?.error?.reason?.[0];
  return (
    <Page>
      <PageHeader title={process.establishmentName} crumbs={[{ to: "/processes", label: t("list.title") }]}>
        <ProcessStateBadge state={process.state} />
      </PageHeader>
      <p className="lead">
        {t("overview.lead", { code: process.referentialCode, version: process.referentialVersion })}
        {process.selfAssessmentDue ? ` · ${t("overview.due", { date: format.date(process.selfAssessmentDue) })}` : ""}
        {process.plannedVisit ? ` · ${t("overview.visit", { date: format.date(process.plannedVisit) })}` : ""}
      </p>
      {loaderData.flash ? <FormMessage tone="success">{t(`overview.done.${loaderData.flash}`)}</FormMessage> : null}

      <section aria-labelledby="progress-title" className="panel">
        <h2 id="progress-title">{t("overview.progressTitle")}</h2>
        <p>
          <label htmlFor="overall-progress">
            {t("overview.overall", {
              rated: result.completeness.rated,
              applicable: result.completeness.applicable,
              percent: format.number(completion, { maximumFractionDigits: 0 }),
            })}
          </label>
          <br />
          <progress id="overall-progress" className="progress-wide" value={result.completeness.rated} max={result.completeness.applicable || 1} />
        </p>
        {loaderData.renewal ? <CarryOverSummary summary={loaderData.renewal} processId={process.id} /> : null}
        <ProvisionalResult result={result} levels={loaderData.levels} />
        <p className="actions-row">
          <Link to={`/processes/${process.id}/criteria`} className="button">
            {t("overview.allCriteria")}
          </Link>
          <Link to={`/processes/${process.id}/criteria?unrated=on`} className="button">
            {t("filters.unrated")}
          </Link>
          {loaderData.isMember ? (
            <Link to={`/processes/${process.id}/criteria?mine=on`} className="button">
              {t("filters.mine")}
            </Link>
          ) : null}
          <Link to={`/processes/${process.id}/actions`} className="button">
            {t("overview.actionPlan")}
          </Link>
          <Link to={`/processes/${process.id}/evidence`} className="button">
            {t("overview.evidence")}
          </Link>
          <Link to={`/processes/${process.id}/team`} className="button">
            {t("overview.team")}
          </Link>
          {loaderData.canSubmit ? (
            <Link to={`/processes/${process.id}/submit`} className="button button-primary">
              {t("overview.submit")}
            </Link>
          ) : null}
        </p>
      </section>

      {loaderData.audit.canSchedule || loaderData.audit.visit ? (
        <section aria-labelledby="audit-title" className="panel">
          <h2 id="audit-title">{t("audit:overview.title")}</h2>
          {loaderData.audit.visit ? (
            <p>
              {t("audit:processOverview.visit", {
                from: format.date(loaderData.audit.visit.startsOn),
                to: format.date(loaderData.audit.visit.endsOn),
                lead: loaderData.audit.visit.lead,
              })}
            </p>
          ) : (
            <p>{t("audit:processOverview.toSchedule")}</p>
          )}
          <p className="actions-row">
            {loaderData.audit.canSchedule ? (
              <Link to={`/processes/${process.id}/audit/schedule`} className="button button-primary">
                {t("audit:schedule.title")}
              </Link>
            ) : null}
            {loaderData.audit.canRead ? (
              <Link to={`/processes/${process.id}/audit`} className="button">
                {t("audit:processOverview.open")}
              </Link>
            ) : null}
            {loaderData.audit.decision ? (
              <Link to={`/processes/${process.id}/decision`} className={process.state === "audit_submitted" ? "button button-primary" : "button"}>
                {t(process.state === "audit_submitted" ? "label:decision.prepare" : "label:decision.open")}
              </Link>
            ) : null}
          </p>
          {loaderData.audit.rounds.length ? (
            <p>
              {t("audit:rounds.listed")}{" "}
              {loaderData.audit.rounds.map((r, i) => (
                <span key={r.round}>
                  {i > 0 ? ", " : null}
                  <Link to={`/processes/${process.id}/audit/rounds/${r.round}`}>{t("audit:rounds.round", { round: r.round })}</Link>{" "}
                  ({t("audit:rounds.dates", { startsOn: format.date(r.startsOn), endsOn: format.date(r.endsOn) })})
                </span>
              ))}
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="report-title" className="panel">
        <h2 id="report-title">{t("reports:links.title")}</h2>
        <p className="actions-row">
          <Link to={`/processes/${process.id}/report`} className="button">
            {t("reports:links.view")}
          </Link>
          <a href={`/processes/${process.id}/report.pdf`} className="button" download>
            {t("reports:links.pdf")}
          </a>
          <a href={`/processes/${process.id}/export.xlsx`} className="button" download>
            {t("reports:links.xlsx")}
          </a>
          {loaderData.canImport ? (
            <Link to={`/processes/${process.id}/import`} className="button">
              {t("reports:links.import")}
            </Link>
          ) : null}
        </p>
      </section>

      <div className="table-wrap">
        <table>
          <caption>{t("overview.chaptersCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("overview.chapter")}</th>
              <th scope="col">{t("overview.progress")}</th>
              <th scope="col">{t("overview.score")}</th>
              <th scope="col">{t("overview.assignees")}</th>
            </tr>
          </thead>
          <tbody>
            {chapters.map((c) => (
              <tr key={c.code}>
                <td>
                  <Link to={`/processes/${process.id}/criteria?chapter=${c.code}`}>
                    {c.code}. {c.title[lng]}
                  </Link>
                  {c.mine ? <span className="badge">{t("overview.mine")}</span> : null}
                </td>
                <td className="nowrap">
                  <progress value={c.rated} max={c.applicable || 1} aria-label={t("overview.chapterProgress", { code: c.code })} />{" "}
                  {c.applicable ? `${c.rated} / ${c.applicable}` : t("overview.notApplicable")}
                </td>
                <td>{c.percent === null ? "—" : `${format.number(c.percent, { maximumFractionDigits: 1 })} %`}</td>
                <td>{c.assignees.join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {loaderData.canReopen || loaderData.canWithdraw ? (
        <section aria-labelledby="dri-title" className="panel">
          <h2 id="dri-title">{t("overview.driTitle")}</h2>
          {reasonError ? <FormMessage>{t(`common:validation.${reasonError}`)}</FormMessage> : null}
          <Form method="post" className="stack">
            <CsrfField />
            <div className="field">
              <label htmlFor="reason">{t("overview.reason")}</label>
              <textarea id="reason" name="reason" rows={3} required aria-describedby="reason-hint" />
              <p className="field-hint" id="reason-hint">
                {t("overview.reasonHint")}
              </p>
            </div>
            <p className="actions-row">
              {loaderData.canReopen ? (
                <button type="submit" name="intent" value="reopen" className="button">
                  {t("overview.reopen")}
                </button>
              ) : null}
              {loaderData.canWithdraw ? (
                <button type="submit" name="intent" value="withdraw" className="button button-danger">
                  {t("overview.withdraw")}
                </button>
              ) : null}
            </p>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("overview.historyTitle")}</h2>
        <div className="table-wrap">
          <table>
            <caption>{t("overview.historyCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("common:history.when")}</th>
                <th scope="col">{t("common:history.who")}</th>
                <th scope="col">{t("overview.transition")}</th>
                <th scope="col">{t("overview.comment")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.transitions.map((tr) => (
                <tr key={tr.id}>
                  <td>{format.dateTime(tr.at)}</td>
                  <td>{tr.actorName ?? t("common:history.system")}</td>
                  <td>
                    {tr.fromState ? `${t(`states.${tr.fromState}`)} → ` : ""}
                    {t(`states.${tr.toState}`)}
                  </td>
                  <td>{tr.comment ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </Page>
  );
}
