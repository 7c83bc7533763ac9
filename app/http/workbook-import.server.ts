// The import of a workbook prepared offline, for every rater (the self-assessment's, the audit's): upload the
// filled-in export → preview (changes, rows left alone, conflicts, row-by-row errors) → confirm. Plain forms
// (multipart upload, then a confirmation form): works without JavaScript. The routes check who reads the page and
// pass the rater's importer; the importer refuses whoever may not change the ratings now.
import { data, redirect, type RouterContextProvider } from "react-router";
import { z } from "zod";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import type { ErrorId } from "#app/services/errors.ts";
import { receiveUpload, UploadError } from "#app/services/process/evidence.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import {
  applyStagedImport,
  getStagedImport,
  IMPORT_MAX_BYTES,
  importView,
  planStagedImport,
  previewImport,
  stageImport,
  takeUploadedWorkbook,
  type ImportView,
  type WorkbookImporter,
} from "#app/services/process/rating-workbook.server.ts";
import { attempt, toHttpError } from "./errors.server.ts";
import { getServices, readForm } from "./guards.server.ts";

type Context = Readonly<RouterContextProvider>;

const language = (context: Context) => (getLocale(context) === "en" ? "en" : "fr");

export interface WorkbookImportTarget<F extends object, P extends string> {
  user: Actor;
  process: ProcessSummary;
  importer: WorkbookImporter<F, P>;
  /** The import page's address (the redirects come back to it). */
  here: string;
  /** The importer's refusal shown on the page rather than as an error page (read-only now). */
  notEditable: ErrorId;
}

export interface WorkbookImportLoaderData<F, P extends string> {
  maxMb: number;
  staged: { id: string; fileName: string; view: ImportView<F, P> } | null;
  applied: string | null;
  changedMeanwhile: boolean;
}

/** The page's data: the staged import named in the URL (its plan against the ratings now), or what was applied. */
export async function workbookImportLoader<F extends object, P extends string>(context: Context, request: Request, target: WorkbookImportTarget<F, P>): Promise<WorkbookImportLoaderData<F, P>> {
  const { db } = getServices(context);
  const { user, process, importer } = target;
  const url = new URL(request.url);
  const importId = url.searchParams.get("import");
  let staged: WorkbookImportLoaderData<F, P>["staged"] = null;
  if (importId) {
    try {
      const found = await getStagedImport(db, importer, user, process, importId);
      if (!found.appliedAt) staged = { id: found.id, fileName: found.fileName, view: await importView<F, P>(db, process, await planStagedImport(db, importer, process, found), [], language(context)) };
    } catch (error) {
      throw toHttpError(error);
    }
  }
  return { maxMb: IMPORT_MAX_BYTES / 1024 / 1024, staged, applied: url.searchParams.get("applied"), changedMeanwhile: url.searchParams.get("changed") === "1" };
}

export type WorkbookImportActionData<F, P extends string> = { error: string } | { fileName: string; view: ImportView<F, P> };

const confirmSchema = z.object({ intent: z.literal("confirm"), importId: z.uuid(), digest: z.string().min(1).max(40) });

/** An upload (→ the preview, or the file's errors) or a confirmation (→ applied, or the new preview). */
export async function workbookImportAction<F extends object, P extends string>(context: Context, request: Request, target: WorkbookImportTarget<F, P>) {
  const { db, storage } = getServices(context);
  const { user, process, importer, here } = target;
  type ActionData = WorkbookImportActionData<F, P>;
  // Refuse before reading a byte: only those who may change the ratings import, and only while they may.
  const editable = await attempt(() => importer.requireEditable(db, user, process), { onForm: [target.notEditable] });
  if (!editable.ok) return data<ActionData>({ error: editable.refusal.code }, { status: editable.refusal.status });

  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const parsed = confirmSchema.safeParse(Object.fromEntries(await readForm(request)));
    if (!parsed.success) return data<ActionData>({ error: "bad_request" }, { status: 400 });
    try {
      const staged = await getStagedImport(db, importer, user, process, parsed.data.importId);
      const result = await applyStagedImport(db, importer, user, process, staged, parsed.data.digest);
      if (result.status === "changed_meanwhile") return redirect(`${here}?import=${staged.id}&changed=1`);
      return redirect(`${here}?applied=${result.status === "applied" ? result.changed : "already"}`);
    } catch (error) {
      throw toHttpError(error);
    }
  }

  const upload = await attempt(() => receiveUpload(request, { maxBytes: IMPORT_MAX_BYTES, storage }), { onForm: UploadError });
  if (!upload.ok) return data<ActionData>({ error: upload.refusal.code }, { status: upload.refusal.status });
  const received = upload.value;
  const workbook = await takeUploadedWorkbook(storage, received.file);
  if (!workbook.ok) return data<ActionData>({ error: workbook.code }, { status: workbook.code === "file_type_refused" ? 415 : 413 });
  const preview = await previewImport(db, importer, user, process, workbook.bytes);
  if (!preview.ok || preview.errors.length) {
    const view = await importView<F, P>(db, process, preview.ok ? preview.plan : null, preview.errors, language(context));
    return data<ActionData>({ fileName: received.file.originalName, view }, { status: 422 });
  }
  const importId = await stageImport(db, importer, user, process, received.file.originalName, preview.rows);
  return redirect(`${here}?import=${importId}`);
}
