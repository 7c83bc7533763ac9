import { useTranslation } from "#app/components/translation.tsx";
import { Link, redirect } from "react-router";
import type { Route } from "./+types/verify";
import { useFormat } from "#app/components/format.ts";
import { Accreditation, CertificateNotFound, CertificateNumberForm, CertificateStatus } from "#app/components/label.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { LevelBadge } from "#app/components/provisional-result.tsx";
import { parseCertificateNumber } from "#app/domain/label/certificate-number.ts";
import { verifyPath } from "#app/domain/label/public-list.ts";
import { enforceRateLimits } from "#app/http/guards.server.ts";
import { lookUpCertificate } from "#app/http/public-labels.server.ts";

/**
 * The public check of a certificate (no account): `/verify` is the form, `/verify?number=…` what it sends, and
 * `/verify/<number>` the certificate's page (the address its QR code holds). A number typed loosely (lower case,
 * spaces) is redirected to its canonical address; no such certificate is a 404 page with the form again.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);
  const typed = params.number ?? new URL(request.url).searchParams.get("number");
  if (typed === null) return { certificate: null, typed: null };
  const canonical = parseCertificateNumber(typed);
  if (canonical && canonical !== params.number) throw redirect(verifyPath(canonical));
  return lookUpCertificate(context, request, typed);
}

export default function Verify({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("public");
  const { certificate, typed } = loaderData;
  if (certificate) return <Certificate certificate={certificate} />;
  return (
    <Page narrow>
      <PageHeader title={typed === null ? t("verify.title") : t("verify.notFoundTitle")} />
      {typed === null ? (
        <>
          <p className="lead">{t("verify.intro")}</p>
          <CertificateNumberForm />
        </>
      ) : (
        <CertificateNotFound typed={typed} />
      )}
      <PublicLinks />
    </Page>
  );
}

type CertificateData = NonNullable<Route.ComponentProps["loaderData"]["certificate"]>;

function Certificate({ certificate: c }: { certificate: CertificateData }) {
  const { t, i18n } = useTranslation("public");
  const format = useFormat();
  const lng = i18n.language === "en" ? "en" : "fr";
  return (
    <Page narrow>
      <PageHeader title={t("verify.certificateTitle", { number: c.certificateNumber })} />
      <CertificateStatus status={c.status} validUntil={c.validUntil} />
      <dl className="facts">
        <dt>{t("verify.establishment")}</dt>
        <dd>
          <strong>{c.establishment}</strong>
        </dd>
        <dt>{t("verify.place")}</dt>
        <dd>
          {c.city}, {c.country[lng]}
        </dd>
        <dt>{t("verify.level")}</dt>
        <dd>
          <LevelBadge code={c.level} name={c.levelName} />
        </dd>
        {c.mention ? (
          <>
            <dt>{t("verify.mention")}</dt>
            <dd>{c.mention[lng] || c.mention[lng === "en" ? "fr" : "en"]}</dd>
          </>
        ) : null}
        <dt>{t("verify.referential")}</dt>
        <dd>
          {c.referential}
          {c.accreditation ? (
            <>
              <br />
              <Accreditation accreditation={c.accreditation} />
            </>
          ) : null}
        </dd>
        <dt>{t("verify.decidedOn")}</dt>
        <dd>{format.date(c.decidedOn)}</dd>
        <dt>{t("verify.validity")}</dt>
        <dd>{t("verify.validFromTo", { from: format.date(c.validFrom), until: format.date(c.validUntil) })}</dd>
        <dt>{t("verify.signedBy")}</dt>
        <dd>
          {c.signer.name}, {c.signer.title}
        </dd>
      </dl>
      <h2>{t("verify.anotherNumber")}</h2>
      <CertificateNumberForm />
      <PublicLinks />
    </Page>
  );
}

function PublicLinks() {
  const { t } = useTranslation("public");
  return (
    <p className="public-links">
      <Link to="/labels">{t("verify.listLink")}</Link>
    </p>
  );
}
