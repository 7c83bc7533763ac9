// Download of one evidence file, for whoever may see the process (others get 404, as for the process itself).
// Streamed from the evidence storage (folder or bucket) under its original name; served with the type sniffed at
// upload, never guessed again. A file missing from the storage is a 404, not a 500.
import { createReadableStreamFromReadable } from "@react-router/node";
import type { Route } from "./+types/evidence-file";
import { z } from "#app/forms/validation.ts";
import { getEvidenceFileForDownload } from "#app/services/process/evidence.server.ts";
import { isDataRequest, sendFile } from "#app/http/download.server.ts";
import { getServices, notFound } from "#app/http/guards.server.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  if (!z.uuid().safeParse(params.fileId).success || isDataRequest(context)) notFound();
  const { db, storage } = getServices(context);
  const file = await getEvidenceFileForDownload(db, user, process.id, params.fileId).catch((error: unknown) => {
    throw toHttpError(error);
  });
  const stored = await storage.get(file.storedName);
  if (!stored) notFound();
  return sendFile(context, request, { body: createReadableStreamFromReadable(stored.body), type: file.mimeType, fileName: file.originalName, length: stored.sizeBytes });
}
