import type { Route } from "./+types/certificate-pdf";
import { parseCertificateNumber } from "#app/domain/label/certificate-number.ts";
import { browserHasCopy, sendFile } from "#app/http/download.server.ts";
import { getServices, notFound, publicOrigin, requireUser } from "#app/http/guards.server.ts";
import { certificateEtag, renderCertificatePdf } from "#app/services/label/certificate-pdf.server.ts";
import { certificateOf, findLabelByNumber, mayDownloadCertificate } from "#app/services/label/labels.server.ts";

/**
 * The certificate of a label, regenerated from stored data (the same label gives the same bytes, hence an ETag). The
 * DRI and the labelled establishment's staff download it; the staff not once the label is revoked or annulled. Anyone
 * else: 404.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const number = parseCertificateNumber(params.number ?? "");
  if (!number) notFound();
  const { db } = getServices(context);
  const label = await findLabelByNumber(db, number);
  if (!label || !mayDownloadCertificate(user, label)) notFound();
  const view = await certificateOf(db, label, publicOrigin(context, request));
  // Frozen once issued: a browser that kept it and asks with its ETag gets a 304 without the PDF being rendered.
  const etag = certificateEtag(view);
  const pdf = browserHasCopy(request, etag) ? null : await renderCertificatePdf(view);
  return sendFile(context, request, { body: pdf && new Uint8Array(pdf), type: "application/pdf", fileName: `${label.certificateNumber}.pdf`, length: pdf?.length, etag });
}
