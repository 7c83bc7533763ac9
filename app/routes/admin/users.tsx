import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/users";
import { FilterForm, SearchFilter, SelectFilter } from "#app/components/filters.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { StatusBadge } from "#app/components/user-status.tsx";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { getServices, requireRole } from "#app/http/guards.server.ts";
import { listUsers } from "#app/services/accounts/users.server.ts";
import { searchField, z } from "#app/forms/validation.ts";

const filtersSchema = z.object({
  q: searchField(100),
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
