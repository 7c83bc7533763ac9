// Everything the demo seeds, in order: what `npm start` runs on its first embedded start and `npm run seed -- --demo`
// runs on demand. Idempotent: each part leaves alone what is already there.
import type { Db } from "#db/client.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { seedDemoAudit } from "./demo-audit.ts";
import { seedDemo } from "./demo.ts";
import { seedDemoProcess } from "./demo-process.ts";

export async function seedDemoData(
  db: Db,
  options: { uploadsDir: string; hashPassword: (password: string) => Promise<string>; log?: (message: string) => void },
) {
  const accounts = await seedDemo(db, options.hashPassword);
  const fann = await seedDemoProcess(db, options); // Fann's self-assessment in progress
  // Lomé and Bingerville are hospitals of the registry: the registry (reference data, loaded when empty) comes first.
  await ensureRegistry(db, { log: options.log });
  const audit = await seedDemoAudit(db, options); // Touba's and Lomé's submitted audits, a visit to score at Bingerville
  return { accounts, fann, ...audit };
}
