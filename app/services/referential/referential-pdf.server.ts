// Printable PDF of a referential version or of one chapter, in one language: cover, table of contents, (whole
// version) the rating scale and level rules, then chapters → standards → criteria with tier, methods, expected
// evidence and guidance, and (whole version) how it was developed and its change history. Page numbers in the
// footer and in the table of contents.
//
// pdfmake itself (our own instance, fonts, no URL access) lives in pdfmake.server.ts.
// No database work happens here: the caller loads the version first (never inside a transaction).
import { createHash } from "node:crypto";
import type { TFunction } from "i18next";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import { levelConditions, ruleInWords, weightPercent } from "#app/domain/referential/rules.ts";
import { ratingGuidanceView } from "#app/domain/referential/rating-guidance.ts";
import { METHODS, TIERS, type Chapter, type Criterion, type ReferentialVersion, type Tier } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { localesVersion } from "#app/locales/version.server.ts";
import { pageFrame, PDF_COLOURS, renderPdf } from "#app/services/platform/pdfmake.server.ts";
import type { ReferentialVersionSummary } from "./referentials.server.ts";

export { renderPdf };

/** Bump when the layout changes, so browsers holding an older copy (ETag) fetch the new one. */
const LAYOUT_VERSION = 2;

export interface PdfRequest {
  summary: Pick<ReferentialVersionSummary, "code" | "version" | "status" | "contentHash">;
  content: ReferentialVersion;
  language: Language;
  /** A chapter code of the version, or null for the whole version. */
  chapter: string | null;
  /** The translator fixed to the document's language. */
  t: TFunction;
}

const BLUE = PDF_COLOURS.blue;
const BLUE_DARK = PDF_COLOURS.blueDark;
const MUTED = PDF_COLOURS.muted;
const TIER_COLOUR: Record<Tier, string> = PDF_COLOURS.tier;
const LEVEL_COLOUR = PDF_COLOURS.level;

/** The document definition (exported for tests and the bench). */
export function referentialDocument({ summary, content, language: lang, chapter, t }: PdfRequest): TDocumentDefinitions {
  const dateFormat = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "fr-FR", { dateStyle: "short", timeZone: "UTC" });
  const date = (iso: string) => dateFormat.format(new Date(iso));
  const colon = t("referential:pages.pdf.colon");
  const labelled = (label: string, value: string): Content => ({ text: [{ text: `${label}${colon}`, bold: true }, value], margin: [0, 2, 0, 2] });
  const chapters = chapter === null ? content.chapters : content.chapters.filter((c) => c.code === chapter);
  const only = chapter === null ? null : chapters[0];
  const versionLabel = t("referential:pages.versionLabel", { version: content.version });
  const criteria = chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria));
  const tiers = TIERS.map((tier) => `${t(`referential:pages.tiers.${tier}`)}${colon}${criteria.filter((c) => c.tier === tier).length}`);

  const cover: Content[] = [
    { text: t("common:app.fullName"), style: "kicker" },
    { text: content.title[lang], style: "title" },
    ...(only ? [{ text: `${t("referential:pages.version.chapter", { code: only.code })} — ${only.title[lang]}`, style: "subtitle" } satisfies Content] : []),
    {
      text: [
        versionLabel,
        " · ",
        t("referential:pages.pdf.status", { status: t(`referential:status.${summary.status}`) }),
        " · ",
        t("referential:dates.effective", { date: date(content.effective_date) }),
        " · ",
        t("referential:dates.reviewBy", { date: date(content.review_by) }),
      ],
      style: "meta",
    },
    {
      text: `${[
        t("referential:counts.chapters", { count: chapters.length }),
        t("referential:counts.standards", { count: chapters.reduce((n, c) => n + c.standards.length, 0) }),
        t("referential:counts.criteria", { count: criteria.length }),
      ].join(" · ")} (${tiers.join(", ")})`,
      style: "meta",
    },
    ...(content.illustrative
      ? [
          {
            table: { widths: ["*"], body: [[{ text: t("referential:illustrative"), margin: [6, 5, 6, 5] }]] },
            layout: { hLineColor: () => BLUE, vLineColor: () => BLUE, fillColor: () => "#e8eef7" },
            margin: [0, 10, 0, 10],
          } satisfies Content,
        ]
      : []),
    ...(only ? [] : [{ text: content.description[lang], margin: [0, 4, 0, 10] } satisfies Content]),
    { toc: { title: { text: t("referential:pages.pdf.toc"), style: "h1" } }, margin: [0, 10, 0, 0] },
  ];

  const rules: Content[] = only
    ? []
    : [
        { text: t("referential:pages.pdf.rulesTitle"), style: "h1", tocItem: true, pageBreak: "before" },
        { text: t("referential:pages.rules.levelsTitle"), style: "h2" },
        {
          ul: content.levels.map((level) => {
            const name = level.name[lang];
            const sentence = t("referential:pages.rules.sentence", {
              level: name,
              conditions: levelConditions(level, content.scale)
                .map((c) => ruleInWords(c, t, lang))
                .join(", "),
            });
            const at = Math.max(0, sentence.indexOf(name));
            return {
              text: [sentence.slice(0, at), { text: name, bold: true, color: LEVEL_COLOUR[level.code] ?? BLUE_DARK }, sentence.slice(at + name.length)],
              margin: [0, 2, 0, 2],
            };
          }),
        },
        { text: t("referential:pages.rules.levelsIntro", { lowest: content.levels[0]?.name[lang] ?? "" }), margin: [0, 6, 0, 2] },
        { text: t("referential:pages.rules.validity", { count: content.validity_years }), margin: [0, 2, 0, 8] },
        { text: t("referential:pages.rules.scaleTitle"), style: "h2" },
        { text: t("referential:pages.rules.scaleIntro"), margin: [0, 0, 0, 6] },
        {
          table: {
            headerRows: 1,
            widths: [110, 60, "*"],
            body: [
              [t("referential:pages.rules.value"), t("referential:pages.rules.weight"), t("referential:pages.rules.description")].map((text) => ({ text, bold: true, fillColor: "#f5f7fa" })),
              ...content.scale.values.map((v) => [
                { text: `${v.value} · ${v.label[lang]}`, bold: true },
                t("referential:pages.rules.weightValue", { percent: new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR").format(weightPercent(v.weight)) }),
                v.description[lang],
              ]),
              [{ text: content.scale.not_applicable.label[lang], bold: true }, t("referential:pages.rules.notApplicableWeight"), content.scale.not_applicable.description[lang]],
            ],
          },
          layout: "lightHorizontalLines",
          margin: [0, 0, 0, 8],
        },
        { text: t("referential:pages.rules.scoresTitle"), style: "h2" },
        { text: t("referential:pages.rules.scoresBody"), margin: [0, 0, 0, 6] },
        {
          ul: TIERS.map((tier) => ({
            text: [{ text: t(`referential:pages.tiers.${tier}`), bold: true, color: TIER_COLOUR[tier] }, `${colon}${t(`referential:pages.tierHelp.${tier}`)}`],
          })),
        },
      ];

  const body: Content[] = chapters.flatMap((c, i) => chapterContent(c, i === 0 && only !== null));

  const development: Content[] = only
    ? []
    : [
        { text: t("referential:pages.pdf.developmentTitle"), style: "h1", tocItem: true, pageBreak: "before" },
        labelled(t("referential:pages.coverage.approvalBody"), content.approval_body[lang]),
        labelled(t("referential:columns.dates"), `${t("referential:dates.effective", { date: date(content.effective_date) })} · ${t("referential:dates.reviewBy", { date: date(content.review_by) })}`),
        { text: content.development_notes[lang], margin: [0, 6, 0, 8] },
        ...principlesContent(),
        { text: t("referential:pages.coverage.changelogTitle"), style: "h2" },
        {
          table: {
            headerRows: 1,
            widths: [60, "*"],
            body: [
              [t("referential:pages.coverage.date"), t("referential:pages.coverage.change")].map((text) => ({ text, bold: true, fillColor: "#f5f7fa" })),
              ...content.changelog.map((entry) => [date(entry.date), entry.text[lang]]),
            ],
          },
          layout: "lightHorizontalLines",
        },
      ];

  /** ISQua principles 1–2, the parts the version has: development and review, rationales, glossary, references. */
  function principlesContent(): Content[] {
    const { glossary, references, tier_rationale, rules_rationale, development: dev } = content;
    const heading = (key: string): Content => ({ text: t(`referential:principles.${key}`), style: "h2" });
    return [
      ...(dev
        ? [
            heading("developmentTitle"),
            labelled(t("referential:principles.developedBy"), dev.developed_by[lang]),
            labelled(t("referential:principles.consultation"), dev.consultation[lang]),
            labelled(t("referential:principles.patientsAndPartners"), dev.patients_and_partners[lang]),
            { text: `${t("referential:principles.approvedOn", { date: date(dev.approved_on) })} · ${t("referential:principles.nextReview", { date: date(dev.next_review) })}`, margin: [0, 2, 0, 6] } satisfies Content,
          ]
        : []),
      ...(tier_rationale ? [heading("tierRationale"), { text: tier_rationale[lang], margin: [0, 0, 0, 6] } satisfies Content] : []),
      ...(rules_rationale ? [heading("rulesRationale"), { text: rules_rationale[lang], margin: [0, 0, 0, 6] } satisfies Content] : []),
      ...(glossary ? [heading("glossary"), ...glossary.map((entry) => labelled(entry.term[lang], entry.definition[lang]))] : []),
      ...(references
        ? [
            heading("references"),
            {
              ol: references.map((r): Content => (r.url ? { text: [r.citation[lang], " ", { text: r.url, link: r.url, color: BLUE }] } : { text: r.citation[lang] })),
              margin: [0, 0, 0, 8],
            } satisfies Content,
          ]
        : []),
    ];
  }

  /** What earns each rating, value by value with its label, and the sample to draw. */
  function guidanceContent(k: Criterion): Content[] {
    const view = ratingGuidanceView(k, content.scale, lang);
    if (!view) return [];
    return [
      { text: `${t("referential:ratingGuidance.title")}${colon}`, bold: true, style: "small", margin: [0, 3, 0, 1] },
      {
        ul: view.values.map((v): Content => ({ text: [{ text: `${v.value} · ${v.label}${colon}`, bold: true }, v.text] })),
        style: "small",
      },
      ...(view.sample ? [{ text: [{ text: `${t("referential:ratingGuidance.sample")}${colon}`, bold: true }, view.sample], style: "small", margin: [0, 1, 0, 0] } satisfies Content] : []),
    ];
  }

  function chapterContent(c: Chapter, first: boolean): Content[] {
    return [
      {
        text: `${t("referential:pages.version.chapter", { code: c.code })} — ${c.title[lang]}`,
        style: "h1",
        tocItem: true,
        ...(first ? {} : { pageBreak: "before" as const }),
      },
      ...c.standards.flatMap((s): Content[] => [
        {
          text: `${t("referential:pages.version.standard", { code: s.code })} — ${s.title[lang]}`,
          style: "h2",
          tocItem: true,
          tocMargin: [14, 0, 0, 0],
          tocStyle: "tocSmall",
        },
        { text: [{ text: `${t("referential:pages.version.intent")}${colon}`, bold: true }, s.intent[lang]], style: "intent" },
        ...s.criteria.map(
          (k): Content => ({
            unbreakable: true,
            margin: [0, 4, 0, 6],
            stack: [
              { canvas: [{ type: "line", x1: 0, y1: 0, x2: 483, y2: 0, lineWidth: 0.5, lineColor: "#cfd6df" }], margin: [0, 0, 0, 4] },
              {
                text: [
                  { text: t("referential:pages.version.criterion", { code: k.code }), bold: true, color: BLUE_DARK },
                  "   ",
                  { text: `[${t(`referential:pages.tiers.${k.tier}`)}]`, bold: true, color: TIER_COLOUR[k.tier] },
                ],
                fontSize: 10.5,
                margin: [0, 0, 0, 2],
              },
              { text: k.text[lang], margin: [0, 0, 0, 3] },
              {
                text: [
                  { text: `${t("referential:pages.version.methods")}${colon}`, bold: true },
                  METHODS.filter((m) => k.methods.includes(m))
                    .map((m) => t(`referential:pages.methods.${m}`))
                    .join(", "),
                  "   ·   ",
                  { text: `${t("referential:pages.version.isqua")}${colon}`, bold: true },
                  k.isqua.join(", "),
                ],
                style: "small",
              },
              { text: `${t("referential:pages.version.evidence")}${colon}`, bold: true, style: "small", margin: [0, 2, 0, 1] },
              { ul: k.evidence.map((e) => e[lang]), style: "small" },
              { text: [{ text: `${t("referential:pages.version.guidance")}${colon}`, bold: true }, k.guidance[lang]], style: "guidance" },
              ...guidanceContent(k),
              ...(k.na_allowed
                ? [
                    {
                      text: k.service
                        ? t("referential:pages.version.naOnlyWithoutService", { service: t(`referential:services.${k.service}.name`) })
                        : t("referential:pages.version.naAllowed"),
                      style: "small",
                      italics: true,
                    } satisfies Content,
                  ]
                : []),
            ],
          }),
        ),
      ]),
    ];
  }

  const footerLabel = `${content.code} · ${versionLabel}${only ? ` · ${t("referential:pages.version.chapter", { code: only.code })}` : ""}`;
  const frame = pageFrame(footerLabel, (current, count) => t("referential:pages.pdf.page", { current, count }));
  return {
    ...frame,
    info: {
      title: only ? `${content.title[lang]} — ${only.title[lang]}` : content.title[lang],
      author: "AP-HP — DRI",
      subject: t("common:app.fullName"),
      creator: "Label",
    },
    content: [...cover, ...rules, ...body, ...development],
    styles: {
      ...frame.styles,
      meta: { fontSize: 9.5, color: MUTED, margin: [0, 0, 0, 2] },
      h2: { fontSize: 11.5, bold: true, color: BLUE, margin: [0, 10, 0, 3] },
      intent: { fontSize: 9, italics: true, color: MUTED, margin: [0, 0, 0, 4] },
      guidance: { fontSize: 8.8, color: "#33383e", margin: [0, 3, 0, 0] },
      tocSmall: { fontSize: 8.8, color: MUTED },
    },
  };
}

// Published versions never change, so a PDF is the same for the same content, status, language and chapter:
// recent ones are kept in memory (a handful, about 100-400 kB each) so a meeting's worth of downloads costs one render.
const CACHE_SIZE = 12;
const cache = new Map<string, Promise<Buffer>>();

function cacheKey({ summary, language, chapter }: Pick<PdfRequest, "summary" | "language" | "chapter">): string {
  return [summary.contentHash, summary.status, language, chapter ?? "*", localesVersion, LAYOUT_VERSION].join(":");
}

/** The ETag of a PDF, known before rendering it (same content, status, language, chapter, translations, layout). */
export function referentialPdfEtag(request: Pick<PdfRequest, "summary" | "language" | "chapter">): string {
  return `"${createHash("sha256").update(cacheKey(request)).digest("hex").slice(0, 32)}"`;
}

/** The PDF, rendered once per ETag while it stays among the recent ones. */
export async function referentialPdf(request: PdfRequest): Promise<Buffer> {
  const key = cacheKey(request);
  let pending = cache.get(key);
  if (pending) {
    cache.delete(key); // most recently used goes last
    cache.set(key, pending);
  } else {
    pending = renderPdf(referentialDocument(request));
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return pending;
}
