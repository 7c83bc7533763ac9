import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/users";
import { FilterForm, SearchFilter, SelectFilter } from "../../components/filters";
import { Page, PageHeader } from "../../components/page";
import { StatusBadge } from "../../components/user-status";
import { ROLES } from "../../domain/auth/permissions";
import { getServices, requireRole } from "../../services/guards.server";
import { listUsers } from "../../services/users.server";
import { z } from "../../forms/validation";

const filtersSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireRole(context, request, "dri_admin");
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const all = await listUsers(getServices(context).db, actor);
  const needle = filters.q.toLowerCase();
  const users = all.filter(
    (u) =>
      (!filters.role || u.role === filters.role) &&
      (!needle || [u.name, u.email, u.establishmentName ?? ""].some((v) => v.toLowerCase().includes(needle))),
  );
  return { users, filters, total: all.length };
}

export default function Users({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { users, filters, total } = loaderData;
  return (
    <Page>
      <PageHeader title={t("users.title")}>
        <Link to="/admin/users/new" className="button button-primary">
          {t("users.invite")}
        </Link>
      </PageHeader>
      <FilterForm>
        <SearchFilter label={t("users.search")} value={filters.q} />
        <SelectFilter name="role" label={t("users.role")} value={filters.role} allLabel={t("users.allRoles")} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </FilterForm>
      <div className="table-wrap">
        <table>
          <caption>{t("users.count", { count: users.length, total })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.establishment")}</th>
              <th scope="col">{t("users.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>
                  {t(`roles.${u.role}`)}
                  {u.isCoordinator ? ` · ${t("users.coordinator")}` : ""}
                </td>
                <td>{u.establishmentName ?? "—"}</td>
                <td>
                  <StatusBadge active={u.active} invitationPending={u.invitationPending} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
