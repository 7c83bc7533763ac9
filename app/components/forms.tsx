import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { useRouteLoaderData } from "react-router";
import { CSRF_FIELD } from "#app/csrf.ts";

/** The hidden CSRF token every form posts (needed only by browsers that send no Origin header). */
export function CsrfField() {
  const root = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name={CSRF_FIELD} value={root?.csrfToken ?? ""} />;
}

/** Translated messages of a field; each has an id so the input can point to it (aria-describedby). */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{t(`validation.${e}`, { defaultValue: t("validation.invalid") })}</li>
      ))}
    </ul>
  );
}

/** A label, an input (given as children) and its errors, tied together for screen readers. */
export function Field({
  field,
  label,
  hint,
  children,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={field.errors?.length ? "field field-invalid" : "field"}>
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={field.descriptionId}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** A message for the whole form (e.g. wrong password), announced to screen readers. */
export function FormMessage({ tone = "error", children }: { tone?: "error" | "success" | "info"; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`notice notice-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
