import type { Route } from "./+types/pdf";
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
  const headers = {
    "Content-Type": "application/pdf",
    "Content-Disposition": `attachment; filename="${name}"`,
    // no-transform: the PDF's streams are already compressed; gzipping it again costs time for ~10 %.
    "Cache-Control": "private, no-cache, no-transform",
    ETag: etag,
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  const pdf = await referentialPdf({ summary, content, language, chapter, t: getInstance(context).getFixedT(language, "referential") });
  return new Response(new Uint8Array(pdf), { headers: { ...headers, "Content-Length": String(pdf.length) } });
}
