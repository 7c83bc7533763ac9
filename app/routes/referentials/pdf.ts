import type { Route } from "./+types/pdf";
import { browserHasCopy, sendFile } from "#app/http/download.server.ts";
import { notFound } from "#app/http/guards.server.ts";
import { requireReadableVersion } from "#app/http/referential-pages.server.ts";
import { referentialPdf, referentialPdfEtag } from "#app/services/referential/referential-pdf.server.ts";
import { getInstance } from "#app/middleware/i18next.ts";

/**
 * A printable PDF of a version, or of one chapter (`?chapter=9`), in the page language (`?lng=` may set it).
 * pdfmake stays on the server: it is loaded only by referential-pdf.server.ts, behind this resource route.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { language, summary, content } = await requireReadableVersion(context, request, params);
  const chapterParam = new URL(request.url).searchParams.get("chapter");
  const chapter = chapterParam === null || chapterParam.trim() === "" ? null : chapterParam.trim();
  if (chapter !== null && !content.chapters.some((c) => c.code === chapter)) notFound();
  const etag = referentialPdfEtag({ summary, language, chapter });
  const name = `${summary.code}-${summary.version}${chapter ? `-${language === "fr" ? "chapitre" : "chapter"}-${chapter}` : ""}-${language}.pdf`;
  // A client that kept a copy and asks with its ETag gets a 304 without the PDF being rendered.
  const pdf = browserHasCopy(request, etag) ? null : await referentialPdf({ summary, content, language, chapter, t: getInstance(context).getFixedT(language, "referential") });
  return sendFile(context, request, { body: pdf && new Uint8Array(pdf), type: "application/pdf", fileName: name, length: pdf?.length, etag });
}
