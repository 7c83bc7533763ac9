// The hospital's home in a browser (the demo, in French and in English): the Fann coordinator reads how many criteria
// are left and follows the link to the first one, landing on that criterion's page; Touba's coordinator sees the
// Argent label with its validity and downloads the certificate (its text read with pdftotext).
import { readFileSync } from "node:fs";
import { pdfText } from "#tests/support/pdf-text.ts";
import { expect, languageOf, signIn, test } from "./support.ts";

const w = {
  fr: {
    next: "Et maintenant ?",
    left: /^Il reste (\d+) critères? à coter\.$/,
    rate: /^Coter le critère (\d+(?:\.\d+)+)$/,
    label: "Notre label",
    level: "Argent",
    validity: "Validité : du 05/12/2025 au 04/12/2029",
    download: "Télécharger le certificat (PDF)",
  },
  en: {
    next: "What next?",
    left: /^(\d+) criteri(?:on is|a are) left to rate\.$/,
    rate: /^Rate criterion (\d+(?:\.\d+)+)$/,
    label: "Our label",
    level: "Silver",
    validity: "Validity: from 05/12/2025 to 04/12/2029",
    download: "Download the certificate (PDF)",
  },
} as const;

test("the Fann coordinator sees the criteria left and follows the link to the first one", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "fann@label.example.org");
  const process = page.getByRole("region", { name: /label-qss 2024/ });
  await expect(process).toContainText(t.next);
  // Other specs rate Fann's criteria meanwhile: the number is read, not fixed.
  const left = Number(t.left.exec((await process.getByText(t.left).textContent())!)![1]);
  expect(left).toBeGreaterThan(0);
  const link = process.getByRole("link", { name: t.rate });
  const code = t.rate.exec((await link.textContent())!)![1]!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/processes/[0-9a-f-]{36}/criteria/${code.replaceAll(".", "\\.")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
});

test("Touba's coordinator sees the Argent label and downloads the certificate", async ({ page }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  await signIn(page, lng, "touba@label.example.org");
  const label = page.getByRole("region", { name: t.label });
  await expect(label).toContainText(t.level);
  await expect(label).toContainText(t.validity);
  const number = /LQS-\d{4}-[0-9A-Z]{8}[0-9A-Z*~$=]/.exec((await label.textContent())!)![0];

  const downloading = page.waitForEvent("download");
  await label.getByRole("link", { name: t.download }).click();
  const text = pdfText(readFileSync((await (await downloading).path())!));
  expect(text).toContain("Label Argent");
  expect(text).toContain("Silver Label");
  expect(text).toContain(number);
});
