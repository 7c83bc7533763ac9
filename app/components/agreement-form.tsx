import { getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { AGREEMENT_STATUSES } from "#app/domain/registry/codes.ts";
import { agreementSchema } from "#app/domain/registry/schemas.ts";
import { Field } from "./forms.tsx";
import { CountryOptions, RegistryFormShell } from "./registry.tsx";

export interface AgreementFormValues {
  establishmentId?: string;
  partnerInstitution?: string;
  countryCode?: string;
  signedOn?: string;
  renewedOn?: string;
  expiresOn?: string;
  status?: string;
  notes?: string;
}

export function AgreementForm({
  countries,
  establishments,
  initial,
  lastResult,
  submitLabel,
}: {
  countries: { iso: string; nameFr: string; nameEn: string }[];
  establishments: { id: string; name: string; city: string }[];
  initial?: AgreementFormValues;
  lastResult?: SubmissionResult<string[]> | null;
  submitLabel: string;
}) {
  const { t } = useTranslation("registry");
  const schema = agreementSchema();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: initial ?? { status: "active" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <RegistryFormShell form={form} submitLabel={submitLabel}>
      <input type="hidden" name="intent" value="save" />
      <p className="field-hint">{t("agreements.partnerHint")}</p>
      <Field field={fields.establishmentId} label={t("agreements.establishment")}>
        <select {...getSelectProps(fields.establishmentId)}>
          <option value="">—</option>
          {establishments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} ({e.city})
            </option>
          ))}
        </select>
      </Field>
      <Field field={fields.partnerInstitution} label={t("agreements.institution")}>
        <input {...getInputProps(fields.partnerInstitution, { type: "text" })} />
      </Field>
      <Field field={fields.countryCode} label={t("columns.country")} hint={t("agreements.countryHint")}>
        <select {...getSelectProps(fields.countryCode)}>
          <option value="">—</option>
          <CountryOptions countries={countries} />
        </select>
      </Field>
      <div className="form-row">
        <Field field={fields.signedOn} label={t("agreements.signed")} hint={t("agreements.dateHint")}>
          <input {...getInputProps(fields.signedOn, { type: "text" })} inputMode="numeric" placeholder="2017 / 2017-05-12" />
        </Field>
        <Field field={fields.expiresOn} label={t("agreements.expires")} hint={t("agreements.dateHint")}>
          <input {...getInputProps(fields.expiresOn, { type: "text" })} inputMode="numeric" />
        </Field>
      </div>
      <Field field={fields.renewedOn} label={t("agreements.renewed")} hint={t("agreements.renewedHint")}>
        <input {...getInputProps(fields.renewedOn, { type: "text" })} />
      </Field>
      <Field field={fields.status} label={t("columns.status")}>
        <select {...getSelectProps(fields.status)}>
          {AGREEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`agreementStatus.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field field={fields.notes} label={t("establishments.notes")}>
        <textarea {...getTextareaProps(fields.notes)} rows={3} />
      </Field>
    </RegistryFormShell>
  );
}
