// Everything the demo seeds, in order: what `npm start` runs on its first embedded start and `npm run seed -- --demo`
// runs on demand. Idempotent: each part leaves alone what is already there.
import type { Db } from "#db/client.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { LOME_HOSPITAL, seedDemoAudit, THIRD_HOSPITAL } from "./demo-audit.ts";
import { seedDemo } from "./demo.ts";
import { seedDemoLabels } from "./demo-labels.ts";
import { seedDemoProcess } from "./demo-process.ts";

export async function seedDemoData(
  db: Db,
  options: { storage: EvidenceStorage; hashPassword: (password: string) => Promise<string>; log?: (message: string) => void },
) {
  const accounts = await seedDemo(db, options.hashPassword);
  const fann = await seedDemoProcess(db, options); // Fann's self-assessment in progress
  // Lomé and Bingerville are hospitals of the registry: the registry (reference data, loaded when empty) comes first.
  await ensureRegistry(db, { log: options.log });
  // Touba's audit and the committee's decision (Label Argent), Lomé's audit awaiting a decision, a visit to score at
  // Bingerville; then Bingerville's earlier labels (2019, 2023) and ISQua's accreditation of the 2024 version.
  const audit = await seedDemoAudit(db, options);
  const labels = await seedDemoLabels(db);
  // The coordinators of the registry's hospitals (created by the audit seed) sign in with the same password.
  const registryCoordinators = [LOME_HOSPITAL, THIRD_HOSPITAL].map((h) => ({ email: h.coordinator.email, role: "hospital" as const, establishment: h.registryKey }));
  return { accounts: [...accounts, ...registryCoordinators], fann, ...audit, ...labels };
}
