import { expect, languageOf, signedInContext, test } from "./support.ts";

// Both browser languages share one server: each has its own reader (Aïssatou reads in French, Ibrahima in English)
// and its own chapter, so neither sees nor marks the other's notices.
const w = {
  fr: {
    reader: { email: "aissatou@label.example.org", name: "Aïssatou Diop" },
    chapter: "11",
    processes: "Démarches",
    teamPage: "Répartition des chapitres",
    legend: (code: string) => `Collègues du chapitre ${code}`,
    save: (code: string) => `Enregistrer le chapitre ${code}`,
    saved: "Répartition des chapitres enregistrée.",
    unreadLink: /^Notifications, \d+ non lues?$/,
    notice: (code: string) => `Moussa Sow vous a confié le chapitre ${code}`,
    markRead: "Marquer comme lue",
    markAll: "Tout marquer comme lu",
    markedRead: "Notification marquée comme lue.",
    read: "Lue",
    open: "Ouvrir la démarche",
  },
  en: {
    reader: { email: "ibrahima@label.example.org", name: "Ibrahima Sarr" },
    chapter: "12",
    processes: "Processes",
    teamPage: "Chapter assignments",
    legend: (code: string) => `Colleagues for chapter ${code}`,
    save: (code: string) => `Save chapter ${code}`,
    saved: "Chapter assignments saved.",
    unreadLink: /^Notifications, \d+ unread$/,
    notice: (code: string) => `Moussa Sow assigned you chapter ${code}`,
    markRead: "Mark as read",
    markAll: "Mark all as read",
    markedRead: "Notification marked as read.",
    read: "Read",
    open: "Open the process",
  },
} as const;

test("a colleague assigned a chapter sees the unread count, reads the notice and marks it read", async ({ browser }, testInfo) => {
  const lng = languageOf(testInfo);
  const t = w[lng];
  const locale = testInfo.project.use.locale;

  // The Fann coordinator assigns a chapter to the colleague.
  const coordinator = await signedInContext(browser, locale, lng, "fann@label.example.org");
  const { page } = coordinator;
  await page.getByRole("navigation", { name: /navigation/i }).getByRole("link", { name: t.processes }).click();
  await page.getByRole("link", { name: "CNHU de Fann" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("CNHU de Fann");
  await page.goto(`${page.url()}/team`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.teamPage);
  await page.getByRole("group", { name: t.legend(t.chapter) }).getByLabel(t.reader.name).check();
  await page.getByRole("button", { name: t.save(t.chapter) }).click();
  await expect(page.getByText(t.saved)).toBeVisible();
  // The coordinator who assigned hears nothing of it.
  await page.goto("/notifications");
  await expect(page.getByText(t.notice(t.chapter))).toHaveCount(0);
  await coordinator.context.close();

  // The colleague signs in: the header says there is something unread.
  const reader = await signedInContext(browser, locale, lng, t.reader.email);
  const r = reader.page;
  const unreadLink = r.getByRole("link", { name: t.unreadLink });
  await expect(unreadLink).toBeVisible();
  await unreadLink.click();
  await expect(r.getByRole("heading", { level: 1 })).toHaveText("Notifications");

  const item = r.getByRole("listitem").filter({ hasText: t.notice(t.chapter) });
  await expect(item).toHaveCount(1);
  await item.getByRole("button", { name: t.markRead }).click();
  await expect(r.getByText(t.markedRead)).toBeVisible();
  await expect(item.getByText(t.read, { exact: true })).toBeVisible();
  await expect(item.getByRole("button", { name: t.markRead })).toHaveCount(0);
  // The notice leads to the chapter's criteria.
  await item.getByRole("link", { name: t.open }).click();
  await expect(r).toHaveURL(new RegExp(`/processes/[0-9a-f-]+/criteria\\?chapter=${t.chapter}$`));
  await r.goto("/notifications");

  // Everything read: the count leaves the header.
  const markAll = r.getByRole("button", { name: t.markAll });
  if (await markAll.count()) await markAll.click();
  await expect(r.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(r.getByRole("link", { name: t.unreadLink })).toHaveCount(0);
  await reader.context.close();
});
