// Pieces shared by the referential pages: tier and status badges, the version's sub-navigation and downloads.
import { Fragment, useMemo } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Link, NavLink } from "react-router";
import type { CriterionView } from "#app/domain/referential/browse.ts";
import { ruleInWords, type LevelCondition } from "#app/domain/referential/rules.ts";
import type { Method, ReferentialStatus, Service, Tier } from "#app/domain/referential/schema.ts";
import { ISQUA_PRINCIPLES, METHODS, SERVICES } from "#app/domain/referential/vocabulary.ts";
import type { Language } from "#app/domain/language.ts";
import { useFormat } from "./format.ts";

/** A published version in a menu (opening a process, accepting an application), saying when it is not yet in force. */
export function PublishedVersionOption({ version }: { version: { id: string; code: string; version: string; title: { fr: string; en: string }; effectiveDate: string; inForce: boolean } }) {
  const { t } = useTranslation("process");
  const format = useFormat();
  const lng = useLanguage();
  const notYet = version.inForce ? "" : ` (${t("list.inForceFrom", { date: format.date(version.effectiveDate) })})`;
  return <option value={version.id}>{`${version.code} ${version.version} — ${version.title[lng]}${notYet}`}</option>;
}

/** The page language as a referential language. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "fr";
}

const TIER_SYMBOL: Record<Tier, string> = { critical: "!", core: "●", advanced: "★" };

/**
 * Every fixed word a criterion needs, looked up once per page: a version page shows 136 criteria, and one
 * translation hook per badge and per criterion costs more than the rest of the rendering.
 */
export function useReferentialWords() {
  const { t } = useTranslation("referential");
  return useMemo(() => {
    const code = "\u0000";
    const criterion = t("pages.version.criterion", { code });
    return {
      tiers: { critical: t("pages.tiers.critical"), core: t("pages.tiers.core"), advanced: t("pages.tiers.advanced") } as Record<Tier, string>,
      tierHelp: { critical: t("pages.tierHelp.critical"), core: t("pages.tierHelp.core"), advanced: t("pages.tierHelp.advanced") } as Record<Tier, string>,
      methods: Object.fromEntries(METHODS.map((m) => [m, t(`pages.methods.${m}`)])) as Record<Method, string>,
      isqua: Object.fromEntries(ISQUA_PRINCIPLES.map((p) => [p, t(`pages.isqua.${p}`)])) as Record<number, string>,
      criterion: (c: string) => criterion.replace(code, c),
      methodsLabel: t("pages.version.methods"),
      isquaLabel: t("pages.version.isqua"),
      evidence: t("pages.version.evidence"),
      guidance: t("pages.version.guidance"),
      naAllowed: t("pages.version.naAllowed"),
      naOnlyWithout: Object.fromEntries(SERVICES.map((s) => [s, t("pages.version.naOnlyWithoutService", { service: t(`services.${s}.name`) })])) as Record<Service, string>,
    };
  }, [t]);
}
export type ReferentialWords = ReturnType<typeof useReferentialWords>;

/** A tier always in words (with a symbol), never by colour alone. */
export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useTranslation("referential");
  return (
    <span className={`ref-tier ref-tier-${tier}`} title={t(`pages.tierHelp.${tier}`)}>
      <span aria-hidden="true">{TIER_SYMBOL[tier]}</span> {t(`pages.tiers.${tier}`)}
    </span>
  );
}

/** The same badge, with words the page already looked up. */
export function TierBadgeWith({ tier, words }: { tier: Tier; words: ReferentialWords }) {
  return (
    <span className={`ref-tier ref-tier-${tier}`} title={words.tierHelp[tier]}>
      <span aria-hidden="true">{TIER_SYMBOL[tier]}</span> {words.tiers[tier]}
    </span>
  );
}

const STATUS_BADGE: Record<ReferentialStatus, string> = {
  draft: "badge badge-warning",
  published: "badge badge-success",
  retired: "badge badge-muted",
};
const STATUS_SYMBOL: Record<ReferentialStatus, string> = { draft: "✎", published: "✓", retired: "■" };

export function VersionStatusBadge({ status }: { status: ReferentialStatus }) {
  const { t } = useTranslation("referential");
  return (
    <span className={STATUS_BADGE[status]}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]}</span> {t(`status.${status}`)}
    </span>
  );
}

/** A level's name on its fixed colour (Bronze, Argent/Silver, Or/Gold): the name is always written. */
export function LevelName({ code, name }: { code: string; name: string }) {
  return <span className={`ref-level ref-level-${code}`}>{name}</span>;
}

export function versionPath(code: string, version: string): string {
  return `/referentials/${encodeURIComponent(code)}/${encodeURIComponent(version)}`;
}

export function criterionPath(code: string, version: string, criterion: string): string {
  return `${versionPath(code, version)}/criteria/${encodeURIComponent(criterion)}`;
}

interface HeaderVersion {
  code: string;
  version: string;
  status: ReferentialStatus;
  illustrative: boolean;
  effectiveDate: string;
  reviewBy: string;
}

/** Status and dates under a version page's title, then the links to its pages and downloads. */
export function VersionBar({ version, chapter }: { version: HeaderVersion; chapter?: string | null }) {
  const { t } = useTranslation("referential");
  const format = useFormat();
  const base = versionPath(version.code, version.version);
  const sections = [
    { to: base, key: "content", end: true },
    { to: `${base}/coverage`, key: "coverage", end: false },
    { to: `${base}/rules`, key: "rules", end: false },
  ] as const;
  return (
    <>
      <p className="ref-meta">
        <VersionStatusBadge status={version.status} />
        <span>{t("dates.effective", { date: format.date(version.effectiveDate) })}</span>
        <span>{t("dates.reviewBy", { date: format.date(version.reviewBy) })}</span>
      </p>
      {version.illustrative ? <p className="notice notice-info">{t("illustrative")}</p> : null}
      <nav className="ref-sections" aria-label={t("pages.sectionsLabel")}>
        <ul>
          {sections.map((s) => (
            <li key={s.key}>
              <NavLink to={s.to} end={s.end}>
                {t(`pages.sections.${s.key}`)}
              </NavLink>
            </li>
          ))}
          <li>
            <Link to={`/referentials/diff?to=${encodeURIComponent(`${version.code}@${version.version}`)}`}>{t("pages.sections.compare")}</Link>
          </li>
        </ul>
      </nav>
      <Downloads version={version} chapter={chapter ?? null} />
    </>
  );
}

/** The PDF (whole version, or one chapter) and the source file: plain links, so they work without JavaScript. */
export function Downloads({ version, chapter }: { version: { code: string; version: string }; chapter: string | null }) {
  const { t } = useTranslation("referential");
  const lng = useLanguage();
  const base = versionPath(version.code, version.version);
  return (
    <p className="ref-downloads">
      <span className="ref-downloads-title">{t("pages.downloads.title")}</span>
      <a href={`${base}/pdf?lng=${lng}`} download>
        {t("pages.downloads.pdf")}
      </a>
      {chapter ? (
        <a href={`${base}/pdf?chapter=${encodeURIComponent(chapter)}&lng=${lng}`} download>
          {t("pages.downloads.pdfChapter", { code: chapter })}
        </a>
      ) : null}
      <a href={`${base}/source`} download>
        {t("pages.downloads.yaml")}
      </a>
    </p>
  );
}

/**
 * One criterion in the version page: requirement, methods, evidence always shown; guidance folded, or (the whole
 * version, `guidance` false) one click away on the criterion's own page, to keep the page light (ADR 0024).
 */
export function CriterionBlock({ criterion, href, words, guidance = true }: { criterion: CriterionView; href: string; words: ReferentialWords; guidance?: boolean }) {
  return (
    <article className={`ref-criterion ref-criterion-${criterion.tier}`} id={criterion.code} aria-labelledby={`criterion-${criterion.code}`}>
      <h4 id={`criterion-${criterion.code}`}>
        <Link to={href}>{words.criterion(criterion.code)}</Link> <TierBadgeWith tier={criterion.tier} words={words} />
      </h4>
      <p className="ref-criterion-text">{criterion.text}</p>
      <CriterionFacts criterion={criterion} words={words} />
      {guidance ? (
        <details className="ref-guidance">
          <summary>{words.guidance}</summary>
          <p>{criterion.guidance}</p>
        </details>
      ) : null}
    </article>
  );
}

/** Methods, expected evidence, ISQua principles and the N/A rule of a criterion. */
export function CriterionFacts({ criterion, words }: { criterion: CriterionView; words: ReferentialWords }) {
  return (
    <>
      <dl className="ref-facts">
        <div>
          <dt>{words.methodsLabel}</dt>
          <dd>{criterion.methods.map((m) => words.methods[m]).join(", ")}</dd>
        </div>
        <div>
          <dt>{words.isquaLabel}</dt>
          <dd>
            {criterion.isqua.map((p, i) => (
              <Fragment key={p}>
                {i > 0 ? ", " : ""}
                <abbr title={words.isqua[p]}>{p}</abbr>
              </Fragment>
            ))}
          </dd>
        </div>
      </dl>
      <p className="ref-label">{words.evidence}</p>
      <ul className="ref-evidence">
        {criterion.evidence.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      {criterion.service ? <p className="ref-na">{words.naOnlyWithout[criterion.service]}</p> : criterion.naAllowed ? <p className="ref-na">{words.naAllowed}</p> : null}
    </>
  );
}

/** A level condition in plain words, from the version's data through the locale files. */
export function useConditionWords() {
  const { t } = useTranslation("referential");
  return (condition: LevelCondition, language: Language) => ruleInWords(condition, t, language);
}
