import { getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { ESTABLISHMENT_KINDS } from "#app/domain/registry/codes.ts";
import { establishmentSchema, type EstablishmentInput } from "#app/domain/registry/schemas.ts";
import { Field } from "./forms.tsx";
import { CountryOptions, RegistryFormShell } from "./registry.tsx";

export function EstablishmentForm({
  countries,
  initial,
  lastResult,
  submitLabel,
}: {
  countries: { iso: string; nameFr: string; nameEn: string }[];
  initial?: Partial<EstablishmentInput>;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("registry");
  const schema = establishmentSchema();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: initial ? { ...initial, beds: initial.beds?.toString() } : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <RegistryFormShell form={form} submitLabel={submitLabel}>
      <Field field={fields.name} label={t("establishments.name")} hint={t("establishments.nameHint")}>
        <input {...getInputProps(fields.name, { type: "text" })} />
      </Field>
      <Field field={fields.shortName} label={t("establishments.shortName")}>
        <input {...getInputProps(fields.shortName, { type: "text" })} />
      </Field>
      <div className="form-row">
        <Field field={fields.city} label={t("establishments.city")}>
          <input {...getInputProps(fields.city, { type: "text" })} />
        </Field>
        <Field field={fields.countryCode} label={t("columns.country")}>
          <select {...getSelectProps(fields.countryCode)}>
            <option value="">—</option>
            <CountryOptions countries={countries} />
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field field={fields.kind} label={t("establishments.kind")}>
          <select {...getSelectProps(fields.kind)}>
            <option value="">—</option>
            {ESTABLISHMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field field={fields.beds} label={t("establishments.beds")}>
          <input {...getInputProps(fields.beds, { type: "number" })} inputMode="numeric" min={1} />
        </Field>
      </div>
      <Field field={fields.website} label={t("establishments.website")}>
        <input {...getInputProps(fields.website, { type: "url" })} placeholder="https://" />
      </Field>
      <Field field={fields.notes} label={t("establishments.notes")}>
        <textarea {...getTextareaProps(fields.notes)} rows={4} />
      </Field>
    </RegistryFormShell>
  );
}
