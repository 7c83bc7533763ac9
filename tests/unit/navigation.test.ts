import { describe, expect, it } from "vitest";
import { navigationFor } from "#app/components/app-header.tsx";

const paths = (items: { to: string }[]) => items.map((i) => i.to);

describe("the main navigation", () => {
  it("gives the DRI five main entries and its administration pages in a menu, the applications waiting counted", () => {
    const { main, admin } = navigationFor({ role: "dri_admin", isCoordinator: false, pendingApplications: 2 });
    expect(paths(main)).toEqual(["/", "/processes", "/cooperations", "/referentials", "/labels"]);
    expect(paths(admin)).toEqual(["/admin/users", "/admin/applications", "/admin/outbox", "/admin/referentials", "/admin/audit-trail"]);
    expect(admin.find((i) => i.to === "/admin/applications")?.count).toBe(2);
  });

  it("gives everyone signed in the public list of labels, and no administration menu but to the DRI", () => {
    const auditor = navigationFor({ role: "auditor", isCoordinator: false, pendingApplications: 0 });
    expect(paths(auditor.main)).toEqual(["/", "/processes", "/cooperations", "/referentials", "/labels"]);
    expect(auditor.admin).toEqual([]);
    const coordinator = navigationFor({ role: "hospital", isCoordinator: true, pendingApplications: 0 });
    expect(paths(coordinator.main)).toEqual(["/", "/processes", "/referentials", "/team", "/cooperations/our-establishment", "/labels"]);
    expect(coordinator.admin).toEqual([]);
    expect(paths(navigationFor({ role: "hospital", isCoordinator: false, pendingApplications: 0 }).main)).not.toContain("/team");
  });
});
