// The DRI's home in a browser, on the demo: the demo DRI admin sees Fann's self-assessment in progress and Touba
// decided in the pipeline, Lomé's audit awaiting the committee's decision in "needs you now", and follows its link to
// the decision page; the same page without JavaScript.
import { expect, languageOf, signIn, test, words } from "./support.ts";

const FANN = "CNHU de Fann";
const TOUBA = "Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)";
const LOME = "CHU Sylvanus Olympio";

const w = {
  fr: {
    needsYou: "À traiter maintenant",
    pipeline: "Démarches par étape",
    figures: "Chiffres clés des labels",
    selfAssessment: "Auto-évaluation en cours",
    decided: "Décision rendue",
    silver: "Argent",
    recordDecision: "Enregistrer la décision",
    releaseReport: "Relire et diffuser le rapport",
    decisionTitle: "Décision du comité de labellisation",
  },
  en: {
    needsYou: "Needs you now",
    pipeline: "Processes by stage",
    figures: "Key figures of the labels",
    selfAssessment: "Self-assessment in progress",
    decided: "Decision taken",
    silver: "Silver",
    recordDecision: "Record the decision",
    releaseReport: "Review and release the report",
    decisionTitle: "Labelling committee decision",
  },
} as const;

test("the DRI sees where every hospital stands and follows Lomé's audit to its decision page", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  await signIn(page, lng, "admin@label.example.org");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[lng].homes.dri_admin);
  for (const title of [w[lng].needsYou, w[lng].pipeline, w[lng].figures]) await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();

  const selfAssessment = page.locator("#stage-self_assessment");
  await expect(selfAssessment).toContainText(w[lng].selfAssessment);
  await expect(selfAssessment.getByRole("row", { name: new RegExp(FANN) })).toBeVisible();
  const decided = page.locator("#stage-decided");
  await expect(decided).toContainText(w[lng].decided);
  await expect(decided.getByRole("row", { name: new RegExp(TOUBA.replace(/[()]/g, "\\$&")) })).toContainText(w[lng].silver);

  const awaiting = page.locator("#attention-awaitingDecision");
  await expect(awaiting).toContainText(LOME);
  await awaiting.getByRole("link", { name: `${w[lng].recordDecision} — ${LOME}` }).click();
  await expect(page).toHaveURL(/\/processes\/[0-9a-f-]{36}\/decision$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${w[lng].decisionTitle} — ${LOME}`);
});

test("the DRI's home works without JavaScript", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: testInfo.project.use.locale });
  const page = await context.newPage();
  await signIn(page, lng, "admin@label.example.org");
  await expect(page.locator("#stage-self_assessment")).toContainText(FANN);
  await page.locator("#attention-reportsUnreleased").getByRole("link", { name: `${w[lng].releaseReport} — ${LOME}` }).click();
  await expect(page).toHaveURL(/\/processes\/[0-9a-f-]{36}\/audit\/report$/);
  await context.close();
});
