// A renewal's carried-over ratings on the pages: the choice when a process is opened, the mark on a rating still to
// confirm, its confirmation (a plain form), and the count the process page shows (ADR 0021).
import { useEffect, useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import { CsrfField } from "./forms.tsx";

/**
 * The box "start from the previous process's ratings", ticked by default; `checked` gives back what a rejected form
 * had (a box the person unticked stays unticked). `version`: the previous process's version
 * when the page knows the establishment; `null` on a page where it is still to choose, without JavaScript (the box
 * then says "if the hospital had one"; with JavaScript it shows only for an establishment that had one).
 */
export function CarryOverChoice({ version, name = "carryOver", checked = true }: { version: string | null; name?: string; checked?: boolean }) {
  const { t } = useTranslation("process");
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id="carry-over" name={name} defaultChecked={checked} aria-describedby="carry-over-hint" />
      <label htmlFor="carry-over">{version ? t("renewal.carryOver", { version }) : t("renewal.carryOverAny")}</label>
      <p className="field-hint" id="carry-over-hint">
        {t("renewal.carryOverHint")}
      </p>
    </div>
  );
}

/** True once the page runs with JavaScript (false in the server's HTML and on the first render after it). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** "Carried over from 2019 (4.2.1) — to confirm". */
export function CarriedBadge({ version, from }: { version: string; from: string[] }) {
  const { t } = useTranslation("process");
  return <span className="badge badge-warning carried-over">{t("renewal.badge", { version, codes: from.join(", ") })}</span>;
}

/**
 * Confirms one carried-over rating as it stands (plain form to the criterion page, with the version it shows);
 * `returnTo`: the list it was clicked in (the criterion page otherwise).
 */
export function ConfirmCarriedForm({ processId, criterionCode, version, returnTo }: { processId: string; criterionCode: string; version: number; returnTo?: string }) {
  const { t } = useTranslation("process");
  return (
    <Form method="post" action={`/processes/${processId}/criteria/${criterionCode}`} className="inline-form">
      <CsrfField />
      <input type="hidden" name="intent" value="confirm-carried" />
      <input type="hidden" name="baseVersion" value={version} />
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <button type="submit" className="button button-small" aria-label={t("renewal.confirmLabel", { code: criterionCode })}>
        {t("renewal.confirm")}
      </button>
    </Form>
  );
}

export interface CarryOverSummaryData {
  fromVersion: string;
  carried: number;
  toConfirm: number;
}

/** "54 ratings carried over from the 2019 process, 12 of them confirmed or changed" (each number its own plural). */
export function CarryOverText({ summary }: { summary: CarryOverSummaryData }) {
  const { t } = useTranslation("process");
  return (
    <>
      {t("renewal.summary", { count: summary.carried, version: summary.fromVersion })}
      {t("renewal.confirmedPart", { count: summary.carried - summary.toConfirm })}
    </>
  );
}

/** The sentence, with what is left to confirm (a link to them when `processId` is given). */
export function CarryOverSummary({ summary, processId }: { summary: CarryOverSummaryData; processId?: string }) {
  const { t } = useTranslation("process");
  return (
    <p className="carry-over-summary">
      <CarryOverText summary={summary} />
      {summary.toConfirm > 0 ? (
        <>
          {" · "}
          {processId ? (
            <Link to={`/processes/${processId}/criteria?carried=on`}>{t("renewal.toConfirm", { count: summary.toConfirm })}</Link>
          ) : (
            t("renewal.toConfirm", { count: summary.toConfirm })
          )}
        </>
      ) : null}
    </p>
  );
}
