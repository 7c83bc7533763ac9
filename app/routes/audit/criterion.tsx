import "#app/components/audit-scoring.css";
import { useTranslation } from "#app/components/translation.tsx";
import { data, isRouteErrorResponse, Link, redirect } from "react-router";
import type { Route } from "./+types/criterion";
import { ActionsSection } from "#app/components/actions-section.tsx";
import { AuditRatingForm, type AuditRatingField, type AuditRatingValue } from "#app/components/audit-rating-form.tsx";
import { EvidenceSection } from "#app/components/evidence-section.tsx";
import { FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { HistoryTable, show, type HistoryEvent } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingGuidance } from "#app/components/rating-guidance.tsx";
import { RatingGapText, RatingText, ServiceNaMark, TierBadge } from "#app/components/rating.tsx";
import { useShownRating } from "#app/components/rating-form.tsx";
import type { ColleagueValue } from "#app/components/versioned-form.tsx";
import { filtersQuery, neighbours, ratingGap, readScoringFilters } from "#app/domain/audit/scoring-list.ts";
import { criterionView } from "#app/domain/audit/criterion-view.ts";
import { serviceNaReview } from "#app/domain/audit/service-na.ts";
import { auditEditRefusal, mayChangeAuditRating } from "#app/domain/audit/visit.ts";
import { readAuditRatingForm, typedAuditRating } from "#app/forms/audit-rating.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { AUDIT_RATING_ENTITY, saveAuditRating } from "#app/services/audit/audit-ratings.server.ts";
import { chaptersOf, loadScoringList, postedAuditRating } from "#app/services/audit/scoring-list.server.ts";
import { listCriterionActions } from "#app/services/process/action-plan.server.ts";
import { listCriterionEvidence, listEvidenceLibrary } from "#app/services/process/evidence.server.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { offlineCriterionData } from "#app/components/offline-criterion.ts";
import { offlineUser, readStoredContent, readStoredVisit } from "#app/components/offline-visit.ts";

/** The scoring page of one criterion: the requirement, the hospital's answer (read only) and the auditor's form. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, visit, teamRole, db } = await requireAudit(context, request, params.processId);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const url = new URL(request.url);
  const filters = readScoringFilters(url);
  const { frozen, selfRatings, auditRatings, rows } = await loadScoringList(db, process);
  const view = criterionView(frozen.version, frozen.prepared, params.criterionCode ?? "", lng);
  if (!view) notFound();
  const { criterion } = view;
  const [evidence, library, actions, history] = await Promise.all([
    listCriterionEvidence(db, process, criterion.code),
    listEvidenceLibrary(db, process),
    listCriterionActions(db, process, criterion.code),
    listAuditTrail(db, AUDIT_RATING_ENTITY, `${process.id}:${criterion.code}`),
  ]);
  const self = selfRatings.get(criterion.code);
  const saved = auditRatings.get(criterion.code);
  const teamMayRate = auditEditRefusal(user, process.state, teamRole) === null;
  // A co-auditor does not change a colleague's rating (the lead does): the form says so before anything is typed.
  const colleagueRating = teamMayRate && saved && !mayChangeAuditRating(teamRole, user.id, saved.updatedBy) ? saved.updatedByName ?? "" : null;
  return {
    userId: user.id,
    process: { id: process.id, establishmentName: process.establishmentName },
    editable: teamMayRate && colleagueRating === null,
    colleagueRating,
    ...view,
    scale: frozen.version.scale,
    self: { rating: self?.rating ?? null, justification: self?.justification ?? "", updatedByName: self?.updatedByName ?? null, updatedAt: self?.updatedAt ?? null },
    audit: { ...postedAuditRating(saved), updatedAt: saved?.updatedAt ?? null },
    gap: ratingGap({ self: self?.rating ?? null, audit: saved?.rating ?? null }),
    serviceNa: serviceNaReview(criterion, self?.rating ?? null, saved?.rating ?? null),
    evidence,
    library,
    actions,
    history,
    query: filtersQuery(filters),
    ...neighbours(rows, criterion.code, filters, chaptersOf(visit, user.id)),
    flash: url.searchParams.get("saved") === "rating",
    offline: null as { storedAt: string; files: string[] } | null,
  };
}

/**
 * Offline (docs/decisions/0023-offline-visit.md): when the server cannot be reached, or the document is the one the
 * service worker keeps for the visit's criteria, the page is built from the visit taken offline in this browser.
 */
export async function clientLoader({ serverLoader, params, request }: Route.ClientLoaderArgs) {
  const fromStore = document.querySelector('meta[name="label-offline"]') !== null;
  if (!fromStore) {
    try {
      return await serverLoader();
    } catch (error) {
      // The server's own answers (404, 403…) stand; only an unreachable server falls back to the store.
      if (isRouteErrorResponse(error) || error instanceof Response) throw error;
    }
  }
  const userId = offlineUser();
  const stored = userId ? await readStoredVisit(userId, params.processId) : undefined;
  const content = stored?.status === "complete" && stored.visit ? await readStoredContent(stored.userId, stored.visit.referential.contentHash) : undefined;
  const built = stored?.visit && content ? offlineCriterionData(stored.visit, content, params.criterionCode, new URL(request.url), document.documentElement.lang, stored.evidence) : null;
  if (!built) throw new Response(null, { status: 404 });
  return built;
}
clientLoader.hydrate = true as const;

type RatingReply = {
  errors: Partial<Record<AuditRatingField, string>>;
  mine: Omit<AuditRatingValue, "version" | "updatedByName">;
  conflict: ColleagueValue<AuditRatingValue> | null;
  /** A refusal of the whole audit (submitted meanwhile): the translated message above the form. */
  refusal: string | null;
};

/** The plain form (without JavaScript): saves and comes back here, or answers with what was typed and why not. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process, visit, db } = await requireAudit(context, request, params.processId);
  const form = await readForm(request);
  const query = filtersQuery(readScoringFilters(new URL(request.url)));
  const mine = typedAuditRating(form);
  const reply = (status: number, value: Partial<RatingReply>) => data<RatingReply>({ errors: {}, mine, conflict: null, refusal: null, ...value }, { status });
  const parsed = readAuditRatingForm(form);
  if (!parsed.success) return reply(400, { errors: { rating: "rating_off_scale" } });
  const saved = await attempt(() => saveAuditRating(db, user, process, visit, params.criterionCode, parsed.data), { onForm: ["audit.not_editable"] });
  if (!saved.ok) return reply(saved.refusal.status, { refusal: saved.refusal.messageKey });
  const result = saved.value;
  if (result.status === "invalid") return reply(400, { errors: result.problems });
  if (result.status === "conflict" || result.status === "rated_by_colleague") {
    return reply(409, { conflict: { reason: result.status, current: postedAuditRating(result.current) } });
  }
  return redirect(`/processes/${process.id}/audit/criteria/${params.criterionCode}${query ? `${query}&` : "?"}saved=rating#rating`);
}

export default function AuditCriterionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const shownRating = useShownRating(loaderData.scale);
  const { process, criterion, chapter, standard, audit, self, query } = loaderData;
  const base = `/processes/${process.id}`;
  const page = `${base}/audit/criteria/${criterion.code}`;
  const list = `${base}/audit/criteria${query}`;
  return (
    <Page>
      <PageHeader
        title={`${t("scoring.criterionTitle")} ${criterion.code}`}
        crumbs={[
          { to: "/processes", label: t("process:list.title") },
          { to: base, label: process.establishmentName },
          { to: `${base}/audit`, label: t("scoring.audit") },
          { to: list, label: t("scoring.listTitle") },
        ]}
      >
        <TierBadge tier={criterion.tier} />
      </PageHeader>
      <nav className="pager" aria-label={t("scoring.pager")}>
        {loaderData.previous ? <Link to={`${base}/audit/criteria/${loaderData.previous}${query}`}>← {loaderData.previous}</Link> : <span />}
        {loaderData.next ? <Link to={`${base}/audit/criteria/${loaderData.next}${query}`}>{loaderData.next} →</Link> : <span />}
      </nav>
      {loaderData.flash ? <FormMessage tone="success">{t("scoring.saved")}</FormMessage> : null}
      {loaderData.offline ? (
        <div className="notice notice-info" role="status">
          <p>{t("offline.renderedFromStore", { date: format.dateTime(loaderData.offline.storedAt) })}</p>
        </div>
      ) : null}

      <div className="criterion-layout">
        <div>
          <section className="criterion-reference" aria-labelledby="requirement-title">
            <p className="standard-line">
              {chapter.code}. {chapter.title} — {standard.code}. {standard.title}
            </p>
            <h2 id="requirement-title" className="requirement">
              {criterion.text}
            </h2>
            <h3>{t("process:criterion.guidance")}</h3>
            <p>{criterion.guidance}</p>
            <h3>{t("process:criterion.expectedEvidence")}</h3>
            <ul>
              {criterion.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
            <h3>{t("process:criterion.methods")}</h3>
            <p>{criterion.methods.map((m) => t(`process:methods.${m}`)).join(" · ")}</p>
            <details>
              <summary>{t("process:criterion.intent")}</summary>
              <p>{standard.intent}</p>
            </details>
          </section>

          <section className="panel self-assessment-panel" aria-labelledby="self-title">
            <h2 id="self-title">{t("scoring.selfTitle")}</h2>
            <p>
              <RatingText rating={self.rating} scale={loaderData.scale} />
              {self.updatedAt ? ` — ${t("scoring.savedBy", { name: self.updatedByName ?? "", date: format.dateTime(self.updatedAt) })}` : ""}
            </p>
            {loaderData.serviceNa && criterion.service ? (
              <p className="service-na-status">
                <ServiceNaMark review={loaderData.serviceNa} service={criterion.service} />
              </p>
            ) : null}
            <h3>{t("process:rating.justification")}</h3>
            <p className="pre">{self.justification || "—"}</p>
          </section>
        </div>

        <section id="rating" className="panel criterion-rating" aria-labelledby="rating-title">
          <h2 id="rating-title">{t("scoring.formTitle")}</h2>
          <p className="field-hint">
            {t("scoring.current")} <RatingText rating={audit.rating === null ? null : audit.rating === "NA" ? "NA" : Number(audit.rating)} scale={loaderData.scale} />
            {audit.updatedAt ? ` — ${t("scoring.savedBy", { name: audit.updatedByName ?? "", date: format.dateTime(audit.updatedAt) })}` : ""}
          </p>
          <p className="field-hint">
            {t("scoring.gapIs")} <RatingGapText gap={loaderData.gap} />
          </p>
          {loaderData.colleagueRating !== null ? (
            <div className="notice notice-info" role="note">
              <p>{t("scoring.colleagueRating", { name: loaderData.colleagueRating || t("scoring.someone") })}</p>
            </div>
          ) : null}
          {criterion.service ? (
            self.rating === "NA" ? (
              <div className="notice notice-info" role="note">
                <p>{t("scoring.serviceNa.hospitalSaysNa", { none: t(`referential:services.${criterion.service}.none`) })}</p>
              </div>
            ) : (
              <p className="field-hint">{t("scoring.serviceNa.hint", { service: t(`referential:services.${criterion.service}.name`) })}</p>
            )
          ) : null}
          {actionData?.refusal ? <FormMessage>{t(actionData.refusal)}</FormMessage> : null}
          <RatingGuidance guidance={criterion.ratingGuidance} />
          <AuditRatingForm
            key={`${audit.version}-${actionData?.conflict?.current.version ?? ""}`}
            userId={loaderData.userId}
            saveUrl={`${page}/rating`}
            action={`${page}${query}`}
            scale={loaderData.scale}
            naAllowed={criterion.naAllowed}
            suggestedMethods={criterion.methods}
            editable={loaderData.editable}
            initial={actionData ? { ...actionData.mine, version: audit.version } : audit}
            serverConflict={actionData?.conflict ?? null}
            serverErrors={actionData?.errors}
          />
        </section>
      </div>

      <EvidenceSection
        processId={process.id}
        criterionCode={criterion.code}
        editable={false}
        evidence={loaderData.evidence}
        library={loaderData.library}
        offlineFiles={loaderData.offline ? new Set(loaderData.offline.files) : undefined}
      />
      <ActionsSection processId={process.id} criterionCode={criterion.code} editable={false} actions={loaderData.actions} colleagues={[]} />

      <section aria-labelledby="audit-history-title">
        <h2 id="audit-history-title">{t("scoring.historyTitle")}</h2>
        {/* The store holds no history: saying "not rated yet" offline would be wrong when it was. */}
        {loaderData.offline ? (
          <p>{t("offline.historyOnline")}</p>
        ) : loaderData.history.length === 0 ? (
          <p>{t("scoring.noHistory")}</p>
        ) : (
          <AuditRatingHistory events={loaderData.history} shownRating={shownRating} />
        )}
      </section>
    </Page>
  );
}

/**
 * Every save of the audit rating. The shared HistoryTable names actions from common's history; the fields and
 * their values are put into words here (ratings as on the scale, classifications and methods translated).
 */
function AuditRatingHistory({ events, shownRating }: { events: HistoryEvent[]; shownRating: (rating: string | null) => string }) {
  const { t } = useTranslation("audit");
  const words = (field: string, value: unknown): string => {
    if (field === "rating") return shownRating(typeof value === "string" ? value : null);
    if (field === "classification") return t(`scoring.classifications.${typeof value === "string" && value ? value : "none"}`);
    if (field === "methods") return Array.isArray(value) && value.length ? value.map((m) => t(`process:methods.${String(m)}`)).join(" · ") : "—";
    return show(value);
  };
  const worded = events.map((e) => ({
    ...e,
    changes: e.changes
      ? Object.fromEntries(Object.entries(e.changes).map(([field, c]) => [t(`scoring.fields.${field}`, { defaultValue: field }), { from: words(field, c.from), to: words(field, c.to) }]))
      : null,
  }));
  return <HistoryTable events={worded} caption={t("scoring.historyCaption")} />;
}
