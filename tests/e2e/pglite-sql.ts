// What an operator does to the data while the e2e's own app server is stopped (only one process may open a PGlite
// folder): runs one SQL statement on the folder. Used by tests/e2e/offline-visit.spec.ts
// for what happens server-side while an auditor is offline (a session ends, the audit is submitted).
// Usage: node --import tsx tests/e2e/pglite-sql.ts <PGLITE_DIR> "<SQL>"
import { sql } from "drizzle-orm";

const { openDatabase } = await import("#db/client.ts");
const [dir, statement] = process.argv.slice(2);
if (!dir || !statement) throw new Error("usage: pglite-sql.ts <PGLITE_DIR> <SQL>");
const database = await openDatabase({ pgliteDir: dir });
try {
  await database.db.execute(sql.raw(statement));
} finally {
  await database.close();
}
