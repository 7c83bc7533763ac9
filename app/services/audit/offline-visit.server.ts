// What a visit taken offline stores in the auditor's browser (docs/decisions/0023-offline-visit.md): the hospital's
// self-assessment (ratings, justifications, action plan, the evidence library with each file's size), the audit's
// ratings and findings with their version numbers, and the address of the version's content, fetched once per
// version by its content hash. Six queries, whatever the number of criteria (the frozen version is cached).
import type { Db } from "#db/client.ts";
import type { SessionUser } from "#app/context.ts";
import { frozenContentRef } from "#app/domain/referential/content-ref.ts";
import { auditEditRefusal } from "#app/domain/audit/visit.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { listActions } from "#app/services/process/action-plan.server.ts";
import { listEvidenceLibrary } from "#app/services/process/evidence.server.ts";
import { loadRatings } from "#app/services/process/self-assessment.server.ts";
import { listReferentialVersions } from "#app/services/referential/referentials.server.ts";
import { loadAuditRatings } from "./audit-ratings.server.ts";
import { chaptersOf, postedAuditRating } from "./scoring-list.server.ts";
import { teamRoleOf, type AuditVisit } from "./visits.server.ts";

/** Bumped when the shape below changes: a browser holding an older one takes the visit again. */
export const OFFLINE_VISIT_FORMAT = 1;

export async function loadOfflineVisit(db: Db, user: SessionUser, process: ProcessSummary, visit: AuditVisit) {
  const [summaries, selfRatings, auditRatings, library, actions] = await Promise.all([
    listReferentialVersions(db),
    loadRatings(db, process),
    loadAuditRatings(db, process),
    listEvidenceLibrary(db, process),
    listActions(db, process),
  ]);
  const summary = summaries.find((v) => v.id === process.referentialVersionId)!;
  const teamRole = teamRoleOf(visit, user.id);
  return {
    format: OFFLINE_VISIT_FORMAT,
    userId: user.id,
    process: { id: process.id, establishmentName: process.establishmentName, state: process.state },
    referential: {
      code: summary.code,
      version: summary.version,
      contentHash: summary.contentHash,
      contentUrl: frozenContentRef(summary.code, summary.version, summary.contentHash).url,
    },
    teamRole,
    myChapters: [...chaptersOf(visit, user.id)],
    editable: auditEditRefusal(user, process.state, teamRole) === null,
    self: [...selfRatings].map(([code, r]) => ({
      code,
      rating: r.rating,
      justification: r.justification,
      updatedByName: r.updatedByName ?? null,
      updatedAt: r.updatedAt,
    })),
    audit: [...auditRatings].map(([code, r]) => ({ code, ...postedAuditRating(r), updatedBy: r.updatedBy, updatedAt: r.updatedAt })),
    library,
    evidenceBytes: library.reduce((n, f) => n + f.sizeBytes, 0),
    actions,
    syncedAt: new Date().toISOString(),
  };
}

export type OfflineVisit = Awaited<ReturnType<typeof loadOfflineVisit>>;
