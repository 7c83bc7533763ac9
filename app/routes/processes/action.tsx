// One action of the action plan: change what, who, the colleague reminded, the due date and the status (a slipped
// due date is moved here, which also re-arms its overdue reminder), with the action's history. Plain form.
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form } from "react-router";
import type { Route } from "./+types/action";
import { ActionFields, type ActionFieldValues } from "#app/components/actions-section.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { HistoryTable, show } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ActionStatusBadge, flagMessage, useProcessCrumbs } from "#app/components/workspace.tsx";
import type { ErrorFlag } from "#app/domain/process/workspace.ts";
import { editActionSchema } from "#app/forms/workspace.ts";
import { z } from "#app/forms/validation.ts";
import { ACTION_ENTITY, getAction, updateAction } from "#app/services/process/action-plan.server.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { getServices, notFound, readForm } from "#app/http/guards.server.ts";
import { attempt, toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { listEstablishmentColleagues } from "#app/services/process/assignments.server.ts";
import { returnAddress, savedRedirect, SECTION_REFUSALS, sectionFlag } from "#app/http/workspace.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const actionId = idSchema.safeParse(params.actionId);
  if (!actionId.success) notFound();
  const { db } = getServices(context);
  const editable = canEditSelfAssessment(user, process);
  try {
    const [action, history, colleagues] = await Promise.all([
      getAction(db, process, actionId.data),
      listAuditTrail(db, ACTION_ENTITY, actionId.data),
      listEstablishmentColleagues(db, process),
    ]);
    return {
      process: { id: process.id, establishmentName: process.establishmentName },
      action,
      history,
      editable,
      colleagues: colleagues.map((c) => ({ id: c.id, name: c.name })),
      returnTo: returnAddress(request, process, null),
    };
  } catch (error) {
    throw toHttpError(error);
  }
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const actionId = idSchema.safeParse(params.actionId);
  if (!actionId.success) notFound();
  const { db } = getServices(context);
  const formData = await readForm(request);
  const returnTo = returnAddress(request, process, formData.get("returnTo"));
  const typed: ActionFieldValues = Object.fromEntries(["title", "owner", "ownerUserId", "dueDate", "status"].map((k) => [k, formData.get(k)?.toString()]));
  const submission = parseWithZod(formData, { schema: editActionSchema });
  // A refusal stays on this page with what was typed.
  if (submission.status !== "success") return data({ error: "action.invalid" as ErrorFlag, typed }, { status: 400 });
  const v = submission.value;
  const updated = await attempt(
    () => updateAction(db, user, process, actionId.data, { title: v.title, owner: v.owner, ownerUserId: v.ownerUserId ?? null, dueDate: v.dueDate ?? null, status: v.status }),
    { onForm: SECTION_REFUSALS },
  );
  if (!updated.ok) return data({ error: sectionFlag("action", updated.refusal), typed }, { status: updated.refusal.status });
  return savedRedirect(returnTo, `/processes/${process.id}/actions`, "action");
}

export default function ActionPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  const { process, action, history, editable, colleagues, returnTo } = loaderData;
  const crumbs = [...useProcessCrumbs(process), { to: `/processes/${process.id}/actions`, label: t("actions.planTitle") }];
  const colleagueName = new Map(colleagues.map((c) => [c.id, c.name]));
  const error = actionData && "error" in actionData ? actionData.error : null;
  const initial: ActionFieldValues = (actionData && "typed" in actionData ? actionData.typed : null) ?? action;
  return (
    <Page narrow>
      <PageHeader title={action.title} crumbs={crumbs} />
      <p className="lead">
        {t("actions.ofCriterion", { code: action.criterionCode })} <ActionStatusBadge status={action.status} overdue={action.overdue} />
      </p>
      {error ? <FormMessage>{flagMessage(t, error)}</FormMessage> : null}
      {editable ? (
        <Form method="post" className="stack panel" aria-label={t("actions.editTitle")}>
          <CsrfField />
          <input type="hidden" name="intent" value="edit" />
          {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
          <ActionFields idPrefix="edit" colleagues={colleagues} initial={initial} />
          <button type="submit" className="button button-primary">
            {t("actions.save")}
          </button>
        </Form>
      ) : (
        <FormMessage tone="info">{t("readOnly")}</FormMessage>
      )}
      <section aria-labelledby="action-history-title">
        <h2 id="action-history-title">{t("actions.historyTitle")}</h2>
        <HistoryTable
          events={history}
          caption={t("actions.historyCaption")}
          formatValue={(value, field) =>
            field === "status" && typeof value === "string"
              ? t(`actions.statuses.${value}`)
              : field === "ownerUserId" && typeof value === "string"
                ? (colleagueName.get(value) ?? t("actions.formerColleague"))
                : field === "dueDate" && typeof value === "string"
                  ? format.date(value)
                  : show(value)
          }
        />
      </section>
    </Page>
  );
}
