import { getFormProps, type FormMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, NavLink } from "react-router";
import type { AgreementStatus, CooperationStatus } from "#app/domain/registry/codes.ts";
import { useFormat } from "./format.ts";
import { SelectFilter } from "./filters.tsx";
import { CsrfField, FormMessage } from "./forms.tsx";

/**
 * The frame of every registry edit form (establishment, site, project, agreement): a plain POST form with its CSRF
 * field, the "fix the errors below" message after a refused submission, the fields, and the submit button.
 */
// Any form shape: only the form-level props are used here.
export function RegistryFormShell<Shape extends Record<string, any>>({ form, submitLabel, children }: { form: FormMetadata<Shape, string[]>; submitLabel: string; children: ReactNode }) {
  const { t } = useTranslation("registry");
  return (
    <Form method="post" className="stack registry-form" {...getFormProps(form)}>
      <CsrfField />
      {form.errors?.length ? <FormMessage>{t("form.fixErrors")}</FormMessage> : null}
      {children}
      <button type="submit" className="button button-primary">
        {submitLabel}
      </button>
    </Form>
  );
}

/** The registry's own navigation, under the page title. */
export function RegistryNav({ canEdit, canReadAll }: { canEdit: boolean; canReadAll: boolean }) {
  const { t } = useTranslation("registry");
  const items = [
    { to: "/cooperations", key: "nav.projects", end: true },
    ...(canReadAll ? [{ to: "/cooperations/dashboard", key: "nav.dashboard", end: false }] : []),
    { to: "/cooperations/establishments", key: "nav.establishments", end: false },
    ...(canReadAll ? [{ to: "/cooperations/sites", key: "nav.sites", end: false }] : []),
    { to: "/cooperations/agreements", key: "nav.agreements", end: false },
    ...(canEdit ? [{ to: "/cooperations/import", key: "nav.import", end: false }] : []),
  ];
  return (
    <nav className="subnav" aria-label={t("nav.label")}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end}>
              {t(item.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const STATUS_CLASS: Record<CooperationStatus | AgreementStatus, string> = {
  active: "badge badge-success",
  closed: "badge badge-muted",
  expired: "badge badge-muted",
  terminated: "badge badge-muted",
  unknown: "badge badge-warning",
};
const STATUS_SYMBOL: Record<CooperationStatus | AgreementStatus, string> = { active: "●", closed: "■", expired: "■", terminated: "■", unknown: "?" };

/** Status in words with a symbol, never colour alone. */
export function StatusBadge({ status, kind }: { status: CooperationStatus | AgreementStatus; kind: "project" | "agreement" }) {
  const { t } = useTranslation("registry");
  return (
    <span className={STATUS_CLASS[status]}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]}</span> {t(kind === "project" ? `status.${status}` : `agreementStatus.${status}`)}
    </span>
  );
}

/** The name of a country in the page's language. */
export function useCountryName(countries: { iso: string; nameFr: string; nameEn: string }[]) {
  const { i18n } = useTranslation();
  const byIso = new Map(countries.map((c) => [c.iso, c]));
  const en = i18n.language === "en";
  return (iso: string | null | undefined) => {
    if (!iso) return "—";
    const c = byIso.get(iso);
    return c ? (en ? c.nameEn : c.nameFr) : iso;
  };
}

/** Countries as select options, sorted by their name in the page's language (filters and forms). */
export function useCountryOptions(countries: { iso: string; nameFr: string; nameEn: string }[]) {
  const { i18n } = useTranslation();
  const countryName = useCountryName(countries);
  return countries.map((c) => ({ value: c.iso, label: countryName(c.iso) })).sort((a, b) => a.label.localeCompare(b.label, i18n.language));
}

/** The `<option>`s of a country select in a form. */
export function CountryOptions({ countries }: { countries: { iso: string; nameFr: string; nameEn: string }[] }) {
  return (
    <>
      {useCountryOptions(countries).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** The country filter of the registry lists. */
export function CountryFilter({ countries, value }: { countries: { iso: string; nameFr: string; nameEn: string }[]; value: string | undefined }) {
  const { t } = useTranslation("registry");
  return <SelectFilter name="country" label={t("filters.country")} value={value} options={useCountryOptions(countries)} allLabel={t("filters.all")} />;
}

/** "2017", "2017-05", "2017-05-12" as the reader expects them ("2017", "05/2017", "12/05/2017"). */
export function usePartialDate() {
  const format = useFormat();
  return (value: string | null | undefined) => {
    if (!value) return "—";
    const [y, m, d] = value.split("-");
    if (d) return format.date(`${value}T00:00:00Z`);
    if (m) return `${m}/${y}`;
    return y!;
  };
}

export interface Bar {
  key: string;
  label: string;
  count: number;
  href?: string;
}

/**
 * A horizontal bar chart as server-rendered SVG (no script needed), with its figures in text beside each bar and
 * the same figures as a table for screen readers and printing.
 */
export function BarChart({ id, title, bars, caption }: { id: string; title: string; bars: Bar[]; caption: string }) {
  const { t } = useTranslation("registry");
  const format = useFormat();
  const maxCount = Math.max(1, ...bars.map((b) => b.count));
  // Each bar under its label: the chart stays legible when a phone scales it down to 20 rem.
  const width = 400;
  const barWidth = 340;
  const rowHeight = 42;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h3>{title}</h3>
      </figcaption>
      {bars.length === 0 ? (
        <p>{t("dashboard.noData")}</p>
      ) : (
        <>
          <svg className="chart-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMinYMin meet">
            <desc id={`${id}-desc`}>{bars.map((b) => `${b.label}: ${b.count}`).join("; ")}</desc>
            {bars.map((b, i) => {
              const y = i * rowHeight;
              const w = Math.max(2, Math.round((b.count / maxCount) * barWidth));
              return (
                <g key={b.key} aria-hidden="true">
                  <text x={0} y={y + 15} className="chart-label">
                    {b.label.length > 56 ? `${b.label.slice(0, 55)}…` : b.label}
                  </text>
                  <rect x={0} y={y + 21} width={w} height={14} rx={2} fill="#0b3b75" />
                  <text x={w + 6} y={y + 33} className="chart-value">
                    {format.number(b.count)}
                  </text>
                </g>
              );
            })}
          </svg>
          <details className="chart-table">
            <summary>{t("dashboard.showTable")}</summary>
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{title}</th>
                  <th scope="col">{t("dashboard.projects")}</th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b) => (
                  <tr key={b.key}>
                    <th scope="row">{b.href ? <a href={b.href}>{b.label}</a> : b.label}</th>
                    <td>{format.number(b.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
