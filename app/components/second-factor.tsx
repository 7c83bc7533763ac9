import type { ReactNode } from "react";
import { Form } from "react-router";
import { useTranslation } from "#app/components/translation.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";

/** What an enrolment page gets from its loader (app/services/accounts/second-factor.server.ts, qr-code.server.ts). */
export interface EnrolmentView {
  secret: string;
  grouped: string;
  uri: string;
  qr: { size: number; path: string };
}

/** The QR code to scan, the secret to type by hand, and the first code that confirms it. */
export function EnrolmentForm({ view, error, children }: { view: EnrolmentView; error?: string | null; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <ol className="stack">
        <li>{t("secondFactor.enrol.step1")}</li>
        <li>
          {t("secondFactor.enrol.step2")}
          <figure className="stack">
            <svg
              viewBox={`0 0 ${view.qr.size} ${view.qr.size}`}
              width={view.qr.size * 4}
              height={view.qr.size * 4}
              role="img"
              aria-label={t("secondFactor.enrol.qrLabel")}
              shapeRendering="crispEdges"
              className="qr-code"
            >
              <path d={view.qr.path} fill="#000" />
            </svg>
            <figcaption>
              {t("secondFactor.enrol.manual")}{" "}
              <code data-testid="totp-secret" translate="no">
                {view.grouped}
              </code>
            </figcaption>
          </figure>
          <details>
            <summary>{t("secondFactor.enrol.uri")}</summary>
            <code className="break-all">{view.uri}</code>
          </details>
        </li>
        <li>{t("secondFactor.enrol.step3")}</li>
      </ol>
      {error ? <FormMessage>{t(`secondFactor.errors.${error}`)}</FormMessage> : null}
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="intent" value="enrol" />
        <input type="hidden" name="secret" value={view.secret} />
        <CodeInput label={t("secondFactor.enrol.code")} numeric />
        <button type="submit" className="button button-primary">
          {t("secondFactor.enrol.submit")}
        </button>
      </Form>
      {children}
    </div>
  );
}

/** The code field of a second-factor form; `id` differs when a page holds two such forms (only the first takes the focus). */
export function CodeInput({ label, numeric, hint, id = "second-factor-code", autoFocus = true }: { label: string; numeric?: boolean; hint?: string; id?: string; autoFocus?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="field-hint" id={`${id}-hint`}>{hint}</p> : null}
      <input
        id={id}
        name="code"
        type="text"
        required
        autoComplete="one-time-code"
        inputMode={numeric ? "numeric" : "text"}
        pattern={numeric ? "\\s*[0-9]{3}\\s*[0-9]{3}\\s*" : undefined}
        maxLength={40}
        aria-describedby={hint ? `${id}-hint` : undefined}
        autoFocus={autoFocus}
      />
    </div>
  );
}

/** The recovery codes, shown once: the page says so, and offers nothing to show them again. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel stack" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t("secondFactor.recovery.title")}</h2>
      <FormMessage tone="info">{t("secondFactor.recovery.once")}</FormMessage>
      <ul className="recovery-codes" data-testid="recovery-codes" translate="no">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
