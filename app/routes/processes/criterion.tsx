import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/criterion";
import { ActionsSection } from "#app/components/actions-section.tsx";
import { EvidenceSection } from "#app/components/evidence-section.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingGuidance } from "#app/components/rating-guidance.tsx";
import { ratingGuidanceView } from "#app/domain/referential/rating-guidance.ts";
import { RatingText, ServiceNaMark, TierBadge } from "#app/components/rating.tsx";
import { RatingForm, type RatingConflict } from "#app/components/rating-form.tsx";
import { commentSchema, confirmCarriedSchema, ratingFormSchema } from "#app/forms/process.ts";
import { listCriterionActions } from "#app/services/process/action-plan.server.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { listCriterionEvidence, listEvidenceLibrary } from "#app/services/process/evidence.server.ts";
import { getServices, notFound, readForm } from "#app/http/guards.server.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { addComment, listComments, loadRatings, RATING_ENTITY, saveRating } from "#app/services/process/self-assessment.server.ts";
import { serviceNaReview } from "#app/domain/audit/service-na.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { auditRatingSeenBy } from "#app/services/audit/audit-ratings.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { listEstablishmentColleagues } from "#app/services/process/assignments.server.ts";
import { CARRY_OVER_ACTION, carryOverStatus, CONFIRM_ACTION, confirmCarriedOver } from "#app/services/process/renewal.server.ts";
import { CarriedBadge, ConfirmCarriedForm } from "#app/components/renewal.tsx";
import { useState } from "react";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const all = frozen.version.chapters.flatMap((chapter) =>
    chapter.standards.flatMap((standard) => standard.criteria.map((criterion) => ({ chapter, standard, criterion }))),
  );
  const index = all.findIndex((c) => c.criterion.code === params.criterionCode);
  if (index < 0) notFound();
  const { chapter, standard, criterion } = all[index]!;
  const ratings = await loadRatings(db, process);
  const saved = ratings.get(criterion.code);
  const comments = await listComments(db, process, criterion.code);
  const history = await listAuditTrail(db, RATING_ENTITY, `${process.id}:${criterion.code}`);
  const evidence = await listCriterionEvidence(db, process, criterion.code);
  const library = await listEvidenceLibrary(db, process);
  const actions = await listCriterionActions(db, process, criterion.code);
  const editable = canEditSelfAssessment(user, process);
  const colleagues = editable ? await listEstablishmentColleagues(db, process) : [];
  const url = new URL(request.url);
  // N/A on a service-dependent criterion waits for the auditor's confirmation (seen once the reader may read the audit).
  const serviceNa =
    criterion.service && saved?.rating === "NA" ? serviceNaReview(criterion, "NA", await auditRatingSeenBy(db, user, process, criterion.code)) : null;
  const renewal = await carryOverStatus(db, process.id);
  return {
    userId: user.id,
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    editable,
    chapter: { code: chapter.code, title: chapter.title },
    standard: { code: standard.code, title: standard.title, intent: standard.intent },
    criterion,
    scale: frozen.version.scale,
    saved: saved
      ? { rating: saved.rating === null ? "" : String(saved.rating), justification: saved.justification, version: saved.version, updatedByName: saved.updatedByName, updatedAt: saved.updatedAt }
      : { rating: "", justification: "", version: 0, updatedByName: null, updatedAt: null },
    // Carried over from the previous process and not yet confirmed or changed.
    carried: saved?.carriedOverFrom && renewal ? { from: saved.carriedOverFrom, fromVersion: renewal.fromVersion } : null,
    fromVersion: renewal?.fromVersion ?? null,
    previous: all[index - 1]?.criterion.code ?? null,
    next: all[index + 1]?.criterion.code ?? null,
    comments,
    // A renewal's entries say so: carried over (from which codes), confirmed.
    history: history.map((h) => {
      const from = h.action === CARRY_OVER_ACTION ? h.changes?.carriedOverFrom?.to : null;
      return { ...h, carriedFrom: Array.isArray(from) ? from.map(String) : null, confirmed: h.action === CONFIRM_ACTION };
    }),
    evidence,
    library,
    actions,
    colleagues: colleagues.map((c) => ({ id: c.id, name: c.name })),
    maxMb: getServices(context).config.UPLOAD_MAX_MB,
    flash: url.searchParams.get("saved"),
    serviceNa,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const formData = await readForm(request);
  const here = `/processes/${process.id}/criteria/${params.criterionCode}`;
  try {
    if (formData.get("intent") === "confirm-carried") {
      const parsed = confirmCarriedSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return data({ kind: "confirm" as const, conflict: true }, { status: 400 });
      const confirmed = await confirmCarriedOver(db, user, process, params.criterionCode, parsed.data.baseVersion);
      if (confirmed.status === "conflict") return data({ kind: "confirm" as const, conflict: true }, { status: 409 });
      // Back to the list it was confirmed from, when it came from this process's list.
      const returnTo = String(formData.get("returnTo") ?? "");
      const list = `/processes/${process.id}/criteria`;
      if (returnTo === list || returnTo.startsWith(`${list}?`)) return redirect(returnTo);
      return redirect(`${here}?saved=confirmed#rating`);
    }
    if (formData.get("intent") === "comment") {
      const submission = parseWithZod(formData, { schema: commentSchema });
      if (submission.status !== "success") return data({ kind: "comment" as const, comment: submission.reply() }, { status: 400 });
      await addComment(db, user, process, params.criterionCode, submission.value.body);
      return redirect(`${here}?saved=comment#comments`);
    }
    const parsed = ratingFormSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ kind: "rating" as const, errors: { rating: "rating_off_scale" }, mine: null, conflict: null }, { status: 400 });
    const result = await saveRating(db, user, process, params.criterionCode, parsed.data);
    const mine = { rating: parsed.data.rating, justification: parsed.data.justification };
    if (result.status === "invalid") return data({ kind: "rating" as const, errors: result.problems, mine, conflict: null }, { status: 400 });
    if (result.status === "conflict") {
      const c = result.current;
      const conflict: RatingConflict = { rating: c.rating === null ? null : String(c.rating), justification: c.justification, version: c.version, updatedByName: c.updatedByName };
      return data({ kind: "rating" as const, errors: {}, mine, conflict }, { status: 409 });
    }
    return redirect(`${here}?saved=rating#rating`);
  } catch (error) {
    throw toHttpError(error);
  }
}

export default function CriterionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const format = useFormat();
  const { process, criterion, saved, chapter, standard } = loaderData;
  const base = `/processes/${process.id}`;
  const ratingAction = actionData?.kind === "rating" ? actionData : null;
  const commentAction = actionData?.kind === "comment" ? actionData : null;
  const confirmConflict = actionData?.kind === "confirm" && actionData.conflict;
  // An autosave clears the carried-over mark on the server: the page drops it too.
  const [carriedCleared, setCarriedCleared] = useState(false);
  const carried = carriedCleared ? null : loaderData.carried;
  return (
    <Page>
      <PageHeader
        title={`${t("criterion.title")} ${criterion.code}`}
        crumbs={[
          { to: "/processes", label: t("list.title") },
          { to: base, label: process.establishmentName },
          { to: `${base}/criteria?chapter=${chapter.code}`, label: `${chapter.code}. ${chapter.title[lng]}` },
        ]}
      >
        <TierBadge tier={criterion.tier} />
      </PageHeader>
      <nav className="pager" aria-label={t("criterion.pager")}>
        {loaderData.previous ? <Link to={`${base}/criteria/${loaderData.previous}`}>← {loaderData.previous}</Link> : <span />}
        {loaderData.next ? <Link to={`${base}/criteria/${loaderData.next}`}>{loaderData.next} →</Link> : <span />}
      </nav>
      {loaderData.flash ? <FormMessage tone="success">{t(`criterion.saved.${loaderData.flash}`, { defaultValue: t("criterion.saved.rating") })}</FormMessage> : null}
      {confirmConflict ? <FormMessage>{t("renewal.conflict")}</FormMessage> : null}

      <div className="criterion-layout">
        <section className="criterion-reference" aria-labelledby="requirement-title">
          <p className="standard-line">
            {standard.code}. {standard.title[lng]}
          </p>
          <h2 id="requirement-title" className="requirement">
            {criterion.text[lng]}
          </h2>
          <h3>{t("criterion.guidance")}</h3>
          <p>{criterion.guidance[lng]}</p>
          <h3>{t("criterion.expectedEvidence")}</h3>
          <ul>
            {criterion.evidence.map((e, i) => (
              <li key={i}>{e[lng]}</li>
            ))}
          </ul>
          <h3>{t("criterion.methods")}</h3>
          <p>{criterion.methods.map((m) => t(`methods.${m}`)).join(" · ")}</p>
          <details>
            <summary>{t("criterion.intent")}</summary>
            <p>{standard.intent[lng]}</p>
          </details>
        </section>

        <section id="rating" className="panel criterion-rating" aria-labelledby="rating-title">
          <h2 id="rating-title">{t("criterion.ratingTitle")}</h2>
          <p className="field-hint">
            {t("criterion.current")} <RatingText rating={saved.rating === "" ? null : saved.rating === "NA" ? "NA" : Number(saved.rating)} scale={loaderData.scale} />
            {saved.updatedAt ? ` — ${t("criterion.lastSaved", { name: saved.updatedByName ?? "", date: format.dateTime(saved.updatedAt) })}` : ""}
          </p>
          {loaderData.serviceNa && criterion.service ? (
            <p className="service-na-status">
              <ServiceNaMark review={loaderData.serviceNa} service={criterion.service} />
            </p>
          ) : null}
          {criterion.service ? <p className="field-hint">{t("criterion.serviceNaHint", { service: t(`referential:services.${criterion.service}.name`) })}</p> : null}
          {carried ? (
            <div className="carried-cell">
              <CarriedBadge version={carried.fromVersion} from={carried.from} />
              {loaderData.editable ? <ConfirmCarriedForm processId={process.id} criterionCode={criterion.code} version={saved.version} /> : null}
              {loaderData.editable ? <p className="field-hint">{t("renewal.badgeHint")}</p> : null}
            </div>
          ) : null}
          <RatingGuidance guidance={ratingGuidanceView(criterion, loaderData.scale, lng)} />
          <RatingForm
            key={`${saved.version}-${ratingAction?.conflict?.version ?? ""}`}
            onSaved={() => setCarriedCleared(true)}
            userId={loaderData.userId}
            saveUrl={`${base}/criteria/${criterion.code}/rating`}
            scale={loaderData.scale}
            naAllowed={criterion.na_allowed}
            service={criterion.service ?? null}
            editable={loaderData.editable}
            initial={ratingAction?.mine ? { ...ratingAction.mine, version: saved.version } : saved}
            serverConflict={ratingAction?.conflict ?? null}
            serverErrors={ratingAction?.errors}
          />
        </section>
      </div>

      <EvidenceSection
        processId={process.id}
        criterionCode={criterion.code}
        editable={loaderData.editable}
        evidence={loaderData.evidence}
        library={loaderData.library}
        maxMb={loaderData.maxMb}
      />
      <ActionsSection processId={process.id} criterionCode={criterion.code} editable={loaderData.editable} actions={loaderData.actions} colleagues={loaderData.colleagues} />

      <section id="comments" aria-labelledby="comments-title">
        <h2 id="comments-title">{t("criterion.commentsTitle", { count: loaderData.comments.length })}</h2>
        {loaderData.comments.length ? (
          <ol className="comments">
            {loaderData.comments.map((c) => (
              <li key={c.id}>
                <p className="message-meta">
                  {c.authorName} · {format.dateTime(c.createdAt)}
                </p>
                <p className="pre">{c.body}</p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("criterion.noComments")}</p>
        )}
        {loaderData.editable ? (
          <Form method="post" className="stack" action={`${base}/criteria/${criterion.code}`}>
            <CsrfField />
            <input type="hidden" name="intent" value="comment" />
            <div className={commentAction?.comment.error?.body ? "field field-invalid" : "field"}>
              <label htmlFor="comment-body">{t("criterion.addComment")}</label>
              <textarea id="comment-body" name="body" rows={3} maxLength={5000} required defaultValue={String(commentAction?.comment.initialValue?.body ?? "")} />
              {commentAction?.comment.error?.body ? <p className="field-errors">{t(`common:validation.${commentAction.comment.error.body[0]}`)}</p> : null}
            </div>
            <button type="submit" className="button">
              {t("criterion.postComment")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="rating-history-title">
        <h2 id="rating-history-title">{t("criterion.historyTitle")}</h2>
        {loaderData.history.length === 0 ? (
          <p>{t("criterion.noHistory")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t("criterion.historyCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("common:history.when")}</th>
                  <th scope="col">{t("common:history.who")}</th>
                  <th scope="col">{t("criterion.ratingTitle")}</th>
                  <th scope="col">{t("rating.justification")}</th>
                </tr>
              </thead>
              <tbody>
                {loaderData.history.map((h) => (
                  <tr key={h.id}>
                    <td>{format.dateTime(h.at)}</td>
                    <td>
                      {h.actorName ?? t("common:history.system")}
                      {h.carriedFrom ? <small className="history-note">{t("renewal.historyCarried", { version: loaderData.fromVersion ?? "", codes: h.carriedFrom.join(", ") })}</small> : null}
                      {h.confirmed ? <small className="history-note">{t("renewal.historyConfirmed")}</small> : null}
                    </td>
                    <td>{h.changes?.rating ? `${String(h.changes.rating.from ?? "—")} → ${String(h.changes.rating.to ?? "—")}` : "="}</td>
                    <td className="pre">{h.changes?.justification ? String(h.changes.justification.to) : "="}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}
