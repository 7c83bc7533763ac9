import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/project";
import { useFormat } from "#app/components/format.ts";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { HistoryTable, show } from "#app/components/history.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge, useCountryName } from "#app/components/registry.tsx";
import { z } from "#app/forms/validation.ts";
import { listAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { registryActor, registryEditor } from "#app/http/registry.server.ts";
import { closeProject, getProject, listCountries, listEstablishmentChoices, listSites, PROJECT_ENTITY } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor, canEdit, canReadAll } = registryActor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  // A project the actor may not see answers 404, as if it did not exist.
  const project = await getProject(db, actor, id.data);
  if (!project) notFound();
  const [history, countries] = await Promise.all([listAuditTrail(db, PROJECT_ENTITY, project.id), listCountries(db)]);
  // Names for the ids the history shows (only those readers of the whole registry see the history).
  const names: Record<string, string> = {};
  if (canReadAll) {
    for (const e of await listEstablishmentChoices(db)) names[e.id] = e.name;
    for (const s of await listSites(db)) names[s.id] = s.name;
  }
  const { search, ...rest } = project;
  return { project: rest, history: canReadAll ? history : [], names, countries, canEdit, canReadAll, saved: new URL(request.url).searchParams.get("saved") };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const form = await readForm(request);
  if (form.get("intent") !== "close") return data({ error: "invalid" }, { status: 400 });
  const closed = await attempt(() => closeProject(db, actor, id.data), { onForm: ["registry.already_closed"] });
  if (!closed.ok) return data({ error: closed.refusal.code }, { status: closed.refusal.status });
  return redirect(`/cooperations/projects/${id.data}?saved=close`);
}

export default function ProjectPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const { t: tc } = useTranslation();
  const format = useFormat();
  const { project: p, history, names, countries, canEdit, canReadAll, saved } = loaderData;
  const countryName = useCountryName(countries);
  const en = i18n.language === "en";
  const title = en ? p.titleEn : p.titleFr;
  const otherTitle = en ? p.titleFr : p.titleEn;
  return (
    <Page>
      <PageHeader title={title} crumbs={[{ to: "/cooperations", label: t("projects.title") }]}>
        {canEdit ? (
          <Link to={`/cooperations/projects/${p.id}/edit`} className="button button-primary">
            {t("projects.edit")}
          </Link>
        ) : null}
      </PageHeader>
      <p className="lead" lang={en ? "fr" : "en"}>
        {otherTitle}
      </p>
      {saved ? <FormMessage tone="success">{t(`saved.${saved}`, { defaultValue: tc("common.saved") })}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t(`errors.${actionData.error}`, { defaultValue: tc("validation.invalid") })}</FormMessage> : null}
      <dl className="facts">
        <dt>{t("columns.status")}</dt>
        <dd>
          <StatusBadge status={p.status} kind="project" />
        </dd>
        <dt>{t("columns.theme")}</dt>
        <dd>{t(`themes.${p.theme}`)}</dd>
        <dt>{t("columns.years")}</dt>
        <dd>
          {p.startYear
            ? p.endYear
              ? `${p.startYear}–${p.endYear}`
              : p.status === "active"
                ? t("projects.since", { year: p.startYear })
                : t("projects.startedIn", { year: p.startYear })
            : t("projects.yearsUnknown")}
        </dd>
        <dt>{t("columns.partner")}</dt>
        <dd>
          {p.establishments.length ? (
            <ul className="plain">
              {p.establishments.map((e) => (
                <li key={e.id}>
                  <Link to={`/cooperations/establishments/${e.id}`}>{e.name}</Link> — {e.city}, {countryName(e.countryCode)}
                </li>
              ))}
            </ul>
          ) : null}
          {p.partnerInstitution ? (
            <p>
              {p.partnerInstitution}
              {p.partnerCountryCode ? `, ${countryName(p.partnerCountryCode)}` : ""}
            </p>
          ) : null}
          {p.partnerNotNamed ? <span className="badge badge-warning">{t("projects.notNamed")}</span> : null}
        </dd>
        <dt>{t("columns.sites")}</dt>
        <dd>
          <ul className="plain">
            {p.sites.map((s) => (
              <li key={s.id}>{canReadAll ? <Link to={`/cooperations/sites/${s.id}`}>{s.name}</Link> : s.name}</li>
            ))}
          </ul>
        </dd>
        <dt>{t("form.project.apHpLead")}</dt>
        <dd>{show(p.apHpLead)}</dd>
        <dt>{t("form.project.partnerContact")}</dt>
        <dd>{show(p.partnerContact)}</dd>
        <dt>{t("columns.funding")}</dt>
        <dd>
          {p.fundings.length ? (
            <ul className="plain">
              {p.fundings.map((f, i) => (
                <li key={i}>
                  {t(`funding.${f.source}`)}
                  {f.call ? ` — ${f.call}` : ""}
                  {f.year ? ` (${f.year})` : ""}
                  {f.amountEur !== null ? ` : ${format.number(f.amountEur, { style: "currency", currency: "EUR", maximumFractionDigits: 0 })}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            t("projects.noFunding")
          )}
        </dd>
        {p.summary ? (
          <>
            <dt>{t("form.project.summary")}</dt>
            <dd>{p.summary}</dd>
          </>
        ) : null}
        <dt>{t("form.project.sources")}</dt>
        <dd>{show(p.sources)}</dd>
        {p.notes ? (
          <>
            <dt>{t("form.project.notes")}</dt>
            <dd className="prewrap">{p.notes}</dd>
          </>
        ) : null}
      </dl>

      {canEdit && p.status !== "closed" ? (
        <section className="panel" aria-labelledby="close-title">
          <h2 id="close-title">{t("projects.closeTitle")}</h2>
          <p>{t("projects.closeHint")}</p>
          <Form method="post">
            <CsrfField />
            <button type="submit" name="intent" value="close" className="button button-danger">
              {t("projects.close")}
            </button>
          </Form>
        </section>
      ) : null}

      {canReadAll ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{tc("history.title")}</h2>
          <HistoryTable
            events={history}
            caption={t("projects.historyCaption")}
            formatValue={(value, field) => {
              if (field === "theme" && typeof value === "string") return t(`themes.${value}`);
              if (field === "status" && typeof value === "string") return t(`status.${value}`);
              if (field === "fundings" && Array.isArray(value)) {
                return value.length
                  ? value
                      .map((v) => {
                        const [source, call, year, amount] = String(v).split("|");
                        const details = [call, year, amount ? `${amount} €` : ""].filter(Boolean).join(", ");
                        return `${t(`funding.${source}`, { defaultValue: source })}${details ? ` (${details})` : ""}`;
                      })
                      .join(" ; ")
                  : "—";
              }
              if (Array.isArray(value)) return value.length ? value.map((v) => names[String(v)] ?? String(v)).join(", ") : "—";
              if (typeof value === "boolean") return tc(value ? "common.yes" : "common.no");
              return show(value);
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}
