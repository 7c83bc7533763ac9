// A label's status and the public check of a certificate: status words always with an icon (never colour alone),
// an invalid certificate in a bordered box that cannot be mistaken for a valid one.
import { useTranslation } from "react-i18next";
import { Form } from "react-router";
import type { LabelStatus } from "#app/domain/label/status.ts";
import { useFormat } from "./format.ts";

const STATUS_CLASS: Record<LabelStatus, string> = {
  valid: "badge badge-success",
  expiring: "badge badge-warning",
  expired: "badge badge-muted",
  suspended: "badge badge-warning",
  revoked: "badge badge-danger",
  annulled: "badge badge-danger",
};

/** "✓ Valide", "⛔ Retiré"…: the icon is decoration, the word says it. */
export function LabelStatusBadge({ status }: { status: LabelStatus }) {
  const { t } = useTranslation("label");
  return (
    <span className={STATUS_CLASS[status]}>
      <span aria-hidden="true">{t(`statusIcon.${status}`)}</span> {t(`status.${status}`)}
    </span>
  );
}

/** Whether a certificate of this status stands for a label in force. */
const IN_FORCE: Record<LabelStatus, boolean> = { valid: true, expiring: true, expired: false, suspended: false, revoked: false, annulled: false };

/** The certificate's current status in large words, with its icon and what it means. */
export function CertificateStatus({ status, validUntil }: { status: LabelStatus; validUntil: string }) {
  const { t } = useTranslation("public");
  const format = useFormat();
  return (
    <section className={`certificate-status certificate-status-${IN_FORCE[status] ? "in-force" : "not-in-force"}`} aria-labelledby="certificate-status-headline">
      <p className="certificate-status-headline" id="certificate-status-headline">
        <span aria-hidden="true">{t(`label:statusIcon.${status}`)}</span> {t(`verify.headline.${status}`)}
      </p>
      <p>
        {t("verify.statusLabel")} <strong>{t(`label:status.${status}`)}</strong>. {t(`verify.explain.${status}`, { until: format.date(validUntil) })}
      </p>
    </section>
  );
}

/** The certificate number to check: a GET form (the number lands in the URL), without JavaScript too. */
export function CertificateNumberForm({ defaultValue = "" }: { defaultValue?: string }) {
  const { t } = useTranslation("public");
  return (
    <Form method="get" action="/verify" className="stack certificate-form" role="search" aria-label={t("verify.title")}>
      <div className="field">
        <label htmlFor="number">{t("verify.number")}</label>
        <p className="field-hint" id="number-hint">
          {t("verify.numberHint")}
        </p>
        <input id="number" name="number" type="text" defaultValue={defaultValue} maxLength={64} autoComplete="off" autoCapitalize="characters" spellCheck={false} required aria-describedby="number-hint" />
      </div>
      <button type="submit" className="button button-primary">
        {t("verify.submit")}
      </button>
    </Form>
  );
}

/** No certificate has the number typed (malformed or unknown): said plainly, with the number and the form again. */
export function CertificateNotFound({ typed }: { typed: string }) {
  const { t } = useTranslation("public");
  return (
    <>
      <div className="certificate-status certificate-status-not-in-force" role="alert">
        <p className="certificate-status-headline">
          <span aria-hidden="true">⛔</span> {t("verify.notFoundBody")}
        </p>
        {typed ? (
          <p>
            {t("verify.typed")} <code className="typed-number">{typed}</code>
          </p>
        ) : null}
        <p>{t("verify.notFoundWarning")}</p>
      </div>
      <h2>{t("verify.anotherNumber")}</h2>
      <CertificateNumberForm defaultValue={typed} />
    </>
  );
}

/** "Accrédité par ISQua le 12/03/2025 (réf. …)". */
export function Accreditation({ accreditation: a }: { accreditation: { body: string; accreditedOn: string; reference: string } }) {
  const { t } = useTranslation("public");
  const format = useFormat();
  return (
    <>
      {t("accreditation.accredited", { body: a.body, date: format.date(a.accreditedOn) })}
      {a.reference ? <> {t("accreditation.reference", { reference: a.reference })}</> : null}
    </>
  );
}
