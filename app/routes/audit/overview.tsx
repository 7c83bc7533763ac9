// The audit visit of a process: dates and team, the team's progress per chapter, the level the audit ratings reach
// (the auditors' proposed level, explained), the lead's summary and the submission. Read by the DRI and the team;
// by the hospital's staff once the DRI has released the report.
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/overview";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { ProvisionalResult } from "#app/components/provisional-result.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { auditEditRefusal, isLead } from "#app/domain/audit/visit.ts";
import { percentForDisplay } from "#app/domain/scoring/engine.ts";
import { auditIntentSchema, auditSummarySchema } from "#app/forms/audit.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { notifyContext, readForm } from "#app/http/guards.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { loadAuditRatings, missingAuditCriteria, saveAuditSummary, scoreAudit, submitAudit } from "#app/services/audit/audit-ratings.server.ts";
import { listAuditRounds } from "#app/services/audit/rounds.server.ts";
import { chaptersOf } from "#app/services/audit/scoring-list.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { listEvidenceLibrary } from "#app/services/process/evidence.server.ts";
import { OfflinePanel } from "#app/components/offline-panel.tsx";

/** What the page confirms after a change it redirected back from (the address says which; nothing else is shown). */
const AUDIT_DONE = ["scheduled", "changed", "summary", "submitted"] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, visit, teamRole, db } = await requireAudit(context, request, params.processId);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const [frozen, ratings, rounds, library] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadAuditRatings(db, process),
    listAuditRounds(db, process.id),
    // The team may take the visit offline: the evidence files' total size is shown before anything is stored.
    teamRole !== null ? listEvidenceLibrary(db, process) : Promise.resolve([]),
  ]);
  const result = scoreAudit(frozen, ratings);
  const givenTo = new Map<string, string[]>();
  for (const member of visit.team) for (const code of member.chapters) givenTo.set(code, [...(givenTo.get(code) ?? []), member.name]);
  const mine = chaptersOf(visit, user.id);
  const chapters = frozen.version.chapters.map((chapter, i) => {
    const score = result.chapters[i]!;
    return {
      code: chapter.code,
      title: chapter.title[lng],
      rated: score.rated,
      applicable: score.applicable,
      percent: percentForDisplay(score.score),
      givenTo: givenTo.get(chapter.code) ?? [],
      mine: mine.has(chapter.code),
    };
  });
  chapters.sort((a, b) => Number(b.mine) - Number(a.mine));
  const editable = auditEditRefusal(user, process.state, teamRole) === null;
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state, referentialCode: process.referentialCode, referentialVersion: process.referentialVersion },
    visit: {
      startsOn: visit.startsOn,
      endsOn: visit.endsOn,
      team: visit.team.map((m) => ({ userId: m.userId, name: m.name, role: m.role, chapters: m.chapters })),
      summaryFr: visit.summaryFr,
      summaryEn: visit.summaryEn,
      summaryVersion: visit.summaryVersion,
      submittedAt: visit.submittedAt,
      submittedByName: visit.submittedByName,
      releasedAt: visit.releasedAt,
    },
    chapters,
    rounds: rounds.map((r) => ({ round: r.round, startsOn: r.startsOn, endsOn: r.endsOn, submittedAt: r.submittedAt, lead: r.team.find((m) => m.role === "lead")?.name ?? "—" })),
    hasMine: mine.size > 0,
    levels: frozen.version.levels.map((l) => ({ code: l.code, name: l.name })),
    result: {
      completeness: result.completeness,
      final: result.final,
      level: result.level,
      global: percentForDisplay(result.global),
      next: result.next,
      levels: result.levels,
    },
    isDri: user.role === "dri_admin",
    canEdit: editable,
    canConsolidate: editable && isLead(teamRole),
    offline: teamRole !== null ? { userId: user.id, evidence: { files: library.length, bytes: library.reduce((n, f) => n + f.sizeBytes, 0) } } : null,
    canSchedule: user.role === "dri_admin" && (process.state === "audit_scheduled" || process.state === "audit_in_progress"),
    done: AUDIT_DONE.find((done) => done === new URL(request.url).searchParams.get("done")) ?? null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process, visit, db } = await requireAudit(context, request, params.processId);
  const formData = await readForm(request);
  const intent = auditIntentSchema.safeParse({ intent: formData.get("intent") });
  if (!intent.success) throw data({ reason: "bad_request" }, { status: 400 });
  if (intent.data.intent === "summary") {
    const parsed = auditSummarySchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      // Control characters pasted into the summary: said on the form, the text kept as typed.
      const raw = (name: string) => String(formData.get(name) ?? "");
      return data({ error: "summary_invalid", typed: { summaryFr: raw("summaryFr"), summaryEn: raw("summaryEn") } }, { status: 400 });
    }
    const typed = { summaryFr: parsed.data.summaryFr, summaryEn: parsed.data.summaryEn };
    const saved = await attempt(() => saveAuditSummary(db, user, process, visit, parsed.data), { onForm: ["audit.not_editable"] });
    if (!saved.ok) return data({ error: saved.refusal.code, typed }, { status: saved.refusal.status });
    if (saved.value.status === "conflict") return data({ error: "summary_conflict", typed, current: saved.value.current }, { status: 409 });
    return redirect(`/processes/${process.id}/audit?done=summary#summary`);
  }
  const submitted = await attempt(() => submitAudit(db, user, process, visit, notifyContext(context, request)), {
    onForm: ["audit.incomplete", "audit.summary_required", "audit.not_editable"],
  });
  if (!submitted.ok) {
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const missing = submitted.refusal.code === "incomplete" ? missingAuditCriteria(scoreAudit(frozen, await loadAuditRatings(db, process))) : [];
    return data({ error: submitted.refusal.code, missing }, { status: submitted.refusal.status });
  }
  return redirect(`/processes/${process.id}/audit?done=submitted`);
}

export default function AuditOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("audit");
  const format = useFormat();
  const { process, visit, chapters, result } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}/audit`;
  const lead = visit.team.find((m) => m.role === "lead");
  const coAuditors = visit.team.filter((m) => m.role === "co_auditor");
  const error = actionData && "error" in actionData ? actionData.error : null;
  const typed = actionData && "typed" in actionData ? actionData.typed : null;
  const conflict = actionData && "current" in actionData ? (actionData.current as { summaryFr: string; summaryEn: string; version: number }) : null;
  const missing = actionData && "missing" in actionData ? actionData.missing : [];
  const summaryText = i18n.language === "en" ? visit.summaryEn || visit.summaryFr : visit.summaryFr || visit.summaryEn;
  return (
    <Page>
      <PageHeader title={t("overview.title")} crumbs={crumbs}>
        <ProcessStateBadge state={process.state} />
      </PageHeader>
      <p className="lead">
        {t("overview.lead", { establishment: process.establishmentName, from: format.date(visit.startsOn), to: format.date(visit.endsOn) })}
      </p>
      {loaderData.done ? <FormMessage tone="success">{t(`overview.done.${loaderData.done}`)}</FormMessage> : null}

      <section aria-labelledby="team-title" className="panel">
        <h2 id="team-title">{t("overview.teamTitle")}</h2>
        <ul>
          {lead ? (
            <li>
              <strong>{lead.name}</strong> — {t("overview.role.lead")}
              {lead.chapters.length ? ` · ${t("overview.chapters", { codes: lead.chapters.join(", ") })}` : ""}
            </li>
          ) : null}
          {coAuditors.map((m) => (
            <li key={m.userId}>
              {m.name} — {t("overview.role.co_auditor")}
              {m.chapters.length ? ` · ${t("overview.chapters", { codes: m.chapters.join(", ") })}` : ""}
            </li>
          ))}
        </ul>
        {loaderData.canSchedule ? (
          <p>
            <Link to={`${base}/schedule`} className="button">
              {t("overview.changeVisit")}
            </Link>
          </p>
        ) : null}
      </section>

      {loaderData.offline ? <OfflinePanel userId={loaderData.offline.userId} processId={process.id} evidence={loaderData.offline.evidence} /> : null}

      <section aria-labelledby="audit-progress-title" className="panel">
        <h2 id="audit-progress-title">{t("overview.progressTitle")}</h2>
        <p>
          <label htmlFor="audit-progress">
            {t("overview.overall", { rated: result.completeness.rated, applicable: result.completeness.applicable })}
          </label>
          <br />
          <progress id="audit-progress" className="progress-wide" value={result.completeness.rated} max={result.completeness.applicable || 1} />
        </p>
        <p className="actions-row">
          <Link to={`${base}/criteria`} className="button">
            {t("overview.allCriteria")}
          </Link>
          {loaderData.hasMine ? (
            <Link to={`${base}/criteria?mine=on`} className="button">
              {t("overview.myChapters")}
            </Link>
          ) : null}
          <Link to={`${base}/criteria?unrated=on`} className="button">
            {t("overview.unrated")}
          </Link>
          <Link to={`${base}/comparison`} className="button">
            {t("overview.comparison")}
          </Link>
          <Link to={`${base}/report`} className="button">
            {t("overview.report")}
          </Link>
        </p>
        <div className="table-wrap">
          <table>
            <caption>{t("overview.chaptersCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("overview.chapter")}</th>
                <th scope="col">{t("overview.rated")}</th>
                <th scope="col">{t("overview.score")}</th>
                <th scope="col">{t("overview.givenTo")}</th>
              </tr>
            </thead>
            <tbody>
              {chapters.map((c) => (
                <tr key={c.code}>
                  <th scope="row">
                    <Link to={`${base}/criteria?chapter=${encodeURIComponent(c.code)}`}>
                      {c.code}. {c.title}
                    </Link>
                    {c.mine ? <span className="badge badge-muted">{t("overview.mine")}</span> : null}
                  </th>
                  <td>
                    <progress value={c.rated} max={c.applicable || 1} aria-hidden="true" /> {t("overview.ratedOf", { rated: c.rated, applicable: c.applicable })}
                  </td>
                  <td>{c.percent === null ? "—" : `${format.number(c.percent, { maximumFractionDigits: 1 })} %`}</td>
                  <td>{c.givenTo.length ? c.givenTo.join(", ") : t("overview.wholeTeam")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="proposed-title" className="panel">
        <h2 id="proposed-title">{t("overview.proposedTitle")}</h2>
        <p>{t("overview.proposedIntro")}</p>
        <ProvisionalResult result={result} levels={loaderData.levels} />
      </section>

      <section aria-labelledby="summary-title" className="panel" id="summary">
        <h2 id="summary-title">{t("overview.summaryTitle")}</h2>
        {loaderData.canConsolidate ? (
          <Form method="post" className="form">
            <CsrfField />
            <input type="hidden" name="intent" value="summary" />
            <input type="hidden" name="baseVersion" value={conflict ? conflict.version : visit.summaryVersion} />
            {error === "summary_conflict" || error === "summary_invalid" || error === "not_editable" ? <FormMessage>{t(`errors.${error}`)}</FormMessage> : null}
            {conflict ? (
              <div className="conflict">
                <h3>{t("overview.summaryTheirs")}</h3>
                <p className="pre-line">{conflict.summaryFr}</p>
                <p className="pre-line" lang="en">
                  {conflict.summaryEn}
                </p>
              </div>
            ) : null}
            <p className="field-hint">{t("overview.summaryHint")}</p>
            <div className="field">
              <label htmlFor="summaryFr">{t("overview.summaryFr")}</label>
              <textarea id="summaryFr" name="summaryFr" rows={8} lang="fr" defaultValue={typed?.summaryFr ?? visit.summaryFr} />
            </div>
            <div className="field">
              <label htmlFor="summaryEn">{t("overview.summaryEn")}</label>
              <textarea id="summaryEn" name="summaryEn" rows={8} lang="en" defaultValue={typed?.summaryEn ?? visit.summaryEn} />
            </div>
            <button type="submit" className="button">
              {t("overview.saveSummary")}
            </button>
          </Form>
        ) : summaryText ? (
          <p className="pre-line">{summaryText}</p>
        ) : (
          <p>{t("overview.noSummary")}</p>
        )}
      </section>

      {loaderData.canConsolidate ? (
        <section aria-labelledby="submit-title" className="panel">
          <h2 id="submit-title">{t("overview.submitTitle")}</h2>
          <p>{t("overview.submitIntro")}</p>
          {error && error !== "summary_conflict" && error !== "summary_invalid" && error !== "not_editable" ? <FormMessage>{t(`errors.${error}`)}</FormMessage> : null}
          {missing.length ? (
            <>
              <p>{t("overview.missing", { count: missing.length })}</p>
              <ul className="inline-list">
                {missing.map((code) => (
                  <li key={code}>
                    <Link to={`${base}/criteria/${encodeURIComponent(code)}`}>{code}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button button-primary">
              {t("overview.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      {loaderData.rounds.length ? (
        <section aria-labelledby="rounds-title" className="panel">
          <h2 id="rounds-title">{t("rounds.title")}</h2>
          <p>{t("rounds.intro")}</p>
          <ul>
            {loaderData.rounds.map((r) => (
              <li key={r.round}>
                <Link to={`${base}/rounds/${r.round}`}>{t("rounds.round", { round: r.round })}</Link> —{" "}
                {t("rounds.facts", { startsOn: format.date(r.startsOn), endsOn: format.date(r.endsOn), lead: r.lead })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {visit.submittedAt ? (
        <section aria-labelledby="status-title" className="panel">
          <h2 id="status-title">{t("overview.statusTitle")}</h2>
          <p>{t("overview.submittedBy", { name: visit.submittedByName ?? "—", date: format.date(visit.submittedAt) })}</p>
          <p>{visit.releasedAt ? t("overview.released", { date: format.date(visit.releasedAt) }) : t("overview.notReleased")}</p>
        </section>
      ) : null}
    </Page>
  );
}
