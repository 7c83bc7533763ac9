// The evidence and action plan sections the criterion page renders: plain forms posting where they should,
// with the return address and the messages of a refused post, in both languages.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { PageLanguage, TranslationProvider } from "#app/components/translation.tsx";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { ActionsSection, type CriterionAction } from "#app/components/actions-section.tsx";
import { EvidenceSection, type CriterionEvidence, type LibraryFile } from "#app/components/evidence-section.tsx";
import resources from "#app/locales/index.ts";

const processId = "0b6f4a52-6a3c-4a0e-9d7e-5d2d3c1b7a11";
const evidence: CriterionEvidence[] = [
  {
    linkId: "link-1",
    fileId: "file-1",
    originalName: "Procédure hygiène des mains.pdf",
    mimeType: "application/pdf",
    sizeBytes: 2_400_000,
    uploadedByName: "Aïssatou Diop",
    uploadedAt: "2026-03-02T10:00:00Z",
    linkedByName: "Aïssatou Diop",
    linkedAt: "2026-03-02T10:00:00Z",
  },
];
const library: LibraryFile[] = [
  { id: "file-1", originalName: "Procédure hygiène des mains.pdf", mimeType: "application/pdf", sizeBytes: 2_400_000, uploadedByName: "A", uploadedAt: "2026-03-02T10:00:00Z", links: [] },
  { id: "file-2", originalName: "Affiche.png", mimeType: "image/png", sizeBytes: 85_000, uploadedByName: "B", uploadedAt: "2026-03-03T10:00:00Z", links: [] },
];
const actions: CriterionAction[] = [
  { id: "action-1", criterionCode: "9.2.3", title: "Auditer l'observance", owner: "EOH", ownerUserId: "user-2", ownerUserName: "Aïssatou Diop", dueDate: "2026-01-31", status: "planned", overdue: true, createdByName: "A", updatedAt: "2026-01-01T00:00:00Z" },
];

async function render(lng: "fr" | "en", url: string, editable = true, offlineFiles?: ReadonlySet<string>) {
  const Stub = createRoutesStub([
    {
      path: "/processes/:processId/criteria/:criterionCode",
      Component: () =>
        h("div", null, [
          h(EvidenceSection, { key: "e", processId, criterionCode: "9.2.3", editable, evidence, library, offlineFiles }),
          h(ActionsSection, { key: "a", processId, criterionCode: "9.2.3", editable, actions, colleagues: [{ id: "user-2", name: "Aïssatou Diop" }] }),
        ]),
    },
  ]);
  return renderToString(h(TranslationProvider, { language: new PageLanguage(lng, resources) }, h(Stub, { initialEntries: [url] })))
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&")
    .replaceAll("<!-- -->", "");
}

const page = `/processes/${processId}/criteria/9.2.3`;

describe("criterion page sections", () => {
  it("post to the evidence and action routes with the page as return address, flags removed", async () => {
    const html = await render("fr", `${page}?saved=evidence&tab=x`);
    const returnTo = encodeURIComponent(`${page}?tab=x`);
    expect(html).toContain(`action="/processes/${processId}/evidence?returnTo=${returnTo}"`);
    expect(html).toContain(`action="/processes/${processId}/actions?returnTo=${returnTo}"`);
    expect(html).toMatch(/enctype="multipart\/form-data"/i); // React writes encType: attributes are case-insensitive
    expect(html).toMatch(/<input type="hidden" name="csrf"/);
    expect(html).toContain('name="intent" value="unlink"');
    expect(html).toContain('name="intent" value="link"');
    expect(html).toContain('name="intent" value="create"');
    expect(html).toContain('name="intent" value="status"');
    expect(html).toContain(`href="/processes/${processId}/evidence/file-1"`);
    // Only files not yet linked are offered for linking.
    expect(html).toContain('<option value="file-2">');
    expect(html).not.toContain('<option value="file-1">');
    expect(html).toMatch(/2,4\sMo/); // Intl puts a no-break space
    expect(html).toContain("31/01/2026");
    expect(html).toContain("En retard");
    expect(html).not.toContain('role="alert"');
    // The colleague reminded of a late action: chosen in the form, shown in the table.
    expect(html).toMatch(/<select[^>]*name="ownerUserId"/);
    expect(html).toContain('<option value="user-2">Aïssatou Diop</option>');
    expect(html).toContain("Relance : Aïssatou Diop");
  });

  it("show a refused post's message in its own section, in the page's language", async () => {
    const fr = await render("fr", `${page}?error=evidence.file_too_large`);
    expect(fr).toContain("Ce fichier dépasse la taille maximale de 10 Mo");
    const en = await render("en", `${page}?error=action.not_editable`);
    expect(en).toContain("The self-assessment has been submitted: its improvement plan can no longer be changed.");
    expect(en).not.toContain("larger than");
    const forged = await render("en", `${page}?error=evidence.<script>`);
    expect(forged).not.toContain('role="alert"');
  });

  it("built offline, link only the evidence files held in the browser, and say the others are not available offline", async () => {
    const fr = await render("fr", page, false, new Set());
    expect(fr).not.toContain(`href="/processes/${processId}/evidence/file-1"`);
    expect(fr).toContain("Procédure hygiène des mains.pdf <span class=\"field-hint\">(non disponible hors ligne)</span>");
    const en = await render("en", page, false, new Set());
    expect(en).toContain("(not available offline)");
    const held = await render("en", page, false, new Set(["file-1"]));
    expect(held).toContain(`href="/processes/${processId}/evidence/file-1"`);
    expect(held).not.toContain("not available offline");
  });

  it("show no form when the self-assessment cannot be changed", async () => {
    const html = await render("en", page, false);
    expect(html).not.toContain("<form");
    expect(html).toContain("Procédure hygiène des mains.pdf");
    expect(html).toContain("Auditer l'observance");
  });
});
