/**
 * What every versioned rating form shares (the hospital's self-assessment, the auditors' scoring): without
 * JavaScript a plain form that saves and comes back to its page; with it, autosave after a short pause, a visible
 * saved / saving / not saved state, every change queued in the browser until the server has it (offline, power cut,
 * closed browser: the offline queue's ordered log), and a colleague's value shown side by side instead of overwritten. The form owns its fields; this
 * owns the save.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form } from "react-router";
import { CsrfField } from "./forms.tsx";
import { changedBeforeHydration } from "./hydration.ts";
import { dropPending, getPending, keepMine as keepMineQueued, onQueueEvent, pageOfEndpoint, queueChange, syncPending, type PendingFields, type SaveResponse } from "./offline-queue.ts";

export type SaveState = "idle" | "dirty" | "saving" | "saved" | "offline" | "conflict" | "invalid" | "error";

const AUTOSAVE_DELAY_MS = 1500;

/** Who saved the value a save ran into, and its version. */
export interface SavedValue {
  version: number;
  updatedByName: string | null;
}

/**
 * A save that did not go through because of a colleague's value: saved meanwhile (`conflict`: saving again from
 * their version keeps yours), or a value only someone else may change (`rated_by_colleague`).
 */
export interface ColleagueValue<Current extends SavedValue> {
  reason: "conflict" | "rated_by_colleague";
  current: Current;
}

export function useVersionedSave<Current extends SavedValue>({
  userId,
  saveUrl,
  editable,
  version,
  serverConflict,
  serverErrors,
  readFields,
  restore,
  onSaved,
}: {
  userId: string;
  /** The JSON endpoint (the page's own action serves the plain form). */
  saveUrl: string;
  editable: boolean;
  /** The version the form's values started from (0: never saved). */
  version: number;
  /** What the plain form's post ran into (the page's action data). */
  serverConflict?: ColleagueValue<Current> | null;
  serverErrors?: Partial<Record<string, string>>;
  /** The form's fields as posted (without baseVersion): what a kept entry holds. */
  readFields: (data: FormData) => PendingFields;
  /** Puts a kept entry's fields back into the form. */
  restore: (fields: PendingFields) => void;
  /** Told of every save the server took (e.g. to drop a mark the save cleared). */
  onSaved?: (version: number) => void;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const baseVersion = useRef(serverConflict ? serverConflict.current.version : version);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<SaveState>(serverConflict ? "conflict" : serverErrors && Object.keys(serverErrors).length ? "invalid" : "idle");
  const [conflict, setConflict] = useState<ColleagueValue<Current> | null>(serverConflict ?? null);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>(serverErrors ?? {});
  // The form's callbacks change at every render; the effects below must not re-run for that.
  const fieldsOf = useRef(readFields);
  const restoreFields = useRef(restore);
  const saved = useRef(onSaved);
  fieldsOf.current = readFields;
  restoreFields.current = restore;
  saved.current = onSaved;

  const fields = useCallback(() => fieldsOf.current(new FormData(formRef.current!)), []);

  /** Queues the form's values (merged with a change not yet sent) and sends the log, unless offline. */
  const save = useCallback(
    async () => {
      clearTimeout(timer.current);
      await queueChange(userId, { url: saveUrl, fields: fields(), baseVersion: baseVersion.current });
      if (!navigator.onLine) {
        setState("offline");
        return;
      }
      setState("saving");
      await syncPending(userId);
    },
    [userId, saveUrl, fields],
  );

  // Every answer the sync brings for this criterion (whoever started it: this form, the banner, the connection's return).
  useEffect(
    () =>
      onQueueEvent((event) => {
        if (event.userId !== userId) return;
        if (event.type === "stopped") {
          setState((s) => (s === "saving" || s === "dirty" ? "offline" : s));
          return;
        }
        if (event.type !== "answer" || event.url !== saveUrl) return;
        const result = event.result as SaveResponse<Current>;
        if (result.status === "saved" || result.status === "unchanged") {
          baseVersion.current = result.version;
          if (result.status === "saved") saved.current?.(result.version);
          setErrors({});
          setConflict(null);
          // A newer edit typed while this one travelled is still waiting.
          void getPending(userId, saveUrl).then((next) => setState(next ? "dirty" : "saved"));
        } else if (result.status === "conflict" || result.status === "rated_by_colleague") {
          setConflict({ reason: result.status, current: result.current });
          setState("conflict");
        } else if (result.status === "invalid") {
          setErrors(result.problems);
          setState("invalid");
        } else {
          setState("error");
        }
      }),
    [userId, saveUrl],
  );

  // A change made before hydration (a slow link) is the newest: the form takes it and saves it as any other change.
  // Otherwise, a change kept in the browser (offline, power cut, closed browser) comes back into the form: a conflict
  // with the colleague's value beside it, a waiting change sent again.
  useEffect(() => {
    if (!editable) return;
    if (formRef.current && changedBeforeHydration(formRef.current)) {
      restoreFields.current(fields());
      queueMicrotask(() => changedRef.current());
      return;
    }
    let stale = false;
    void getPending(userId, saveUrl).then((pending) => {
      if (stale || !pending) return;
      restoreFields.current(pending.fields);
      baseVersion.current = pending.baseVersion;
      if (pending.status === "conflict" && pending.current) {
        setConflict({ reason: pending.reason === "rated_by_colleague" ? "rated_by_colleague" : "conflict", current: pending.current as Current });
        setState("conflict");
      } else if (pending.status === "refused") {
        setState("error");
      } else if (navigator.onLine) {
        setState("saving");
        void syncPending(userId);
      } else {
        setState("offline");
      }
    });
    return () => {
      stale = true;
    };
  }, [editable, userId, saveUrl]);

  /** After the form's state took a change: queued at once, sent after a pause (not while a colleague's value waits). */
  const changed = () => {
    if (!editable) return;
    setState(state === "conflict" ? "conflict" : "dirty");
    clearTimeout(timer.current);
    void queueChange(userId, { url: saveUrl, fields: fields(), baseVersion: baseVersion.current });
    if (state !== "conflict") timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  };
  const changedRef = useRef(changed);
  changedRef.current = changed;

  return {
    formRef,
    editable,
    state,
    conflict,
    errors,
    changed,
    /** The save button, with JavaScript: at once, through the same endpoint as autosave. */
    saveNow: () => void save(),
    /** Saves the form's values over the colleague's (from their version). */
    keepMine: () => {
      if (!conflict) return;
      baseVersion.current = conflict.current.version;
      setConflict(null);
      setState("saving");
      void keepMineQueued(userId, saveUrl, fields(), conflict.current.version).then(() => syncPending(userId));
    },
    /** Gives the form's values up for the colleague's; the caller puts theirs into its fields. */
    takeTheirs: (): Current | null => {
      if (!conflict) return null;
      baseVersion.current = conflict.current.version;
      void dropPending(userId, saveUrl);
      setConflict(null);
      setState("saved");
      return conflict.current;
    },
    /** The version the plain form posts (a colleague's once a conflict showed it: saving again keeps yours). */
    postedVersion: serverConflict ? serverConflict.current.version : version,
  };
}

/** A colleague's value beside the form's: what they saved, and the way out (keep mine / take theirs). */
export function ColleagueNotice({
  message,
  theirs,
  saveUrl,
  onKeepMine,
  onTakeTheirs,
  takeTheirsLabel,
}: {
  message: string;
  /** Their saved value, as the form's fields read. */
  theirs: ReactNode;
  saveUrl: string;
  /** Absent when saving again cannot help (the value is a colleague's to change). */
  onKeepMine?: () => void;
  onTakeTheirs: () => void;
  takeTheirsLabel?: string;
}) {
  const { t } = useTranslation("process");
  return (
    <div className="notice notice-error conflict" role="alert">
      <p>{message}</p>
      <div className="columns">
        <div>
          <h3>{t("rating.theirVersion")}</h3>
          {theirs}
        </div>
        <div>
          <h3>{t("rating.yourVersion")}</h3>
          <p>{t("rating.yourVersionHint")}</p>
        </div>
      </div>
      <p className="actions-row">
        {onKeepMine ? (
          // Without JavaScript, saving again (the form's baseVersion is now theirs) keeps your version.
          <button type="submit" className="button button-primary" onClick={(e) => (e.preventDefault(), onKeepMine())}>
            {t("rating.keepMine")}
          </button>
        ) : null}
        <a
          href={pageOfEndpoint(saveUrl)}
          className="button"
          onClick={(e) => {
            e.preventDefault();
            onTakeTheirs();
          }}
        >
          {takeTheirsLabel ?? t("rating.takeTheirs")}
        </a>
      </p>
    </div>
  );
}

/**
 * The form around a versioned save's fields: posts to the page without JavaScript (the version it started from
 * included), saves at once through the endpoint with it; the colleague's value above, the save button and its state
 * below.
 */
export function VersionedForm({
  save,
  action,
  readOnly,
  notice,
  children,
}: {
  save: Pick<ReturnType<typeof useVersionedSave>, "formRef" | "editable" | "state" | "saveNow" | "postedVersion">;
  /** Where the plain form posts (default: this page). */
  action?: string;
  /** What the form says instead of its save button when it is not editable. */
  readOnly: string;
  /** The colleague's value, when a save ran into one. */
  notice: ReactNode;
  children: ReactNode;
}) {
  return (
    <Form
      method="post"
      action={action}
      ref={save.formRef}
      className="stack rating-form"
      aria-describedby="save-state"
      onSubmit={(event) => {
        event.preventDefault();
        save.saveNow();
      }}
    >
      <CsrfField />
      <input type="hidden" name="baseVersion" value={save.postedVersion} />
      {notice}
      {children}
      <SaveRow state={save.state} editable={save.editable} readOnly={readOnly} />
    </Form>
  );
}

/** The save button and the save state a screen reader hears; a read-only line instead when the form is not editable. */
function SaveRow({ state, editable, readOnly }: { state: SaveState; editable: boolean; readOnly: string }) {
  const { t } = useTranslation("process");
  return editable ? (
    <div className="save-row">
      <button type="submit" className="button button-primary">
        {t("rating.save")}
      </button>
      <p id="save-state" className={`save-state save-state-${state}`} role="status" aria-live="polite">
        {state === "idle" ? "" : t(`rating.states.${state}`)}
      </p>
    </div>
  ) : (
    <p className="field-hint">{readOnly}</p>
  );
}
