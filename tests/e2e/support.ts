import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { test as base, expect, type Browser, type Page, type TestInfo } from "@playwright/test";

/**
 * Every page must load without a browser error: a hydration mismatch, a script blocked by the
 * Content-Security-Policy or a failed request shows up here and fails the test.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        // The browser logs refused requests (our 401/403/404 answers) as errors: those are expected.
        if (message.type() === "error" && !/status of (401|403|404|410|429)/.test(message.text())) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "browser console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const DEMO_PASSWORD = "demo-label-2025";

/** The language this project's browser speaks (fr-FR or en-GB project). */
export function languageOf(testInfo: TestInfo): "fr" | "en" {
  return testInfo.project.name.startsWith("fr") ? "fr" : "en";
}

/** Words as the user reads them, in each language. */
export const words = {
  fr: {
    loginTitle: "Connexion",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    logout: "Se déconnecter",
    homes: { dri_admin: "Tableau de bord DRI", auditor: "Espace auditeur", hospital: "Notre démarche de labellisation" },
    forbidden: "Accès refusé",
    team: "Mon équipe",
    inviteSubmit: "Envoyer l'invitation",
    name: "Nom",
    newPassword: "Nouveau mot de passe",
    confirmPassword: "Confirmer le mot de passe",
    savePassword: "Enregistrer le mot de passe",
    passwordSet: "Votre mot de passe est enregistré",
  },
  en: {
    loginTitle: "Sign in",
    email: "E-mail address",
    password: "Password",
    submit: "Sign in",
    logout: "Sign out",
    homes: { dri_admin: "DRI dashboard", auditor: "Auditor area", hospital: "Our labelling process" },
    forbidden: "Access denied",
    team: "My team",
    inviteSubmit: "Send the invitation",
    name: "Name",
    newPassword: "New password",
    confirmPassword: "Confirm the password",
    savePassword: "Save the password",
    passwordSet: "Your password has been saved",
  },
} as const;

/**
 * Signs in reading in the test's language: the person chose it with the language switch of the login page (`?lng=`),
 * which a sign-in keeps; without that choice a sign-in would switch to the account's language (see newcomer.spec.ts).
 */
export async function signIn(page: Page, lng: "fr" | "en", email: string, password = DEMO_PASSWORD) {
  const w = words[lng];
  await page.goto(`/login?lng=${lng}`);
  await page.getByLabel(w.email).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: w.submit }).click();
  await expect(page.getByRole("button", { name: w.logout })).toBeVisible();
}

/** A browser context of its own, signed in (two people at once, e.g. one acts and the other sees the result). */
export async function signedInContext(browser: Browser, locale: string | undefined, lng: "fr" | "en", email: string) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await signIn(page, lng, email);
  return { context, page };
}

/**
 * Starts tests/support/audited-app.ts (the built app over an in-memory database with an audited process) as its own
 * process: the browser tests' runner does not load the app's modules (JSON imports, the production React build).
 * Resolves once it serves, with its address, the fixture's password and the fixture; `stop` ends it.
 */
export async function startAuditedApp<F>(args: string[]): Promise<{ baseUrl: string; password: string; fixture: F; stop: () => Promise<void> }> {
  const server = spawn(process.execPath, ["--import", "tsx", "tests/support/audited-app.ts", ...args], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = await new Promise<{ baseUrl: string; password: string; fixture: F }>((resolve, reject) => {
    createInterface({ input: server.stdout! }).on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line));
    });
    server.once("exit", (code) => reject(new Error(`the audited app stopped (${code})`)));
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  };
  return { ...ready, stop };
}
