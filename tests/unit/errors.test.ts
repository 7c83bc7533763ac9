// The one error path: the table of refusals (status and message of every code) and how a refusal becomes an answer.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import resources from "#app/locales/index.ts";
import { attempt, formReply, toHttpError } from "#app/http/errors.server.ts";
import { DomainError } from "#app/services/accounts/users.server.ts";
import { APP_ERRORS, AppError, errorIds, isAppError, type ErrorArea, type ErrorId } from "#app/services/errors.ts";
import { ApplicationError } from "#app/services/process/applications.server.ts";
import { UploadError } from "#app/services/process/evidence.server.ts";
import { ProcessError } from "#app/services/process/process-error.ts";
import { ReferentialError } from "#app/services/referential/referentials.server.ts";
import { RegistryError } from "#app/services/registry/registry.server.ts";

const areas = Object.keys(APP_ERRORS) as ErrorArea[];
const allIds = areas.flatMap(errorIds);

type Tree = { [key: string]: string | Tree };
function translation(lng: "fr" | "en", key: string): string | undefined {
  const [ns, path] = key.split(":") as [string, string];
  const at = (p: string) => p.split(".").reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], (resources[lng] as Record<string, Tree>)[ns]);
  // A counted message exists as key_one / key_other.
  const found = at(path) ?? at(`${path}_other`);
  return typeof found === "string" ? found : undefined;
}

/** The statuses the pages answered with before the one error path; a change here is a change users notice. */
const STATUSES: Record<number, ErrorId[]> = {
  400: [
    "process.already_open",
    "process.version_not_published",
    "process.invalid_owner",
    "label.reason_required",
    "label.accreditation_invalid",
    "registry.establishment_unknown",
    "registry.site_unknown",
    "registry.country_unknown",
    "registry.establishment_duplicate",
    "registry.site_duplicate",
    "registry.merge_same",
    "registry.merge_open_processes",
    "accounts.establishment_required",
    "accounts.establishment_unknown",
    "accounts.email_taken",
    "accounts.already_active",
    "accounts.cannot_demote_self",
    "audit.summary_required",
    "audit.not_an_auditor",
    "upload.file_missing",
    "upload.bad_request",
  ],
  403: ["process.forbidden", "registry.forbidden", "accounts.forbidden", "application.forbidden", "audit.forbidden", "audit.lead_only", "label.forbidden"],
  404: ["process.not_found", "registry.not_found", "accounts.not_found", "application.not_found", "referential.not_found", "audit.not_found", "label.not_found"],
  409: [
    "process.not_editable",
    "process.transition_not_allowed",
    "process.reason_required",
    "process.incomplete",
    "process.carried_over_unconfirmed",
    // A queued change's idempotency key used by someone else or for another rating (issue 17).
    "process.key_reused",
    "registry.already_closed",
    "application.already_decided",
    "application.version_not_published",
    "application.establishment_has_open_process",
    "application.contact_has_account",
    "referential.not_draft",
    "referential.not_published",
    "referential.hash_mismatch",
    "audit.not_editable",
    "audit.rated_by_colleague",
    "audit.incomplete",
    "audit.summary_conflict",
    "audit.not_submitted",
    "audit.schedule_not_allowed",
    "audit.key_reused",
    "label.audit_not_submitted",
    "label.nothing_to_annul",
    "label.status_change_not_allowed",
    "label.accreditation_not_published",
  ],
  413: ["upload.file_too_large"],
  415: ["upload.file_type_refused"],
  503: ["upload.storage_unavailable"],
};

describe("the table of refusals", () => {
  it("gives every code the status its pages answer with", () => {
    const byStatus: Record<number, ErrorId[]> = {};
    for (const id of allIds) {
      const [area, code] = id.split(".") as [ErrorArea, string];
      const { status } = (APP_ERRORS[area] as Record<string, { status: number }>)[code]!;
      (byStatus[status] ??= []).push(id);
    }
    for (const ids of Object.values(byStatus)) ids.sort();
    const expected = Object.fromEntries(Object.entries(STATUSES).map(([status, ids]) => [status, [...ids].sort()]));
    expect(byStatus).toEqual(expected);
  });

  it("gives every code a message that exists in French and in English", () => {
    const missing: string[] = [];
    for (const id of allIds) {
      const [area, code] = id.split(".") as [ErrorArea, string];
      const { message } = (APP_ERRORS[area] as Record<string, { message: string }>)[code]!;
      for (const lng of ["fr", "en"] as const) if (!translation(lng, message)?.trim()) missing.push(`${id} → ${lng} ${message}`);
    }
    expect(missing).toEqual([]);
  });

  it("is what every error class answers with: area, code, status, message, field", () => {
    const cases: [AppError, ErrorId, number][] = [
      [new ProcessError("not_editable"), "process.not_editable", 409],
      [new RegistryError("site_duplicate", "name"), "registry.site_duplicate", 400],
      [new DomainError("email_taken", "email"), "accounts.email_taken", 400],
      [new UploadError("file_too_large", { returnTo: "/processes/x/evidence" }), "upload.file_too_large", 413],
      [new ApplicationError("already_decided"), "application.already_decided", 409],
      [new ReferentialError("not_draft", "label-qss 2024 is published: only a draft can be published"), "referential.not_draft", 409],
    ];
    for (const [error, id, status] of cases) {
      expect(error).toBeInstanceOf(AppError);
      expect(error.id).toBe(id);
      expect(error.status).toBe(status);
      expect(translation("fr", error.messageKey)).toBeTruthy();
      expect(isAppError(error, id)).toBe(true);
    }
    expect(new RegistryError("site_duplicate", "name").field).toBe("name");
    expect(new ProcessError("not_found").field).toBeUndefined();
    expect(new ProcessError("not_found").name).toBe("ProcessError");
    // The command line prints the referential's message in full.
    expect(new ReferentialError("not_draft", "label-qss 2024 is published").message).toBe("label-qss 2024 is published");
    expect(isAppError(new ProcessError("not_found"), "registry.not_found")).toBe(false);
    expect(isAppError(new Error("disk full"))).toBe(false);
  });
});

describe("toHttpError", () => {
  it("turns a refusal into the error page's answer: its code as the reason, its status", () => {
    expect(toHttpError(new ProcessError("not_found"))).toMatchObject({ data: { reason: "not_found" }, init: { status: 404 } });
    expect(toHttpError(new RegistryError("forbidden"))).toMatchObject({ data: { reason: "forbidden" }, init: { status: 403 } });
    expect(toHttpError(new ProcessError("transition_not_allowed"))).toMatchObject({ data: { reason: "transition_not_allowed" }, init: { status: 409 } });
  });

  it("leaves anything else as it is, to be rethrown as a 500", () => {
    const fault = new Error("connection reset");
    expect(toHttpError(fault)).toBe(fault);
  });
});

describe("attempt", () => {
  it("gives the value back when the service succeeds", async () => {
    expect(await attempt(async () => 42, { onForm: ["process.not_editable"] })).toEqual({ ok: true, value: 42 });
  });

  it("gives back the refusals the page shows on its form, by id or by class", async () => {
    const refused = await attempt(() => Promise.reject(new ProcessError("not_editable")), { onForm: ["process.not_editable"] });
    expect(refused.ok === false && refused.refusal.id).toBe("process.not_editable");
    const upload = await attempt(
      () => {
        throw new UploadError("file_type_refused", { returnTo: "/processes/x/evidence" });
      },
      { onForm: UploadError },
    );
    expect(upload.ok === false && upload.refusal.fields.returnTo).toBe("/processes/x/evidence");
  });

  it("throws any other refusal as its error page, and rethrows anything else", async () => {
    // Same code, other area: not the refusal the form shows.
    await expect(attempt(() => Promise.reject(new RegistryError("not_found")), { onForm: ["referential.not_found"] })).rejects.toMatchObject({
      data: { reason: "not_found" },
      init: { status: 404 },
    });
    await expect(attempt(() => Promise.reject(new ProcessError("forbidden")), { onForm: UploadError })).rejects.toMatchObject({ init: { status: 403 } });
    const fault = new TypeError("undefined is not a function");
    await expect(attempt(() => Promise.reject(fault), { onForm: ["process.not_editable"] })).rejects.toBe(fault);
  });
});

describe("formReply", () => {
  const schema = z.object({ email: z.string(), name: z.string() });
  const form = () => {
    const formData = new FormData();
    formData.set("email", "awa@hopital.sn");
    formData.set("name", "Awa");
    return parseWithZod(formData, { schema });
  };

  it("puts a refusal that names its field under that field", () => {
    expect(formReply(form(), new DomainError("email_taken", "email")).error).toEqual({ email: ["email_taken"] });
  });

  it("puts any other refusal above the form, under the key the page words it with", () => {
    expect(formReply(form(), new ApplicationError("already_decided")).error).toEqual({ "": ["already_decided"] });
    expect(formReply(form(), new ProcessError("already_open", "establishmentId"), "process_already_open").error).toEqual({ establishmentId: ["process_already_open"] });
  });
});
