// List filters: a GET form (the filters live in the URL, so a filtered list can be bookmarked and works without
// JavaScript), a search box and selects whose first option means "all".
import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form } from "react-router";

export function FilterForm({ label, actions, children }: { label?: string; actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters" role="search" aria-label={label}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          {t("common.filter")}
        </button>
        {actions}
      </div>
    </Form>
  );
}

export function SearchFilter({ label, value, placeholder, name = "q" }: { label: string; value: string; placeholder?: string; name?: string }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type="search" defaultValue={value} placeholder={placeholder} />
    </div>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** `allLabel` is the first option (empty value); omit it when a value is always chosen (sort order). */
export function SelectFilter(props: { name: string; label: string; value: string | number | undefined; options: FilterOption[]; allLabel?: string; describedBy?: string }) {
  const { name, label, value, options, allLabel, describedBy } = props;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value?.toString() ?? ""} aria-describedby={describedBy}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
