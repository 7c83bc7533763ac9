/** Who may do what. Pure rules; app/http/guards.server.ts applies them to requests. */
export const ROLES = ["dri_admin", "auditor", "hospital"] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  role: Role;
  establishmentId: string | null;
  isCoordinator: boolean;
  active: boolean;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.active && roles.includes(actor.role);
}

/** DRI staff see every establishment; hospital staff only their own; auditors belong to no establishment (the process rules decide what they read). */
export function canAccessEstablishment(actor: Actor, establishmentId: string): boolean {
  if (!actor.active) return false;
  if (actor.role === "dri_admin") return true;
  if (actor.role === "hospital") return actor.establishmentId === establishmentId;
  return false;
}

export function canManageUsers(actor: Actor): boolean {
  return hasRole(actor, "dri_admin");
}

/** A hospital coordinator may invite colleagues of their own establishment, with the hospital role only. */
export function canInviteColleague(actor: Actor, target: { role: Role; establishmentId: string | null }): boolean {
  if (canManageUsers(actor)) return true;
  return (
    hasRole(actor, "hospital") &&
    actor.isCoordinator &&
    target.role === "hospital" &&
    target.establishmentId !== null &&
    target.establishmentId === actor.establishmentId
  );
}
