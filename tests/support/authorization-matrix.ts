// Who may reach what: for every route of app/routes.ts and every method it answers, the outcome for each actor.
// tests/integration/authorization-matrix.test.ts reads the routes from the built app and fails on a route or a
// method missing here, then runs every cell (the page and its `.data` twin) against the built app.
//
// A row: method, the route's path as written in app/routes.ts, then the outcome for each actor, in this order:
//
//   anonymous · DRI admin · auditor on the visit's team · auditor off the team · the hospital's coordinator ·
//   a colleague there who is not coordinator · the coordinator of another hospital
//
//   ok     the guard lets them through (the page's usual answer; for a POST any answer but 401/403/404/login:
//          a 400 for the probe's empty form is the action's own validation, past the guard)
//   403    forbidden
//   404    not found (a process of another hospital, or off an auditor's team, does not exist for them)
//   login  redirected to the login page
//   405, 410…  another status answered to everyone alike (a route that answers POST only, a link that is gone)
//
// The route parameters are the demo's decided process at Touba (audited by the demo team, report released,
// Label Argent), its evidence, actions and certificate (the values: `params` in the test); a few routes are run
// again on Lomé's audit, handed in but not released (`UNRELEASED` below). Adding a route: one line here.

export const MATRIX_ACTORS = ["anonymous", "dri", "teamAuditor", "offTeamAuditor", "coordinator", "colleague", "otherHospital"] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];
/** `ok`, `login`, or an exact status the route answers instead (403, 404, 405…). */
export type Outcome = "ok" | "login" | `${number}`;
export type Method = "GET" | "POST";

/**
 * Whose process the parameters name: `decided` is Touba's (audit report released, Label Argent); `unreleased` is
 * Lomé's (audit handed in, awaiting the committee, report not released), where "coordinator" and "colleague" are
 * Lomé's people; `crossed` names Fann's process (in self-assessment: its coordinator, the last column, may edit it)
 * with Touba's evidence file or action (one process's address, another's thing); `draft` names a draft version of
 * the referential instead of the published 2024.
 */
export type Scene = "decided" | "unreleased" | "crossed" | "draft";

export interface MatrixRow {
  method: Method;
  path: string;
  scene: Scene;
  expected: Record<MatrixActor, Outcome>;
  /** A POST's fields (beside the form token); `{ intent: "matrix-probe" }` unless said. */
  form?: Record<string, string>;
  /** Ends the session it is sent with (sign-out): run after every other cell. */
  endsSession?: boolean;
}

// Outcomes that recur, in the actors' order.
const PUBLIC = "ok ok ok ok ok ok ok";
const SIGNED_IN = "login ok ok ok ok ok ok";
const DRI_ONLY = "login ok 403 403 403 403 403";
/** DRI and auditors (the whole cooperation registry); hospital staff 403. */
const REGISTRY_READERS = "login ok ok ok 403 403 403";
/** Touba's process: the DRI, its audit team and its own staff; invisible to anyone else. */
const PROCESS = "login ok ok 404 ok ok 404";
/** On Touba's process, the DRI's work (schedule, release, decision). */
const DRI_ON_PROCESS = "login ok 403 404 403 403 404";
/** On Touba's process, the audit team's work (scoring, its import). */
const AUDIT_TEAM = "login 403 ok 404 403 403 404";
/** On Touba's process, the hospital's work (its import of ratings). */
const HOSPITAL_STAFF = "login 403 403 404 ok ok 404";
/** A route that answers POST only: its loader says 405 to anyone signed in. */
const POST_ONLY = "login 405 405 405 405 405 405";
/** On Lomé's audit before its release: the DRI and the team; its hospital's staff not yet (403). */
const BEFORE_RELEASE = "login ok ok 404 403 403 404";
/** A process without a decision yet: nothing to read there but the DRI's form (404 for anyone else). */
const NO_DECISION_YET = "login ok 404 404 404 404 404";
/** A link never issued: gone, whoever follows it. */
const GONE = "410 410 410 410 410 410 410";

const R = (method: Method, path: string, outcomes: string, options: Pick<MatrixRow, "endsSession" | "form"> & { scene?: Scene } = {}): MatrixRow => {
  const words = outcomes.trim().split(/\s+/);
  if (words.length !== MATRIX_ACTORS.length || words.some((w) => !/^(ok|login|[1-5]\d\d)$/.test(w))) throw new Error(`bad outcomes for ${method} ${path}: "${outcomes}"`);
  return { method, path, scene: "decided", expected: Object.fromEntries(MATRIX_ACTORS.map((a, i) => [a, words[i]])) as Record<MatrixActor, Outcome>, ...options };
};

// prettier-ignore
export const AUTHORIZATION_MATRIX: MatrixRow[] = [
  //   method  path (app/routes.ts)                                         anon  dri  team  off  coord  colleague  other
  // Public: no account needed.
  R("GET",  "healthz",                                                    PUBLIC),
  R("GET",  "locales/:lng",                                               PUBLIC),
  R("GET",  "login",                                                      PUBLIC),
  R("POST", "login",                                                      PUBLIC),
  R("GET",  "logout",                                                     PUBLIC),
  R("POST", "logout",                                                     PUBLIC, { endsSession: true }),
  // The second step of a sign-in, open to all: without a pending sign-in (a right password just given) it sends back to
  // the login page (/login?expired=1, tested in second-factor.test.ts), signed in to the home page.
  R("GET",  "login/second-factor",                                        PUBLIC),
  R("POST", "login/second-factor",                                        PUBLIC),
  R("GET",  "forgot-password",                                            PUBLIC),
  R("POST", "forgot-password",                                            PUBLIC),
  R("GET",  "reset-password/:token",                                      GONE),
  R("POST", "reset-password/:token",                                      PUBLIC),
  R("GET",  "invitation/:token",                                          GONE),
  R("POST", "invitation/:token",                                          PUBLIC),
  R("GET",  "apply",                                                      PUBLIC),
  R("POST", "apply",                                                      PUBLIC),
  R("GET",  "verify/:number?",                                            PUBLIC),
  R("GET",  "labels",                                                     PUBLIC),
  R("GET",  "labels.json",                                                PUBLIC),
  R("GET",  "labels.csv",                                                 PUBLIC),
  R("GET",  "*",                                                          "404 404 404 404 404 404 404"),

  // Signed in: everyone's own pages.
  R("GET",  "",                                                           SIGNED_IN),
  R("GET",  "account",                                                    SIGNED_IN),
  R("POST", "account",                                                    SIGNED_IN),
  R("GET",  "account/second-factor",                                      SIGNED_IN),
  R("POST", "account/second-factor",                                      SIGNED_IN),
  R("GET",  "account/sessions",                                           SIGNED_IN),
  R("POST", "account/sessions",                                           SIGNED_IN),
  R("GET",  "team",                                                       "login 403 403 403 ok 403 ok"),
  R("POST", "team",                                                       "login 403 403 403 ok 403 ok"),
  R("GET",  "notifications",                                              SIGNED_IN),
  R("POST", "notifications",                                              SIGNED_IN),
  R("GET",  "notifications/:id/open",                                     "login 404 404 404 ok 404 404"),

  // Labelling processes: the list is scoped to the reader; Touba's process and everything under it.
  R("GET",  "processes",                                                  SIGNED_IN),
  R("GET",  "processes/new",                                              DRI_ONLY),
  R("POST", "processes/new",                                              DRI_ONLY),
  R("GET",  "processes/:processId",                                       PROCESS),
  R("POST", "processes/:processId",                                       PROCESS),
  R("GET",  "processes/:processId/criteria",                              PROCESS),
  R("POST", "processes/:processId/criteria",                              PROCESS),
  R("GET",  "processes/:processId/criteria/:criterionCode",               PROCESS),
  R("POST", "processes/:processId/criteria/:criterionCode",               PROCESS),
  R("GET",  "processes/:processId/criteria/:criterionCode/rating",        POST_ONLY),
  R("POST", "processes/:processId/criteria/:criterionCode/rating",        PROCESS),
  R("GET",  "processes/:processId/submit",                                PROCESS),
  R("POST", "processes/:processId/submit",                                PROCESS),
  R("GET",  "processes/:processId/evidence",                              PROCESS),
  R("POST", "processes/:processId/evidence",                              PROCESS),
  R("GET",  "processes/:processId/evidence/:fileId",                      PROCESS),
  R("GET",  "processes/:processId/actions",                               PROCESS),
  R("POST", "processes/:processId/actions",                               PROCESS),
  R("GET",  "processes/:processId/actions/:actionId",                     PROCESS),
  R("POST", "processes/:processId/actions/:actionId",                     PROCESS),
  R("GET",  "processes/:processId/team",                                  PROCESS),
  R("POST", "processes/:processId/team",                                  "login 403 403 404 ok 403 404"),
  R("GET",  "processes/:processId/report",                                PROCESS),
  R("GET",  "processes/:processId/report.pdf",                            PROCESS),
  R("GET",  "processes/:processId/export.xlsx",                           PROCESS),
  R("GET",  "processes/:processId/import",                                PROCESS),
  R("POST", "processes/:processId/import",                                HOSPITAL_STAFF),

  // The audit: the DRI, the team, the hospital's staff once the report is released (Touba's is).
  R("GET",  "processes/:processId/audit",                                 PROCESS),
  R("POST", "processes/:processId/audit",                                 PROCESS),
  R("GET",  "processes/:processId/audit/schedule",                        DRI_ON_PROCESS),
  R("POST", "processes/:processId/audit/schedule",                        DRI_ON_PROCESS),
  R("GET",  "processes/:processId/audit/criteria",                        PROCESS),
  R("GET",  "processes/:processId/audit/criteria/:criterionCode",         PROCESS),
  R("POST", "processes/:processId/audit/criteria/:criterionCode",         AUDIT_TEAM),
  R("GET",  "processes/:processId/audit/criteria/:criterionCode/rating",  "login 405 405 404 405 405 404"),
  R("POST", "processes/:processId/audit/criteria/:criterionCode/rating",  AUDIT_TEAM),
  R("GET",  "processes/:processId/audit/comparison",                      PROCESS),
  R("GET",  "processes/:processId/audit/report",                          PROCESS),
  R("POST", "processes/:processId/audit/report",                          DRI_ON_PROCESS),
  R("GET",  "processes/:processId/audit/report.pdf",                      PROCESS),
  R("GET",  "processes/:processId/audit/export.xlsx",                     PROCESS),
  R("GET",  "processes/:processId/audit/import",                          PROCESS),
  R("POST", "processes/:processId/audit/import",                          AUDIT_TEAM),
  R("GET",  "processes/:processId/audit/rounds/:round",                   PROCESS),
  R("GET",  "processes/:processId/audit/offline.json",                    "login ok ok 404 404 404 404"),

  // The committee's decision and the certificate.
  R("GET",  "processes/:processId/decision",                              PROCESS),
  R("POST", "processes/:processId/decision",                              DRI_ON_PROCESS),
  R("GET",  "labels/:number/certificate.pdf",                             "login ok 404 404 ok ok 404"),

  // Referentials: published versions are read by everyone signed in.
  R("GET",  "referentials",                                               SIGNED_IN),
  R("GET",  "referentials/diff",                                          SIGNED_IN),
  R("GET",  "referentials/:code/:version",                                SIGNED_IN),
  R("GET",  "referentials/:code/:version/criteria/:criterion",            SIGNED_IN),
  R("GET",  "referentials/:code/:version/coverage",                       SIGNED_IN),
  R("GET",  "referentials/:code/:version/rules",                          SIGNED_IN),
  R("GET",  "referentials/:code/:version/source",                         SIGNED_IN),
  R("GET",  "referentials/:code/:version/content/:file",                  SIGNED_IN),
  R("GET",  "referentials/:code/:version/pdf",                            SIGNED_IN),

  // Cooperation registry: the DRI edits; auditors read all; hospital staff read what concerns their establishment.
  R("GET",  "cooperations",                                               SIGNED_IN),
  R("GET",  "cooperations/dashboard",                                     REGISTRY_READERS),
  R("GET",  "cooperations/dashboard/map.svg",                             REGISTRY_READERS),
  R("GET",  "cooperations/export.csv",                                    SIGNED_IN),
  R("GET",  "cooperations/export.xlsx",                                   SIGNED_IN),
  R("GET",  "cooperations/import",                                        DRI_ONLY),
  R("POST", "cooperations/import",                                        DRI_ONLY),
  R("GET",  "cooperations/projects/new",                                  DRI_ONLY),
  R("POST", "cooperations/projects/new",                                  DRI_ONLY),
  R("GET",  "cooperations/projects/:id",                                  "login ok ok ok ok ok 404"),
  R("POST", "cooperations/projects/:id",                                  DRI_ONLY),
  R("GET",  "cooperations/projects/:id/edit",                             DRI_ONLY),
  R("POST", "cooperations/projects/:id/edit",                             DRI_ONLY),
  R("GET",  "cooperations/our-establishment",                             "login 403 403 403 ok ok ok"),
  R("GET",  "cooperations/establishments",                                SIGNED_IN), // hospital staff: their own
  R("GET",  "cooperations/establishments/new",                            DRI_ONLY),
  R("POST", "cooperations/establishments/new",                            DRI_ONLY),
  R("GET",  "cooperations/establishments/:id",                            "login ok ok ok ok ok 404"),
  R("GET",  "cooperations/establishments/:id/edit",                       DRI_ONLY),
  R("POST", "cooperations/establishments/:id/edit",                       DRI_ONLY),
  R("GET",  "cooperations/establishments/:id/merge",                      DRI_ONLY),
  R("POST", "cooperations/establishments/:id/merge",                      DRI_ONLY),
  R("GET",  "cooperations/sites",                                         REGISTRY_READERS),
  R("GET",  "cooperations/sites/new",                                     DRI_ONLY),
  R("POST", "cooperations/sites/new",                                     DRI_ONLY),
  R("GET",  "cooperations/sites/:id",                                     REGISTRY_READERS),
  R("GET",  "cooperations/sites/:id/edit",                                DRI_ONLY),
  R("POST", "cooperations/sites/:id/edit",                                DRI_ONLY),
  R("GET",  "cooperations/agreements",                                    SIGNED_IN), // hospital staff: their own
  R("GET",  "cooperations/agreements/new",                                DRI_ONLY),
  R("POST", "cooperations/agreements/new",                                DRI_ONLY),
  R("GET",  "cooperations/agreements/:id",                                "login ok ok ok ok ok 404"),
  R("POST", "cooperations/agreements/:id",                                DRI_ONLY),

  // Administration (the DRI only).
  R("GET",  "admin/users",                                                DRI_ONLY),
  R("GET",  "admin/users/new",                                            DRI_ONLY),
  R("POST", "admin/users/new",                                            DRI_ONLY),
  R("GET",  "admin/users/:userId",                                        DRI_ONLY),
  R("POST", "admin/users/:userId",                                        DRI_ONLY),
  R("GET",  "admin/applications",                                         DRI_ONLY),
  R("GET",  "admin/applications/:id",                                     DRI_ONLY),
  R("POST", "admin/applications/:id",                                     DRI_ONLY),
  R("GET",  "admin/outbox",                                               DRI_ONLY),
  R("POST", "admin/outbox",                                               DRI_ONLY),
  R("GET",  "admin/referentials",                                         DRI_ONLY),
  R("POST", "admin/referentials",                                         DRI_ONLY),
  R("GET",  "admin/audit-trail",                                          DRI_ONLY),
  R("GET",  "admin/audit-trail.csv",                                      DRI_ONLY),
];

/** The audit's pages again, on Lomé's audit handed in and not released: its hospital waits for the committee. */
const U = (method: Method, path: string, outcomes: string, form?: Record<string, string>) => R(method, path, outcomes, { scene: "unreleased", form });
// prettier-ignore
AUTHORIZATION_MATRIX.push(
  U("GET",  "processes/:processId",                                       PROCESS),
  U("GET",  "processes/:processId/audit",                                 BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/criteria",                        BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/criteria/:criterionCode",         BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/comparison",                      BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/report",                          BEFORE_RELEASE),
  U("POST", "processes/:processId/audit/report",                          DRI_ON_PROCESS),
  U("GET",  "processes/:processId/audit/report.pdf",                      BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/export.xlsx",                     BEFORE_RELEASE),
  U("GET",  "processes/:processId/audit/offline.json",                    "login ok ok 404 403 403 404"),
  // Before any decision, the page is the DRI's form alone; the probe asks for a decision with nothing filled in (400).
  U("GET",  "processes/:processId/decision",                              NO_DECISION_YET),
  U("POST", "processes/:processId/decision",                              NO_DECISION_YET, { intent: "decide" }),
);

/**
 * Fann's process with Touba's evidence file or action in the address: nobody reaches another process's thing through
 * a process they may read or edit. The POST is a complete edit of the action (Fann's coordinator may edit Fann's
 * actions; the DRI edits no self-assessment: 403).
 */
const X = (method: Method, path: string, outcomes: string, form?: Record<string, string>) => R(method, path, outcomes, { scene: "crossed", form });
// prettier-ignore
AUTHORIZATION_MATRIX.push(
  X("GET",  "processes/:processId/evidence/:fileId",                      "login 404 404 404 404 404 404"),
  X("GET",  "processes/:processId/actions/:actionId",                     "login 404 404 404 404 404 404"),
  X("POST", "processes/:processId/actions/:actionId",                     "login 403 404 404 404 404 404", { intent: "edit", title: "Action reprise par un autre hôpital", status: "planned" }),
);

/** A draft version of the referential: the DRI's alone until published (404 for anyone else). */
const D = (path: string) => R("GET", path, "login ok 404 404 404 404 404", { scene: "draft" });
AUTHORIZATION_MATRIX.push(
  D("referentials/:code/:version"),
  D("referentials/:code/:version/criteria/:criterion"),
  D("referentials/:code/:version/coverage"),
  D("referentials/:code/:version/rules"),
  D("referentials/:code/:version/source"),
  D("referentials/:code/:version/content/:file"),
  D("referentials/:code/:version/pdf"),
);
