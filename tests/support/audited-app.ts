// The built app over an in-memory database holding an audited process (audit-fixtures.ts), for browser tests that
// bring their own data. Run as its own process (the browser tests' runner does not load the app's modules):
//   npx tsx tests/support/audited-app.ts KEY [--to-submit | --renewal]
// prints one JSON line { baseUrl, password, fixture } once it serves, then serves until it is stopped (SIGTERM).
// With --to-submit the audit is complete (every applicable criterion rated) but has no summary and is not submitted:
// the lead writes the summary and submits in the browser. With --renewal there is no audit: a hospital whose previous
// process (2019, rated, withdrawn) the DRI renews in the browser (renewal-fixtures.ts).
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "./app-server.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess } from "./audit-fixtures.ts";
import { buildRenewal, RENEWAL_FIXTURE_PASSWORD } from "./renewal-fixtures.ts";

const database = await openDatabase({ pgliteDir: "memory://" });
await runMigrations(database);
await seedDemo(database.db, hashPassword);
const toSubmit = process.argv.includes("--to-submit");
const renewal = process.argv.includes("--renewal");
const key = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "e2e";
const ready = renewal
  ? { password: RENEWAL_FIXTURE_PASSWORD, fixture: { ...(await buildRenewal(database.db, { key, hashPassword })), previousRatings: undefined } }
  : { password: AUDIT_FIXTURE_PASSWORD, fixture: { ...(await buildAuditedProcess(database.db, { key, hashPassword, ...(toSubmit ? { submit: false, summary: false } : {}) })), ratings: undefined } };
const app = await serveApp(database.db, { withStatic: true });
console.log(JSON.stringify({ baseUrl: app.baseUrl, ...ready }));

const stop = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
