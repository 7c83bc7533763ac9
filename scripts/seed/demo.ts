import { eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, users } from "#db/schema.ts";

export const DEMO_PASSWORD = "demo-label-2025";

export const DEMO_ESTABLISHMENTS = [
  { name: "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)", shortName: "CHNCAK", countryCode: "SN", city: "Touba" },
  { name: "CNHU de Fann", shortName: "CNHU Fann", countryCode: "SN", city: "Dakar" },
] as const;

export const DEMO_ACCOUNTS = [
  { email: "admin@label.example.org", name: "Claire Dubois", role: "dri_admin", establishment: null, isCoordinator: false, language: "fr" },
  { email: "auditeur@label.example.org", name: "Dr Marc Lefèvre", role: "auditor", establishment: null, isCoordinator: false, language: "fr" },
  // The demo auditor's co-auditor on the demo visits; she reads in English, so the audit pages show both languages.
  { email: "auditrice2@label.example.org", name: "Dr Hélène Marchand", role: "auditor", establishment: null, isCoordinator: false, language: "en" },
  { email: "touba@label.example.org", name: "Awa Ndiaye", role: "hospital", establishment: "CHNCAK", isCoordinator: true, language: "fr" },
  { email: "fann@label.example.org", name: "Moussa Sow", role: "hospital", establishment: "CNHU Fann", isCoordinator: true, language: "fr" },
] as const;

/**
 * Demo establishments and accounts. Idempotent: what exists is left alone (a demo password changed by
 * someone stays changed). Returns the accounts for printing.
 */
export async function seedDemo(db: Db, hashPassword: (password: string) => Promise<string>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(establishments).values([...DEMO_ESTABLISHMENTS]).onConflictDoNothing({ target: [establishments.name, establishments.city] });
    const rows = await tx
      .select({ id: establishments.id, shortName: establishments.shortName })
      .from(establishments)
      .where(inArray(establishments.name, DEMO_ESTABLISHMENTS.map((e) => e.name)));
    const idByShortName = new Map(rows.map((r) => [r.shortName, r.id]));
    for (const account of DEMO_ACCOUNTS) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      if (existing) continue;
      await tx.insert(users).values({
        email: account.email,
        name: account.name,
        role: account.role,
        establishmentId: account.establishment ? idByShortName.get(account.establishment)! : null,
        isCoordinator: account.isCoordinator,
        language: account.language,
        passwordHash,
      });
    }
  });
  return DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role, establishment: a.establishment }));
}

export interface DemoAccountLine {
  email: string;
  role: string;
  establishment: string | null;
}

export function printDemoAccounts(accounts: readonly DemoAccountLine[]) {
  console.log("\nDemo accounts (password: %s):", DEMO_PASSWORD);
  for (const a of accounts) console.log(`  ${a.email.padEnd(30)} ${a.role}${a.establishment ? ` (${a.establishment})` : ""}`);
  console.log("");
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}
