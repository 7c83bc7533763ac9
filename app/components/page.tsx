import type { ReactNode } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";

export interface Crumb {
  to: string;
  label: string;
}

/** The page's `<title>`, breadcrumbs (for depth ≥ 2) and `<h1>`. */
export function PageHeader({ title, crumbs, children }: { title: string; crumbs?: Crumb[]; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <title>{`${title} · ${t("app.name")}`}</title>
      {crumbs?.length ? (
        <nav aria-label={t("shell.breadcrumbs")} className="breadcrumbs">
          <ol>
            {crumbs.map((crumb) => (
              <li key={crumb.to}>
                <Link to={crumb.to}>{crumb.label}</Link>
              </li>
            ))}
            <li aria-current="page">{title}</li>
          </ol>
        </nav>
      ) : null}
      <div className="page-header">
        <h1>{title}</h1>
        {children}
      </div>
    </>
  );
}

export function Page({ narrow, children }: { narrow?: boolean; children: ReactNode }) {
  return (
    <main id="main" className={narrow ? "page page-narrow" : "page"}>
      {children}
    </main>
  );
}
