// The action plan of a process (plan d'actions): every action, filtered in the URL (a GET form, works without
// JavaScript), and a form to add one. Its action receives every action post, also from the criterion page
// (intent=create / intent=status; see app/domain/process/workspace.ts for the query flags it answers with).
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link, useLocation } from "react-router";
import type { Route } from "./+types/actions";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ActionCells, ActionFields } from "#app/components/actions-section.tsx";
import { flagMessage, useProcessCrumbs } from "#app/components/workspace.tsx";
import { ACTION_STATUSES, withoutFlags, type ErrorFlag } from "#app/domain/process/workspace.ts";
import { actionFiltersSchema, createActionSchema, updateActionStatusSchema } from "#app/forms/workspace.ts";
import { createAction, listActions, updateAction } from "#app/services/process/action-plan.server.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { listEstablishmentColleagues } from "#app/services/process/assignments.server.ts";
import { criterionOptions, refusal, returnAddress, savedRedirect, SECTION_REFUSALS, sectionFlag } from "#app/http/workspace.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const url = new URL(request.url);
  const filters = actionFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const editable = canEditSelfAssessment(user, process);
  const [actions, all, chapters, colleagues] = await Promise.all([
    listActions(db, process, filters),
    listActions(db, process),
    criterionOptions(context, process),
    editable ? listEstablishmentColleagues(db, process) : [],
  ]);
  return {
    process: { id: process.id, establishmentName: process.establishmentName, referentialVersion: process.referentialVersion },
    editable,
    colleagues: colleagues.map((c) => ({ id: c.id, name: c.name })),
    filters,
    actions,
    totals: { all: all.length, open: all.filter((a) => a.status !== "done").length, overdue: all.filter((a) => a.overdue).length },
    chapters,
    saved: url.searchParams.get("saved"),
    error: url.searchParams.get("error"),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const formData = await readForm(request);
  const returnTo = returnAddress(request, process, formData.get("returnTo"));
  const here = `/processes/${process.id}/actions`;
  const intent = formData.get("intent");
  const done = await attempt(async () => {
    if (intent === "create") {
      const submission = parseWithZod(formData, { schema: createActionSchema });
      if (submission.status !== "success") return refusal("action.invalid", returnTo);
      const v = submission.value;
      await createAction(db, user, process, { criterionCode: v.criterion, title: v.title, owner: v.owner, ownerUserId: v.ownerUserId ?? null, dueDate: v.dueDate ?? null, status: v.status });
      return savedRedirect(returnTo, here, "action");
    }
    if (intent === "status") {
      const parsed = updateActionStatusSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return refusal("action.invalid", returnTo);
      await updateAction(db, user, process, parsed.data.actionId, { status: parsed.data.status });
      return savedRedirect(returnTo, here, "action");
    }
    return refusal("action.invalid", returnTo);
  }, { onForm: SECTION_REFUSALS });
  return done.ok ? done.value : refusal(sectionFlag("action", done.refusal), returnTo, done.refusal.status);
}

export default function ActionPlan({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("workspace");
  const { process, actions, filters, chapters, editable, totals } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}`;
  const here = `${base}/actions`;
  const error = (actionData && "error" in actionData ? actionData.error : null) ?? loaderData.error;
  const filtered = !!(filters.status || filters.chapter || filters.criterion || filters.overdue);
  const chapterTitle = new Map(chapters.map((c) => [c.code, c.title]));
  // A status change comes back to the same filtered list.
  const location = useLocation();
  const returnHere = withoutFlags(location.pathname, location.search);
  return (
    <Page>
      <PageHeader title={t("actions.planTitle")} crumbs={crumbs} />
      <p className="lead">{t("actions.planIntro", { establishment: process.establishmentName, version: process.referentialVersion })}</p>
      <p>{t("actions.totals", { count: totals.all, open: totals.open, overdue: totals.overdue })}</p>
      {loaderData.saved === "action" ? <FormMessage tone="success">{t("flags.saved.action")}</FormMessage> : null}
      {error ? <FormMessage>{flagMessage(t, error as ErrorFlag)}</FormMessage> : null}
      {!editable ? <FormMessage tone="info">{t("readOnly")}</FormMessage> : null}

      <Form method="get" className="filters" role="search" aria-label={t("actions.filtersLabel")}>
        <div className="field">
          <label htmlFor="filter-status">{t("actions.status")}</label>
          <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("actions.allStatuses")}</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actions.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-chapter">{t("actions.chapter")}</label>
          <select id="filter-chapter" name="chapter" defaultValue={filters.chapter ?? ""}>
            <option value="">{t("actions.allChapters")}</option>
            {chapters.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}. {c.title}
              </option>
            ))}
          </select>
        </div>
        {filters.criterion ? <input type="hidden" name="criterion" value={filters.criterion} /> : null}
        <div className="field field-checkbox">
          <input id="filter-overdue" name="overdue" type="checkbox" value="1" defaultChecked={filters.overdue} />
          <label htmlFor="filter-overdue">{t("actions.onlyOverdue")}</label>
        </div>
        <button type="submit" className="button">
          {t("actions.filter")}
        </button>
        {filtered ? <Link to={here}>{t("actions.clearFilters")}</Link> : null}
      </Form>

      <div className="table-wrap">
        <table>
          <caption>{filtered ? t("actions.captionFiltered", { count: actions.length, total: totals.all }) : t("actions.caption", { count: actions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("actions.criterion")}</th>
              <th scope="col">{t("actions.what")}</th>
              <th scope="col">{t("actions.who")}</th>
              <th scope="col">{t("actions.due")}</th>
              <th scope="col">{t("actions.status")}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`${base}/criteria/${a.criterionCode}`}>{a.criterionCode}</Link>
                  <br />
                  <span className="table-note">{chapterTitle.get(a.chapterCode)}</span>
                </td>
                <ActionCells item={a} planPath={here} returnTo={returnHere} editable={editable} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {actions.length === 0 ? <p>{filtered ? t("actions.noneFiltered") : t("actions.none")}</p> : null}

      {editable ? (
        <section className="panel" aria-labelledby="add-action-title">
          <h2 id="add-action-title">{t("actions.addTitle")}</h2>
          <Form method="post" action={here} className="stack">
            <CsrfField />
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor="action-criterion">{t("actions.criterion")}</label>
              <select id="action-criterion" name="criterion" required defaultValue={filters.criterion ?? ""}>
                <option value="">{t("actions.chooseCriterion")}</option>
                {chapters.map((chapter) => (
                  <optgroup key={chapter.code} label={`${chapter.code}. ${chapter.title}`}>
                    {chapter.criteria.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.code} — {c.text}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <ActionFields idPrefix="plan" colleagues={loaderData.colleagues} />
            <button type="submit" className="button button-primary">
              {t("actions.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
