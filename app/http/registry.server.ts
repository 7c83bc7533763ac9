// What every registry page needs: the signed-in actor, what they may do, and the reference lists.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { RouterContextProvider } from "react-router";
import type { z } from "zod";
import { canEditRegistry, canReadWholeRegistry } from "#app/domain/registry/permissions.ts";
import { forbidden, getServices, requireUser } from "./guards.server.ts";
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { filterProjects, parseProjectFilters, sortProjects } from "#app/domain/registry/filters.ts";
import { getInstance } from "#app/middleware/i18next.ts";
import { listCountries, listEstablishmentChoices, listProjectFacts, listSites, loadProjectsInOrder, regionLookup } from "#app/services/registry/registry.server.ts";
import { errorIds } from "#app/services/errors.ts";
import { attempt, formReply } from "./errors.server.ts";

type Context = Readonly<RouterContextProvider>;

export function registryActor(context: Context, request: Request) {
  const actor = requireUser(context, request);
  return { actor, canEdit: canEditRegistry(actor), canReadAll: canReadWholeRegistry(actor), db: getServices(context).db };
}

/** DRI admins only (403 otherwise). */
export function registryEditor(context: Context, request: Request) {
  const r = registryActor(context, request);
  if (!r.canEdit) forbidden();
  return r;
}

/** DRI admins and auditors (403 for hospital users). */
export function registryReader(context: Context, request: Request) {
  const r = registryActor(context, request);
  if (!r.canReadAll) forbidden();
  return r;
}

export async function countryOptions(context: Context) {
  return listCountries(getServices(context).db);
}

/** The projects of the list page for these URL filters, sorted as shown (every page): what the exports contain. */
export async function filteredProjects(db: Db, actor: Actor, request: Request, context: Context) {
  const filters = parseProjectFilters(new URL(request.url).searchParams);
  const [all, countries] = await Promise.all([listProjectFacts(db, actor), listCountries(db)]);
  const regionOf = regionLookup(countries);
  const i18n = getInstance(context);
  const language = i18n.language === "en" ? "en" : "fr";
  const names = new Map(countries.map((c) => [c.iso, language === "en" ? c.nameEn : c.nameFr]));
  const sorted = sortProjects(filterProjects(all, filters, regionOf), filters.sort, filters.dir, {
    language,
    countryName: (iso) => names.get(iso) ?? iso,
    themeName: (theme) => i18n.t(`registry:themes.${theme}`),
  });
  const projects = await loadProjectsInOrder(db, sorted.map((p) => p.id));
  return { projects, regionOf, language };
}

/** The choices the project form offers. */
export async function projectFormOptions(db: Db) {
  const [countries, establishments, sites] = await Promise.all([listCountries(db), listEstablishmentChoices(db), listSites(db)]);
  return { countries, establishments, sites: sites.map((s) => ({ id: s.id, name: s.name })) };
}

/** What the registry's forms show (under the field the refusal names, else above the form): all but 403 and 404. */
export const REGISTRY_FORM_REFUSALS = errorIds("registry").filter((id) => id !== "registry.forbidden" && id !== "registry.not_found");

/**
 * Validates a posted form with its schema (known country codes on the server), then runs the write. A refusal the
 * service raises for one field (a duplicate, an unknown country) comes back as that field's message.
 */
export async function submitRegistryForm<S extends z.ZodType, R>(
  db: Db,
  formData: FormData,
  makeSchema: (options: { countryCodes: ReadonlySet<string> }) => S,
  write: (value: z.infer<S>) => Promise<R>,
): Promise<{ ok: true; value: R } | { ok: false; reply: SubmissionResult<string[]> }> {
  const countryCodes = new Set((await listCountries(db)).map((c) => c.iso));
  const submission = parseWithZod(formData, { schema: makeSchema({ countryCodes }) });
  if (submission.status !== "success") return { ok: false, reply: submission.reply() };
  const written = await attempt(() => write(submission.value as z.infer<S>), { onForm: REGISTRY_FORM_REFUSALS });
  return written.ok ? written : { ok: false, reply: formReply(submission, written.refusal) };
}
