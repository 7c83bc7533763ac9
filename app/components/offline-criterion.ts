/**
 * The scoring page of a criterion built in the browser from the visit taken offline (docs/decisions/0023-offline-visit.md):
 * the same data the server's loader gives (app/routes/audit/criterion.tsx), from the stored visit and version content.
 * What the store does not hold is said plainly: the rating's history is the server's, shown again once online.
 */
import { filtersQuery, neighbours, ratingGap, readScoringFilters, type ScoringRow } from "#app/domain/audit/scoring-list.ts";
import { criterionView } from "#app/domain/audit/criterion-view.ts";
import { offlineFileIds, type StoredEvidence } from "#app/domain/audit/offline-evidence.ts";
import { serviceNaReview } from "#app/domain/audit/service-na.ts";
import { mayChangeAuditRating } from "#app/domain/audit/visit.ts";
import { parseRating } from "#app/domain/process/rating-input.ts";
import type { CriterionEvidence } from "#app/domain/process/workspace.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { prepareVersion } from "#app/domain/scoring/engine.ts";
import type { OfflineVisit } from "./offline-visit.ts";

export function offlineCriterionData(visit: OfflineVisit, content: ReferentialVersion, code: string, url: URL, language: string, storedEvidence?: StoredEvidence) {
  const lng = language === "en" ? "en" : "fr";
  const view = criterionView(content, prepareVersion(content), code, lng);
  if (!view) return null;
  const selfBy = new Map(visit.self.map((r) => [r.code, r]));
  const auditBy = new Map(visit.audit.map((r) => [r.code, r]));
  const rows: ScoringRow[] = content.chapters.flatMap((c) =>
    c.standards.flatMap((s) =>
      s.criteria.map((k) => ({ code: k.code, chapterCode: c.code, tier: k.tier, self: selfBy.get(k.code)?.rating ?? null, audit: parseRating(auditBy.get(k.code)?.rating) ?? null })),
    ),
  );
  const filters = readScoringFilters(url);
  const self = selfBy.get(code);
  const saved = auditBy.get(code);
  const auditValue = parseRating(saved?.rating) ?? null;
  const colleagueRating = visit.editable && saved && saved.version > 0 && !mayChangeAuditRating(visit.teamRole, visit.userId, saved.updatedBy) ? saved.updatedByName ?? "" : null;
  const evidence: CriterionEvidence[] = visit.library
    .filter((f) => f.links.some((l) => l.criterionCode === code))
    .map((f) => {
      const link = f.links.find((l) => l.criterionCode === code)!;
      return {
        linkId: link.linkId,
        fileId: f.id,
        originalName: f.originalName,
        mimeType: f.mimeType,
        sizeBytes: f.sizeBytes,
        uploadedByName: f.uploadedByName,
        uploadedAt: f.uploadedAt,
        linkedByName: f.uploadedByName,
        linkedAt: f.uploadedAt,
      };
    });
  return {
    userId: visit.userId,
    process: { id: visit.process.id, establishmentName: visit.process.establishmentName },
    editable: visit.editable && colleagueRating === null,
    colleagueRating,
    ...view,
    scale: content.scale,
    self: { rating: self?.rating ?? null, justification: self?.justification ?? "", updatedByName: self?.updatedByName ?? null, updatedAt: self?.updatedAt ?? null },
    audit: {
      rating: saved?.rating ?? null,
      finding: saved?.finding ?? "",
      classification: saved?.classification ?? null,
      methods: saved?.methods ?? [],
      version: saved?.version ?? 0,
      updatedByName: saved?.updatedByName ?? null,
      updatedAt: saved?.updatedAt ?? null,
    },
    gap: ratingGap({ self: self?.rating ?? null, audit: auditValue }),
    serviceNa: serviceNaReview(view.criterion, self?.rating ?? null, auditValue),
    evidence,
    library: visit.library,
    actions: visit.actions.filter((a) => a.criterionCode === code),
    history: [],
    query: filtersQuery(filters),
    ...neighbours(rows, code, filters, new Set(visit.myChapters)),
    flash: false,
    /** Rendered from the store: the page says so, and that the history comes back online; the evidence files held here. */
    offline: { storedAt: visit.syncedAt, files: [...offlineFileIds(storedEvidence)] },
  };
}
