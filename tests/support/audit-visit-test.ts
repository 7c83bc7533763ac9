// The server of an audit-visit integration test: the built app over a fresh database, Fann's visit scheduled
// (tests/support/audit-visit.ts) and an auditor who is not on its team.
import { users } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { DEMO_PASSWORD } from "#scripts/seed/demo.ts";
import { scheduleDemoVisit } from "./audit-visit.ts";
import { startTestServer } from "./server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

/** An AP-HP auditor off the visit's team (password as the demo's). */
export const OUTSIDER = "autre.auditeur@audit.example.org";

export async function startVisitServer(uploadsDir: string, options: { onQuery?: (sql: string) => void } = {}) {
  const server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir }, ...options });
  const db = server.database.db;
  await importShippedReferentials(db);
  const { processId } = await scheduleDemoVisit(db, { storage: folderStorage(uploadsDir) });
  await db.insert(users).values({ email: OUTSIDER, name: "Dr Paul Martin", role: "auditor", passwordHash: await hashPassword(DEMO_PASSWORD) });
  return { server, db, processId };
}
