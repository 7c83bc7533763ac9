// ISQua principles 1–2 on the version page: glossary, references, the rationale of the tiers and of the level rules,
// and how the version was developed and is reviewed. Read from the version's frozen content (ADR 0024), only the
// parts the version has; folded, so the page stays light.
import { useTranslation } from "#app/components/translation.tsx";
import type { Language } from "#app/domain/language.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { useFormat } from "./format.ts";

export function hasPrinciples(content: ReferentialVersion): boolean {
  return [content.glossary, content.references, content.tier_rationale, content.rules_rationale, content.development].some((part) => part !== undefined);
}

export function VersionPrinciples({ content, lng }: { content: ReferentialVersion; lng: Language }) {
  const { t } = useTranslation("referential");
  const format = useFormat();
  if (!hasPrinciples(content)) return null;
  const { glossary, references, tier_rationale, rules_rationale, development } = content;
  return (
    <section className="ref-principles" aria-labelledby="principles-title">
      <h2 id="principles-title">{t("principles.title")}</h2>
      {development ? (
        <details>
          <summary>{t("principles.developmentTitle")}</summary>
          <dl className="ref-principles-list">
            <dt>{t("principles.developedBy")}</dt>
            <dd>{development.developed_by[lng]}</dd>
            <dt>{t("principles.consultation")}</dt>
            <dd>{development.consultation[lng]}</dd>
            <dt>{t("principles.patientsAndPartners")}</dt>
            <dd>{development.patients_and_partners[lng]}</dd>
          </dl>
          <p>
            {t("principles.approvedOn", { date: format.date(development.approved_on) })} · {t("principles.nextReview", { date: format.date(development.next_review) })}
          </p>
        </details>
      ) : null}
      {tier_rationale ? (
        <details>
          <summary>{t("principles.tierRationale")}</summary>
          <p>{tier_rationale[lng]}</p>
        </details>
      ) : null}
      {rules_rationale ? (
        <details>
          <summary>{t("principles.rulesRationale")}</summary>
          <p>{rules_rationale[lng]}</p>
        </details>
      ) : null}
      {glossary ? (
        <details id="glossary">
          <summary>{t("principles.glossary")}</summary>
          <dl className="ref-principles-list">
            {glossary.map((entry) => (
              <div key={entry.term[lng]}>
                <dt>{entry.term[lng]}</dt>
                <dd>{entry.definition[lng]}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
      {references ? (
        <details id="references">
          <summary>{t("principles.references")}</summary>
          <ol>
            {references.map((reference, i) => (
              <li key={i}>
                {reference.citation[lng]}
                {reference.url ? (
                  <>
                    {" "}
                    <a href={reference.url} rel="noopener noreferrer external">
                      {reference.url}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
