import { useTranslation } from "#app/components/translation.tsx";
import { Form } from "react-router";
import type { ReferentialStatus } from "#app/domain/referential/schema.ts";

interface Choice {
  code: string;
  version: string;
  status: ReferentialStatus;
}

/**
 * Two versions to compare, sent as GET /referentials/diff?from=code@version&to=code@version (works without
 * JavaScript). `versions` newest first. By default: the newest version against the one before it.
 */
export function DiffForm({ versions, from, to, headingLevel = 2 }: { versions: Choice[]; from: string | null; to: string | null; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation("referential");
  if (versions.length < 2) return <p>{t("pages.diff.needTwo")}</p>;
  // `versions` come newest first; the menus read oldest first.
  const ordered = [...versions].reverse();
  const refs = ordered.map((v) => `${v.code}@${v.version}`);
  const manyCodes = new Set(versions.map((v) => v.code)).size > 1;
  const label = (v: Choice) => `${manyCodes ? `${v.code} ` : ""}${v.version} (${t(`status.${v.status}`)})`;
  const newest = versions[0]!;
  const sameCode = versions.filter((v) => v.code === newest.code);
  const defaultTo = to ?? `${newest.code}@${newest.version}`;
  const defaultFrom = from ?? (sameCode[1] ? `${sameCode[1].code}@${sameCode[1].version}` : refs[0]!);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <Form method="get" action="/referentials/diff" className="filters ref-diff-form" aria-labelledby="ref-diff-form-title">
      <Heading id="ref-diff-form-title" className="ref-diff-form-title">
        {t("pages.diff.title")}
      </Heading>
      <div className="field">
        <label htmlFor="diff-from">{t("pages.diff.from")}</label>
        <select id="diff-from" name="from" defaultValue={defaultFrom}>
          {ordered.map((v, i) => (
            <option key={refs[i]} value={refs[i]}>
              {label(v)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="diff-to">{t("pages.diff.to")}</label>
        <select id="diff-to" name="to" defaultValue={defaultTo}>
          {ordered.map((v, i) => (
            <option key={refs[i]} value={refs[i]}>
              {label(v)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t("pages.diff.submit")}
      </button>
    </Form>
  );
}
