import { describe, expect, it } from "vitest";
import { formatDate } from "./format.ts";
import { addDays, notificationMessage, notificationPath } from "./notifications.ts";

describe("notification texts", () => {
  it("format dates in the reader's language and pick the chapter title of that language", () => {
    const params = { establishment: "CNHU de Fann", chapter: "5", chapterTitleFr: "Droits des patients", chapterTitleEn: "Patient rights", dueDate: "2026-11-22" };
    expect(notificationMessage("chapter_assigned", params, "fr", formatDate).values).toMatchObject({ chapterTitle: "Droits des patients", dueDate: "22/11/2026" });
    expect(notificationMessage("chapter_assigned", params, "en", formatDate).values).toMatchObject({ chapterTitle: "Patient rights", dueDate: "22/11/2026" });
  });

  it("say the reason or the due date only when there is one, and survive a kind they do not know", () => {
    expect(notificationMessage("process_withdrawn", { establishment: "X", reason: null }, "fr", formatDate).key).toBe("notifications:kinds.process_withdrawn");
    expect(notificationMessage("process_withdrawn", { establishment: "X", reason: "Doublon" }, "fr", formatDate).key).toBe("notifications:kinds.process_withdrawn_detail");
    expect(notificationMessage("process_opened", { establishment: "X", dueDate: "2026-01-02" }, "en", formatDate).key).toBe("notifications:kinds.process_opened_detail");
    expect(notificationMessage("something_new", {}, "en", formatDate).key).toBe("notifications:kinds.unknown");
  });

  it("lead to the place to act: the chapter's criteria, the criterion's actions, or the process", () => {
    expect(notificationPath("chapter_assigned", "p1", { chapter: "5" })).toBe("/processes/p1/criteria?chapter=5");
    expect(notificationPath("action_overdue", "p1", { criterion: "9.2.2" })).toBe("/processes/p1/actions?criterion=9.2.2");
    expect(notificationPath("self_assessment_due", "p1", {})).toBe("/processes/p1");
    expect(notificationPath("process_opened", null, {})).toBe("/notifications");
  });
});

describe("calendar days", () => {
  it("add days across months and leap years", () => {
    expect(addDays("2028-02-27", 3)).toBe("2028-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });
});
