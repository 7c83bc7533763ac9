import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { decodeTotpSecret, hotp, totpStep } from "#app/domain/auth/totp.ts";
import { expect, languageOf, signIn, test, words } from "./support.ts";

// A person turns on two-step verification from their account (scanning is replaced by the key shown in groups of four,
// as a person types it), keeps the recovery codes, then signs in with a code from the app. A new colleague's account
// is used: the demo accounts stay without a second factor for the other tests.

const w = {
  fr: {
    account: "Gérer la double authentification",
    title: "Double authentification",
    qr: "Code QR à scanner avec l'application d'authentification",
    code: "Code à six chiffres",
    turnOn: "Activer",
    recovery: "Vos codes de secours",
    continue: "Continuer",
    stepTitle: "Code de vérification",
    stepCode: "Code",
    verify: "Vérifier",
    wrong: "Ce code n'est pas valide",
  },
  en: {
    account: "Manage two-step verification",
    title: "Two-step verification",
    qr: "QR code to scan with the authenticator app",
    code: "Six-digit code",
    turnOn: "Turn on",
    recovery: "Your recovery codes",
    continue: "Continue",
    stepTitle: "Verification code",
    stepCode: "Code",
    verify: "Verify",
    wrong: "This code is not valid",
  },
} as const;

/** axe's serious or critical violations on the page as it stands (WCAG 2.x A/AA, as tests/e2e/accessibility.spec.ts). */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${page.url()}: ${v.id}`);
}

/** What the authenticator app shows `offset` steps from now for the secret. */
const appCode = (secret: string, offset = 0) => hotp(decodeTotpSecret(secret)!, totpStep(new Date()) + offset);

test("a user turns on two-step verification and signs in with a code from the app", async ({ page, browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const email = `deux-facteurs.${lng}.${Date.now()}@chncak.example.sn`;
  // A new colleague, invited by the coordinator, sets a password.
  await signIn(page, lng, "touba@label.example.org");
  await page.getByRole("link", { name: words[lng].team }).first().click();
  await page.getByLabel(words[lng].name).fill("Awa Diop");
  await page.getByLabel(words[lng].email).fill(email);
  await page.getByRole("button", { name: words[lng].inviteSubmit }).click();
  const link = await page.locator("code.invitation-link").textContent();
  const context = await browser.newContext({ locale: testInfo.project.use.locale });
  const tab = await context.newPage();
  await tab.goto(new URL(link!).pathname);
  await tab.getByLabel(words[lng].newPassword).fill("ma phrase de passe");
  await tab.getByLabel(words[lng].confirmPassword).fill("ma phrase de passe");
  await tab.getByRole("button", { name: words[lng].savePassword }).click();
  await signIn(tab, lng, email, "ma phrase de passe");

  await tab.goto("/account");
  await tab.getByRole("link", { name: t.account }).click();
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(t.title);
  await expect(tab.getByRole("img", { name: t.qr })).toBeVisible();
  const secret = (await tab.getByTestId("totp-secret").textContent())!.replaceAll(" ", "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await seriousViolations(tab)).toEqual([]);
  // A wrong first code keeps the same key on the page.
  await tab.getByLabel(t.code).fill(appCode(secret, 5));
  await tab.getByRole("button", { name: t.turnOn, exact: true }).click();
  await expect(tab.getByText(t.wrong)).toBeVisible();
  await expect(tab.getByTestId("totp-secret")).toHaveText(secret.match(/.{4}/g)!.join(" "));
  await tab.getByLabel(t.code).fill(appCode(secret));
  await tab.getByRole("button", { name: t.turnOn, exact: true }).click();
  await expect(tab.getByRole("heading", { name: t.recovery })).toBeVisible();
  await expect(tab.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  expect(await seriousViolations(tab)).toEqual([]);
  await tab.getByRole("link", { name: t.continue }).click();

  // Signed out, the password alone no longer opens the account: the second step asks for the app's code.
  await tab.getByRole("button", { name: words[lng].logout }).click();
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(words[lng].loginTitle);
  await tab.goto(`/login?lng=${lng}`);
  await tab.getByLabel(words[lng].email).fill(email);
  await tab.getByLabel(words[lng].password, { exact: true }).fill("ma phrase de passe");
  await tab.getByRole("button", { name: words[lng].submit }).click();
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(t.stepTitle);
  await expect(tab.getByRole("button", { name: words[lng].logout })).toHaveCount(0);
  expect(await seriousViolations(tab)).toEqual([]);
  // The code used to enrol is spent: the next one (the app's, a step later) opens the session.
  await tab.getByLabel(t.stepCode, { exact: true }).fill(appCode(secret, 1));
  await tab.getByRole("button", { name: t.verify }).click();
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(words[lng].homes.hospital);
  // The sessions list: this device, marked.
  await tab.goto("/account/sessions");
  await expect(tab.getByText(lng === "fr" ? "Cette session" : "This session", { exact: true })).toHaveCount(1);
  expect(await seriousViolations(tab)).toEqual([]);
  await context.close();
});
