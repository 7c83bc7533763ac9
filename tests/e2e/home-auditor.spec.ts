// The demo auditor's home answers "what are my visits?" without a click: the scheduled visit of Bingerville, with its
// dates and the audit's progress, beside the visits already submitted; the hospital's name opens the visit.
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: { visits: "Mes visites d'audit", scheduled: /Visite planifiée|Visite en cours/, decided: "Décision rendue", lead: "responsable de l'équipe", visit: "Visite d'audit", dates: /^du \d{2}\/\d{2}\/\d{4} au \d{2}\/\d{2}\/\d{4}$/ },
  en: { visits: "My audit visits", scheduled: /Site visit scheduled|Site visit in progress/, decided: "Decision taken", lead: "lead auditor", visit: "Audit visit", dates: /^from \d{2}\/\d{2}\/\d{4} to \d{2}\/\d{2}\/\d{4}$/ },
} as const;

test("the demo auditor's home lists the scheduled Bingerville visit with its dates and progress, and opens it", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "auditeur@label.example.org");
  const visits = page.getByRole("region", { name: t.visits });
  const bingerville = visits.getByRole("row", { name: /Hôpital Mère-Enfant de Bingerville/ });
  // Scheduled, or in progress once another browser test has rated one of its criteria (the accessibility spec does).
  await expect(bingerville).toContainText(t.scheduled);
  await expect(bingerville).toContainText(t.lead);
  await expect(bingerville.getByRole("cell").first()).toHaveText(t.dates);
  await expect(bingerville.locator("progress")).toHaveCount(1);
  // Touba's audit, submitted and decided, is listed after the visits to come.
  await expect(visits.getByRole("row", { name: /Cheikh Ahmadou Khadim/ })).toContainText(t.decided);
  await bingerville.getByRole("link", { name: /Hôpital Mère-Enfant de Bingerville/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(t.visit);
});
