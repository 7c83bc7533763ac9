import { getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { SITE_KINDS } from "#app/domain/registry/codes.ts";
import { siteSchema, type SiteInput } from "#app/domain/registry/schemas.ts";
import { Field } from "./forms.tsx";
import { RegistryFormShell } from "./registry.tsx";

/** Create or edit an AP-HP hospital, hospital group or the headquarters (DRI only). */
export function SiteForm({ initial, lastResult, submitLabel }: { initial?: Partial<SiteInput>; lastResult?: SubmissionResult<string[]> | null; submitLabel: string }) {
  const { t } = useTranslation("registry");
  const schema = siteSchema();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: initial,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <RegistryFormShell form={form} submitLabel={submitLabel}>
      <Field field={fields.name} label={t("sites.name")}>
        <input {...getInputProps(fields.name, { type: "text" })} />
      </Field>
      <div className="form-row">
        <Field field={fields.shortName} label={t("establishments.shortName")}>
          <input {...getInputProps(fields.shortName, { type: "text" })} />
        </Field>
        <Field field={fields.kind} label={t("sites.kind")}>
          <select {...getSelectProps(fields.kind)}>
            <option value="">—</option>
            {SITE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`siteKinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field field={fields.city} label={t("establishments.city")}>
        <input {...getInputProps(fields.city, { type: "text" })} />
      </Field>
      <Field field={fields.notes} label={t("establishments.notes")}>
        <textarea {...getTextareaProps(fields.notes)} rows={4} />
      </Field>
    </RegistryFormShell>
  );
}
