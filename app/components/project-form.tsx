import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { COOPERATION_STATUSES, FUNDING_SOURCES, MAX_FUNDINGS, THEMES } from "#app/domain/registry/codes.ts";
import { projectSchema, type ProjectInput } from "#app/domain/registry/schemas.ts";
import { Field, FieldErrors } from "./forms.tsx";
import { CountryOptions, RegistryFormShell, useCountryName } from "./registry.tsx";

/** The form's fields as the browser posts them (all text). */
type ProjectFormShape = {
  titleFr: string;
  titleEn: string;
  summary: string;
  theme: string;
  status: string;
  startYear: string;
  endYear: string;
  establishmentIds: string[];
  partnerInstitution: string;
  partnerCountryCode: string;
  partnerNotNamed: string;
  siteIds: string[];
  apHpLead: string;
  partnerContact: string;
  fundings: { source: string; call: string; year: string; amountEur: string }[];
  sources: string;
  notes: string;
};

/**
 * A refused post comes back with what was typed; a hand-made one may carry `fundings` as a plain value or an object
 * (`fundings=abc`), on which conform's field list throws (a 500 instead of the form and its errors): replaced by the
 * empty rows a new form shows.
 */
function withFundingsAsList(lastResult: SubmissionResult<string[]> | null | undefined) {
  const fundings = lastResult?.initialValue?.fundings;
  if (!lastResult?.initialValue || fundings === undefined) return lastResult;
  const isList = Array.isArray(fundings) && fundings.every((row) => row === undefined || (typeof row === "object" && row !== null && !Array.isArray(row)));
  return isList ? lastResult : { ...lastResult, initialValue: { ...lastResult.initialValue, fundings: Array.from({ length: MAX_FUNDINGS }, () => ({})) } };
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : []);

export interface ProjectFormOptions {
  countries: { iso: string; nameFr: string; nameEn: string }[];
  establishments: { id: string; name: string; city: string; countryCode: string }[];
  sites: { id: string; name: string }[];
}

/** Create and edit a cooperation project. Works without JavaScript; with it, fields are checked as they are left. */
export function ProjectForm({
  options,
  initial,
  lastResult,
  submitLabel,
}: {
  options: ProjectFormOptions;
  initial?: ProjectInput;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("registry");
  const countryName = useCountryName(options.countries);
  const schema = projectSchema();
  const fundings = [...(initial?.fundings ?? [])];
  while (fundings.length < MAX_FUNDINGS) fundings.push({ source: undefined as never });
  const [form, fields] = useForm<ProjectFormShape, ProjectFormShape, string[]>({
    lastResult: withFundingsAsList(lastResult),
    defaultValue: initial
      ? {
          ...initial,
          startYear: initial.startYear?.toString(),
          endYear: initial.endYear?.toString(),
          partnerNotNamed: initial.partnerNotNamed ? "on" : undefined,
          fundings: fundings.map((f) => ({ source: f.source ?? "", call: f.call ?? "", year: f.year?.toString() ?? "", amountEur: f.amountEur?.toString() ?? "" })),
        }
      : { status: "active", fundings: fundings.map(() => ({ source: "", call: "", year: "", amountEur: "" })) },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }) as never,
  });
  const fundingList = fields.fundings.getFieldList();
  return (
    <RegistryFormShell form={form} submitLabel={submitLabel}>
      <fieldset>
        <legend>{t("form.project.identity")}</legend>
        <Field field={fields.titleFr} label={t("form.project.titleFr")}>
          <input {...getInputProps(fields.titleFr, { type: "text" })} lang="fr" />
        </Field>
        <Field field={fields.titleEn} label={t("form.project.titleEn")}>
          <input {...getInputProps(fields.titleEn, { type: "text" })} lang="en" />
        </Field>
        <Field field={fields.summary} label={t("form.project.summary")}>
          <textarea {...getTextareaProps(fields.summary)} rows={3} />
        </Field>
        <div className="form-row">
          <Field field={fields.theme} label={t("form.project.theme")}>
            <select {...getSelectProps(fields.theme)}>
              <option value="">—</option>
              {THEMES.map((th) => (
                <option key={th} value={th}>
                  {t(`themes.${th}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field field={fields.status} label={t("form.project.status")}>
            <select {...getSelectProps(fields.status)}>
              {COOPERATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field field={fields.startYear} label={t("form.project.startYear")}>
            <input {...getInputProps(fields.startYear, { type: "number" })} inputMode="numeric" />
          </Field>
          <Field field={fields.endYear} label={t("form.project.endYear")}>
            <input {...getInputProps(fields.endYear, { type: "number" })} inputMode="numeric" />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("form.project.partners")}</legend>
        <p className="field-hint">{t("form.project.partnersHint")}</p>
        <Field field={fields.establishmentIds} label={t("form.project.establishments")} hint={t("form.project.establishmentsHint")}>
          <select {...getSelectProps(fields.establishmentIds)} defaultValue={asList(fields.establishmentIds.initialValue)} multiple size={8}>
            {options.establishments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name} ({e.city}, {countryName(e.countryCode)})
              </option>
            ))}
          </select>
        </Field>
        <div className="form-row">
          <Field field={fields.partnerInstitution} label={t("form.project.partnerInstitution")}>
            <input {...getInputProps(fields.partnerInstitution, { type: "text" })} />
          </Field>
          <Field field={fields.partnerCountryCode} label={t("form.project.partnerCountry")}>
            <select {...getSelectProps(fields.partnerCountryCode)}>
              <option value="">—</option>
              <CountryOptions countries={options.countries} />
            </select>
          </Field>
        </div>
        <div className="field field-checkbox">
          <input {...getInputProps(fields.partnerNotNamed, { type: "checkbox" })} />
          <label htmlFor={fields.partnerNotNamed.id}>{t("form.project.partnerNotNamed")}</label>
        </div>
        <Field field={fields.partnerContact} label={t("form.project.partnerContact")}>
          <input {...getInputProps(fields.partnerContact, { type: "text" })} />
        </Field>
      </fieldset>

      <fieldset aria-describedby={fields.siteIds.errorId}>
        <legend>{t("form.project.sites")}</legend>
        <ul className="checkbox-grid">
          {getCollectionProps(fields.siteIds, { type: "checkbox", options: options.sites.map((s) => s.id) }).map((props) => (
            <li key={props.key} className="field-checkbox">
              <input {...props} key={props.key} />
              <label htmlFor={props.id}>{options.sites.find((s) => s.id === props.value)?.name}</label>
            </li>
          ))}
        </ul>
        <FieldErrors id={fields.siteIds.errorId} errors={fields.siteIds.errors} />
        <Field field={fields.apHpLead} label={t("form.project.apHpLead")}>
          <input {...getInputProps(fields.apHpLead, { type: "text" })} />
        </Field>
      </fieldset>

      <fieldset>
        <legend>{t("form.project.fundings")}</legend>
        <p className="field-hint">{t("form.project.fundingsHint")}</p>
        {fundingList.map((funding, i) => {
          const f = funding.getFieldset();
          return (
            <div key={funding.key} className="form-row funding-row" role="group" aria-label={t("form.project.fundingN", { n: i + 1 })}>
              <Field field={f.source} label={t("form.project.fundingSource", { n: i + 1 })}>
                <select {...getSelectProps(f.source)}>
                  <option value="">—</option>
                  {FUNDING_SOURCES.map((s) => (
                    <option key={s} value={s}>
                      {t(`funding.${s}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field field={f.call} label={t("form.project.fundingCall")}>
                <input {...getInputProps(f.call, { type: "text" })} />
              </Field>
              <Field field={f.year} label={t("form.project.fundingYear")}>
                <input {...getInputProps(f.year, { type: "number" })} inputMode="numeric" />
              </Field>
              <Field field={f.amountEur} label={t("form.project.fundingAmount")}>
                <input {...getInputProps(f.amountEur, { type: "number" })} inputMode="numeric" min={0} />
              </Field>
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>{t("form.project.traceability")}</legend>
        <Field field={fields.sources} label={t("form.project.sources")}>
          <input {...getInputProps(fields.sources, { type: "text" })} />
        </Field>
        <Field field={fields.notes} label={t("form.project.notes")}>
          <textarea {...getTextareaProps(fields.notes)} rows={3} />
        </Field>
      </fieldset>
    </RegistryFormShell>
  );
}
