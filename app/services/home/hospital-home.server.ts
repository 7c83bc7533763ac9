// The hospital's home: its open labelling process and how far the self-assessment has gone.
import type { Db } from "#db/client.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { isClosed } from "#app/domain/process/state-machine.ts";
import { listProcesses } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, scoreSelfAssessment } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export async function loadHospitalHome(db: Db, user: Actor) {
  const open = (await listProcesses(db, user)).find((p) => !isClosed(p.state));
  if (!open) return { current: null };
  const result = scoreSelfAssessment(await getFrozenVersion(db, open.referentialVersionId), await loadRatings(db, open));
  return { current: { id: open.id, rated: result.completeness.rated, applicable: result.completeness.applicable } };
}
export type HospitalHomeData = Awaited<ReturnType<typeof loadHospitalHome>>;
