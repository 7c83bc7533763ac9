import { data, type MiddlewareFunction } from "react-router";
import type { AppConfig } from "#app/config.server.ts";
import { servicesContext } from "#app/context.ts";
import { declaredLength } from "#app/services/platform/request-body.server.ts";
import { IMPORT_MAX_BYTES as WORKBOOK_IMPORT_MAX_BYTES } from "#app/services/process/rating-workbook.server.ts";
import { IMPORT_MAX_BYTES as REGISTRY_IMPORT_MAX_BYTES } from "#app/services/registry/registry-io.server.ts";

const MB = 1024 * 1024;

/**
 * The most the app reads of a body of this content type, in bytes: FORM_MAX_KB for a form (URL-encoded, JSON,
 * anything not multipart); for a multipart upload, the margin the upload parser keeps over the largest file it
 * takes (evidence UPLOAD_MAX_MB, imports 5 MB) to still answer "too large" on the page.
 */
export function requestBodyLimit(contentType: string | null | undefined, config: Pick<AppConfig, "FORM_MAX_KB" | "UPLOAD_MAX_MB">): number {
  if (!/^multipart\/form-data/i.test(contentType ?? "")) return config.FORM_MAX_KB * 1024;
  const largestFile = Math.max(config.UPLOAD_MAX_MB * MB, WORKBOOK_IMPORT_MAX_BYTES, REGISTRY_IMPORT_MAX_BYTES);
  return 2 * largestFile + MB;
}

/** A body declared larger than the limit is refused before anything runs (translated 413 page). */
export const requestBodyMiddleware: MiddlewareFunction<Response> = ({ request, context }, next) => {
  const declared = declaredLength(request.headers.get("Content-Length"));
  if (declared !== null && declared > requestBodyLimit(request.headers.get("Content-Type"), context.get(servicesContext).config)) {
    throw data({ reason: "too_large" }, { status: 413 });
  }
  return next();
};
