import type { Actor } from "#app/domain/auth/permissions.ts";

/** DRI admins edit the registry. */
export function canEditRegistry(actor: Actor): boolean {
  return actor.active && actor.role === "dri_admin";
}

/** DRI admins and auditors read the whole registry (lists, dashboard, every record). */
export function canReadWholeRegistry(actor: Actor): boolean {
  return actor.active && (actor.role === "dri_admin" || actor.role === "auditor");
}

/** A hospital user sees its own establishment and the projects it takes part in, read-only. */
export function canViewEstablishment(actor: Actor, establishmentId: string): boolean {
  if (canReadWholeRegistry(actor)) return true;
  return actor.active && actor.role === "hospital" && actor.establishmentId === establishmentId;
}

export function canViewProject(actor: Actor, project: { establishments: { id: string }[] }): boolean {
  if (canReadWholeRegistry(actor)) return true;
  return actor.active && actor.role === "hospital" && project.establishments.some((e) => e.id === actor.establishmentId);
}
