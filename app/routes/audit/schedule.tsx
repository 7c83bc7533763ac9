// The DRI schedules the audit visit of a handed-in process (dates, lead auditor, co-auditors, who takes which
// chapter), and changes it until the audit is submitted. A plain form: works without JavaScript.
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/schedule";
import { CsrfField, FieldErrors, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { parseScheduleForm } from "#app/forms/audit.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { forbidden, getServices, notifyContext, readForm } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { listAuditors, loadVisit, scheduleVisit, ScheduleRefusal } from "#app/services/audit/visits.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

const SCHEDULABLE = ["submitted", "audit_scheduled", "audit_in_progress", "deferred"];

async function requireScheduler(args: { request: Request; context: Route.LoaderArgs["context"]; params: { processId?: string } }) {
  const { user, process } = await requireProcess(args.context, args.request, args.params.processId);
  if (user.role !== "dri_admin") forbidden();
  return { user, process };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { process } = await requireScheduler({ request, context, params });
  const { db } = getServices(context);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const [visit, auditors, frozen] = await Promise.all([loadVisit(db, process), listAuditors(db), getFrozenVersion(db, process.referentialVersionId)]);
  const chapterOf = new Map<string, string>();
  for (const member of visit?.team ?? []) for (const code of member.chapters) chapterOf.set(code, member.userId);
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    open: SCHEDULABLE.includes(process.state),
    current: visit
      ? {
          startsOn: visit.startsOn,
          endsOn: visit.endsOn,
          leadId: visit.team.find((m) => m.role === "lead")?.userId ?? "",
          coAuditorIds: visit.team.filter((m) => m.role === "co_auditor").map((m) => m.userId),
          chapters: Object.fromEntries(chapterOf),
        }
      : null,
    auditors,
    chapters: frozen.version.chapters.map((c) => ({ code: c.code, title: c.title[lng] })),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireScheduler({ request, context, params });
  const formData = await readForm(request);
  const parsed = parseScheduleForm(formData);
  if (!parsed.ok) throw data({ reason: "bad_request" }, { status: 400 });
  const typed = { ...parsed.value, leadId: parsed.value.leadId ?? "", startsOn: parsed.value.startsOn ?? "", endsOn: parsed.value.endsOn ?? "" };
  const chapters = Object.fromEntries(Object.entries(parsed.value.chapters).map(([code, ids]) => [code, ids[0]!]));
  try {
    const outcome = await scheduleVisit(getServices(context).db, user, process, parsed.value, notifyContext(context, request));
    return redirect(`/processes/${process.id}/audit?done=${outcome}`);
  } catch (error) {
    // A refused form keeps what was typed, with each message under its field.
    if (error instanceof ScheduleRefusal) return data({ problems: error.problems, typed: { ...typed, chapters } }, { status: 400 });
    throw toHttpError(error);
  }
}

export default function SchedulePage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const { process, auditors, chapters, open } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const values = actionData?.typed ?? loaderData.current ?? { startsOn: "", endsOn: "", leadId: "", coAuditorIds: [] as string[], chapters: {} as Record<string, string> };
  const problems: Partial<Record<string, string>> = actionData?.problems ?? {};
  const err = (field: string) => (problems[field] ? [problems[field]!] : undefined);
  const invalid = (field: string) => (problems[field] ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  const title = loaderData.current ? t("schedule.changeTitle") : t("schedule.title");
  return (
    <Page narrow>
      <PageHeader title={title} crumbs={crumbs} />
      <p className="lead">{t("schedule.intro", { establishment: process.establishmentName })}</p>
      {!open ? (
        <FormMessage tone="info">{t("errors.schedule_not_allowed")}</FormMessage>
      ) : auditors.length === 0 ? (
        <FormMessage tone="info">
          {t("schedule.noAuditors")} <Link to="/admin/users/new">{t("schedule.createAuditor")}</Link>
        </FormMessage>
      ) : (
        <Form method="post" className="form" noValidate>
          <CsrfField />
          {Object.keys(problems).length ? <FormMessage>{t("schedule.fix")}</FormMessage> : null}
          <fieldset>
            <legend>{t("schedule.dates")}</legend>
            <div className={problems.startsOn ? "field field-invalid" : "field"}>
              <label htmlFor="startsOn">{t("schedule.startsOn")}</label>
              <input type="date" id="startsOn" name="startsOn" defaultValue={values.startsOn} required {...invalid("startsOn")} />
              <FieldErrors id="startsOn-error" errors={err("startsOn")} />
            </div>
            <div className={problems.endsOn ? "field field-invalid" : "field"}>
              <label htmlFor="endsOn">{t("schedule.endsOn")}</label>
              <input type="date" id="endsOn" name="endsOn" defaultValue={values.endsOn} required {...invalid("endsOn")} />
              <FieldErrors id="endsOn-error" errors={err("endsOn")} />
            </div>
          </fieldset>
          <div className={problems.leadId ? "field field-invalid" : "field"}>
            <label htmlFor="leadId">{t("schedule.lead")}</label>
            <select id="leadId" name="leadId" defaultValue={values.leadId} required {...invalid("leadId")}>
              <option value="">{t("schedule.choose")}</option>
              {auditors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <FieldErrors id="leadId-error" errors={err("leadId")} />
          </div>
          <fieldset className={problems.coAuditorIds ? "checkboxes field-invalid" : "checkboxes"} {...invalid("coAuditorIds")}>
            <legend>{t("schedule.coAuditors")}</legend>
            {auditors.map((a) => (
              <label key={a.id}>
                <input type="checkbox" name="coAuditorIds" value={a.id} defaultChecked={values.coAuditorIds.includes(a.id)} />
                {a.name}
              </label>
            ))}
            <FieldErrors id="coAuditorIds-error" errors={err("coAuditorIds")} />
          </fieldset>
          <fieldset>
            <legend>{t("schedule.chapters")}</legend>
            <p className="field-hint">{t("schedule.chaptersHint")}</p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("schedule.chapters")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("schedule.chapter")}</th>
                    <th scope="col">{t("schedule.member")}</th>
                  </tr>
                </thead>
                <tbody>
                  {chapters.map((c) => (
                    <tr key={c.code}>
                      <th scope="row">
                        <label htmlFor={`chapter-${c.code}`}>
                          {c.code}. {c.title}
                        </label>
                      </th>
                      <td>
                        <select id={`chapter-${c.code}`} name={`chapter-${c.code}`} defaultValue={values.chapters[c.code] ?? ""}>
                          <option value="">{t("schedule.wholeTeam")}</option>
                          {auditors.map((a) => (
                            <option key={a.id} value={a.id}>
                              {a.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
          <p className="actions-row">
            <button type="submit" className="button button-primary">
              {loaderData.current ? t("schedule.saveChange") : t("schedule.save")}
            </button>
            <Link to={`/processes/${process.id}`} className="button">
              {t("schedule.cancel")}
            </Link>
          </p>
        </Form>
      )}
    </Page>
  );
}
