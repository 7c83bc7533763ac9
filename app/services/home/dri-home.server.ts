// The DRI's home: where every hospital stands and what needs the DRI now.
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";

export async function loadDriHome(_db: Db, _user: Actor) {
  return {};
}
export type DriHomeData = Awaited<ReturnType<typeof loadDriHome>>;
