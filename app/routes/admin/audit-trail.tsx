import type { Route } from "./+types/audit-trail";
import { AuditTrailPager, AuditTrailSearch, AuditTrailTable } from "#app/components/audit-trail.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { useTranslation } from "#app/components/translation.tsx";
import { readAuditTrailQuery, readerZone } from "#app/http/audit-trail.server.ts";
import { getServices, requireRole } from "#app/http/guards.server.ts";
import { auditTrailChoices, searchAuditTrail } from "#app/services/platform/audit-trail-search.server.ts";

/** The DRI searches the audit trail: by person, establishment, process, kind of event and dates, 50 events a page. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireRole(context, request, "dri_admin");
  const { db } = getServices(context);
  const { query, filters } = readAuditTrailQuery(request);
  const timeZone = readerZone(context, request);
  const page = await searchAuditTrail(db, filters, timeZone, { before: query.before, after: query.after });
  const choices = await auditTrailChoices(db);
  const { before: _before, after: _after, ...search } = query;
  return { page, choices, search, timeZone };
}

export default function AuditTrail({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("trail");
  const { page, choices, search, timeZone } = loaderData;
  return (
    <Page>
      <PageHeader title={t("title")} />
      <p className="lead">{t("intro")}</p>
      <AuditTrailSearch query={search} choices={choices} timeZone={timeZone} />
      {page.events.length === 0 ? <p role="status">{search.person && page.noPerson ? t("noPerson", { person: search.person }) : t("empty")}</p> : <AuditTrailTable events={page.events} query={search} />}
      <AuditTrailPager query={search} newer={page.newer} older={page.older} />
    </Page>
  );
}
