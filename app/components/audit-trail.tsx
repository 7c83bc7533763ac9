// The audit trail page's parts: the search form (GET, works without JavaScript) and the events, each readable as
// when, who, what, on which record and what changed.
import { Link } from "react-router";
import { FilterForm, SelectFilter } from "#app/components/filters.tsx";
import { useFormat } from "#app/components/format.ts";
import { useTranslation } from "#app/components/translation.tsx";
import { actionLabel, AUDIT_TRAIL_EXPORT_CAP, EVENT_KIND_NAMES, fieldLabel, KNOWN_ACTIONS, type ShownChange } from "#app/domain/audit-trail.ts";

/** The query string of a search (empty filters left out), with a page cursor or none. */
export function searchQuery(query: Record<string, string | number | undefined>, cursor: { before?: number; after?: number } = {}): string {
  const params = new URLSearchParams();
  const entries: [string, string | number | undefined][] = Object.entries({ ...query, before: undefined, after: undefined, ...cursor });
  for (const [name, value] of entries) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Every choice of the kind filter: the kinds and the actions known today. */
const KIND_OPTIONS = new Set<string>([...EVENT_KIND_NAMES, ...Object.values(KNOWN_ACTIONS).flat()]);

interface Choices {
  people: { id: string; name: string; email: string }[];
  establishments: { id: string; name: string; city: string }[];
  processes: { id: string; establishment: string; code: string; version: string; openedAt: Date | string }[];
}

export function AuditTrailSearch({ query, choices, timeZone }: { query: Record<string, string | number | undefined>; choices: Choices; timeZone: string }) {
  const { t } = useTranslation("trail");
  const format = useFormat();
  const exportHref = `/admin/audit-trail.csv${searchQuery(query)}`;
  return (
    <>
      <FilterForm label={t("search")} actions={<Link to="/admin/audit-trail">{t("reset")}</Link>}>
        <div className="field">
          <label htmlFor="person">{t("person")}</label>
          <input id="person" name="person" type="search" list="audit-trail-people" defaultValue={query.person ?? ""} aria-describedby="person-hint" />
          <datalist id="audit-trail-people">
            {choices.people.map((p) => (
              <option key={p.id} value={p.email}>
                {p.name}
              </option>
            ))}
          </datalist>
          <p id="person-hint" className="field-hint">
            {t("personHint")}
          </p>
        </div>
        <SelectFilter
          name="establishment"
          label={t("establishment")}
          value={query.establishment}
          allLabel={t("allEstablishments")}
          options={choices.establishments.map((e) => ({ value: e.id, label: `${e.name} (${e.city})` }))}
        />
        <SelectFilter
          name="process"
          label={t("process")}
          value={query.process}
          allLabel={t("allProcesses")}
          options={choices.processes.map((p) => ({ value: p.id, label: `${p.establishment} · ${p.code} ${p.version} · ${format.date(p.openedAt)}` }))}
        />
        <div className="field">
          <label htmlFor="kind">{t("kind")}</label>
          <select id="kind" name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("allKinds")}</option>
            {/* An action the list does not know (a link to a newer action): kept, under its raw name. */}
            {query.kind && !KIND_OPTIONS.has(String(query.kind)) ? <option value={query.kind}>{query.kind}</option> : null}
            {EVENT_KIND_NAMES.map((kind) => (
              <optgroup key={kind} label={t(`kinds.${kind}`)}>
                <option value={kind}>{t("allOfKind", { kind: t(`kinds.${kind}`) })}</option>
                {KNOWN_ACTIONS[kind].map((action) => (
                  <option key={action} value={action}>
                    {actionLabel(t, action)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t("from")}</label>
          <input id="from" name="from" type="date" defaultValue={query.from ?? ""} aria-describedby="dates-hint" />
        </div>
        <div className="field">
          <label htmlFor="to">{t("to")}</label>
          <input id="to" name="to" type="date" defaultValue={query.to ?? ""} aria-describedby="dates-hint" />
          <p id="dates-hint" className="field-hint">
            {t("datesHint", { timeZone })}
          </p>
        </div>
      </FilterForm>
      <p className="export-links">
        <a href={exportHref} download>
          {t("export")}
        </a>{" "}
        — {t("exportHint", { cap: format.number(AUDIT_TRAIL_EXPORT_CAP) })}
      </p>
    </>
  );
}

export interface TrailEvent {
  id: number;
  at: Date | string;
  action: string;
  entityType: string;
  entityId: string;
  changes: ShownChange[];
  actorUserId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  entity: { name: string | null; criterion: string | null; href: string | null };
}

export function AuditTrailTable({ events, query }: { events: TrailEvent[]; query: Record<string, string | number | undefined> }) {
  const { t } = useTranslation("trail");
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table className="audit-trail">
        <caption>{t("caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("what")}</th>
            <th scope="col">{t("which")}</th>
            <th scope="col">{t("changes")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const entityName = [e.entity.name, e.entity.criterion ? t("criterion", { code: e.entity.criterion }) : null].filter(Boolean).join(" · ");
            const entity = (
              <>
                {t(`entities.${e.entityType}`, { defaultValue: e.entityType })}
                {entityName ? ` — ${entityName}` : ""}
              </>
            );
            return (
              <tr key={e.id} data-action={e.action}>
                <td>
                  <time dateTime={new Date(e.at).toISOString()}>{format.dateTime(e.at)}</time>
                </td>
                <td>
                  {e.actorUserId && e.actorName ? (
                    <>
                      <Link to={`/admin/audit-trail${searchQuery({ ...query, person: e.actorUserId })}`} title={t("filterPerson", { name: e.actorName })}>
                        {e.actorName}
                      </Link>
                      <br />
                      <small>{e.actorEmail}</small>
                    </>
                  ) : (
                    t("nobody")
                  )}
                </td>
                <td>{actionLabel(t, e.action)}</td>
                <td>{e.entity.href ? <Link to={e.entity.href}>{entity}</Link> : entity}</td>
                <td>
                  <ul className="changes">
                    {e.changes.map((c) => (
                      <li key={c.field}>
                        {fieldLabel(t, c.field)} : {c.withheld ? t("withheld") : `${c.from} → ${c.to}`}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function AuditTrailPager({ query, newer, older }: { query: Record<string, string | number | undefined>; newer: number | null; older: number | null }) {
  const { t } = useTranslation("trail");
  if (newer === null && older === null) return null;
  return (
    <nav className="pagination" aria-label={t("pages")}>
      {newer !== null ? <Link to={`/admin/audit-trail${searchQuery(query)}`}>{t("newest")}</Link> : null}
      {newer !== null ? (
        <Link to={`/admin/audit-trail${searchQuery(query, { after: newer })}`} rel="prev">
          {t("newer")}
        </Link>
      ) : null}
      {older !== null ? (
        <Link to={`/admin/audit-trail${searchQuery(query, { before: older })}`} rel="next">
          {t("older")}
        </Link>
      ) : null}
    </nav>
  );
}
