import { Fragment, type ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Link } from "react-router";
import type { Route } from "./+types/diff";
import { Page, PageHeader } from "#app/components/page.tsx";
import { criterionPath, TierBadgeWith, useReferentialWords, type ReferentialWords } from "#app/components/referential.tsx";
import { DiffForm } from "#app/components/referential-diff-form.tsx";
import { parseVersionRef } from "#app/domain/referential/browse.ts";
import type { CriterionRef } from "#app/domain/referential/diff.ts";
import type { Tier } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { wordDiff } from "#app/domain/referential/word-diff.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { getServices, notFound, requireUser } from "#app/http/guards.server.ts";
import { diffReadableVersions, listReadableVersions } from "#app/http/referential-pages.server.ts";

const KINDS = ["added", "removed", "moved", "reworded", "tierChanged", "detailsChanged", "merged", "split", "regrouped", "unchanged"] as const;

interface Ref {
  code: string;
  tier: Tier;
  text: string;
}
const refIn = (lang: Language) => (r: CriterionRef): Ref => ({ code: r.code, tier: r.tier, text: r.text[lang] });

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { db } = getServices(context);
  const lang: Language = getLocale(context) === "en" ? "en" : "fr";
  const readable = await listReadableVersions(db, user);
  const choices = readable.map((v) => ({ code: v.code, version: v.version, status: v.status })).reverse();
  const params = new URL(request.url).searchParams;
  const fromParam = (params.get("from") ?? "").trim();
  const toParam = (params.get("to") ?? "").trim();
  const base = { choices, fromParam: fromParam || null, toParam: toParam || null };
  if (!fromParam && !toParam) return { ...base, error: null, result: null };

  // A missing side defaults to the newest version (to) or the one just before `to` (from), same referential.
  const to = toParam ? parseVersionRef(toParam) : readable.at(-1) ? { code: readable.at(-1)!.code, version: readable.at(-1)!.version } : null;
  let from = fromParam ? parseVersionRef(fromParam) : null;
  if (!fromParam && to) {
    const sameCode = readable.filter((v) => v.code === to.code);
    const index = sameCode.findIndex((v) => v.version === to.version);
    const before = index > 0 ? sameCode[index - 1] : undefined;
    if (before) from = { code: before.code, version: before.version };
  }
  if (!from || !to) return data({ ...base, error: "badRef" as const, result: null }, { status: 400 });
  if (from.code === to.code && from.version === to.version) return data({ ...base, error: "same" as const, result: null }, { status: 400 });

  const found = await diffReadableVersions(db, user, from, to);
  if (!found) notFound();
  const { older, newer, swapped, diff: d } = found;
  const ref = refIn(lang);
  return {
    ...base,
    error: null,
    result: {
      older: { code: older.code, version: older.version },
      newer: { code: newer.code, version: newer.version },
      swapped,
      summary: d.summary,
      added: d.added.map(ref),
      removed: d.removed.map(ref),
      moved: d.moved.map((m) => ({
        oldCode: m.older.code,
        newCode: m.newer.code,
        tier: m.newer.tier,
        text: m.newer.text[lang],
        codeChanged: m.codeChanged,
        standard: m.standardChanged ? { from: m.older.standardCode, to: m.newer.standardCode } : null,
        chapter: m.chapterChanged ? { from: m.older.chapterCode, to: m.newer.chapterCode } : null,
      })),
      reworded: d.reworded.map((r) => ({
        oldCode: r.olderCode,
        newCode: r.newerCode,
        old: r.old[lang],
        new: r.new[lang],
        otherLanguageOnly: !r.languages.includes(lang),
      })),
      tierChanged: d.tierChanged.map((c) => ({ oldCode: c.olderCode, newCode: c.newerCode, old: c.old, new: c.new })),
      detailsChanged: d.detailsChanged.map((c) => ({ oldCode: c.olderCode, newCode: c.newerCode, fields: c.fields })),
      merged: d.merged.map((m) => ({ older: m.older.map(ref), newer: [ref(m.newer)] })),
      split: d.split.map((m) => ({ older: [ref(m.older)], newer: m.newer.map(ref) })),
      regrouped: d.regrouped.map((m) => ({ older: m.older.map(ref), newer: m.newer.map(ref) })),
    },
  };
}

type DiffData = NonNullable<Route.ComponentProps["loaderData"]["result"]>;

export default function DiffPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const { choices, fromParam, toParam, error, result } = loaderData;
  const title = result ? t("pages.diff.titleWith", { from: result.older.version, to: result.newer.version }) : t("pages.diff.title");
  return (
    <Page>
      <PageHeader title={title} crumbs={[{ to: "/referentials", label: t("pages.list.title") }]} />
      <p className="lead">{t("pages.diff.intro")}</p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {t(`pages.diff.${error}`)}
        </p>
      ) : null}
      <DiffForm
        versions={choices}
        from={result ? `${result.older.code}@${result.older.version}` : fromParam}
        to={result ? `${result.newer.code}@${result.newer.version}` : toParam}
      />
      {result ? <DiffReport result={result} /> : null}
    </Page>
  );
}

function DiffReport({ result }: { result: DiffData }) {
  const { t } = useTranslation("referential");
  const words = useReferentialWords();
  const { older, newer, summary } = result;
  const oldLink = (code: string) => criterionPath(older.code, older.version, code);
  const newLink = (code: string) => criterionPath(newer.code, newer.version, code);
  return (
    <>
      {result.swapped ? <p className="notice notice-info">{t("pages.diff.swapped")}</p> : null}
      <div className="table-wrap">
        <table className="ref-diff-summary">
          <caption>{t("pages.diff.summaryCaption")}</caption>
          <tbody>
            <tr>
              <th scope="row">{t("pages.diff.criteriaIn", { version: older.version })}</th>
              <td className="ref-num">{summary.olderCriteria}</td>
            </tr>
            <tr>
              <th scope="row">{t("pages.diff.criteriaIn", { version: newer.version })}</th>
              <td className="ref-num">{summary.newerCriteria}</td>
            </tr>
            {KINDS.map((kind) => (
              <tr key={kind}>
                <th scope="row">{kind === "unchanged" || summary[kind] === 0 ? t(`pages.diff.kinds.${kind}`) : <a href={`#${kind}`}>{t(`pages.diff.kinds.${kind}`)}</a>}</th>
                <td className="ref-num" data-kind={kind}>
                  {summary[kind]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <RefSection id="added" title={t("pages.diff.kinds.added")} refs={result.added} link={newLink} words={words} />
      <RefSection id="removed" title={t("pages.diff.kinds.removed")} refs={result.removed} link={oldLink} words={words} />

      <CodePairSection
        id="moved"
        title={t("pages.diff.kinds.moved")}
        rows={result.moved}
        older={older.version}
        newer={newer.version}
        oldLink={oldLink}
        newLink={newLink}
        columns={[
          {
            header: t("pages.diff.change"),
            cell: (m) =>
              [
                m.chapter ? t("pages.diff.moved.chapter", m.chapter) : null,
                m.standard ? t("pages.diff.moved.standard", m.standard) : null,
                m.codeChanged && !m.chapter && !m.standard ? t("pages.diff.moved.code") : null,
              ]
                .filter(Boolean)
                .join(", "),
          },
          { header: t("pages.diff.text"), cell: (m) => m.text },
        ]}
      />

      <section id="reworded" aria-labelledby="reworded-title">
        <h2 id="reworded-title">
          {t("pages.diff.kinds.reworded")} ({result.reworded.length})
        </h2>
        {result.reworded.length === 0 ? <p>{t("pages.diff.none")}</p> : null}
        {result.reworded.map((r) => (
          <article key={r.newCode} className="ref-reworded">
            <h3>
              <Link to={oldLink(r.oldCode)}>{r.oldCode}</Link> → <Link to={newLink(r.newCode)}>{r.newCode}</Link>
            </h3>
            {r.otherLanguageOnly ? <p className="ref-muted">{t("pages.diff.otherLanguage")}</p> : null}
            <Reworded older={r.old} newer={r.new} olderLabel={t("pages.diff.oldText", { version: older.version })} newerLabel={t("pages.diff.newText", { version: newer.version })} />
          </article>
        ))}
      </section>

      <CodePairSection
        id="tierChanged"
        title={t("pages.diff.kinds.tierChanged")}
        rows={result.tierChanged}
        older={older.version}
        newer={newer.version}
        oldLink={oldLink}
        newLink={newLink}
        columns={[
          {
            header: t("pages.diff.tier"),
            cell: (c) => (
              <>
                <TierBadgeWith tier={c.old} words={words} /> → <TierBadgeWith tier={c.new} words={words} />
              </>
            ),
          },
        ]}
      />

      <CodePairSection
        id="detailsChanged"
        title={t("pages.diff.kinds.detailsChanged")}
        rows={result.detailsChanged}
        older={older.version}
        newer={newer.version}
        oldLink={oldLink}
        newLink={newLink}
        columns={[{ header: t("pages.diff.fields"), cell: (c) => c.fields.map((f) => t(`pages.diff.field.${f}`)).join(", ") }]}
      />

      {(["merged", "split", "regrouped"] as const).map((kind) => (
        <section key={kind} id={kind} aria-labelledby={`${kind}-title`}>
          <h2 id={`${kind}-title`}>
            {t(`pages.diff.kinds.${kind}`)} ({result[kind].length})
          </h2>
          {result[kind].length === 0 ? (
            <p>{t("pages.diff.none")}</p>
          ) : (
            <div className="table-wrap">
              <table className="ref-diff-groups">
                <thead>
                  <tr>
                    <th scope="col">{t("pages.diff.criteriaIn", { version: older.version })}</th>
                    <th scope="col">{t("pages.diff.criteriaIn", { version: newer.version })}</th>
                  </tr>
                </thead>
                <tbody>
                  {result[kind].map((group) => (
                    <tr key={group.newer.map((r) => r.code).join("+")}>
                      <td>
                        <RefList refs={group.older} link={oldLink} words={words} />
                      </td>
                      <td>
                        <RefList refs={group.newer} link={newLink} words={words} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

/** A section of criteria paired old code → new code, with the columns that say what changed. */
function CodePairSection<Row extends { oldCode: string; newCode: string }>({
  id,
  title,
  rows,
  older,
  newer,
  oldLink,
  newLink,
  columns,
}: {
  id: string;
  title: string;
  rows: Row[];
  older: string;
  newer: string;
  oldLink: (code: string) => string;
  newLink: (code: string) => string;
  columns: { header: string; cell: (row: Row) => ReactNode }[];
}) {
  const { t } = useTranslation("referential");
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({rows.length})
      </h2>
      {rows.length === 0 ? (
        <p>{t("pages.diff.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pages.diff.oldCode", { version: older })}</th>
                <th scope="col">{t("pages.diff.newCode", { version: newer })}</th>
                {columns.map((c) => (
                  <th scope="col" key={c.header}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.newCode}>
                  <td>
                    <Link to={oldLink(row.oldCode)}>{row.oldCode}</Link>
                  </td>
                  <td>
                    <Link to={newLink(row.newCode)}>{row.newCode}</Link>
                  </td>
                  {columns.map((c) => (
                    <td key={c.header}>{c.cell(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RefSection({ id, title, refs, link, words }: { id: string; title: string; refs: Ref[]; link: (code: string) => string; words: ReferentialWords }) {
  const { t } = useTranslation("referential");
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {title} ({refs.length})
      </h2>
      {refs.length === 0 ? (
        <p>{t("pages.diff.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("pages.diff.code")}</th>
                <th scope="col">{t("pages.diff.tier")}</th>
                <th scope="col">{t("pages.diff.text")}</th>
              </tr>
            </thead>
            <tbody>
              {refs.map((r) => (
                <tr key={r.code}>
                  <td>
                    <Link to={link(r.code)}>{r.code}</Link>
                  </td>
                  <td>
                    <TierBadgeWith tier={r.tier} words={words} />
                  </td>
                  <td>{r.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RefList({ refs, link, words }: { refs: Ref[]; link: (code: string) => string; words: ReferentialWords }) {
  return (
    <ul className="ref-list">
      {refs.map((r) => (
        <li key={r.code}>
          <Link to={link(r.code)}>{r.code}</Link> <TierBadgeWith tier={r.tier} words={words} /> {r.text}
        </li>
      ))}
    </ul>
  );
}

/** Old and new wording side by side, removed words struck through and added words underlined (not colour alone). */
function Reworded({ older, newer, olderLabel, newerLabel }: { older: string; newer: string; olderLabel: string; newerLabel: string }) {
  const parts = wordDiff(older, newer);
  const side = (hidden: "added" | "removed") =>
    parts
      .filter((p) => p.kind !== hidden)
      .map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? " " : ""}
          {p.kind === "same" ? p.text : p.kind === "removed" ? <del>{p.text}</del> : <ins>{p.text}</ins>}
        </Fragment>
      ));
  return (
    <div className="ref-side-by-side">
      <div>
        <p className="ref-label">{olderLabel}</p>
        <p>{side("added")}</p>
      </div>
      <div>
        <p className="ref-label">{newerLabel}</p>
        <p>{side("removed")}</p>
      </div>
    </div>
  );
}
