// The self-assessment report as a PDF, in the reader's language: cover (establishment, referential version, state,
// date, the provisional or complete result — never called a label), scores per chapter with completeness, every
// criterion (rating, justification, evidence), then the action plan. Page numbers in the footer.
// Built from a loaded SelfAssessmentReport: no database work while rendering.
import type { TFunction } from "i18next";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import type { Language } from "#app/domain/language.ts";
import { documentWriting, pageFrame, PDF_COLOURS, renderPdf, wrappable } from "#app/services/platform/pdfmake.server.ts";
import { ratingInWords } from "#app/domain/process/rating-input.ts";
import type { ReportCriterion, SelfAssessmentReport } from "./self-assessment-report.server.ts";

const { blue: BLUE, blueDark: BLUE_DARK, muted: MUTED, warning: WARNING } = PDF_COLOURS;

/** Criteria with a long justification may span pages; short ones are kept on one page. */
const UNBREAKABLE_MAX_CHARS = 1800;

export function reportDocument(report: SelfAssessmentReport, lang: Language, t: TFunction): TDocumentDefinitions {
  const colon = t("reports:colon");
  const { date, dateTime, percent, labelled, th } = documentWriting(lang, colon);
  const { result } = report;
  const completeness = result.completeness;
  const share = completeness.applicable ? Math.floor((100 * completeness.rated) / completeness.applicable) : 0;
  const levelName = (code: string) => report.levels.find((l) => l.code === code)?.name[lang] ?? code;

  const cover: Content[] = [
    ...coverHeading(report, lang, t, t("reports:pdf.title")),
    labelled(t("reports:cover.generated"), dateTime(report.generatedAt)),
    resultBox([
      { text: result.final ? t("process:result.completeTitle") : t("process:result.provisionalTitle", { percent: share }), bold: true, color: BLUE_DARK, margin: [0, 0, 0, 4] },
      { text: t("reports:cover.completeness", { rated: completeness.rated, applicable: completeness.applicable, notApplicable: completeness.notApplicable }) },
      {
        text: [
          `${t("process:result.global")} `,
          { text: percent(result.global), bold: true },
          "  ·  ",
          `${t("process:result.levelReached")} `,
          result.level
            ? { text: levelName(result.level), bold: true, color: PDF_COLOURS.level[result.level] ?? BLUE_DARK }
            : { text: t("process:result.noLevel"), bold: true },
        ],
        margin: [0, 2, 0, 4],
      },
      { text: t("process:result.notALabel"), italics: true, color: MUTED },
    ]),
    { text: t("reports:chapters.title"), style: "h2" },
    {
      table: {
        headerRows: 1,
        widths: ["*", 90, 60],
        body: [
          [th(t("reports:chapters.chapter")), th(t("reports:chapters.completeness")), th(t("reports:chapters.score"))],
          ...report.chapters.map((c) => [
            `${c.code}. ${c.title[lang]}`,
            c.applicable ? t("reports:chapters.rated", { rated: c.rated, applicable: c.applicable }) : t("reports:chapters.notApplicable"),
            percent(c.percent),
          ]),
        ],
      },
      layout: "lightHorizontalLines",
    },
  ];

  const criterionBlock = (k: ReportCriterion): Content => {
    const rating = ratingInWords(k.rating, report.scale, lang, t("process:rating.na"));
    return {
      unbreakable: k.justification.length < UNBREAKABLE_MAX_CHARS,
      margin: [0, 4, 0, 6],
      stack: [
        { canvas: [{ type: "line", x1: 0, y1: 0, x2: 483, y2: 0, lineWidth: 0.5, lineColor: "#cfd6df" }], margin: [0, 0, 0, 4] },
        {
          text: [
            { text: t("reports:criterion.code", { code: k.code }), bold: true, color: BLUE_DARK },
            "   ",
            { text: `[${t(`process:tiers.${k.tier}`)}]`, bold: true, color: PDF_COLOURS.tier[k.tier] },
          ],
          fontSize: 10.5,
          margin: [0, 0, 0, 2],
        },
        { text: wrappable(k.text[lang]), margin: [0, 0, 0, 3] },
        { text: [{ text: `${t("reports:criterion.rating")}${colon}`, bold: true }, rating ?? { text: t("process:rating.unrated"), italics: true, color: MUTED }] },
        k.carriedFrom && report.renewal
          ? { text: t("process:renewal.badge", { version: report.renewal.fromVersion, codes: k.carriedFrom.join(", ") }), style: "small", bold: true, color: WARNING }
          : "",
        k.justification
          ? { text: [{ text: `${t("reports:criterion.justification")}${colon}`, bold: true }, wrappable(k.justification)], margin: [0, 2, 0, 0] }
          : { text: t("reports:criterion.noJustification"), italics: true, color: MUTED, margin: [0, 2, 0, 0] },
        k.updatedAt ? { text: t("reports:criterion.lastChanged", { name: k.updatedByName ?? "—", date: date(k.updatedAt) }), style: "small", color: MUTED } : "",
        k.evidence.length
          ? { stack: [{ text: `${t("reports:criterion.evidence")}${colon}`, bold: true, style: "small", margin: [0, 2, 0, 1] }, { ul: k.evidence.map((e) => wrappable(e.name)), style: "small" }] }
          : "",
      ],
    };
  };

  const body: Content[] = report.chapters.flatMap((c, i): Content[] => [
    { text: `${t("reports:chapter", { code: c.code })} — ${c.title[lang]}`, style: "h1", ...(i === 0 ? { pageBreak: "before" as const } : {}), margin: [0, i === 0 ? 0 : 14, 0, 4] },
    {
      text: c.applicable
        ? `${t("reports:chapters.rated", { rated: c.rated, applicable: c.applicable })} · ${t("reports:chapters.score")}${colon}${percent(c.percent)}`
        : t("reports:chapters.notApplicable"),
      style: "meta",
    },
    ...c.standards.flatMap((s): Content[] => {
      const [first, ...rest] = s.criteria;
      const heading: Content = { text: `${s.code}. ${s.title[lang]}`, style: "h3" };
      // A standard's heading never ends a page alone: it stays with its first criterion.
      if (!first || first.justification.length >= UNBREAKABLE_MAX_CHARS) return [heading, ...s.criteria.map(criterionBlock)];
      return [{ stack: [heading, criterionBlock(first)], unbreakable: true }, ...rest.map(criterionBlock)];
    }),
  ]);

  const actions: Content[] = [
    { text: t("reports:actions.title"), style: "h1", pageBreak: "before" },
    report.actions.length
      ? {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: [40, "*", 100, 52, 62],
            body: [
              [th(t("workspace:actions.criterion")), th(t("workspace:actions.what")), th(t("workspace:actions.who")), th(t("workspace:actions.due")), th(t("workspace:actions.status"))],
              ...report.actions.map((a) => [
                a.criterionCode,
                wrappable(a.title),
                wrappable(a.owner),
                a.dueDate ? date(a.dueDate) : "—",
                `${t(`workspace:actions.statuses.${a.status}`)}${a.overdue ? ` (${t("workspace:actions.overdue")})` : ""}`,
              ]),
            ],
          },
          layout: "lightHorizontalLines",
        }
      : { text: t("reports:actions.none"), italics: true },
  ];

  return { ...reportFrame(report, lang, t, t("reports:pdf.title")), content: [...cover, ...body, ...actions] };
}

/** The framed box a report's result stands in, on its cover. */
export function resultBox(stack: Content[]): Content {
  return {
    margin: [0, 14, 0, 4],
    table: { widths: ["*"], body: [[{ margin: [8, 6, 8, 6], stack }]] },
    layout: { hLineColor: () => BLUE, vLineColor: () => BLUE, fillColor: () => "#e8eef7" },
  };
}

type ProcessReport = Pick<SelfAssessmentReport, "process" | "country" | "referentialTitle" | "generatedAt">;

/** The top of a report's cover: the platform, the title, the hospital, where it is, the version, the process state. */
export function coverHeading(report: ProcessReport, lang: Language, t: TFunction, title: string): Content[] {
  const { process } = report;
  const { labelled } = documentWriting(lang, t("reports:colon"));
  return [
    { text: t("common:app.fullName"), style: "kicker" },
    { text: title, style: "title" },
    { text: wrappable(process.establishmentName), style: "subtitle" },
    labelled(t("reports:cover.location"), `${process.establishmentCity}, ${report.country[lang]}`),
    labelled(t("reports:cover.referential"), `${report.referentialTitle[lang]} (${process.referentialCode} ${process.referentialVersion})`),
    labelled(t("reports:cover.state"), t(`process:states.${process.state}`)),
  ];
}

/** A report's page frame (footer: hospital, version, date; page n of m), document info and heading styles. */
export function reportFrame(report: ProcessReport, lang: Language, t: TFunction, title: string) {
  const { process } = report;
  const footerLabel = `${process.establishmentName} · ${process.referentialCode} ${process.referentialVersion} · ${documentWriting(lang, "").date(report.generatedAt)}`;
  const frame = pageFrame(footerLabel, (current, count) => t("reports:pdf.page", { current, count }));
  return {
    ...frame,
    info: { title: `${title} — ${process.establishmentName}`, author: process.establishmentName, subject: t("common:app.fullName"), creator: "Label" },
    styles: {
      ...frame.styles,
      meta: { fontSize: 9.5, color: MUTED, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, color: BLUE, margin: [0, 14, 0, 4] },
      h3: { fontSize: 10.5, bold: true, color: BLUE, margin: [0, 8, 0, 2] },
    },
  } satisfies Partial<TDocumentDefinitions>;
}

/** The report's bytes. */
export function renderReportPdf(report: SelfAssessmentReport, lang: Language, t: TFunction): Promise<Buffer> {
  return renderPdf(reportDocument(report, lang, t));
}
