process.env.NODE_ENV ??= "production";
import { writeFileSync, mkdirSync } from "node:fs";
import { serveApp } from "#tests/support/app-server.ts";
import { signedInAs } from "#tests/support/server.ts";
import { buildSyntheticDatabase } from "./synthetic-database.ts";
import { openBenchDatabase } from "./support.ts";
const bench = await openBenchDatabase("dump", null);
const synthetic = await buildSyntheticDatabase(bench.database.db, { log: () => {} });
const app = await serveApp(bench.database.db, { withStatic: true });
const b = await signedInAs(app.baseUrl, "admin@label.example.org");
const id = synthetic.copiedProcessId;
mkdirSync("/tmp/pages", { recursive: true });
for (const [name, path] of Object.entries({ account: "/account", criteria: `/processes/${id}/criteria`, comparison: `/processes/${id}/audit/comparison`, decision: `/processes/${id}/decision`, version: "/referentials/label-qss/2024", dashboard: "/cooperations/dashboard" })) {
  writeFileSync(`/tmp/pages/${name}.html`, await b.get(path).then((r) => r.text()));
}
process.exit(0);
