// Ratings prepared offline: upload the filled-in export → preview (changes, rows left alone, conflicts, row-by-row
// errors) → confirm. Plain forms (multipart upload, then a confirmation form): works without JavaScript.
import { useTranslation } from "react-i18next";
import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/import";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingText } from "#app/components/rating.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { getLocale } from "#app/middleware/i18next.ts";
import { receiveUpload, UploadError } from "#app/services/process/evidence.server.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { attempt, toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { requireEditable } from "#app/services/process/self-assessment.server.ts";
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
} from "#app/services/process/rating-workbook.server.ts";

const language = (context: Route.LoaderArgs["context"]) => (getLocale(context) === "en" ? "en" : "fr");

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const url = new URL(request.url);
  const importId = url.searchParams.get("import");
  let staged: { id: string; fileName: string; view: ImportView } | null = null;
  if (importId) {
    try {
      const found = await getStagedImport(db, user, process, importId);
      if (!found.appliedAt) staged = { id: found.id, fileName: found.fileName, view: await importView(db, process, await planStagedImport(db, process, found), [], language(context)) };
    } catch (error) {
      throw toHttpError(error);
    }
  }
  return {
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    editable: canEditSelfAssessment(user, process),
    maxMb: IMPORT_MAX_BYTES / 1024 / 1024,
    staged,
    applied: url.searchParams.get("applied"),
    changedMeanwhile: url.searchParams.get("changed") === "1",
  };
}

type ActionData = { error: string } | { fileName: string; view: ImportView };

const confirmSchema = z.object({ intent: z.literal("confirm"), importId: z.uuid(), digest: z.string().min(1).max(40) });

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db, config } = getServices(context);
  const here = `/processes/${process.id}/import`;
  // Refuse before reading a byte: only the hospital's team imports, and only while the self-assessment is editable.
  const editable = await attempt(() => requireEditable(user, process), { onForm: ["process.not_editable"] });
  if (!editable.ok) return data<ActionData>({ error: editable.refusal.code }, { status: editable.refusal.status });

  if (!/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    const parsed = confirmSchema.safeParse(Object.fromEntries(await readForm(request)));
    if (!parsed.success) return data<ActionData>({ error: "bad_request" }, { status: 400 });
    try {
      const staged = await getStagedImport(db, user, process, parsed.data.importId);
      const result = await applyStagedImport(db, user, process, staged, parsed.data.digest);
      if (result.status === "changed_meanwhile") return redirect(`${here}?import=${staged.id}&changed=1`);
      return redirect(`${here}?applied=${result.status === "applied" ? result.changed : "already"}`);
    } catch (error) {
      throw toHttpError(error);
    }
  }

  const upload = await attempt(() => receiveUpload(request, { maxBytes: IMPORT_MAX_BYTES, uploadsDir: config.UPLOADS_DIR }), { onForm: UploadError });
  if (!upload.ok) return data<ActionData>({ error: upload.refusal.code }, { status: upload.refusal.status });
  const received = upload.value;
  const workbook = await takeUploadedWorkbook(received.file);
  if (!workbook.ok) return data<ActionData>({ error: workbook.code }, { status: workbook.code === "file_type_refused" ? 415 : 413 });
  const preview = await previewImport(db, process, workbook.bytes);
  if (!preview.ok || preview.errors.length) {
    const view = await importView(db, process, preview.ok ? preview.plan : null, preview.errors, language(context));
    return data<ActionData>({ fileName: received.file.originalName, view }, { status: 422 });
  }
  const importId = await stageImport(db, user, process, received.file.originalName, preview.rows);
  return redirect(`${here}?import=${importId}`);
}

type Side = { rating: number | "NA" | null; justification: string };

/** Two versions of the same criteria side by side (now → after the import; the app's → the file's). */
function PairTable({ caption, headings, rows, view }: { caption: string; headings: [string, string]; rows: { line: number; code: string; left: Side; right: Side; note?: string }[]; view: ImportView }) {
  const { t } = useTranslation("reports");
  const side = (value: Side, note?: string) => (
    <td>
      <RatingText rating={value.rating} scale={view.scale} />
      <p className="pre">{value.justification}</p>
      {note ? <p className="field-hint">{note}</p> : null}
    </td>
  );
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("import.line")}</th>
            <th scope="col">{t("import.criterion")}</th>
            <th scope="col">{headings[0]}</th>
            <th scope="col">{headings[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <td>{r.line}</td>
              <td>
                <strong>{r.code}</strong> {view.texts[r.code]}
              </td>
              {side(r.left, r.note)}
              {side(r.right)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Preview({ view, fileName }: { view: ImportView; fileName: string }) {
  const { t } = useTranslation("reports");
  return (
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">{t("import.previewTitle", { file: fileName })}</h2>
      {view.errors.length ? (
        <>
          <FormMessage>{t("import.rejected", { count: view.errors.length })}</FormMessage>
          <div className="table-wrap">
            <table>
              <caption>{t("import.errorsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.line")}</th>
                  <th scope="col">{t("import.criterion")}</th>
                  <th scope="col">{t("import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {view.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.line === null ? t("import.wholeFile") : t("import.lineNumber", { line: e.line })}</td>
                    <td>{e.code ?? "—"}</td>
                    <td>{t(`import.problems.${e.problem}`, { value: e.value ?? "" })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p>{t("import.summary", { changes: view.changes.length, unchanged: view.unchanged, conflicts: view.conflicts.length })}</p>
      {view.changes.length ? (
        <PairTable
          caption={t("import.changesCaption", { count: view.changes.length })}
          headings={[t("import.current"), t("import.new")]}
          rows={view.changes.map((c) => ({ line: c.line, code: c.code, left: c.before, right: c.after }))}
          view={view}
        />
      ) : null}
      {view.conflicts.length ? (
        <>
          <FormMessage tone="info">{t("import.conflictsIntro", { count: view.conflicts.length })}</FormMessage>
          <PairTable
            caption={t("import.conflictsCaption", { count: view.conflicts.length })}
            headings={[t("import.inApp"), t("import.inFile")]}
            rows={view.conflicts.map((c) => ({ line: c.line, code: c.code, left: c.current, right: c.mine, note: t("import.changedBy", { name: c.current.updatedByName ?? "—" }) }))}
            view={view}
          />
        </>
      ) : null}
    </section>
  );
}

export default function ImportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("reports");
  const { process, staged, editable } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}`;
  const answer = actionData as ActionData | undefined;
  return (
    <Page>
      <PageHeader title={t("import.title")} crumbs={crumbs} />
      <p className="lead">{t("import.intro")}</p>
      <ul>
        <li>{t("import.ruleTemplate")}</li>
        <li>{t("import.ruleFormat", { max: loaderData.maxMb })}</li>
        <li>{t("import.ruleConflicts")}</li>
        <li>{t("import.ruleAllOrNothing")}</li>
      </ul>
      <p>
        <a href={`${base}/export.xlsx`} download>
          {t("links.xlsx")}
        </a>
      </p>

      {loaderData.applied !== null ? (
        <FormMessage tone="success">
          {loaderData.applied === "already" ? t("import.alreadyApplied") : t("import.applied", { count: Number(loaderData.applied) })}{" "}
          <Link to={`${base}/criteria`}>{t("import.seeCriteria")}</Link>
        </FormMessage>
      ) : null}
      {loaderData.changedMeanwhile ? <FormMessage>{t("import.changedMeanwhile")}</FormMessage> : null}
      {answer && "error" in answer ? <FormMessage>{t(`import.errors.${answer.error}`, { max: loaderData.maxMb })}</FormMessage> : null}
      {!editable ? <FormMessage tone="info">{t("import.notEditable")}</FormMessage> : null}

      {answer && "view" in answer ? (
        <>
          <Preview view={answer.view} fileName={answer.fileName} />
          <FormMessage>{t("import.fixAndRetry")}</FormMessage>
        </>
      ) : staged ? (
        <>
          <Preview view={staged.view} fileName={staged.fileName} />
          {editable && staged.view.changes.length ? (
            <Form method="post" className="stack">
              <CsrfField />
              <input type="hidden" name="importId" value={staged.id} />
              <input type="hidden" name="digest" value={staged.view.digest} />
              <button type="submit" name="intent" value="confirm" className="button button-primary">
                {t("import.confirm", { count: staged.view.changes.length })}
              </button>
            </Form>
          ) : (
            <p>{t("import.nothingToImport")}</p>
          )}
        </>
      ) : null}

      {editable ? (
        <section className="panel" aria-labelledby="upload-title">
          <h2 id="upload-title">{t("import.uploadTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="stack">
            <CsrfField />
            <div className="field">
              <label htmlFor="import-file">{t("import.file")}</label>
              <p className="field-hint" id="import-file-hint">
                {t("import.fileHint", { max: loaderData.maxMb })}
              </p>
              <input id="import-file" name="file" type="file" required accept=".xlsx" aria-describedby="import-file-hint" />
            </div>
            <button type="submit" className="button">
              {t("import.preview")}
            </button>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
