import { Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { requireRole } from "#app/http/guards.server.ts";

/** The DRI's administration area: 403 for anyone else, whatever the page. */
export const middleware: Route.MiddlewareFunction[] = [
  ({ request, context }) => {
    requireRole(context, request, "dri_admin");
  },
];

export default function AdminLayout() {
  return <Outlet />;
}
