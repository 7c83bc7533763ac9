// A database ready for ratings: the shipped referentials, the demo accounts, and a labelling process of CNHU Fann on
// the 2024 version, in self-assessment (its coordinator fann@label.example.org rates it). Fault tests and the load test.
import { and, eq } from "drizzle-orm";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import type { Db } from "#db/client.ts";
import { establishments, labellingProcesses, referentialVersions } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";

export async function seedFannProcess(db: Db): Promise<{ processId: string; versionId: string }> {
  await importShippedReferentials(db);
  await seedDemo(db, hashPassword);
  const [fann] = await db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
  const [version] = await db.select().from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  const [process] = await db.insert(labellingProcesses).values({ establishmentId: fann!.id, referentialVersionId: version!.id }).returning({ id: labellingProcesses.id });
  return { processId: process!.id, versionId: version!.id };
}
