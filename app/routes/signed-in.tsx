import { Outlet } from "react-router";
import type { Route } from "./+types/signed-in";
import { requireUser } from "#app/http/guards.server.ts";
import { requireSecondFactorEnrolment } from "#app/http/sign-in.server.ts";

// Everything below needs a signed-in user. Loaders run in parallel and `.data` requests reach them directly,
// so each loader and action also calls its own require… helper: this middleware is the outer wall.
export const middleware: Route.MiddlewareFunction[] = [
  ({ request, context }) => {
    requireUser(context, request);
    // A role that requires a second factor (REQUIRE_SECOND_FACTOR) and a user without one: enrolment first.
    requireSecondFactorEnrolment(context, request);
  },
];

export default function SignedIn() {
  return <Outlet />;
}
