import { useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import type { Scale, Service } from "#app/domain/referential/schema.ts";
import { textField } from "./offline-queue.ts";
import { ColleagueNotice, useVersionedSave, VersionedForm } from "./versioned-form.tsx";

export interface RatingConflict {
  rating: string | null;
  justification: string;
  version: number;
  updatedByName: string | null;
}

/**
 * The hospital's rating and its justification, saved through the versioned form (plain form without JavaScript;
 * autosave, offline queue and conflicts with it: see versioned-form.tsx).
 */
export function RatingForm({
  userId,
  saveUrl,
  scale,
  naAllowed,
  service = null,
  editable,
  initial,
  serverConflict,
  serverErrors,
  onSaved,
}: {
  userId: string;
  /** The JSON endpoint for autosave (the page's own action serves the plain form). */
  saveUrl: string;
  scale: Scale;
  naAllowed: boolean;
  /** The service the criterion depends on: a refused N/A names it. */
  service?: Service | null;
  editable: boolean;
  initial: { rating: string; justification: string; version: number };
  serverConflict?: RatingConflict | null;
  serverErrors?: Partial<Record<"rating" | "justification", string>>;
  /** Told of every autosave the server took. */
  onSaved?: (version: number) => void;
}) {
  const { t } = useTranslation("process");
  const [rating, setRating] = useState(initial.rating);
  const [justification, setJustification] = useState(initial.justification);
  const save = useVersionedSave<RatingConflict>({
    userId,
    saveUrl,
    editable,
    version: initial.version,
    serverConflict: serverConflict ? { reason: "conflict", current: serverConflict } : null,
    serverErrors,
    readFields: (data) => ({ rating: String(data.get("rating") ?? ""), justification: String(data.get("justification") ?? "") }),
    restore: (fields) => {
      setRating(textField(fields, "rating"));
      setJustification(textField(fields, "justification"));
    },
    onSaved,
  });
  const { conflict, errors, changed, keepMine } = save;
  const problem = (code: string | undefined) => (code ? t(`errors.${code}`, { service: service ? t(`referential:services.${service}.name`) : "" }) : undefined);
  const chooseTheirs = () => {
    const theirs = save.takeTheirs();
    if (!theirs) return;
    setRating(theirs.rating ?? "");
    setJustification(theirs.justification);
  };

  const shownRating = useShownRating(scale);
  const topValue = String(Math.max(...scale.values.map((v) => v.value)));
  const justificationNeeded = rating !== "" && rating !== topValue;

  return (
    <VersionedForm
      save={save}
      readOnly={t("rating.readOnly")}
      notice={
        conflict ? (
          <ColleagueNotice
            message={t("rating.conflict", { name: conflict.current.updatedByName ?? t("rating.someone") })}
            theirs={
              <>
                <p>
                  <strong>{shownRating(conflict.current.rating)}</strong>
                </p>
                <p className="pre">{conflict.current.justification || "—"}</p>
              </>
            }
            saveUrl={saveUrl}
            onKeepMine={keepMine}
            onTakeTheirs={chooseTheirs}
          />
        ) : null
      }
    >
      <input type="hidden" name="intent" value="save-rating" />
      <RatingOptions
        scale={scale}
        naAllowed={naAllowed}
        value={rating}
        disabled={!editable}
        error={problem(errors.rating)}
        onChange={(value) => {
          setRating(value);
          queueMicrotask(changed);
        }}
      />
      <RatingTextArea
        name="justification"
        label={t("rating.justification")}
        required={justificationNeeded}
        hint={t("rating.justificationHint")}
        value={justification}
        rows={5}
        maxLength={5000}
        disabled={!editable}
        error={problem(errors.justification)}
        onChange={(value) => {
          setJustification(value);
          queueMicrotask(changed);
        }}
      />
    </VersionedForm>
  );
}

function scaleOptions(scale: Scale, naAllowed: boolean, lng: "fr" | "en", naWord: string) {
  return [
    ...scale.values.map((v) => ({ value: String(v.value), label: `${v.value} · ${v.label[lng]}`, description: v.description[lng] })),
    ...(naAllowed ? [{ value: "NA", label: `${naWord} · ${scale.not_applicable.label[lng]}`, description: scale.not_applicable.description[lng] }] : []),
  ];
}

/** A rating as posted ("2", "NA", "" or null) in words, as the radio buttons name it. */
export function useShownRating(scale: Scale) {
  const { t, i18n } = useTranslation("process");
  const options = scaleOptions(scale, true, i18n.language === "en" ? "en" : "fr", t("rating.na"));
  return (value: string | null) => (value === null || value === "" ? t("rating.unrated") : (options.find((o) => o.value === value)?.label ?? value));
}

/** The version's scale as radio buttons named `rating` (N/A only where the criterion allows it), with its error. */
export function RatingOptions({
  scale,
  naAllowed,
  value,
  disabled,
  error,
  onChange,
}: {
  scale: Scale;
  naAllowed: boolean;
  value: string;
  disabled: boolean;
  /** The translated message of a refused value. */
  error?: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t, i18n } = useTranslation("process");
  const options = scaleOptions(scale, naAllowed, i18n.language === "en" ? "en" : "fr", t("rating.na"));
  return (
    <fieldset className="rating-options" disabled={disabled} aria-invalid={error ? true : undefined} aria-describedby={error ? "rating-error" : undefined}>
      <legend>{t("rating.legend")}</legend>
      {options.map((o) => (
        <label key={o.value} className="rating-option">
          <input type="radio" name="rating" value={o.value} checked={value === o.value} onChange={(e) => onChange(e.target.value)} />
          <span>
            <strong>{o.label}</strong>
            <small>{o.description}</small>
          </span>
        </label>
      ))}
      {error ? (
        <p className="field-errors" id="rating-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The long text of a rating form (justification, finding): its label, "required" when it is, a hint and its error. */
export function RatingTextArea({
  name,
  label,
  required,
  hint,
  value,
  rows,
  maxLength,
  disabled,
  error,
  onChange,
}: {
  name: string;
  label: string;
  required: boolean;
  hint: string;
  value: string;
  rows: number;
  maxLength: number;
  disabled: boolean;
  /** The translated message of a refused value. */
  error?: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation("process");
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={name}>
        {label} {required ? <span className="required">{t("rating.required")}</span> : null}
      </label>
      <p className="field-hint" id={`${name}-hint`}>
        {hint}
      </p>
      <textarea
        id={name}
        name={name}
        rows={rows}
        maxLength={maxLength}
        value={value}
        disabled={disabled}
        aria-describedby={error ? `${name}-hint ${name}-error` : `${name}-hint`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p className="field-errors" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
