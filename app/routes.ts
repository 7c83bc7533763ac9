import { type RouteConfig, index, layout, route } from "@react-router/dev/routes";

export default [
  route("healthz", "routes/healthz.ts"),
  route("locales/:lng", "routes/locales.ts"),
  route("login", "routes/auth/login.tsx"),
  route("logout", "routes/auth/logout.ts"),
  route("forgot-password", "routes/auth/forgot-password.tsx"),
  route("reset-password/:token", "routes/auth/reset-password.tsx"),
  route("invitation/:token", "routes/auth/invitation.tsx"),
  layout("routes/signed-in.tsx", [
    index("routes/home.tsx"),
    route("account", "routes/account.tsx"),
    route("team", "routes/team.tsx"),
    layout("routes/admin/layout.tsx", [
      route("admin/users", "routes/admin/users.tsx"),
      route("admin/users/new", "routes/admin/user-new.tsx"),
      route("admin/users/:userId", "routes/admin/user.tsx"),
      route("admin/outbox", "routes/admin/outbox.tsx"),
      route("admin/referentials", "routes/admin/referentials.tsx"),
    ]),
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
