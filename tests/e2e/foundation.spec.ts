import { DEMO_PASSWORD, expect, languageOf, signIn, test, words } from "./support.ts";

const accounts = [
  { email: "admin@label.example.org", role: "dri_admin" },
  { email: "auditeur@label.example.org", role: "auditor" },
  { email: "touba@label.example.org", role: "hospital" },
  { email: "fann@label.example.org", role: "hospital" },
] as const;

test.describe("signing in", () => {
  for (const account of accounts) {
    test(`${account.email} lands on the ${account.role} home`, async ({ page }, testInfo) => {
      const lng = languageOf(testInfo);
      await page.goto("/login");
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[lng].loginTitle);
      await signIn(page, lng, account.email);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[lng].homes[account.role]);
      await expect(page).toHaveTitle(new RegExp(words[lng].homes[account.role]));
      // Everyone signed in reaches the public list of labelled hospitals from the navigation.
      const nav = page.getByRole("navigation", { name: lng === "fr" ? "Navigation principale" : "Main navigation" });
      await expect(nav.getByRole("link", { name: "Labels", exact: true })).toBeVisible();
    });
  }

  test("works with JavaScript disabled", async ({ browser }, testInfo) => {
    const lng = languageOf(testInfo);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
    const page = await context.newPage();
    await page.goto(`/login?lng=${lng}`);
    await page.getByLabel(words[lng].email).fill("auditeur@label.example.org");
    await page.getByLabel(words[lng].password, { exact: true }).fill("wrong password");
    await page.getByRole("button", { name: words[lng].submit }).click();
    // The typed address survives the rejected form.
    await expect(page.getByLabel(words[lng].email)).toHaveValue("auditeur@label.example.org");
    await page.getByLabel(words[lng].password, { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: words[lng].submit }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[lng].homes.auditor);
    await context.close();
  });
});

test("the language switch changes the page text and <html lang>, and stays on the page", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const other = lng === "fr" ? "en" : "fr";
  await signIn(page, lng, "admin@label.example.org");
  await page.goto("/account");
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
  await page.getByRole("link", { name: other.toUpperCase(), exact: true }).click();
  await expect(page).toHaveURL(/\/account\?lng=/);
  await expect(page.locator("html")).toHaveAttribute("lang", other);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(other === "fr" ? "Mon compte" : "My account");
  // The choice sticks on the next page.
  await page.getByRole("link", { name: other === "fr" ? "Accueil" : "Home" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[other].homes.dri_admin);
});

test("a hospital user gets the 403 page on an admin page", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "fann@label.example.org");
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[lng].forbidden);
});

test("a coordinator invites a colleague, who sets a password through the link and signs in", async ({ page, browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const w = words[lng];
  const email = `collegue.${lng}.${Date.now()}@chncak.example.sn`;
  await signIn(page, lng, "touba@label.example.org");
  await page.getByRole("link", { name: w.team }).first().click();
  await page.getByLabel(w.name).fill("Ibrahima Fall");
  await page.getByLabel(w.email).fill(email);
  await page.getByRole("button", { name: w.inviteSubmit }).click();
  const link = await page.locator("code.invitation-link").textContent();
  expect(link).toMatch(/\/invitation\/[a-z0-9]+$/);
  // The colleague's row appears, waiting for the invitation to be accepted.
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  const colleague = await browser.newContext({ locale: testInfo.project.use.locale });
  const tab = await colleague.newPage();
  await tab.goto(new URL(link!).pathname);
  await tab.getByLabel(w.newPassword).fill("ma phrase de passe");
  await tab.getByLabel(w.confirmPassword).fill("ma phrase de passe");
  await tab.getByRole("button", { name: w.savePassword }).click();
  await expect(tab.getByText(w.passwordSet)).toBeVisible();
  await signIn(tab, lng, email, "ma phrase de passe");
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(w.homes.hospital);
  await colleague.close();
});

test("a sign-in link whose redirectTo was crafted to leave the site keeps the user here", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const w = words[lng];
  await page.goto(`/login?lng=${lng}&redirectTo=${encodeURIComponent("/.//evil.example/phish")}`);
  await page.getByLabel(w.email).fill("auditeur@label.example.org");
  await page.getByLabel(w.password, { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: w.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.homes.auditor);
  expect(new URL(page.url()).origin).toBe(new URL(testInfo.project.use.baseURL!).origin);
});

test("too many reset links for one address: a page says when to try again, with or without JavaScript", async ({ page, browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const email = `inconnu.${lng}.${Date.now()}@nulle-part.example`;
  const ask = async (target: typeof page) => {
    await target.goto("/forgot-password");
    await target.getByLabel(words[lng].email).fill(email);
    await target.getByRole("button", { name: lng === "fr" ? "Recevoir le lien" : "Send me the link" }).click();
  };
  for (let i = 0; i < 3; i++) {
    await ask(page);
    await expect(page.getByText(lng === "fr" ? "Si un compte existe avec cette adresse" : "If an account exists with this address")).toBeVisible();
  }
  await ask(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(lng === "fr" ? "Trop de demandes" : "Too many requests");
  await expect(page.getByText(lng === "fr" ? /Réessayez dans \d+ minutes/ : /Try again in \d+ minutes/)).toBeVisible();

  const noScript = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const plain = await noScript.newPage();
  await ask(plain);
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText(lng === "fr" ? "Trop de demandes" : "Too many requests");
  await expect(plain.getByText(lng === "fr" ? /Réessayez dans \d+ minutes/ : /Try again in \d+ minutes/)).toBeVisible();
  await noScript.close();
});
