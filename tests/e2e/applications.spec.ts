import { expect, languageOf, signIn, test, words } from "./support.ts";

const t = {
  fr: {
    applyLink: "Déposer une candidature",
    name: "Nom de l'établissement",
    city: "Ville",
    contactName: "Personne à contacter (prénom et nom)",
    contactEmail: "Adresse e-mail de la personne à contacter",
    motivation: "Motivation",
    submit: "Envoyer la candidature",
    submitted: "Votre candidature a bien été reçue",
    accept: "Accepter la candidature",
    accepted: "Candidature acceptée",
  },
  en: {
    applyLink: "Submit an application",
    name: "Hospital name",
    city: "City",
    contactName: "Contact person (first and last name)",
    contactEmail: "Contact person's e-mail address",
    motivation: "Motivation",
    submit: "Send the application",
    submitted: "Your application has been received",
    accept: "Accept the application",
    accepted: "Application accepted",
  },
} as const;

test("a new hospital applies, the DRI accepts, the invited coordinator sets a password and signs in", async ({ page, browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const w = t[lng];
  const hospital = `Hôpital régional de Ziguinchor ${lng.toUpperCase()} ${Date.now()}`;
  const email = `qualite.${lng}.${Date.now()}@ziguinchor.example.sn`;

  await page.goto("/login");
  await page.getByRole("link", { name: w.applyLink }).click();
  await page.getByLabel(w.name).fill(hospital);
  await page.locator("select[name=countryCode]").selectOption("SN");
  await page.getByLabel(w.city).fill("Ziguinchor");
  await page.getByLabel(w.contactName).fill("Khady Badji");
  await page.getByLabel(w.contactEmail).fill(email);
  await page.getByLabel(w.motivation).fill("Démarche qualité engagée depuis 2023, comité qualité en place.");
  await page.getByRole("button", { name: w.submit }).click();
  await expect(page.getByText(w.submitted)).toBeVisible();

  await signIn(page, lng, "admin@label.example.org");
  await page.goto("/admin/applications");
  await page.getByRole("link", { name: hospital }).click();
  await page.getByRole("button", { name: w.accept }).click();
  await expect(page.getByText(w.accepted).first()).toBeVisible();

  // The invitation waits in the outbox (no mail server here): the DRI passes the link on.
  await page.goto("/admin/outbox");
  const message = page.locator("li.message").filter({ hasText: email }).first();
  const link = /https?:\/\/\S+\/invitation\/[a-z0-9]+/.exec((await message.textContent()) ?? "")?.[0];
  expect(link).toBeDefined();

  const newcomer = await browser.newContext({ locale: testInfo.project.use.locale });
  const tab = await newcomer.newPage();
  await tab.goto(new URL(link!).pathname);
  await tab.getByLabel(words[lng].newPassword).fill("notre phrase qualité");
  await tab.getByLabel(words[lng].confirmPassword).fill("notre phrase qualité");
  await tab.getByRole("button", { name: words[lng].savePassword }).click();
  await signIn(tab, lng, email, "notre phrase qualité");
  await expect(tab.getByRole("heading", { level: 1 })).toHaveText(words[lng].homes.hospital);
  await newcomer.close();
});
