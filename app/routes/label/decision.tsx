// The labelling committee's decision on a process. The DRI records it on a submitted audit (the audit's computed
// level and its reasons, self vs audit, agreement, critical criteria and summary in view), annuls a wrong one, and
// suspends, reinstates or revokes the label it created. The hospital's staff and the team read the decision once
// there is one. Plain forms: works without JavaScript.
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/decision";
import { AgreementTable, AuditSummary, CriticalTable, ProposedLevel, useChartChapters } from "#app/components/audit-report.tsx";
import { CsrfField, FieldErrors, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { certificatePdfPath, LabelStatusBadge } from "#app/components/label.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProcessStateBadge } from "#app/components/process-state.tsx";
import { LevelBadge } from "#app/components/provisional-result.tsx";
import { ScoreComparisonChart } from "#app/components/score-comparison-chart.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { verifyPath } from "#app/domain/label/public-list.ts";
import { defaultValidUntil } from "#app/domain/label/status.ts";
import { annulSchema, labelStatusSchema, parseDecisionForm, type DecisionField, type DecisionTyped } from "#app/forms/decision.ts";
import { attempt } from "#app/http/errors.server.ts";
import { forbidden, getServices, notFound, notifyContext, readForm } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { loadAuditReportView } from "#app/services/audit/audit-report.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { annulDecision, decisionInForce, DecisionRefusal, listDecisions, recordDecision } from "#app/services/label/decisions.server.ts";
import { changeLabelStatus, labelOfProcess, mayDownloadCertificate, todayIso } from "#app/services/label/labels.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

async function loadDecisionPage(args: { request: Request; context: Route.LoaderArgs["context"]; params: { processId?: string } }) {
  const { user, process } = await requireProcess(args.context, args.request, args.params.processId);
  const { db } = getServices(args.context);
  const [visit, decisions, label, frozen] = await Promise.all([loadVisit(db, process), listDecisions(db, process.id), labelOfProcess(db, process.id), getFrozenVersion(db, process.referentialVersionId)]);
  // Before any decision there is nothing to read here but the DRI's form.
  if (user.role !== "dri_admin" && decisions.length === 0) notFound();
  return { user, process, visit, decisions, label, frozen, db };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, visit, decisions, label, frozen, db } = await loadDecisionPage({ request, context, params });
  const dri = user.role === "dri_admin";
  const canDecide = dri && process.state === "audit_submitted" && visit?.submittedAt != null;
  const view = canDecide && visit ? await loadAuditReportView(db, process, visit) : null;
  // What the page shows of the audit (the findings and the disagreements are the full report's, a link away).
  const report = view && { audit: view.audit, selfResult: view.selfResult, levels: view.levels, agreement: view.agreement, chapters: view.chapters, critical: view.critical, scale: view.scale, visit: view.visit };
  const today = todayIso();
  const done = new URL(request.url).searchParams.get("done");
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    dri,
    canDecide,
    canAnnul: dri && (process.state === "decided" || process.state === "deferred") && decisionInForce(decisions) !== null,
    report,
    levels: frozen.version.levels.map((l) => ({ code: l.code, name: l.name })),
    defaults: {
      outcome: "awarded",
      level: report?.audit.level ?? "",
      levelJustification: "",
      mentionFr: "",
      mentionEn: "",
      decidedOn: today,
      validFrom: today,
      validUntil: defaultValidUntil(today, frozen.version.validity_years),
      conditions: "",
      revisitOn: "",
      reasons: "",
      committeeMembers: "",
      signerName: "",
      signerTitle: "",
    } satisfies DecisionTyped,
    decisions,
    label: label && (dri || label.status !== "annulled") ? { ...label, mayDownload: mayDownloadCertificate(user, label) } : null,
    // The justification of a departure from the computed level is the DRI's to read.
    showJustification: dri,
    done: done === "decided" || done === "annulled" || done === "label" ? done : null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process, visit, label, db } = await loadDecisionPage({ request, context, params });
  if (user.role !== "dri_admin") forbidden();
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const ctx = notifyContext(context, request);
  const here = `/processes/${process.id}/decision`;
  if (intent === "decide") {
    const { typed, input, problems } = parseDecisionForm(formData);
    if (!input) return data({ form: "decide" as const, typed, problems, refusal: null }, { status: 400 });
    try {
      const recorded = await attempt(() => recordDecision(db, user, process, visit, input, ctx), { onForm: ["label.audit_not_submitted"] });
      if (!recorded.ok) return data({ form: "decide" as const, typed, problems: {}, refusal: recorded.refusal.messageKey }, { status: recorded.refusal.status });
    } catch (error) {
      // A refused form keeps what was typed, each message under its field.
      if (error instanceof DecisionRefusal) return data({ form: "decide" as const, typed, problems: error.problems as Partial<Record<DecisionField, string>>, refusal: null }, { status: 400 });
      throw error;
    }
    return redirect(`${here}?done=decided`);
  }
  if (intent === "annul") {
    const parsed = annulSchema.safeParse(Object.fromEntries(formData));
    const reason = String(formData.get("reason") ?? "");
    if (!parsed.success) return data({ form: "annul" as const, reason, problem: parsed.error.issues[0]?.message ?? "required", refusal: null }, { status: 400 });
    const annulled = await attempt(() => annulDecision(db, user, process, parsed.data.reason, ctx), { onForm: ["label.nothing_to_annul", "label.reason_required"] });
    if (!annulled.ok) return data({ form: "annul" as const, reason, problem: null, refusal: annulled.refusal.messageKey }, { status: annulled.refusal.status });
    return redirect(`${here}?done=annulled`);
  }
  const parsed = labelStatusSchema.safeParse(Object.fromEntries(formData));
  if (!label) notFound();
  const reason = String(formData.get("reason") ?? "");
  if (!parsed.success) return data({ form: "label" as const, reason, intent, problem: parsed.error.issues[0]?.message ?? "required", refusal: null }, { status: 400 });
  const changed = await attempt(() => changeLabelStatus(db, user, label, parsed.data.intent, parsed.data.reason, ctx), { onForm: ["label.status_change_not_allowed", "label.reason_required"] });
  if (!changed.ok) return data({ form: "label" as const, reason, intent, problem: null, refusal: changed.refusal.messageKey }, { status: changed.refusal.status });
  return redirect(`${here}?done=label`);
}

export default function DecisionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("label");
  const format = useFormat();
  const lng = i18n.language === "en" ? "en" : "fr";
  const { process, report, decisions, label, levels } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const levelOf = (code: string | null) => levels.find((l) => l.code === code);
  const current = decisions.find((d) => d.annulment === null) ?? null;
  const chart = useChartChapters(report?.chapters ?? []);
  return (
    <Page>
      <PageHeader title={`${t("decision.title")} — ${process.establishmentName}`} crumbs={crumbs} />
      <p>
        <ProcessStateBadge state={process.state} />
      </p>
      {loaderData.done ? <FormMessage tone="success">{t(`decision.done.${loaderData.done}`)}</FormMessage> : null}

      {current ? (
        <section className="panel" aria-labelledby="current-title">
          <h2 id="current-title">{t("decision.currentTitle")}</h2>
          <dl className="facts">
            <dt>{t("decision.outcomeLabel")}</dt>
            <dd>
              <strong>{t(`outcome.${current.outcome}`)}</strong> {current.level && levelOf(current.level) ? <LevelBadge {...levelOf(current.level)!} /> : null}
            </dd>
            {current.mentionFr || current.mentionEn ? (
              <>
                <dt>{t("decision.mention")}</dt>
                <dd>{lng === "en" ? current.mentionEn || current.mentionFr : current.mentionFr || current.mentionEn}</dd>
              </>
            ) : null}
            <dt>{t("decision.decidedOn")}</dt>
            <dd>{format.date(current.decidedOn)}</dd>
            {current.validFrom && current.validUntil ? (
              <>
                <dt>{t("decision.validity")}</dt>
                <dd>{t("decision.validityDates", { from: format.date(current.validFrom), until: format.date(current.validUntil) })}</dd>
              </>
            ) : null}
            {current.outcome === "deferred" ? (
              <>
                <dt>{t("decision.conditions")}</dt>
                <dd className="pre">{current.conditions}</dd>
                <dt>{t("decision.revisitOn")}</dt>
                <dd>{current.revisitOn ? format.date(current.revisitOn) : "—"}</dd>
              </>
            ) : null}
            {current.outcome === "refused" ? (
              <>
                <dt>{t("decision.reasons")}</dt>
                <dd className="pre">{current.reasons}</dd>
              </>
            ) : null}
            {loaderData.showJustification && current.levelJustification ? (
              <>
                <dt>{t("decision.departure")}</dt>
                <dd>
                  {t("decision.departureFrom", { computed: levelOf(current.computedLevel)?.name[lng] ?? t("process:result.noLevel") })}
                  <p className="pre">{current.levelJustification}</p>
                </dd>
              </>
            ) : null}
            <dt>{t("decision.committee")}</dt>
            <dd className="pre">{current.committeeMembers}</dd>
            <dt>{t("decision.signer")}</dt>
            <dd>
              {current.signerName}, {current.signerTitle}
            </dd>
            <dt>{t("decision.recorded")}</dt>
            <dd>{t("decision.recordedBy", { name: current.recordedByName ?? "—", date: format.dateTime(current.recordedAt) })}</dd>
          </dl>
          {process.state === "deferred" && loaderData.dri ? (
            <p>
              <Link className="button button-primary" to={`/processes/${process.id}/audit/schedule`}>
                {t("decision.scheduleRevisit")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {label ? (
        <section className="panel" aria-labelledby="label-title">
          <h2 id="label-title">{t("decision.labelTitle")}</h2>
          {actionData?.form === "label" && actionData.refusal ? <FormMessage>{t(actionData.refusal)}</FormMessage> : null}
          <p>
            <LabelStatusBadge status={label.status} /> {t("decision.certificateNumber")} <strong className="nowrap">{label.certificateNumber}</strong>
          </p>
          <p className="actions-row">
            {label.mayDownload ? (
              <a className="button button-primary" href={certificatePdfPath(label.certificateNumber)} download>
                {t("decision.downloadCertificate")}
              </a>
            ) : null}
            <Link to={verifyPath(label.certificateNumber)}>{t("decision.verifyPage")}</Link>
          </p>
          {label.events.length ? (
            <div className="table-wrap">
              <table>
                <caption>{t("decision.labelHistory")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("decision.when")}</th>
                    <th scope="col">{t("decision.what")}</th>
                    <th scope="col">{t("decision.who")}</th>
                    <th scope="col">{t("decision.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {label.events.map((e, i) => (
                    <tr key={i}>
                      <td className="nowrap">{format.dateTime(e.at)}</td>
                      <td>{t(`decision.event.${e.kind}`)}</td>
                      <td>{e.actorName ?? "—"}</td>
                      <td className="pre">{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {loaderData.dri && label.status !== "annulled" && label.status !== "revoked" ? (
            <Form method="post" className="form" noValidate>
              <CsrfField />
              <h3>{t("decision.changeStatus")}</h3>
              <div className={actionData?.form === "label" && actionData.problem ? "field field-invalid" : "field"}>
                <label htmlFor="label-reason">{t("decision.statusReason")}</label>
                <textarea id="label-reason" name="reason" rows={2} defaultValue={actionData?.form === "label" ? actionData.reason : ""} required />
                <FieldErrors id="label-reason-error" errors={actionData?.form === "label" && actionData.problem ? [actionData.problem] : undefined} />
              </div>
              <p className="actions-row">
                {label.status === "suspended" ? (
                  <button type="submit" name="intent" value="lifted" className="button">
                    {t("decision.lift")}
                  </button>
                ) : (
                  <button type="submit" name="intent" value="suspended" className="button">
                    {t("decision.suspend")}
                  </button>
                )}
                <button type="submit" name="intent" value="revoked" className="button button-danger">
                  {t("decision.revoke")}
                </button>
              </p>
            </Form>
          ) : null}
        </section>
      ) : null}

      {loaderData.canAnnul ? (
        <Form method="post" className="form panel" noValidate aria-labelledby="annul-title">
          <CsrfField />
          <h2 id="annul-title">{t("decision.annulTitle")}</h2>
          <p className="field-hint">{t("decision.annulHint")}</p>
          {actionData?.form === "annul" && actionData.refusal ? <FormMessage>{t(actionData.refusal)}</FormMessage> : null}
          <div className={actionData?.form === "annul" && actionData.problem ? "field field-invalid" : "field"}>
            <label htmlFor="annul-reason">{t("decision.annulReason")}</label>
            <textarea id="annul-reason" name="reason" rows={3} defaultValue={actionData?.form === "annul" ? actionData.reason : ""} required />
            <FieldErrors id="annul-reason-error" errors={actionData?.form === "annul" && actionData.problem ? [actionData.problem] : undefined} />
          </div>
          <button type="submit" name="intent" value="annul" className="button button-danger">
            {t("decision.annul")}
          </button>
        </Form>
      ) : null}

      {report ? (
        <>
          <ProposedLevel audit={report.audit} selfResult={report.selfResult} levels={report.levels} />
          <section aria-labelledby="scores-title">
            <h2 id="scores-title">{t("audit:comparison.chartTitle")}</h2>
            <ScoreComparisonChart id="decision-chart" chapters={chart} />
            <AgreementTable overall={report.agreement} chapters={report.chapters} />
          </section>
          <CriticalTable critical={report.critical} scale={report.scale} levels={report.levels} />
          <AuditSummary visit={report.visit} />
          <p>
            <Link to={`/processes/${process.id}/audit/report`}>{t("decision.fullReport")}</Link>
          </p>
          <DecisionForm
            typed={actionData?.form === "decide" ? actionData.typed : loaderData.defaults}
            problems={actionData?.form === "decide" ? actionData.problems : {}}
            refusal={actionData?.form === "decide" ? actionData.refusal : null}
            levels={levels}
            computedLevel={report.audit.level}
          />
        </>
      ) : loaderData.dri && !current ? (
        <FormMessage tone="info">{t("decision.notYet")}</FormMessage>
      ) : null}

      {decisions.length > (current ? 1 : 0) ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t("decision.historyTitle")}</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("decision.historyTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("decision.decidedOn")}</th>
                  <th scope="col">{t("decision.outcomeLabel")}</th>
                  <th scope="col">{t("decision.round")}</th>
                  <th scope="col">{t("decision.annulled")}</th>
                </tr>
              </thead>
              <tbody>
                {decisions.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap">{format.date(d.decidedOn)}</td>
                    <td>
                      {t(`outcome.${d.outcome}`)} {d.level ? levelOf(d.level)?.name[lng] : null} {d.certificateNumber ? <span className="nowrap">({d.certificateNumber})</span> : null}
                    </td>
                    <td>{d.auditRound}</td>
                    <td>{d.annulment ? t("decision.annulledOn", { date: format.date(d.annulment.at), name: d.annulment.byName ?? "—", reason: d.annulment.reason }) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Page>
  );
}

/**
 * The committee's form. The three outcomes share it; the fields of the outcomes not chosen are hidden by CSS
 * (`:has()` on the checked outcome), so it works the same without JavaScript.
 */
function DecisionForm({
  typed,
  problems,
  refusal,
  levels,
  computedLevel,
}: {
  typed: DecisionTyped;
  problems: Partial<Record<DecisionField, string>>;
  refusal: string | null;
  levels: { code: string; name: { fr: string; en: string } }[];
  computedLevel: string | null;
}) {
  const { t, i18n } = useTranslation("label");
  const lng = i18n.language === "en" ? "en" : "fr";
  const field = (name: DecisionField) => ({
    id: name,
    name,
    defaultValue: typed[name],
    ...(problems[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {}),
  });
  const errors = (name: DecisionField) => (problems[name] ? [problems[name]!] : undefined);
  const wrap = (name: DecisionField) => (problems[name] ? "field field-invalid" : "field");
  const computedName = levels.find((l) => l.code === computedLevel)?.name[lng] ?? t("process:result.noLevel");
  return (
    <Form method="post" className="form decision-form" noValidate aria-labelledby="decide-title">
      <CsrfField />
      <h2 id="decide-title">{t("decision.formTitle")}</h2>
      {refusal ? <FormMessage>{t(refusal)}</FormMessage> : null}
      {Object.keys(problems).length ? <FormMessage>{t("decision.fix")}</FormMessage> : null}
      <fieldset className={problems.outcome ? "radios field-invalid" : "radios"}>
        <legend>{t("decision.outcomeLabel")}</legend>
        {(["awarded", "deferred", "refused"] as const).map((o) => (
          <label key={o}>
            <input type="radio" name="outcome" value={o} defaultChecked={typed.outcome === o} /> {t(`outcome.${o}`)}
          </label>
        ))}
        <FieldErrors id="outcome-error" errors={errors("outcome")} />
      </fieldset>

      <fieldset className="if-awarded">
        <legend>{t("decision.awardTitle")}</legend>
        <div className={wrap("level")}>
          <label htmlFor="level">{t("decision.level")}</label>
          <select {...field("level")}>
            <option value="">{t("decision.chooseLevel")}</option>
            {levels.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name[lng]}
              </option>
            ))}
          </select>
          <p className="field-hint">{t("decision.computedHint", { level: computedName })}</p>
          <FieldErrors id="level-error" errors={errors("level")} />
        </div>
        <div className={wrap("levelJustification")}>
          <label htmlFor="levelJustification">{t("decision.justification")}</label>
          <textarea rows={3} {...field("levelJustification")} />
          <p className="field-hint">{t("decision.justificationHint")}</p>
          <FieldErrors id="levelJustification-error" errors={errors("levelJustification")} />
        </div>
        <div className={wrap("mentionFr")}>
          <label htmlFor="mentionFr">{t("decision.mentionFr")}</label>
          <input type="text" lang="fr" {...field("mentionFr")} />
          <FieldErrors id="mentionFr-error" errors={errors("mentionFr")} />
        </div>
        <div className={wrap("mentionEn")}>
          <label htmlFor="mentionEn">{t("decision.mentionEn")}</label>
          <input type="text" lang="en" {...field("mentionEn")} />
          <FieldErrors id="mentionEn-error" errors={errors("mentionEn")} />
        </div>
        <div className={wrap("validFrom")}>
          <label htmlFor="validFrom">{t("decision.validFrom")}</label>
          <input type="date" {...field("validFrom")} />
          <FieldErrors id="validFrom-error" errors={errors("validFrom")} />
        </div>
        <div className={wrap("validUntil")}>
          <label htmlFor="validUntil">{t("decision.validUntil")}</label>
          <input type="date" {...field("validUntil")} />
          <p className="field-hint">{t("decision.validUntilHint")}</p>
          <FieldErrors id="validUntil-error" errors={errors("validUntil")} />
        </div>
      </fieldset>

      <fieldset className="if-deferred">
        <legend>{t("decision.deferTitle")}</legend>
        <div className={wrap("conditions")}>
          <label htmlFor="conditions">{t("decision.conditions")}</label>
          <textarea rows={4} {...field("conditions")} />
          <FieldErrors id="conditions-error" errors={errors("conditions")} />
        </div>
        <div className={wrap("revisitOn")}>
          <label htmlFor="revisitOn">{t("decision.revisitOn")}</label>
          <input type="date" {...field("revisitOn")} />
          <FieldErrors id="revisitOn-error" errors={errors("revisitOn")} />
        </div>
      </fieldset>

      <fieldset className="if-refused">
        <legend>{t("decision.refuseTitle")}</legend>
        <div className={wrap("reasons")}>
          <label htmlFor="reasons">{t("decision.reasons")}</label>
          <textarea rows={4} {...field("reasons")} />
          <FieldErrors id="reasons-error" errors={errors("reasons")} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("decision.committeeTitle")}</legend>
        <div className={wrap("decidedOn")}>
          <label htmlFor="decidedOn">{t("decision.decidedOn")}</label>
          <input type="date" required {...field("decidedOn")} />
          <FieldErrors id="decidedOn-error" errors={errors("decidedOn")} />
        </div>
        <div className={wrap("committeeMembers")}>
          <label htmlFor="committeeMembers">{t("decision.committee")}</label>
          <textarea rows={3} required {...field("committeeMembers")} />
          <p className="field-hint">{t("decision.committeeHint")}</p>
          <FieldErrors id="committeeMembers-error" errors={errors("committeeMembers")} />
        </div>
        <div className={wrap("signerName")}>
          <label htmlFor="signerName">{t("decision.signerName")}</label>
          <input type="text" required {...field("signerName")} />
          <FieldErrors id="signerName-error" errors={errors("signerName")} />
        </div>
        <div className={wrap("signerTitle")}>
          <label htmlFor="signerTitle">{t("decision.signerTitle")}</label>
          <input type="text" required {...field("signerTitle")} />
          <FieldErrors id="signerTitle-error" errors={errors("signerTitle")} />
        </div>
      </fieldset>
      <p className="field-hint">{t("decision.final")}</p>
      <button type="submit" name="intent" value="decide" className="button button-primary">
        {t("decision.record")}
      </button>
    </Form>
  );
}
