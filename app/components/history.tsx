import { useTranslation } from "#app/components/translation.tsx";
import { useFormat } from "./format.ts";

export interface HistoryEvent {
  id: number;
  at: Date | string;
  action: string;
  actorName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

export function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
}

/** Who changed what and when, as a table (every change of reference data is recorded). */
export function HistoryTable({
  events,
  caption,
  formatValue = show,
}: {
  events: HistoryEvent[];
  caption: string;
  /** Turns a stored value into words (a role code into its name, an id into a hospital's name). */
  formatValue?: (value: unknown, field: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("history.when")}</th>
            <th scope="col">{t("history.who")}</th>
            <th scope="col">{t("history.what")}</th>
            <th scope="col">{t("history.changes")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{format.dateTime(e.at)}</td>
              <td>{e.actorName ?? t("history.system")}</td>
              <td>{t(`history.actions.${e.action.replaceAll(".", "_")}`, { defaultValue: e.action })}</td>
              <td>
                {e.changes ? (
                  <ul className="changes">
                    {Object.entries(e.changes).map(([field, change]) => (
                      <li key={field}>
                        {t(`history.fields.${field}`, { defaultValue: field })} : {formatValue(change.from, field)} → {formatValue(change.to, field)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
