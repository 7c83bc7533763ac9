// The DRI searches the audit trail in a browser, on the demo: the committee's decision on Touba, recorded by the
// demo's DRI admin, found by her e-mail and the kind "decisions and labels", in French and in English.
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: { title: "Journal d'audit", person: "Personne", kind: "Type d'événement", decisions: "Décisions et labels (tous)", filter: "Filtrer", awarded: "Label décerné", process: "Démarche", older: "Plus anciens" },
  en: { title: "Audit trail", person: "Person", kind: "Kind of event", decisions: "Decisions and labels (all)", filter: "Filter", awarded: "Label awarded", process: "Process", older: "Older" },
} as const;

test("the DRI finds the decision she recorded in the audit trail", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "admin@label.example.org");
  await page.goto("/admin/audit-trail");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w[lng].title);
  // The demo's many events: more than a page.
  await expect(page.getByRole("link", { name: w[lng].older })).toBeVisible();
  await page.getByLabel(w[lng].person).fill("admin@label.example.org");
  await page.getByLabel(w[lng].kind).selectOption({ label: w[lng].decisions });
  await page.getByRole("button", { name: w[lng].filter }).click();
  await expect(page).toHaveURL(/kind=decisions/);
  const row = page.getByRole("row").filter({ hasText: w[lng].awarded }).first();
  await expect(row).toContainText("Claire Dubois");
  await expect(row.getByRole("link", { name: new RegExp(`${w[lng].process} — CHNCAK`) })).toBeVisible();
  await expect(page.getByRole("link", { name: w[lng].older })).toHaveCount(0);
});
