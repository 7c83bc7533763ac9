import { useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { FINDING_CLASSIFICATIONS, FINDING_MAX } from "#app/domain/audit/visit.ts";
import type { Scale } from "#app/domain/referential/schema.ts";
import { METHODS } from "#app/domain/referential/vocabulary.ts";
import { listField, textField } from "./offline-queue.ts";
import { RatingOptions, RatingTextArea, useShownRating } from "./rating-form.tsx";
import { ColleagueNotice, useVersionedSave, VersionedForm, type ColleagueValue } from "./versioned-form.tsx";

/** An audit rating as the form posts it and as a colleague's value comes back. */
export interface AuditRatingValue {
  rating: string | null;
  finding: string;
  classification: string | null;
  methods: string[];
  version: number;
  updatedByName: string | null;
}

export type AuditRatingField = "rating" | "finding" | "classification" | "methods";

/**
 * The auditor's rating of one criterion: the value on the version's scale, the methods used, what was observed and
 * its classification. Saved through the versioned form, like the hospital's rating (plain form without
 * JavaScript; autosave, offline queue and a colleague's value side by side with it).
 */
export function AuditRatingForm({
  userId,
  saveUrl,
  action,
  scale,
  naAllowed,
  suggestedMethods,
  editable,
  initial,
  serverConflict,
  serverErrors,
}: {
  userId: string;
  /** The JSON endpoint of the autosave. */
  saveUrl: string;
  /** The page the plain form posts to (with the list's filters, so it comes back to them). */
  action: string;
  scale: Scale;
  naAllowed: boolean;
  /** The methods the criterion names, marked in the list. */
  suggestedMethods: readonly string[];
  editable: boolean;
  initial: Omit<AuditRatingValue, "updatedByName">;
  serverConflict?: ColleagueValue<AuditRatingValue> | null;
  serverErrors?: Partial<Record<AuditRatingField, string>>;
}) {
  const { t } = useTranslation("audit");
  const [rating, setRating] = useState(initial.rating ?? "");
  const [finding, setFinding] = useState(initial.finding);
  const [classification, setClassification] = useState(initial.classification ?? "");
  const [methods, setMethods] = useState<string[]>(initial.methods);
  const save = useVersionedSave<AuditRatingValue>({
    userId,
    saveUrl,
    editable,
    version: initial.version,
    serverConflict,
    serverErrors,
    readFields: (data) => ({
      rating: String(data.get("rating") ?? ""),
      methods: data.getAll("methods").map(String),
      finding: String(data.get("finding") ?? ""),
      classification: String(data.get("classification") ?? ""),
    }),
    restore: (fields) => {
      setRating(textField(fields, "rating"));
      setMethods(listField(fields, "methods"));
      setFinding(textField(fields, "finding"));
      setClassification(textField(fields, "classification"));
    },
  });
  const shownRating = useShownRating(scale);
  const { conflict, errors, changed, keepMine } = save;
  const chooseTheirs = () => {
    const theirs = save.takeTheirs();
    if (!theirs) return;
    setRating(theirs.rating ?? "");
    setMethods(theirs.methods);
    setFinding(theirs.finding);
    setClassification(theirs.classification ?? "");
  };
  const after = (update: () => void) => {
    update();
    queueMicrotask(changed);
  };
  const problem = (field: AuditRatingField) => (errors[field] ? t(`scoring.problems.${errors[field]}`, { max: FINDING_MAX }) : undefined);
  const topValue = String(Math.max(...scale.values.map((v) => v.value)));
  const findingNeeded = rating !== "" && rating !== topValue;
  const suggested = new Set(suggestedMethods);

  return (
    <VersionedForm
      save={save}
      action={action}
      readOnly={t("scoring.readOnly")}
      notice={
        conflict ? (
          <ColleagueNotice
            message={t(conflict.reason === "conflict" ? "scoring.conflict" : "scoring.ratedByColleague", {
              name: conflict.current.updatedByName ?? t("scoring.someone"),
            })}
            theirs={<AuditRatingSummary value={conflict.current} shownRating={shownRating} />}
            saveUrl={saveUrl}
            onKeepMine={conflict.reason === "conflict" ? keepMine : undefined}
            onTakeTheirs={chooseTheirs}
            takeTheirsLabel={conflict.reason === "conflict" ? undefined : t("scoring.discardMine")}
          />
        ) : null
      }
    >
      <RatingOptions
        scale={scale}
        naAllowed={naAllowed}
        value={rating}
        disabled={!editable}
        error={problem("rating")}
        onChange={(value) => after(() => setRating(value))}
      />
      <fieldset className="checkboxes audit-methods" disabled={!editable} aria-invalid={errors.methods ? true : undefined} aria-describedby={errors.methods ? "methods-error" : undefined}>
        <legend>{t("scoring.methodsUsed")}</legend>
        {METHODS.map((m) => (
          <label key={m}>
            <input
              type="checkbox"
              name="methods"
              value={m}
              checked={methods.includes(m)}
              onChange={(e) => {
                const checked = e.target.checked;
                after(() => setMethods((list) => (checked ? [...list, m] : list.filter((x) => x !== m))));
              }}
            />{" "}
            {t(`process:methods.${m}`)}
            {suggested.has(m) ? <small> ({t("scoring.suggested")})</small> : null}
          </label>
        ))}
        {errors.methods ? (
          <p className="field-errors" id="methods-error">
            {problem("methods")}
          </p>
        ) : null}
      </fieldset>
      <RatingTextArea
        name="finding"
        label={t("scoring.finding")}
        required={findingNeeded}
        hint={t("scoring.findingHint")}
        value={finding}
        rows={6}
        maxLength={FINDING_MAX}
        disabled={!editable}
        error={problem("finding")}
        onChange={(value) => after(() => setFinding(value))}
      />
      <fieldset
        className="rating-options audit-classification"
        disabled={!editable}
        aria-invalid={errors.classification ? true : undefined}
        aria-describedby={errors.classification ? "classification-hint classification-error" : "classification-hint"}
      >
        <legend>{t("scoring.classification")}</legend>
        <p className="field-hint" id="classification-hint">
          {t("scoring.classificationHint")}
        </p>
        {["", ...FINDING_CLASSIFICATIONS].map((c) => (
          <label key={c || "none"} className="rating-option">
            <input type="radio" name="classification" value={c} checked={classification === c} onChange={() => after(() => setClassification(c))} />
            <span>
              <strong>{t(`scoring.classifications.${c || "none"}`)}</strong>
            </span>
          </label>
        ))}
        {errors.classification ? (
          <p className="field-errors" id="classification-error">
            {problem("classification")}
          </p>
        ) : null}
      </fieldset>
    </VersionedForm>
  );
}

/** An audit rating in words: value, classification, methods and finding (a colleague's, or the saved one). */
export function AuditRatingSummary({ value, shownRating }: { value: Omit<AuditRatingValue, "version" | "updatedByName">; shownRating: (rating: string | null) => string }) {
  const { t } = useTranslation("audit");
  return (
    <dl className="audit-rating-summary">
      <dt>{t("scoring.auditRating")}</dt>
      <dd>
        <strong>{shownRating(value.rating)}</strong>
      </dd>
      <dt>{t("scoring.classification")}</dt>
      <dd>{t(`scoring.classifications.${value.classification ?? "none"}`)}</dd>
      <dt>{t("scoring.methodsUsed")}</dt>
      <dd>{value.methods.length ? value.methods.map((m) => t(`process:methods.${m}`)).join(" · ") : "—"}</dd>
      <dt>{t("scoring.finding")}</dt>
      <dd className="pre">{value.finding || "—"}</dd>
    </dl>
  );
}
