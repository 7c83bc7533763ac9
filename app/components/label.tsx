// A label's status and the public check of a certificate: status words always with an icon (never colour alone),
// an invalid certificate in a bordered box that cannot be mistaken for a valid one.
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import { verifyPath } from "#app/domain/label/public-list.ts";
import type { LabelStatus } from "#app/domain/label/status.ts";
import type { Bilingual, LevelCode } from "#app/domain/referential/schema.ts";
import { useFormat } from "./format.ts";
import { LevelBadge } from "./provisional-result.tsx";

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

export interface EstablishmentLabel {
  certificateNumber: string;
  level: LevelCode;
  levelName: Bilingual;
  /** "<code> <version>". */
  referential: string;
  decidedOn: string;
  validFrom: string;
  validUntil: string;
  status: LabelStatus;
  /** The DRI and the establishment's own staff download the certificate. */
  mayDownload: boolean;
}

/** The address of a label's certificate (PDF). */
export function certificatePdfPath(certificateNumber: string): string {
  return `/labels/${certificateNumber}/certificate.pdf`;
}

/** An establishment's current label (the newest not annulled) and every label it held, newest first. */
export function EstablishmentLabels({ labels, establishment }: { labels: EstablishmentLabel[]; establishment: string }) {
  const { t } = useTranslation("public");
  const format = useFormat();
  const current = labels.find((l) => l.status !== "annulled");
  return (
    <>
      {current ? (
        <p>
          {t("establishment.current")} <LevelBadge code={current.level} name={current.levelName} /> <LabelStatusBadge status={current.status} />{" "}
          {t("establishment.levelUntil", { date: format.date(current.validUntil) })} · <Link to={verifyPath(current.certificateNumber)}>{current.certificateNumber}</Link>
        </p>
      ) : null}
      <h3>{t("establishment.historyTitle")}</h3>
      <div className="table-wrap">
        <table>
          <caption>
            {establishment} — {t("establishment.caption", { count: labels.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("establishment.number")}</th>
              <th scope="col">{t("establishment.level")}</th>
              <th scope="col">{t("establishment.referential")}</th>
              <th scope="col">{t("establishment.decidedOn")}</th>
              <th scope="col">{t("establishment.validFrom")}</th>
              <th scope="col">{t("establishment.validUntil")}</th>
              <th scope="col">{t("establishment.status")}</th>
              <th scope="col">{t("establishment.links")}</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((l) => (
              <tr key={l.certificateNumber}>
                <th scope="row" className="nowrap">
                  {l.certificateNumber}
                </th>
                <td>
                  <LevelBadge code={l.level} name={l.levelName} />
                </td>
                <td>{l.referential}</td>
                <td>{format.date(l.decidedOn)}</td>
                <td>{format.date(l.validFrom)}</td>
                <td>{format.date(l.validUntil)}</td>
                <td>
                  <LabelStatusBadge status={l.status} />
                </td>
                <td>
                  <Link to={verifyPath(l.certificateNumber)}>{t("establishment.verify")}</Link>
                  {l.mayDownload ? (
                    <>
                      <br />
                      <a href={certificatePdfPath(l.certificateNumber)} download>
                        {t("establishment.certificatePdf")}
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
