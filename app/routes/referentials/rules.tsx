import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/rules";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { LevelName, TierBadge, useConditionWords, VersionBar, versionPath } from "#app/components/referential.tsx";
import { conditionKey, levelConditions, weightPercent } from "#app/domain/referential/rules.ts";
import { TIERS } from "#app/domain/referential/vocabulary.ts";
import { requireReadableVersion, versionHeader } from "#app/http/referential-pages.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { language, summary, content } = await requireReadableVersion(context, request, params);
  const scale = content.scale;
  return {
    version: versionHeader(summary, language),
    language,
    scale: scale.values.map((v) => ({ value: v.value, label: v.label[language], description: v.description[language], weight: v.weight })),
    notApplicable: { label: scale.not_applicable.label[language], description: scale.not_applicable.description[language] },
    levels: content.levels.map((level) => ({ code: level.code, name: level.name[language], conditions: levelConditions(level, scale) })),
    validityYears: content.validity_years,
  };
}

export default function RulesPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const format = useFormat();
  const words = useConditionWords();
  const { version, language, scale, notApplicable, levels, validityYears } = loaderData;
  const base = versionPath(version.code, version.version);
  return (
    <Page>
      <PageHeader
        title={`${t("pages.rules.title")} · ${t("pages.versionLabel", { version: version.version })}`}
        crumbs={[
          { to: "/referentials", label: t("pages.list.title") },
          { to: base, label: t("pages.versionLabel", { version: version.version }) },
        ]}
      />
      <VersionBar version={version} />

      <section aria-labelledby="levels-title">
        <h2 id="levels-title">{t("pages.rules.levelsTitle")}</h2>
        <ul className="ref-level-rules">
          {levels.map((level) => (
            <li key={level.code} className={`ref-level-rule ref-level-rule-${level.code}`}>
              {t("pages.rules.sentence", { level: level.name, conditions: level.conditions.map((c) => words(c, language)).join(", ") })}
            </li>
          ))}
        </ul>
        <p>{t("pages.rules.levelsIntro", { lowest: levels[0]?.name ?? "" })}</p>
        <p>{t("pages.rules.validity", { count: validityYears })}</p>
        <div className="table-wrap">
          <table>
            <caption>{t("pages.rules.levelsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pages.rules.level")}</th>
                <th scope="col">{t("pages.rules.conditions")}</th>
              </tr>
            </thead>
            <tbody>
              {levels.map((level) => (
                <tr key={level.code}>
                  <th scope="row">
                    <LevelName code={level.code} name={level.name} />
                  </th>
                  <td>
                    <ul className="ref-conditions">
                      {level.conditions.map((c) => (
                        <li key={conditionKey(c)}>{words(c, language)}</li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="scale-title">
        <h2 id="scale-title">{t("pages.rules.scaleTitle")}</h2>
        <p>{t("pages.rules.scaleIntro")}</p>
        <div className="table-wrap">
          <table>
            <caption>{t("pages.rules.scaleCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("pages.rules.value")}</th>
                <th scope="col" className="ref-num">
                  {t("pages.rules.weight")}
                </th>
                <th scope="col">{t("pages.rules.description")}</th>
              </tr>
            </thead>
            <tbody>
              {scale.map((v) => (
                <tr key={v.value}>
                  <th scope="row" className="ref-nowrap">
                    {v.value} · {v.label}
                  </th>
                  <td className="ref-num">{t("pages.rules.weightValue", { percent: format.number(weightPercent(v.weight)) })}</td>
                  <td>{v.description}</td>
                </tr>
              ))}
              <tr>
                <th scope="row" className="ref-nowrap">
                  {notApplicable.label}
                </th>
                <td className="ref-num">{t("pages.rules.notApplicableWeight")}</td>
                <td>{notApplicable.description}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <h3>{t("pages.rules.scoresTitle")}</h3>
        <p>{t("pages.rules.scoresBody")}</p>
        <ul className="ref-tier-list ref-tier-list-explained">
          {TIERS.map((tier) => (
            <li key={tier}>
              <TierBadge tier={tier} /> {t(`pages.tierHelp.${tier}`)}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
