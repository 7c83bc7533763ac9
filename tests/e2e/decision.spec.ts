// The committee's decision in a browser: on a submitted audit that reaches Argent, the DRI admin records the award
// with a special mention, downloads the certificate (its text, read with pdftotext, names the hospital with its
// accents, the level in both languages and the number; its QR code, read from the page drawn by pdftoppm, is the
// verification address), the public verification page says the certificate is valid and the public list shows the
// hospital; after the DRI revokes the label, the verification page says so and the list no longer shows it.
// The audited process is this spec's own (tests/support/audited-app.ts), one per browser language.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { pdfText, qrCodeOf } from "#tests/support/pdf-text.ts";
import { DEMO_PASSWORD, expect, languageOf, startAuditedApp, test, words } from "./support.ts";

interface Fixture {
  processId: string;
  establishment: { name: string };
  admin: { email: string };
}

const w = {
  fr: {
    title: "Décision du comité de labellisation",
    computed: "Niveau calculé sur les cotations de l'audit : Argent.",
    awarded: "Label attribué",
    mentionFr: "Mention spéciale (français)",
    mentionEn: "Mention spéciale (anglais)",
    committee: "Membres du comité présents",
    signerName: "Nom du signataire du certificat",
    signerTitle: "Fonction du signataire",
    record: "Enregistrer la décision",
    recorded: "La décision est enregistrée",
    download: "Télécharger le certificat (PDF)",
    reason: "Motif (conservé dans l'historique)",
    revoke: "Retirer le label",
    labelSection: "Label et certificat",
    valid: "Valide",
    revoked: "Retiré",
  },
  en: {
    title: "Labelling committee decision",
    computed: "Level computed on the audit ratings: Silver.",
    awarded: "Label awarded",
    mentionFr: "Special mention (French)",
    mentionEn: "Special mention (English)",
    committee: "Committee members present",
    signerName: "Name of the certificate's signer",
    signerTitle: "Signer's title",
    record: "Record the decision",
    recorded: "The decision is recorded",
    download: "Download the certificate (PDF)",
    reason: "Reason (kept in the history)",
    revoke: "Revoke the label",
    labelSection: "Label and certificate",
    valid: "Valid",
    revoked: "Revoked",
  },
} as const;

test.describe.configure({ mode: "serial" });

let stopServer: (() => Promise<void>) | undefined;
let app: { baseUrl: string };
let fixture: Fixture;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(180_000);
  const ready = await startAuditedApp<Fixture>([`decision-${languageOf(testInfo)}`]);
  stopServer = ready.stop;
  app = { baseUrl: ready.baseUrl };
  fixture = ready.fixture;
});
test.afterAll(async () => {
  await stopServer?.();
});

async function signInAsDri(page: Page, lng: "fr" | "en") {
  await page.goto(`${app.baseUrl}/login?lng=${lng}`);
  await page.getByLabel(words[lng].email).fill(fixture.admin.email);
  await page.getByLabel(words[lng].password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: words[lng].submit }).click();
  await expect(page.getByRole("button", { name: words[lng].logout })).toBeVisible();
}

test("the DRI awards Argent with a mention, the certificate checks out, then its revocation shows publicly", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signInAsDri(page, lng);
  await page.goto(`${app.baseUrl}/processes/${fixture.processId}/decision`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${t.title} — ${fixture.establishment.name}`);
  await expect(page.getByText(t.computed)).toBeVisible();

  // The award at the computed level (the form's default), with the special mention in both languages.
  await expect(page.getByRole("radio", { name: t.awarded })).toBeChecked();
  await page.getByLabel(t.mentionFr).fill("pour la dynamique engendrée");
  await page.getByLabel(t.mentionEn).fill("for the dynamic it created");
  await page.getByLabel(t.committee).fill("Directrice des relations internationales\nRéférente qualité");
  await page.getByLabel(t.signerName).fill("La directrice des relations internationales");
  await page.getByLabel(t.signerTitle).fill("Direction des relations internationales, AP-HP");
  await page.getByRole("button", { name: t.record }).click();
  await expect(page.getByText(t.recorded)).toBeVisible();
  const number = (await page.getByRole("region", { name: t.labelSection }).getByText(/^LQS-\d{4}-[0-9A-Z*~$=]{9}$/).textContent())!;
  expect(number).toMatch(/^LQS-\d{4}-[0-9A-Z]{8}[0-9A-Z*~$=]$/);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: t.download }).click();
  const certificate = readFileSync((await (await downloading).path())!);
  const text = pdfText(certificate);
  expect(text).toContain(fixture.establishment.name);
  expect(text).toContain("Label Argent");
  expect(text).toContain("Silver Label");
  expect(text).toContain(number);
  const verifyUrl = qrCodeOf(certificate);
  expect(verifyUrl).toBe(`${app.baseUrl}/verify/${number}`);

  // What a ministry sees when it scans the code: the certificate is valid; the public list shows the hospital.
  await page.goto(verifyUrl!);
  await expect(page.getByRole("main")).toContainText(fixture.establishment.name);
  await expect(page.getByRole("main")).toContainText(t.valid);
  await page.goto(`${app.baseUrl}/labels`);
  await expect(page.getByRole("link", { name: fixture.establishment.name })).toHaveAttribute("href", `/verify/${number}`);

  // The DRI revokes the label: the same address now says so.
  await page.goto(`${app.baseUrl}/processes/${fixture.processId}/decision`);
  await page.getByLabel(t.reason).fill("Fermeture du bloc opératoire constatée");
  await page.getByRole("button", { name: t.revoke }).click();
  await expect(page.getByRole("region", { name: t.labelSection })).toContainText(t.revoked);
  await page.goto(verifyUrl!);
  await expect(page.getByRole("main")).toContainText(t.revoked);
  await page.goto(`${app.baseUrl}/labels`);
  await expect(page.getByRole("link", { name: fixture.establishment.name })).toHaveCount(0);
});
