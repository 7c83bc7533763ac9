import { describe, expect, it } from "vitest";
import {
  acceptEvidenceType,
  cleanOriginalName,
  contentDisposition,
  extensionOf,
  isOverdue,
  sectionError,
  withFlag,
  withoutFlags,
} from "./workspace.ts";

describe("accepted evidence types", () => {
  it("accepts a recognised content under a matching name, with the canonical type", () => {
    expect(acceptEvidenceType("pdf", "Rapport.PDF")).toEqual({ ok: true, mimeType: "application/pdf" });
    expect(acceptEvidenceType("jpg", "photo.jpeg")).toEqual({ ok: true, mimeType: "image/jpeg" });
    expect(acceptEvidenceType("heic", "IMG_0001.HEIC")).toEqual({ ok: true, mimeType: "image/heic" });
    expect(acceptEvidenceType("docx", "procédure.docx")).toEqual({ ok: true, mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    expect(acceptEvidenceType("ods", "tableau.ods")).toEqual({ ok: true, mimeType: "application/vnd.oasis.opendocument.spreadsheet" });
  });

  it("serves a legacy OLE file by the name it was given (DOC or XLS)", () => {
    expect(acceptEvidenceType("cfb", "ancien.doc")).toEqual({ ok: true, mimeType: "application/msword" });
    expect(acceptEvidenceType("cfb", "ancien.xls")).toEqual({ ok: true, mimeType: "application/vnd.ms-excel" });
    expect(acceptEvidenceType("cfb", "installeur.msi")).toEqual({ ok: false });
  });

  it("refuses unknown content, other families and names that lie about the content", () => {
    expect(acceptEvidenceType(undefined, "rapport.pdf")).toEqual({ ok: false });
    expect(acceptEvidenceType("exe", "rapport.pdf")).toEqual({ ok: false });
    expect(acceptEvidenceType("zip", "archive.zip")).toEqual({ ok: false });
    expect(acceptEvidenceType("png", "rapport.pdf")).toEqual({ ok: false });
    expect(acceptEvidenceType("pdf", "rapport")).toEqual({ ok: false });
    expect(acceptEvidenceType("docx", "tableau.xlsx")).toEqual({ ok: false });
  });

  it("reads extensions", () => {
    expect(extensionOf("a.b.PDF")).toBe("pdf");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf("sans-extension")).toBe("");
    expect(extensionOf("point.")).toBe("");
  });
});

describe("file names", () => {
  it("keeps the last path segment, without control characters", () => {
    expect(cleanOriginalName("C:\\fakepath\\Compte rendu.pdf")).toBe("Compte rendu.pdf");
    expect(cleanOriginalName("../../etc/passwd")).toBe("passwd");
    expect(cleanOriginalName("a\u0000b\r\n.pdf")).toBe("ab.pdf");
    expect(cleanOriginalName("")).toBe("document");
    expect(cleanOriginalName("..")).toBe("document");
  });

  it("shortens long names but keeps the extension", () => {
    const name = cleanOriginalName(`${"x".repeat(300)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("downloads under the original name, RFC 5987 encoded, with an ASCII fallback", () => {
    expect(contentDisposition("Procédure (v2).pdf")).toBe(`attachment; filename="Proc_dure (v2).pdf"; filename*=UTF-8''Proc%C3%A9dure%20%28v2%29.pdf`);
    expect(contentDisposition('a"b;c.pdf')).toBe(`attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%3Bc.pdf`);
  });
});

describe("action plan", () => {
  it("calls an action overdue when its date has passed and it is not done", () => {
    expect(isOverdue({ dueDate: "2026-01-09", status: "planned" }, "2026-01-10")).toBe(true);
    expect(isOverdue({ dueDate: "2026-01-10", status: "in_progress" }, "2026-01-10")).toBe(false);
    expect(isOverdue({ dueDate: "2026-01-09", status: "done" }, "2026-01-10")).toBe(false);
    expect(isOverdue({ dueDate: null, status: "planned" }, "2026-01-10")).toBe(false);
  });
});

describe("query flags", () => {
  it("go back with the flag and the section's anchor, replacing older flags", () => {
    expect(withFlag("/processes/p/criteria/1.1.1?error=evidence.file_missing", { saved: "evidence" })).toBe("/processes/p/criteria/1.1.1?saved=evidence#evidence");
    expect(withFlag("/processes/p/criteria/1.1.1?saved=rating", { error: "action.invalid" })).toBe("/processes/p/criteria/1.1.1?error=action.invalid#actions");
    expect(withoutFlags("/processes/p/actions", "?status=done&saved=action")).toBe("/processes/p/actions?status=done");
  });

  it("belong to one section", () => {
    expect(sectionError("evidence.file_too_large", "evidence")).toBe("evidence.file_too_large");
    expect(sectionError("evidence.file_too_large", "action")).toBeNull();
    expect(sectionError("evidence.<script>", "evidence")).toBeNull();
    expect(sectionError(null, "action")).toBeNull();
  });
});
