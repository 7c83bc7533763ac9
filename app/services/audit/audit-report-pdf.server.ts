// The audit report as a PDF, in the reader's language, with the self-assessment report's setup (the app's pdfmake,
// its frame and cover): cover (hospital, visit dates, team, submission, release), the level the auditors propose
// with the engine's explanation, the summary, scores per chapter self vs audit, the agreement figures, the status
// of every critical criterion, the N/A of service-dependent criteria (confirmed, refused…), then every finding by
// chapter and classification. Built from a loaded AuditReport:
// no database work while rendering.
import type { TFunction } from "i18next";
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import { agreementInWords, excerpt } from "#app/domain/audit/report.ts";
import type { AgreementFigures } from "#app/domain/audit/agreement.ts";
import type { ServiceNaReview } from "#app/domain/audit/service-na.ts";
import type { Language } from "#app/domain/language.ts";
import { ratingInWords, type RatingValue } from "#app/domain/process/rating-input.ts";
import type { Service } from "#app/domain/referential/schema.ts";
import { conditionInWords } from "#app/domain/scoring/explanation.ts";
import { documentWriting, PDF_COLOURS, renderPdf, wrappable } from "#app/services/platform/pdfmake.server.ts";
import { coverHeading, reportFrame, resultBox } from "#app/services/process/report-pdf.server.ts";
import type { AuditReportView } from "./audit-report.server.ts";

const { blueDark: BLUE_DARK, muted: MUTED } = PDF_COLOURS;
/** Findings with a long text may span pages; short ones are kept on one page (as the self-assessment report's criteria). */
const UNBREAKABLE_MAX_CHARS = 1800;

export function auditReportDocument(report: AuditReportView, lang: Language, t: TFunction): TDocumentDefinitions {
  const colon = t("reports:colon");
  const { date, dateTime, number, percent, labelled, th } = documentWriting(lang, colon);
  const { visit, audit } = report;
  const title = t("audit:report.title");
  const levelName = (code: string) => report.levels.find((l) => l.code === code)?.name[lang] ?? code;
  const rating = (value: RatingValue | null) => ratingInWords(value, report.scale, lang, t("process:rating.na")) ?? t("process:rating.unrated");
  const chapterTitle = (code: string) => report.chapters.find((c) => c.code === code)?.title[lang] ?? "";
  const lead = visit.team.find((m) => m.role === "lead");
  const share = audit.completeness.applicable ? Math.floor((100 * audit.completeness.rated) / audit.completeness.applicable) : 0;
  const serviceNaText = (review: ServiceNaReview, service: Service) => t(`process:serviceNa.${review}`, { none: t(`referential:services.${service}.none`) });
  const levelText = (code: string | null) =>
    code ? { text: levelName(code), bold: true, color: PDF_COLOURS.level[code] ?? BLUE_DARK } : { text: t("process:result.noLevel"), bold: true };

  const cover: Content[] = [
    ...coverHeading(report, lang, t, title),
    labelled(t("audit:report.visit"), t("audit:report.visitDates", { startsOn: date(visit.startsOn), endsOn: date(visit.endsOn) })),
    labelled(
      t("audit:report.team"),
      visit.team.map((m) => (m === lead ? t("audit:report.lead", { name: m.name }) : m.name)).join(", "),
    ),
    labelled(
      t("audit:report.submitted"),
      visit.submittedAt ? t("audit:report.submittedOn", { date: date(visit.submittedAt), name: visit.submittedByName ?? "—" }) : t("audit:report.notSubmitted"),
    ),
    labelled(t("audit:report.released"), visit.releasedAt ? t("audit:report.releasedOn", { date: date(visit.releasedAt) }) : t("audit:report.notReleased")),
    labelled(t("reports:cover.generated"), dateTime(report.generatedAt)),
    ...(visit.submittedAt ? [] : [{ text: t("audit:report.draft"), bold: true, color: PDF_COLOURS.tier.critical, margin: [0, 6, 0, 0] } as Content]),
    resultBox([
      { text: t("audit:report.proposedTitle"), bold: true, color: BLUE_DARK, margin: [0, 0, 0, 2] },
      { text: audit.final ? t("audit:report.final") : t("audit:report.provisional", { percent: share }), margin: [0, 0, 0, 4] },
      { text: [`${t("process:result.global")} `, { text: percent(audit.global), bold: true }, "  ·  ", `${t("audit:report.auditReaches")} `, levelText(audit.level)] },
      { text: [`${t("audit:report.selfReached")} `, levelText(report.selfResult.level), ` (${t("process:result.global")} ${percent(report.selfResult.global)})`], color: MUTED, margin: [0, 2, 0, 4] },
      audit.next
        ? {
            stack: [
              { text: `${t("process:result.nextNeeds", { level: levelName(audit.next.level) })}${colon}`, bold: true, margin: [0, 2, 0, 1] },
              { ul: audit.next.unmet.map((c) => conditionInWords(c, t, number)) },
            ],
          }
        : { text: t("audit:report.topLevel") },
      { text: t("audit:report.notALabel"), italics: true, color: MUTED, margin: [0, 4, 0, 0] },
    ]),
  ];

  // The summary in the reader's language first, then the other one when written.
  const languages: Language[] = lang === "en" ? ["en", "fr"] : ["fr", "en"];
  const summaries = languages.map((l) => ({ l, text: l === "fr" ? visit.summaryFr : visit.summaryEn })).filter((s) => s.text.trim() !== "");
  const summary: Content[] = [
    { text: t("audit:report.summaryTitle"), style: "h1", pageBreak: "before" },
    ...(summaries.length
      ? summaries.flatMap((s): Content[] => [
          ...(summaries.length > 1 ? [{ text: t(`audit:report.summaryIn.${s.l}`), style: "h3" } as Content] : []),
          { text: wrappable(s.text), margin: [0, 0, 0, 6] },
        ])
      : [{ text: t("audit:report.noSummary"), italics: true, color: MUTED }]),
  ];

  const gapPoints = (self: number | null, auditScore: number | null) =>
    self === null || auditScore === null ? "—" : t("audit:comparison.points", { value: number(Math.round(self - auditScore)) });
  const scores: Content[] = [
    { text: t("audit:comparison.chartTitle"), style: "h2" },
    {
      table: {
        headerRows: 1,
        widths: ["*", 70, 50, 70],
        body: [
          [th(t("audit:comparison.chapter")), th(t("audit:comparison.self")), th(t("audit:comparison.audit")), th(t("audit:comparison.gap"))],
          ...report.chapters.map((c) => [`${c.code}. ${c.title[lang]}`, percent(c.self), percent(c.audit), gapPoints(c.self, c.audit)]),
        ],
      },
      layout: "lightHorizontalLines",
    },
  ];

  const agreementRow = (label: string, figures: AgreementFigures, bold = false): TableCell[] => {
    const words = agreementInWords(figures, t, number);
    return [{ text: label, bold }, String(figures.compared), words.identical, words.kappa, words.gap, words.leftOut];
  };
  const agreement: Content[] = [
    { text: t("audit:report.agreementTitle"), style: "h2" },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: ["*", 46, 64, 72, 96, 58],
        body: [
          [th(t("audit:comparison.scope")), th(t("audit:comparison.compared")), th(t("audit:comparison.identical")), th(t("audit:comparison.kappa")), th(t("audit:comparison.meanGap")), th(t("audit:comparison.leftOut"))],
          agreementRow(t("audit:comparison.overall"), report.agreement, true),
          ...report.chapters.map((c) => agreementRow(`${c.code}. ${c.title[lang]}`, c.agreement)),
        ],
      },
      layout: "lightHorizontalLines",
      fontSize: 8.5,
    },
    { text: t("audit:comparison.explainTitle"), style: "h3" },
    { ul: [t("audit:comparison.explainPairs"), t("audit:comparison.explainIdentical"), t("audit:comparison.explainKappa"), t("audit:comparison.explainGap")], style: "small", color: MUTED },
  ];

  const critical: Content[] = [
    { text: t("audit:report.criticalTitle"), style: "h2", pageBreak: "before" },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: ["*", 78, 78, 90],
        body: [
          [th(t("audit:comparison.criterion")), th(t("audit:comparison.selfRating")), th(t("audit:comparison.auditRating")), th(t("audit:report.status"))],
          ...report.critical.map((c) => [
            { text: [{ text: `${c.code}  `, bold: true }, wrappable(excerpt(c.text[lang], 110))] },
            rating(c.self),
            rating(c.audit),
            c.audit === null
              ? { text: t("audit:report.criticalUnrated"), italics: true }
              : c.review && c.service && c.audit === "NA"
                ? serviceNaText(c.review, c.service)
                : c.blocks.length
                ? { text: t("audit:report.criticalBlocks", { levels: c.blocks.map(levelName).join(", ") }), bold: true, color: PDF_COLOURS.tier.critical }
                : t("audit:report.criticalMeets"),
          ]),
        ],
      },
      layout: "lightHorizontalLines",
      fontSize: 8.5,
    },
  ];

  const serviceNa: Content[] = [
    { text: t("audit:comparison.serviceNaTitle"), style: "h2" },
    { text: t("audit:comparison.serviceNaExplain"), style: "small", color: MUTED, margin: [0, 0, 0, 4] },
    report.serviceNa.length
      ? {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: ["*", 70, 70, 70, 110],
            body: [
              [th(t("audit:comparison.criterion")), th(t("audit:comparison.service")), th(t("audit:comparison.selfRating")), th(t("audit:comparison.auditRating")), th(t("audit:comparison.serviceNaReview"))],
              ...report.serviceNa.map((r) => [
                { text: [{ text: `${r.code}  `, bold: true }, wrappable(excerpt(r.text[lang], 110))] },
                t(`referential:services.${r.service}.name`),
                rating(r.self),
                rating(r.audit),
                { stack: [{ text: serviceNaText(r.review, r.service), bold: true }, ...(r.finding ? [{ text: wrappable(excerpt(r.finding, 300)), color: MUTED }] : [])] },
              ]),
            ],
          },
          layout: "lightHorizontalLines",
          fontSize: 8.5,
        }
      : { text: t("audit:comparison.serviceNaNone"), italics: true },
  ];

  const findingBlock = (f: AuditReportView["findings"][number]["groups"][number]["findings"][number]): Content => ({
    unbreakable: f.finding.length < UNBREAKABLE_MAX_CHARS,
    margin: [0, 2, 0, 6],
    stack: [
      { text: [{ text: t("reports:criterion.code", { code: f.code }), bold: true, color: BLUE_DARK }, "  ", wrappable(f.text[lang])], margin: [0, 0, 0, 2] },
      {
        text: [
          { text: `${t("audit:comparison.auditRating")}${colon}`, bold: true },
          rating(f.rating),
          "  ·  ",
          { text: `${t("audit:comparison.selfRating")}${colon}`, bold: true },
          rating(f.self),
        ],
      },
      f.finding ? { text: [{ text: `${t("audit:report.finding")}${colon}`, bold: true }, wrappable(f.finding)], margin: [0, 2, 0, 0] } : "",
      f.methods.length ? { text: `${t("audit:report.methods")}${colon}${f.methods.map((m) => t(`process:methods.${m}`)).join(", ")}`, style: "small", color: MUTED } : "",
    ],
  });
  const findings: Content[] = [
    { text: t("audit:report.findingsTitle"), style: "h1", pageBreak: "before" },
    ...(report.findings.length
      ? report.findings.flatMap((chapter, i) =>
          chapter.groups.flatMap((group, g): Content[] => {
            const [first, ...rest] = group.findings;
            const headings: Content[] = [
              ...(g === 0 ? [{ text: `${t("reports:chapter", { code: chapter.chapterCode })} — ${chapterTitle(chapter.chapterCode)}`, style: "h2", margin: [0, i === 0 ? 0 : 14, 0, 4] } as Content] : []),
              { text: t(`audit:report.groups.${group.group}`), style: "h3" },
            ];
            // Headings never end a page alone: they stay with the group's first finding.
            return [{ stack: [...headings, findingBlock(first!)], unbreakable: first!.finding.length < UNBREAKABLE_MAX_CHARS }, ...rest.map(findingBlock)];
          }),
        )
      : [{ text: t("audit:report.findingsNone"), italics: true }]),
  ];

  return { ...reportFrame(report, lang, t, title), content: [...cover, ...summary, ...scores, ...agreement, ...critical, ...serviceNa, ...findings] };
}

/** The audit report's bytes. */
export function renderAuditReportPdf(report: AuditReportView, lang: Language, t: TFunction): Promise<Buffer> {
  return renderPdf(auditReportDocument(report, lang, t));
}
