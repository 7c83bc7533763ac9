// Fuzzing every form parser: random and hostile form bodies (huge strings, controls, lone surrogates, repeated and
// missing keys, numbers out of range, prototype keys) go through the same path a request takes — the body read by
// readForm, then the route's parser (conform's parseWithZod, or safeParse of the entries, or the form's own reader).
// Properties: the only outcomes are a parse result or readForm's typed 400; nothing throws, nothing hangs, and no
// shared prototype is written.
import { parseWithZod } from "@conform-to/zod/v4";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { accreditationSchema } from "#app/forms/accreditation.ts";
import { applicationSchema, decideApplicationSchema } from "#app/forms/applications.ts";
import { readAuditRatingForm, typedAuditRating } from "#app/forms/audit-rating.ts";
import { releaseReportSchema } from "#app/forms/audit-report.ts";
import { auditIntentSchema, auditSummarySchema, parseScheduleForm } from "#app/forms/audit.ts";
import {
  changeLanguageSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  inviteColleagueSchema,
  inviteUserSchema,
  loginSchema,
  setPasswordSchema,
  updateUserSchema,
} from "#app/forms/auth.ts";
import { annulSchema, labelStatusSchema, parseDecisionForm } from "#app/forms/decision.ts";
import { notificationActionSchema } from "#app/forms/notifications.ts";
import { commentSchema, confirmCarriedSchema, confirmChapterSchema, openProcessSchema, ratingFormSchema, transitionSchema } from "#app/forms/process.ts";
import {
  actionFiltersSchema,
  assignChapterSchema,
  createActionSchema,
  deleteEvidenceSchema,
  editActionSchema,
  linkEvidenceSchema,
  unlinkEvidenceSchema,
  updateActionStatusSchema,
} from "#app/forms/workspace.ts";
import { readScoringFilters } from "#app/forms/audit-rating.ts";
import { parseProjectFilters } from "#app/domain/registry/filters.ts";
import { agreementSchema, establishmentSchema, mergeSchema, projectSchema, siteSchema } from "#app/domain/registry/schemas.ts";
import { readForm } from "#app/http/guards.server.ts";
import { fieldsOf, formEntries, fuzzRuns, prototypesClean, toFormData } from "#tests/support/fuzz.ts";

const COUNTRIES = { countryCodes: new Set(["FR", "SN", "TG"]) };

/** Schemas the routes give to conform's parseWithZod. */
const CONFORM_SCHEMAS: Record<string, z.ZodType> = {
  loginSchema,
  forgotPasswordSchema,
  setPasswordSchema,
  changePasswordSchema,
  changeLanguageSchema,
  inviteUserSchema,
  inviteColleagueSchema,
  updateUserSchema,
  applicationSchema,
  decideApplicationSchema,
  accreditationSchema,
  openProcessSchema,
  transitionSchema,
  commentSchema,
  createActionSchema,
  editActionSchema,
  project: projectSchema(COUNTRIES),
  establishment: establishmentSchema(COUNTRIES),
  site: siteSchema(),
  agreement: agreementSchema(COUNTRIES),
  mergeSchema,
};

/** Schemas the routes give the form's entries as a plain object (`safeParse(Object.fromEntries(form))`). */
const ENTRY_SCHEMAS: Record<string, z.ZodType> = {
  ratingFormSchema,
  confirmCarriedSchema,
  confirmChapterSchema,
  updateActionStatusSchema,
  linkEvidenceSchema,
  unlinkEvidenceSchema,
  deleteEvidenceSchema,
  assignChapterSchema,
  auditSummarySchema,
  auditIntentSchema,
  releaseReportSchema,
  annulSchema,
  labelStatusSchema,
  notificationActionSchema,
};

/** The body as the server reads it: a multipart or urlencoded request through readForm (the boundary every action uses). */
async function throughReadForm(entries: [string, string][], multipart: boolean): Promise<FormData | "refused"> {
  const body = multipart ? toFormData(entries) : new URLSearchParams(entries);
  try {
    return await readForm(new Request("http://label.test/form", { method: "POST", body }));
  } catch (error) {
    // readForm's typed refusal: a React Router `data()` response with a 4xx status.
    const status = (error as { init?: { status?: number } }).init?.status;
    expect(status, String(error)).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    return "refused";
  }
}

const body = (known: readonly string[]) => fc.record({ entries: formEntries(known), multipart: fc.boolean() });

describe("form parsers under random and hostile input", () => {
  it.each(Object.entries(CONFORM_SCHEMAS))("parseWithZod(%s) returns a submission and never throws", async (_name, schema) => {
    await fc.assert(
      fc.asyncProperty(body(fieldsOf(schema)), async ({ entries, multipart }) => {
        const form = await throughReadForm(entries, multipart);
        if (form === "refused") return;
        const submission = parseWithZod(form, { schema });
        expect(["success", "error", undefined]).toContain(submission.status);
        // What the page gets back is plain, serialisable data.
        JSON.stringify(submission.reply());
        expect(prototypesClean()).toBe(true);
      }),
      fuzzRuns(40),
    );
  });

  it.each(Object.entries(ENTRY_SCHEMAS))("%s.safeParse(entries) never throws", async (_name, schema) => {
    await fc.assert(
      fc.asyncProperty(body(fieldsOf(schema)), async ({ entries, multipart }) => {
        const form = await throughReadForm(entries, multipart);
        if (form === "refused") return;
        expect(typeof schema.safeParse(Object.fromEntries(form)).success).toBe("boolean");
        expect(prototypesClean()).toBe(true);
      }),
      fuzzRuns(40),
    );
  });

  it("the forms' own readers (schedule, decision, audit rating) never throw", async () => {
    const known = ["startsOn", "endsOn", "leadId", "coAuditorIds", "chapter-1", "chapter-x", "outcome", "level", "decidedOn", "validFrom", "validUntil", "revisitOn", "rating", "finding", "classification", "methods", "baseVersion", "idempotencyKey"];
    await fc.assert(
      fc.asyncProperty(body(known), async ({ entries, multipart }) => {
        const form = await throughReadForm(entries, multipart);
        if (form === "refused") return;
        expect(typeof parseScheduleForm(form).ok).toBe("boolean");
        const decision = parseDecisionForm(form);
        expect(decision.input === null || typeof decision.input === "object").toBe(true);
        expect(typeof readAuditRatingForm(form).success).toBe("boolean");
        typedAuditRating(form);
        expect(prototypesClean()).toBe(true);
      }),
      fuzzRuns(80),
    );
  });

  it("the filters read from a URL's query never throw (a hand-edited link still lists)", () => {
    const known = ["q", "country", "region", "theme", "site", "funding", "status", "year", "sort", "dir", "page", "criterion", "chapter", "mine", "unrated", "critical", "differs"];
    fc.assert(
      fc.property(formEntries(known, 20), (entries) => {
        const url = new URL("http://label.test/list");
        for (const [k, v] of entries) url.searchParams.append(k, v);
        const filters = parseProjectFilters(url.searchParams);
        expect(filters.page).toBeGreaterThanOrEqual(1);
        expect(typeof actionFiltersSchema.safeParse(Object.fromEntries(url.searchParams)).success).toBe("boolean");
        readScoringFilters(url);
        expect(prototypesClean()).toBe(true);
      }),
      fuzzRuns(200),
    );
  });
});

describe("regressions found by fuzzing", () => {
  it("refuses a field name with a far array index before conform builds an array that long", async () => {
    // `establishmentIds[1000000]=x` (40 bytes) took 14 s and answered a 50 MB list of errors, one per empty slot.
    for (const name of ["establishmentIds[1000000]", "siteIds[9999]", "fundings[123456789].source"]) {
      const started = performance.now();
      expect(await throughReadForm([[name, "x"]], false)).toBe("refused");
      expect(await throughReadForm([[name, "x"]], true)).toBe("refused");
      expect(performance.now() - started).toBeLessThan(500);
    }
    // Indexes a real form uses still go through.
    const form = await throughReadForm([["fundings[2].source", "anr"], ["establishmentIds[29]", "x"]], false);
    expect(form).not.toBe("refused");
  });
});
