import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import type { Scale } from "#app/domain/referential/schema.ts";
import { CsrfField } from "./forms.tsx";
import { dropPending, getPending, pageOfEndpoint, putPending, sendPending, type PendingSave, type SaveResponse } from "./offline-queue.ts";

export interface RatingConflict {
  rating: string | null;
  justification: string;
  version: number;
  updatedByName: string | null;
}

type SaveState = "idle" | "dirty" | "saving" | "saved" | "offline" | "conflict" | "invalid" | "error";

const AUTOSAVE_DELAY_MS = 1500;

/**
 * The rating and its justification. Without JavaScript: a plain form that saves and comes back here. With it:
 * autosave after a short pause, a visible saved/saving/not-saved state, the text kept in the browser while offline,
 * and a conflict shown side by side instead of overwriting a colleague.
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
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const formRef = useRef<HTMLFormElement>(null);
  const baseVersion = useRef(serverConflict ? serverConflict.version : initial.version);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>(serverConflict ? "conflict" : serverErrors && Object.keys(serverErrors).length ? "invalid" : "idle");
  const [conflict, setConflict] = useState<RatingConflict | null>(serverConflict ?? null);
  const [errors, setErrors] = useState(serverErrors ?? {});
  const [rating, setRating] = useState(initial.rating);
  const [justification, setJustification] = useState(initial.justification);

  const current = useCallback((): PendingSave => {
    const data = new FormData(formRef.current!);
    return {
      url: saveUrl,
      fields: { rating: String(data.get("rating") ?? ""), justification: String(data.get("justification") ?? "") },
      baseVersion: baseVersion.current,
      changedAt: Date.now(),
    };
  }, [saveUrl]);

  const save = useCallback(
    async (entry: PendingSave) => {
      clearTimeout(timer.current);
      putPending(userId, entry);
      if (!navigator.onLine) {
        setState("offline");
        return;
      }
      setState("saving");
      let result: SaveResponse<RatingConflict>;
      try {
        result = await sendPending<RatingConflict>(entry);
      } catch {
        setState("offline");
        return;
      }
      if (result.status === "saved" || result.status === "unchanged") {
        baseVersion.current = result.version;
        dropPending(userId, saveUrl, entry.changedAt);
        setErrors({});
        setConflict(null);
        // A newer edit typed while this one travelled is still waiting.
        setState(getPending(userId, saveUrl) ? "dirty" : "saved");
      } else if (result.status === "conflict") {
        setConflict(result.current);
        setState("conflict");
      } else if (result.status === "invalid") {
        setErrors(result.problems);
        setState("invalid");
      } else {
        setState("error");
      }
    },
    [userId, saveUrl],
  );

  // A change kept in the browser (offline, power cut, closed tab) comes back into the form and is sent again.
  useEffect(() => {
    if (!editable) return;
    const pending = getPending(userId, saveUrl);
    if (!pending) return;
    setRating(pending.fields.rating ?? "");
    setJustification(pending.fields.justification ?? "");
    baseVersion.current = pending.baseVersion;
    void save(pending);
  }, [editable, userId, saveUrl, save]);

  useEffect(() => {
    const retry = () => {
      const pending = getPending(userId, saveUrl);
      if (pending) void save(pending);
    };
    window.addEventListener("online", retry);
    const warn = (event: BeforeUnloadEvent) => {
      if (getPending(userId, saveUrl)) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => {
      window.removeEventListener("online", retry);
      window.removeEventListener("beforeunload", warn);
    };
  }, [userId, saveUrl, save]);

  const changed = () => {
    if (!editable) return;
    const entry = current();
    putPending(userId, entry);
    setState(state === "conflict" ? "conflict" : "dirty");
    clearTimeout(timer.current);
    if (state !== "conflict") timer.current = setTimeout(() => void save(current()), AUTOSAVE_DELAY_MS);
  };

  const keepMine = () => {
    if (!conflict) return;
    baseVersion.current = conflict.version;
    void save(current());
  };
  const takeTheirs = () => {
    if (!conflict) return;
    baseVersion.current = conflict.version;
    setRating(conflict.rating ?? "");
    setJustification(conflict.justification);
    dropPending(userId, saveUrl);
    setConflict(null);
    setState("saved");
  };

  const options = [
    ...scale.values.map((v) => ({ value: String(v.value), label: `${v.value} · ${v.label[lng]}`, description: v.description[lng] })),
    ...(naAllowed ? [{ value: "NA", label: `${t("rating.na")} · ${scale.not_applicable.label[lng]}`, description: scale.not_applicable.description[lng] }] : []),
  ];
  const topValue = String(Math.max(...scale.values.map((v) => v.value)));
  const justificationNeeded = rating !== "" && rating !== topValue;
  const shownRating = (value: string | null) => (value === null || value === "" ? t("rating.unrated") : options.find((o) => o.value === value)?.label ?? value);

  return (
    <Form
      method="post"
      ref={formRef}
      className="stack rating-form"
      aria-describedby="save-state"
      onSubmit={(event) => {
        // With JavaScript the button saves at once through the same endpoint as autosave.
        event.preventDefault();
        void save(current());
      }}
    >
      <CsrfField />
      <input type="hidden" name="intent" value="save-rating" />
      <input type="hidden" name="baseVersion" value={serverConflict ? serverConflict.version : initial.version} />
      {conflict ? (
        <div className="notice notice-error conflict" role="alert">
          <p>{t("rating.conflict", { name: conflict.updatedByName ?? t("rating.someone") })}</p>
          <div className="columns">
            <div>
              <h3>{t("rating.theirVersion")}</h3>
              <p>
                <strong>{shownRating(conflict.rating)}</strong>
              </p>
              <p className="pre">{conflict.justification || "—"}</p>
            </div>
            <div>
              <h3>{t("rating.yourVersion")}</h3>
              <p>{t("rating.yourVersionHint")}</p>
            </div>
          </div>
          <p className="actions-row">
            {/* Without JavaScript, saving again (the form's baseVersion is now theirs) keeps your version. */}
            <button type="submit" className="button button-primary" onClick={(e) => (e.preventDefault(), keepMine())}>
              {t("rating.keepMine")}
            </button>
            <a
              href={pageOfEndpoint(saveUrl)}
              className="button"
              onClick={(e) => {
                e.preventDefault();
                takeTheirs();
              }}
            >
              {t("rating.takeTheirs")}
            </a>
          </p>
        </div>
      ) : null}
      <fieldset className="rating-options" disabled={!editable} aria-invalid={errors.rating ? true : undefined} aria-describedby={errors.rating ? "rating-error" : undefined}>
        <legend>{t("rating.legend")}</legend>
        {options.map((o) => (
          <label key={o.value} className="rating-option">
            <input
              type="radio"
              name="rating"
              value={o.value}
              checked={rating === o.value}
              onChange={(e) => {
                setRating(e.target.value);
                queueMicrotask(changed);
              }}
            />
            <span>
              <strong>{o.label}</strong>
              <small>{o.description}</small>
            </span>
          </label>
        ))}
        {errors.rating ? (
          <p className="field-errors" id="rating-error">
            {t(`errors.${errors.rating}`)}
          </p>
        ) : null}
      </fieldset>
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
      {editable ? (
        <div className="save-row">
          <button type="submit" className="button button-primary">
            {t("rating.save")}
          </button>
          <p id="save-state" className={`save-state save-state-${state}`} role="status" aria-live="polite">
            {state === "idle" ? "" : t(`rating.states.${state}`)}
          </p>
        </div>
      ) : (
        <p className="field-hint">{t("rating.readOnly")}</p>
      )}
    </Form>
  );
}
