// A published version never changes (the database refuses it), so it is read once per process lifetime.
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { referentialChapters, referentialCriteria, referentialVersions } from "#db/schema.ts";
import { frozenContentRef, type FrozenContentRef } from "#app/domain/referential/content-ref.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { prepareVersion, type PreparedVersion } from "#app/domain/scoring/engine.ts";
import { ProcessError } from "#app/services/process/process-error.ts";
import { loadReferentialVersionById } from "./referentials.server.ts";

export interface FrozenVersion {
  id: string;
  version: ReferentialVersion;
  prepared: PreparedVersion;
  /** Criterion code → database id, and back. */
  criterionIds: Map<string, string>;
  criterionCodes: Map<string, string>;
  chapterIds: Map<string, string>;
  /** Where the browser fetches the version's text (pages render it from there, not from their loader data). */
  content: FrozenContentRef;
}

const frozenVersions = new Map<string, Promise<FrozenVersion>>();

export function getFrozenVersion(db: Db, versionId: string): Promise<FrozenVersion> {
  let cached = frozenVersions.get(versionId);
  if (!cached) {
    cached = (async () => {
      const version = await loadReferentialVersionById(db, versionId);
      if (!version) throw new ProcessError("not_found");
      const criteria = await db
        .select({ id: referentialCriteria.id, code: referentialCriteria.code })
        .from(referentialCriteria)
        .where(eq(referentialCriteria.versionId, versionId));
      const chapters = await db
        .select({ id: referentialChapters.id, code: referentialChapters.code })
        .from(referentialChapters)
        .where(eq(referentialChapters.versionId, versionId));
      const [row] = await db
        .select({ code: referentialVersions.code, version: referentialVersions.version, hash: referentialVersions.contentHash })
        .from(referentialVersions)
        .where(eq(referentialVersions.id, versionId));
      return {
        id: versionId,
        content: frozenContentRef(row!.code, row!.version, row!.hash),
        version,
        prepared: prepareVersion(version),
        criterionIds: new Map(criteria.map((c) => [c.code, c.id])),
        criterionCodes: new Map(criteria.map((c) => [c.id, c.code])),
        chapterIds: new Map(chapters.map((c) => [c.code, c.id])),
      };
    })();
    cached.catch(() => frozenVersions.delete(versionId));
    frozenVersions.set(versionId, cached);
  }
  return cached;
}
