// The page of a workbook import (the self-assessment's, the audit's): the rules, the upload form, the preview
// (row-by-row errors, changes, conflicts side by side) and the confirmation. Plain forms: works without JavaScript.
// The rater's page gives its words and how one side of a row (its fields) reads.
import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import type { Scale } from "#app/domain/referential/schema.ts";
import type { WorkbookImportActionData, WorkbookImportLoaderData } from "#app/http/workbook-import.server.ts";
import type { ImportView } from "#app/services/process/rating-workbook.server.ts";
import { CsrfField, FormMessage } from "./forms.tsx";
import { RatingText } from "./rating.tsx";

/** One side of a row (what the app holds, what the file says): the rater's fields in words. */
export type RenderSide<F> = (fields: F, scale: Scale) => ReactNode;

/** The self-assessment's side: the rating and its justification. */
export function SelfSide({ rating, justification }: { rating: number | "NA" | null; justification: string }, scale: Scale) {
  return (
    <>
      <RatingText rating={rating} scale={scale} />
      <p className="pre">{justification}</p>
    </>
  );
}

export interface WorkbookImportTexts {
  intro: string;
  rules: string[];
  exportLink: { href: string; label: string };
  seeLink: { to: string; label: string };
  /** Why this reader may not import now (shown instead of the upload form). */
  notEditable: string;
  /** An upload or a confirmation refused because the ratings can no longer be changed. */
  refused: string;
}


/** Two versions of the same criteria side by side (now → after the import; the app's → the file's). */
function PairTable<F, P extends string>({
  caption,
  headings,
  rows,
  view,
  renderSide,
}: {
  caption: string;
  headings: [string, string];
  rows: { line: number; code: string; left: F; right: F; note?: string }[];
  view: ImportView<F, P>;
  renderSide: RenderSide<F>;
}) {
  const { t } = useTranslation("reports");
  const side = (value: F, note?: string) => (
    <td>
      {renderSide(value, view.scale)}
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

function Preview<F, P extends string>({ view, fileName, renderSide }: { view: ImportView<F, P>; fileName: string; renderSide: RenderSide<F> }) {
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
          renderSide={renderSide}
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
            renderSide={renderSide}
          />
        </>
      ) : null}
    </section>
  );
}


/** Everything below the page's header. */
export function WorkbookImport<F, P extends string>({
  loaderData,
  actionData,
  editable,
  texts,
  renderSide,
}: {
  loaderData: WorkbookImportLoaderData<F, P>;
  actionData: WorkbookImportActionData<F, P> | undefined;
  editable: boolean;
  texts: WorkbookImportTexts;
  renderSide: RenderSide<F>;
}) {
  const { t } = useTranslation("reports");
  const { staged } = loaderData;
  const answer = actionData;
  return (
    <>
      <p className="lead">{texts.intro}</p>
      <ul>
        {texts.rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <p>
        <a href={texts.exportLink.href} download>
          {texts.exportLink.label}
        </a>
      </p>

      {loaderData.applied !== null ? (
        <FormMessage tone="success">
          {loaderData.applied === "already" ? t("import.alreadyApplied") : t("import.applied", { count: Number(loaderData.applied) })}{" "}
          <Link to={texts.seeLink.to}>{texts.seeLink.label}</Link>
        </FormMessage>
      ) : null}
      {loaderData.changedMeanwhile ? <FormMessage>{t("import.changedMeanwhile")}</FormMessage> : null}
      {answer && "error" in answer ? <FormMessage>{answer.error === "not_editable" ? texts.refused : t(`import.errors.${answer.error}`, { max: loaderData.maxMb })}</FormMessage> : null}
      {!editable ? <FormMessage tone="info">{texts.notEditable}</FormMessage> : null}

      {answer && "view" in answer ? (
        <>
          <Preview view={answer.view} fileName={answer.fileName} renderSide={renderSide} />
          <FormMessage>{t("import.fixAndRetry")}</FormMessage>
        </>
      ) : staged ? (
        <>
          <Preview view={staged.view} fileName={staged.fileName} renderSide={renderSide} />
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
    </>
  );
}
