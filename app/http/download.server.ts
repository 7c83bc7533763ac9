// Every file the app sends (evidence, reports, exports, referential files, the registry map): one set of headers,
// and one rule for React Router's data request of the same URL (`…/report.pdf.data`): a 404, so the file's bytes
// never travel inside a data payload without the headers that make them a download.
import type { RouterContextProvider } from "react-router";
import { dataRequestContext } from "#app/context.ts";
import { contentDisposition } from "#app/domain/process/workspace.ts";
import { notFound } from "./guards.server.ts";

type Context = Readonly<RouterContextProvider>;

export interface FileToSend {
  /** null only when the If-None-Match of the request matches `etag` (nothing is sent). */
  body: BodyInit | null;
  type: string;
  /** Offered as a download under this name; without one the file is shown in place (the registry map). */
  fileName?: string;
  length?: number;
  /**
   * For a file that stays the same until its source changes (a referential version's PDF, a label's certificate): the
   * browser may keep it and revalidates it each time; a matching If-None-Match gets a 304.
   */
  etag?: string;
  /** Text the app generates (JSON, SVG): the HTTP stack may compress it. Other files travel byte for byte. */
  compress?: boolean;
}

/** Whether the browser's copy (If-None-Match) is the file of this ETag: it need not be rendered, a 304 will do. */
export function browserHasCopy(request: Request, etag: string): boolean {
  return request.headers.get("If-None-Match") === etag;
}

/** Whether this request is the data request of a URL rather than the URL itself. */
export function isDataRequest(context: Context): boolean {
  return context.get(dataRequestContext);
}

/**
 * The response of a file: attachment (unless shown in place), the type never sniffed, never stored by the browser
 * (shared computers) unless it is a frozen document with an ETag, sandboxed if opened anyway. Not found for the data
 * request of the URL.
 */
export function sendFile(context: Context, request: Request, file: FileToSend): Response {
  if (isDataRequest(context)) notFound();
  const headers: Record<string, string> = {
    "Content-Type": file.type,
    "X-Content-Type-Options": "nosniff",
    // no-transform (not compressed on the way): the files are compressed already, or must reach the reader byte for
    // byte. A frozen document (ETag) is kept by the browser and revalidated: a 304 instead of the same bytes again.
    "Cache-Control": [file.etag ? "private, no-cache" : "private, no-store", ...(file.compress ? [] : ["no-transform"])].join(", "),
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
  if (file.fileName !== undefined) headers["Content-Disposition"] = contentDisposition(file.fileName);
  if (file.length !== undefined) headers["Content-Length"] = String(file.length);
  if (file.etag) {
    headers.ETag = file.etag;
    if (browserHasCopy(request, file.etag)) return new Response(null, { status: 304, headers });
  }
  return new Response(file.body, { headers });
}
