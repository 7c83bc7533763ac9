import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/referentials";
import { useFormat } from "#app/components/format.ts";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show, type HistoryEvent } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { Accreditation } from "#app/components/label.tsx";
import { VersionStatusBadge } from "#app/components/referential.tsx";
import { accreditationSchema } from "#app/forms/accreditation.ts";
import { REFERENTIAL_STATUSES } from "#app/domain/referential/vocabulary.ts";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { attempt, formReply } from "#app/http/errors.server.ts";
import { getServices, readForm, requireRole } from "#app/http/guards.server.ts";
import { listAccreditations, recordAccreditation, type Accreditation as AccreditationRow } from "#app/services/referential/accreditations.server.ts";
import {
  listReferentialVersions,
  publishReferential,
  REFERENTIAL_ENTITY,
  ReferentialError,
  retireReferential,
} from "#app/services/referential/referentials.server.ts";

const doneSchema = z.object({
  done: z.enum(["publish", "retire", "accredit"]).optional().catch(undefined),
  version: z.uuid().optional().catch(undefined),
});

const actionSchema = z.object({
  intent: z.enum(["publish", "retire"]),
  versionId: z.uuid(),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const versions = await listReferentialVersions(db);
  // Sequential: PGlite has one connection, and there are only a handful of versions.
  const histories: Record<string, HistoryEvent[]> = {};
  const accreditations: Record<string, AccreditationRow[]> = {};
  for (const v of versions) {
    histories[v.id] = await listAuditTrail(db, REFERENTIAL_ENTITY, v.id);
    accreditations[v.id] = await listAccreditations(db, v.id);
  }
  const done = doneSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const doneVersion = versions.find((v) => v.id === done.version);
  return {
    versions,
    histories,
    accreditations,
    done: done.done && doneVersion ? { step: done.done, label: `${doneVersion.code} ${doneVersion.version}` } : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const formData = await readForm(request);
  // An external accreditation of a published version; a refused form comes back with what was typed.
  if (formData.get("intent") === "accredit") {
    const versionId = z.uuid().safeParse(formData.get("versionId"));
    if (!versionId.success) return data({ error: "invalid", versionId: null }, { status: 400 });
    const submission = parseWithZod(formData, { schema: accreditationSchema });
    if (submission.status !== "success") return data({ error: null, versionId: versionId.data, accreditation: submission.reply() }, { status: 400 });
    const done = await attempt(() => recordAccreditation(db, actor, versionId.data, submission.value), { onForm: ["label.accreditation_invalid", "label.accreditation_not_published"] });
    if (!done.ok) return data({ error: null, versionId: versionId.data, accreditation: formReply(submission, done.refusal, done.refusal.messageKey) }, { status: done.refusal.status });
    return redirect(`/admin/referentials?done=accredit&version=${versionId.data}`);
  }
  const parsed = actionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ error: "invalid", versionId: null }, { status: 400 });
  const { intent, versionId } = parsed.data;
  if (formData.get("confirm") !== "on") return data({ error: "confirm_required", versionId }, { status: 400 });
  const done = await attempt(
    () => (intent === "publish" ? publishReferential(db, { id: versionId }, { actorUserId: actor.id }) : retireReferential(db, { id: versionId }, { actorUserId: actor.id })),
    { onForm: ReferentialError },
  );
  if (!done.ok) return data({ error: done.refusal.code, versionId }, { status: done.refusal.status });
  return redirect(`/admin/referentials?done=${intent}&version=${versionId}`);
}

export default function Referentials({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("referential");
  const format = useFormat();
  const { versions, histories, accreditations, done } = loaderData;
  const lang = i18n.language === "en" ? "en" : "fr";
  return (
    <Page>
      <PageHeader title={t("title")} />
      <p className="lead">{t("intro")}</p>
      <FormMessage tone="info">
        <strong>{t("illustrative")}</strong>
      </FormMessage>
      <p>{t("importHint")}</p>
      {done ? <FormMessage tone="success">{t(`done.${done.step}`, { version: done.label })}</FormMessage> : null}
      {actionData?.error && !actionData.versionId ? <FormMessage>{t(`errors.${actionData.error}`)}</FormMessage> : null}

      {versions.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("caption", { count: versions.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.version")}</th>
                <th scope="col">{t("columns.status")}</th>
                <th scope="col">{t("columns.dates")}</th>
                <th scope="col">{t("columns.content")}</th>
                <th scope="col">{t("columns.hash")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <a href={`#version-${v.id}`}>
                      {v.code} {v.version}
                    </a>
                    <br />
                    <small>{v.title[lang]}</small>
                  </th>
                  <td>
                    <VersionStatusBadge status={v.status} />
                  </td>
                  <td>
                    {t("dates.effective", { date: format.date(v.effectiveDate) })}
                    <br />
                    {t("dates.reviewBy", { date: format.date(v.reviewBy) })}
                    <br />
                    {t("dates.imported", { date: format.dateTime(v.importedAt) })}
                    {v.publishedAt ? (
                      <>
                        <br />
                        {t("dates.published", { date: format.dateTime(v.publishedAt) })}
                      </>
                    ) : null}
                    {v.retiredAt ? (
                      <>
                        <br />
                        {t("dates.retired", { date: format.dateTime(v.retiredAt) })}
                      </>
                    ) : null}
                  </td>
                  <td>
                    {t("counts.chapters", { count: v.counts.chapters })}, {t("counts.standards", { count: v.counts.standards })},{" "}
                    {t("counts.criteria", { count: v.counts.criteria })} ({t("counts.critical", { count: v.counts.critical })},{" "}
                    {t("counts.advanced", { count: v.counts.advanced })})
                  </td>
                  <td>
                    <code title={t("hashTitle", { hash: v.contentHash })}>{v.contentHash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {versions.map((v) => {
        const label = `${v.code} ${v.version}`;
        const error = actionData?.error && actionData.versionId === v.id ? actionData.error : null;
        return (
          <section key={v.id} id={`version-${v.id}`} className="panel" aria-labelledby={`version-${v.id}-title`}>
            <h2 id={`version-${v.id}-title`}>
              {label} <VersionStatusBadge status={v.status} />
            </h2>
            <h3>{t("lifecycleTitle")}</h3>
            {error ? <FormMessage>{t(`errors.${error}`)}</FormMessage> : null}
            {v.status === "retired" ? (
              <p>{t("retiredHint")}</p>
            ) : (
              <Form method="post" className="stack">
                <CsrfField />
                <input type="hidden" name="versionId" value={v.id} />
                <input type="hidden" name="intent" value={v.status === "draft" ? "publish" : "retire"} />
                <p>{v.status === "draft" ? t("publish.hint") : t("retire.hint")}</p>
                <div className="field field-checkbox">
                  <input type="checkbox" id={`confirm-${v.id}`} name="confirm" required />
                  <label htmlFor={`confirm-${v.id}`}>{t(v.status === "draft" ? "publish.confirm" : "retire.confirm", { version: label })}</label>
                </div>
                <button type="submit" className={v.status === "draft" ? "button button-primary" : "button button-danger"}>
                  {v.status === "draft" ? t("publish.button") : t("retire.button")}
                </button>
              </Form>
            )}
            {v.status === "draft" ? null : (
              <AccreditationSection versionId={v.id} accreditations={accreditations[v.id] ?? []} lastResult={actionData && "accreditation" in actionData && actionData.versionId === v.id ? actionData.accreditation : undefined} />
            )}
            <h3>{t("history.title", { version: label })}</h3>
            <VersionHistory events={histories[v.id] ?? []} label={label} />
          </section>
        );
      })}
    </Page>
  );
}

/**
 * The shared HistoryTable looks action and field names up in the common namespace; this page's names live in the
 * referential namespace, so they are put into words here first.
 */
function VersionHistory({ events, label }: { events: HistoryEvent[]; label: string }) {
  const { t } = useTranslation("referential");
  const words = events.map((e) => ({
    ...e,
    action: t(`history.actions.${e.action.replaceAll(".", "_")}`, { defaultValue: e.action }),
    changes: e.changes
      ? Object.fromEntries(Object.entries(e.changes).map(([field, change]) => [t(`history.fields.${field}`, { defaultValue: field }), change]))
      : null,
  }));
  const statusWords = new Set<string>(REFERENTIAL_STATUSES);
  return (
    <HistoryTable
      events={words}
      caption={t("history.caption", { version: label })}
      formatValue={(value) => {
        if (typeof value === "string" && statusWords.has(value)) return t(`status.${value}`);
        if (typeof value === "string" && /^[0-9a-f]{64}$/.test(value)) return value.slice(0, 12);
        return show(value);
      }}
    />
  );
}

/** A version's external accreditations and the form that records one (a plain POST, without JavaScript too). */
function AccreditationSection({ versionId, accreditations, lastResult }: { versionId: string; accreditations: AccreditationRow[]; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("public");
  const [form, fields] = useForm({
    id: `accredit-${versionId}`,
    lastResult,
    constraint: getZodConstraint(accreditationSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: accreditationSchema }),
  });
  const formError = form.errors?.[0];
  return (
    <>
      <h3>{t("accreditation.title")}</h3>
      {accreditations.length === 0 ? (
        <p>{t("accreditation.none")}</p>
      ) : (
        <ul>
          {accreditations.map((a) => (
            <li key={a.id}>
              <Accreditation accreditation={a} />
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">{t("accreditation.hint")}</p>
      {formError ? <FormMessage>{t(formError, { defaultValue: t("common:validation.invalid") })}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <input type="hidden" name="intent" value="accredit" />
        <input type="hidden" name="versionId" value={versionId} />
        <Field field={fields.body} label={t("accreditation.body")} hint={t("accreditation.bodyHint")}>
          <input {...getInputProps(fields.body, { type: "text", ariaDescribedBy: fields.body.descriptionId })} />
        </Field>
        <Field field={fields.accreditedOn} label={t("accreditation.accreditedOn")}>
          <input {...getInputProps(fields.accreditedOn, { type: "date" })} />
        </Field>
        <Field field={fields.reference} label={t("accreditation.referenceField")}>
          <input {...getInputProps(fields.reference, { type: "text" })} />
        </Field>
        <button type="submit" className="button">
          {t("accreditation.submit")}
        </button>
      </Form>
    </>
  );
}
