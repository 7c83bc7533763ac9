/**
 * The "Action plan" section of the criterion page (plan d'actions): the criterion's actions (what, who, due date,
 * status), a status change per action and a form to add one. Plain forms that work without JavaScript.
 *
 * Every form posts to /processes/:processId/actions (intent=create with criterion, title, owner, ownerUserId,
 * dueDate, status;
 * intent=status with actionId, status) with `returnTo` (this page). The answer is a redirect to `returnTo`:
 * - success: `?saved=action#actions` (the criterion page shows its "saved" message);
 * - refusal: `?error=action.<key>#actions`, keys: invalid, not_found, not_editable. This section shows that
 *   message itself (role="alert").
 *
 * Loader data: `actions` from listCriterionActions(db, process, code) (app/services/process/action-plan.server.ts), and
 * `colleagues` (listEstablishmentColleagues) for the "colleague to remind" choice.
 */
import { useId } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link, useLocation } from "react-router";
import { CsrfField, FormMessage } from "./forms.tsx";
import { useFormat } from "./format.ts";
import { ActionStatusBadge, flagMessage } from "./workspace.tsx";
import { ACTION_STATUSES, sectionError, withoutFlags, type CriterionAction } from "#app/domain/process/workspace.ts";

export type { CriterionAction } from "#app/domain/process/workspace.ts";

export interface Colleague {
  id: string;
  name: string;
}

export function ActionsSection(props: { processId: string; criterionCode: string; editable: boolean; actions: CriterionAction[]; colleagues: Colleague[] }) {
  const { processId, criterionCode, editable, actions, colleagues } = props;
  const { t } = useTranslation("workspace");
  const location = useLocation();
  const id = useId();
  const planPath = `/processes/${processId}/actions`;
  const returnTo = withoutFlags(location.pathname, location.search);
  const action = `${planPath}?returnTo=${encodeURIComponent(returnTo)}`;
  const error = sectionError(new URLSearchParams(location.search).get("error"), "action");

  return (
    <section id="actions" className="workspace-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("actions.sectionTitle")}</h2>
      {error ? <FormMessage>{flagMessage(t, error)}</FormMessage> : null}
      {actions.length === 0 ? (
        <p>{t("actions.noneForCriterion")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("actions.criterionCaption", { count: actions.length, code: criterionCode })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("actions.what")}</th>
                <th scope="col">{t("actions.who")}</th>
                <th scope="col">{t("actions.due")}</th>
                <th scope="col">{t("actions.status")}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <ActionCells item={a} planPath={planPath} returnTo={returnTo} editable={editable} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {editable ? (
        <div className="panel">
          <h3>{t("actions.addTitle")}</h3>
          <Form method="post" action={action} className="stack">
            <CsrfField />
            <input type="hidden" name="intent" value="create" />
            <input type="hidden" name="criterion" value={criterionCode} />
            <input type="hidden" name="returnTo" value={returnTo} />
            <ActionFields idPrefix={id} colleagues={colleagues} />
            <button type="submit" className="button button-primary">
              {t("actions.add")}
            </button>
          </Form>
        </div>
      ) : null}
      <p>
        <Link to={`${planPath}?criterion=${encodeURIComponent(criterionCode)}`}>{t("actions.openPlan")}</Link>
      </p>
    </section>
  );
}

/**
 * The cells every action table shows: what (a link to the action's own page), who, when, and the status with its
 * form when the plan may be changed. Both lead back to `returnTo`.
 */
export function ActionCells({ item, planPath, returnTo, editable }: { item: CriterionAction; planPath: string; returnTo: string; editable: boolean }) {
  const format = useFormat();
  return (
    <>
      <td>
        <Link to={`${planPath}/${item.id}?returnTo=${encodeURIComponent(returnTo)}`}>{item.title}</Link>
      </td>
      <td>
        <ActionOwner action={item} />
      </td>
      <td>{item.dueDate ? format.date(item.dueDate) : "—"}</td>
      <td>
        <ActionStatusBadge status={item.status} overdue={item.overdue} />
        {editable ? <ActionStatusForm action={planPath} item={item} returnTo={returnTo} /> : null}
      </td>
    </>
  );
}

/** Who carries an action, and the colleague reminded when it is late (if one was chosen). */
export function ActionOwner({ action }: { action: Pick<CriterionAction, "owner" | "ownerUserName"> }) {
  const { t } = useTranslation("workspace");
  return (
    <>
      {action.owner || "—"}
      {action.ownerUserName ? (
        <>
          <br />
          <span className="table-note">{t("actions.reminded", { name: action.ownerUserName })}</span>
        </>
      ) : null}
    </>
  );
}

/** What an action form starts with (an existing action, or what was typed before a refusal). */
export interface ActionFieldValues {
  title?: string;
  owner?: string;
  ownerUserId?: string | null;
  dueDate?: string | null;
  status?: CriterionAction["status"];
}

/** Title, owner, colleague to remind, due date and status of an action (new on the criterion and plan pages, or edited). */
export function ActionFields({ idPrefix, colleagues, initial = {} }: { idPrefix: string; colleagues: Colleague[]; initial?: ActionFieldValues }) {
  const { t } = useTranslation("workspace");
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-title`}>{t("actions.what")}</label>
        <input id={`${idPrefix}-title`} name="title" type="text" required minLength={3} maxLength={500} defaultValue={initial.title} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-owner`}>{t("actions.who")}</label>
        <p className="field-hint" id={`${idPrefix}-owner-hint`}>
          {t("actions.whoHint")}
        </p>
        <input id={`${idPrefix}-owner`} name="owner" type="text" maxLength={200} aria-describedby={`${idPrefix}-owner-hint`} defaultValue={initial.owner} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-remind`}>{t("actions.remind")}</label>
        <p className="field-hint" id={`${idPrefix}-remind-hint`}>
          {t("actions.remindHint")}
        </p>
        <select id={`${idPrefix}-remind`} name="ownerUserId" defaultValue={initial.ownerUserId ?? ""} aria-describedby={`${idPrefix}-remind-hint`}>
          <option value="">{t("actions.remindNone")}</option>
          {colleagues.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-due`}>{t("actions.due")}</label>
        <input id={`${idPrefix}-due`} name="dueDate" type="date" defaultValue={initial.dueDate ?? undefined} />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-status`}>{t("actions.status")}</label>
        <select id={`${idPrefix}-status`} name="status" defaultValue={initial.status ?? "planned"}>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`actions.statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** Changes one action's status (a plain form: works without JavaScript). */
export function ActionStatusForm({ action, item, returnTo }: { action: string; item: { id: string; title: string; status: CriterionAction["status"] }; returnTo: string }) {
  const { t } = useTranslation("workspace");
  return (
    <Form method="post" action={action} className="status-form">
      <CsrfField />
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="actionId" value={item.id} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <select name="status" defaultValue={item.status} aria-label={t("actions.changeStatusOf", { title: item.title })}>
        {ACTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`actions.statuses.${s}`)}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="button">
        {t("actions.changeStatus")}
      </button>
    </Form>
  );
}
