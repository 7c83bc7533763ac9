import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import type { Scale } from "#app/domain/referential/schema.ts";
import { CsrfField } from "./forms.tsx";
import { textField } from "./offline-queue.ts";
import { ColleagueNotice, SaveRow, useVersionedSave } from "./versioned-form.tsx";

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
  editable,
  initial,
  serverConflict,
  serverErrors,
}: {
  userId: string;
  /** The JSON endpoint for autosave (the page's own action serves the plain form). */
  saveUrl: string;
  scale: Scale;
  naAllowed: boolean;
  editable: boolean;
  initial: { rating: string; justification: string; version: number };
  serverConflict?: RatingConflict | null;
  serverErrors?: Partial<Record<"rating" | "justification", string>>;
}) {
  const { t } = useTranslation("process");
  const [rating, setRating] = useState(initial.rating);
  const [justification, setJustification] = useState(initial.justification);
  const { formRef, state, conflict, errors, changed, saveNow, keepMine, takeTheirs, postedVersion } = useVersionedSave<RatingConflict>({
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
  });
  const chooseTheirs = () => {
    const theirs = takeTheirs();
    if (!theirs) return;
    setRating(theirs.rating ?? "");
    setJustification(theirs.justification);
  };

  const shownRating = useShownRating(scale);
  const topValue = String(Math.max(...scale.values.map((v) => v.value)));
  const justificationNeeded = rating !== "" && rating !== topValue;

  return (
    <Form
      method="post"
      ref={formRef}
      className="stack rating-form"
      aria-describedby="save-state"
      onSubmit={(event) => {
        event.preventDefault();
        saveNow();
      }}
    >
      <CsrfField />
      <input type="hidden" name="intent" value="save-rating" />
      <input type="hidden" name="baseVersion" value={postedVersion} />
      {conflict ? (
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
      ) : null}
      <RatingOptions
        scale={scale}
        naAllowed={naAllowed}
        value={rating}
        disabled={!editable}
        error={errors.rating ? t(`errors.${errors.rating}`) : undefined}
        onChange={(value) => {
          setRating(value);
          queueMicrotask(changed);
        }}
      />
      <div className={errors.justification ? "field field-invalid" : "field"}>
        <label htmlFor="justification">
          {t("rating.justification")} {justificationNeeded ? <span className="required">{t("rating.required")}</span> : null}
        </label>
        <p className="field-hint" id="justification-hint">
          {t("rating.justificationHint")}
        </p>
        <textarea
          id="justification"
          name="justification"
          rows={5}
          maxLength={5000}
          value={justification}
          disabled={!editable}
          aria-describedby={errors.justification ? "justification-hint justification-error" : "justification-hint"}
          aria-invalid={errors.justification ? true : undefined}
          onChange={(e) => {
            setJustification(e.target.value);
            queueMicrotask(changed);
          }}
        />
        {errors.justification ? (
          <p className="field-errors" id="justification-error">
            {t(`errors.${errors.justification}`)}
          </p>
        ) : null}
      </div>
      <SaveRow state={state} editable={editable} readOnly={t("rating.readOnly")} />
    </Form>
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
