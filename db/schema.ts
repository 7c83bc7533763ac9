import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
// Every enum's values come from the domain module that gives them meaning (pure modules: no framework, no
// database), in the order Postgres keeps; tests/unit/schema-enums.test.ts checks each pgEnum against its list.
import { AUDIT_TEAM_ROLES, FINDING_CLASSIFICATIONS } from "#app/domain/audit/visit.ts";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { USER_TOKEN_KINDS } from "#app/domain/auth/tokens.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { DECISION_OUTCOMES } from "#app/domain/label/decision.ts";
import { LABEL_EVENT_KINDS } from "#app/domain/label/status.ts";
import { APPLICATION_STATUSES } from "#app/domain/process/applications.ts";
import { PROCESS_STATES } from "#app/domain/process/state-machine.ts";
import { ACTION_STATUSES } from "#app/domain/process/workspace.ts";
import { LEVEL_CODES, REFERENTIAL_STATUSES, SERVICES, TIERS, type Development, type GlossaryEntry, type RatingGuidance, type Reference } from "#app/domain/referential/schema.ts";
import { AGREEMENT_STATUSES, COOPERATION_STATUSES, REGIONS } from "#app/domain/registry/codes.ts";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", ROLES);
export const languageEnum = pgEnum("language", LANGUAGES);
export const userTokenKindEnum = pgEnum("user_token_kind", USER_TOKEN_KINDS);

/** Partner hospitals abroad. The cooperation registry extends this table (see its section at the end). */
export const establishments = pgTable("establishments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: text("country_code").notNull().references((): AnyPgColumn => countries.iso),
  city: text("city").notNull(),
  // Cooperation registry (all optional).
  kind: text("kind"),
  beds: integer("beds"),
  website: text("website"),
  notes: text("notes"),
  /** Lower-cased, diacritics removed: name, short name, city (accent-insensitive search); filled by the app. */
  search: text("search"),
  /** Set when this record was merged, as a duplicate, into another one (which keeps everything). */
  mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => establishments.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("establishments_name_city_unique").on(t.name, t.city),
  check("establishments_country_code_format", sql`${t.countryCode} ~ '^[A-Z]{2}$'`),
  check("establishments_beds_positive", sql`${t.beds} is null or ${t.beds} > 0`),
]);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stored lower-cased; unique. */
  email: text("email").notNull(),
  name: text("name").notNull(),
  role: roleEnum("role").notNull(),
  establishmentId: uuid("establishment_id").references(() => establishments.id),
  isCoordinator: boolean("is_coordinator").notNull().default(false),
  language: languageEnum("language").notNull().default("fr"),
  /** Null until the person sets a password through their invitation. */
  passwordHash: text("password_hash"),
  active: boolean("active").notNull().default(true),
  /** The TOTP secret (RFC 6238, base32), set once enrolment is confirmed with a first code (ADR 0034). */
  totpSecret: text("totp_secret"),
  totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
  /** The last 30-second step a code was accepted for: a code is never accepted twice. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("users_email_unique").on(t.email),
  index("users_establishment_idx").on(t.establishmentId),
  // A hospital user belongs to exactly one establishment; other roles to none.
  check(
    "users_establishment_matches_role",
    sql`(${t.role} = 'hospital') = (${t.establishmentId} is not null)`,
  ),
  check("users_coordinator_is_hospital", sql`not ${t.isCoordinator} or ${t.role} = 'hospital'`),
]);

/** Lucia-style sessions: the id is the SHA-256 of the token the browser holds. */
export const sessions = pgTable("sessions", {
  id: text("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  rememberMe: boolean("remember_me").notNull().default(false),
  createdAt: createdAt(),
  /** What the user's list of sessions shows: a short device description comes from it (at most 512 characters kept). */
  userAgent: text("user_agent"),
  /** The client's address truncated (IPv4 /24, IPv6 /48): approximate, never the full address. */
  ipPrefix: text("ip_prefix"),
  /** Moved forward at most every few minutes (app/domain/auth/session-policy.ts), not on every request. */
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
}, (t) => [index("sessions_user_idx").on(t.userId)]);

/**
 * A sign-in whose password was right and whose second factor is still due (a code, or enrolment when the role
 * requires one): no session yet. The id is the SHA-256 of the token in the browser's short-lived cookie.
 */
export const pendingSignIns = pgTable("pending_sign_ins", {
  id: text("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  rememberMe: boolean("remember_me").notNull().default(false),
  redirectTo: text("redirect_to").notNull().default("/"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [index("pending_sign_ins_user_idx").on(t.userId)]);

/** Single-use recovery codes of a user's second factor; only their SHA-256 is kept. */
export const recoveryCodes = pgTable("recovery_codes", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  codeHash: text("code_hash").notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("recovery_codes_hash_unique").on(t.codeHash), index("recovery_codes_user_idx").on(t.userId)]);

/** One-time links (invitation, password reset). Only the SHA-256 of the token is stored. */
export const userTokens = pgTable("user_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  kind: userTokenKindEnum("kind").notNull(),
  tokenHash: text("token_hash").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  /** Set when the link died unused: a newer link of the same kind was sent, or the password changed. */
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex("user_tokens_hash_unique").on(t.tokenHash), index("user_tokens_user_idx").on(t.userId)]);

/**
 * Outgoing messages. DRI admins read them in the app (links can be passed on when no mail server is
 * configured). The link is kept apart from the body so it can be withdrawn once used or expired.
 */
export const outbox = pgTable("outbox", {
  id: uuid("id").primaryKey().defaultRandom(),
  toEmail: text("to_email").notNull(),
  language: languageEnum("language").notNull(),
  kind: text("kind").notNull(),
  subject: text("subject").notNull(),
  /** Body text with a `{link}` placeholder where the link goes. */
  body: text("body").notNull(),
  link: text("link"),
  userTokenId: uuid("user_token_id").references(() => userTokens.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  /** The last refusal or timeout (kept while the message waits for its next try, and on a dead letter). */
  sendError: text("send_error"),
  /** Tries so far, counted when a sender claims the message (a sender that crashed mid-send used one). */
  attempts: integer("attempts").notNull().default(0),
  /** Not tried again before this time (exponential backoff after a refusal or a timeout, app/domain/outbox-delivery.ts). */
  nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  /** A sender's lease: while it runs no other instance takes the message; once it has passed, the message is due again. */
  claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  /** Given up after the last allowed try (a dead letter): the DRI sees it and may send it again. */
  deadAt: timestamp("dead_at", { withTimezone: true }),
}, (t) => [
  index("outbox_created_idx").on(t.createdAt),
  index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.sentAt} is null and ${t.deadAt} is null`),
]);

/**
 * Failed sign-in counters per (account, client address) and per account across addresses (key `email|*`), kept in
 * the database so a restart does not reset them.
 */
export const loginThrottles = pgTable("login_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/**
 * Counted events of the abuse limits (app/services/platform/rate-limits.server.ts): one row per event, per limit
 * and key, forgotten once older than the limit's window. The key is stored as its SHA-256 (no e-mail addresses).
 */
export const rateLimitEvents = pgTable("rate_limit_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  bucket: text("bucket").notNull(),
  keyHash: text("key_hash").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("rate_limit_events_bucket_key_at_idx").on(t.bucket, t.keyHash, t.at)]);

/** Who did what, when: every change of reference data and every state change. Append-only. */
export const auditTrailEvents = pgTable("audit_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  actorUserId: uuid("actor_user_id").references(() => users.id),
  action: text("action").notNull(),
  entityType: text("entity_type").notNull(),
  entityId: text("entity_id").notNull(),
  changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>(),
}, (t) => [index("audit_events_entity_idx").on(t.entityType, t.entityId)]);

/**
 * Saves sent with an idempotency key (the offline queue gives every queued change one): the key and what the save
 * answered, so that sending the same change twice (a sync cut off before its answer arrived) applies it once and
 * answers the same. Written in the save's transaction; old keys may be purged after a few weeks.
 */
export const idempotentSaves = pgTable("idempotent_saves", {
  key: text("key").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id),
  /** Which rating the save wrote, e.g. `audit_rating:<process>:<criterion code>`. */
  entity: text("entity").notNull(),
  /** What the save answered (status and version). */
  result: jsonb("result").$type<Record<string, unknown>>().notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("idempotent_saves_at_idx").on(t.at)]);

// ─── Referential versions (standards manual: chapters → standards → criteria, scale, level rules) ───────────────
// One version = one file referentials/<code>/<version>.yaml. Draft → published (frozen by triggers in migration
// referential_freeze: content tables refuse INSERT/UPDATE/DELETE/TRUNCATE) → retired. Every content table carries
// version_id so the triggers can check the parent's status with one indexed lookup. Bilingual texts are jsonb
// {fr, en}; keys and shapes follow app/domain/referential/schema.ts so a version can be rebuilt exactly.

export const referentialStatusEnum = pgEnum("referential_status", REFERENTIAL_STATUSES);
export const criterionTierEnum = pgEnum("criterion_tier", TIERS);
export const criterionServiceEnum = pgEnum("criterion_service", SERVICES);

type BilingualText = { fr: string; en: string };

export const referentialVersions = pgTable("referential_versions", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull(),
  version: text("version").notNull(),
  status: referentialStatusEnum("status").notNull().default("draft"),
  illustrative: boolean("illustrative").notNull(),
  title: jsonb("title").$type<BilingualText>().notNull(),
  description: jsonb("description").$type<BilingualText>().notNull(),
  effectiveDate: date("effective_date", { mode: "string" }).notNull(),
  reviewBy: date("review_by", { mode: "string" }).notNull(),
  approvalBody: jsonb("approval_body").$type<BilingualText>().notNull(),
  developmentNotes: jsonb("development_notes").$type<BilingualText>().notNull(),
  changelog: jsonb("changelog").$type<{ date: string; text: BilingualText }[]>().notNull(),
  // ISQua principles 1–2 (file keys glossary, references, tier_rationale, rules_rationale, development): null when the
  // file leaves them out (optional before version 2026).
  glossary: jsonb("glossary").$type<GlossaryEntry[]>(),
  referenceList: jsonb("reference_list").$type<Reference[]>(),
  tierRationale: jsonb("tier_rationale").$type<BilingualText>(),
  rulesRationale: jsonb("rules_rationale").$type<BilingualText>(),
  development: jsonb("development").$type<Development>(),
  validityYears: integer("validity_years").notNull(),
  /** The scale's "not applicable" entry (the rated values are in referential_scale_values). */
  notApplicableLabel: jsonb("not_applicable_label").$type<BilingualText>().notNull(),
  notApplicableDescription: jsonb("not_applicable_description").$type<BilingualText>().notNull(),
  /** sha256 of the canonical JSON of the version (app/services/referential/content-hash.server.ts); checked again at publication. */
  contentHash: text("content_hash").notNull(),
  /** The file as imported, for download. */
  sourceYaml: text("source_yaml").notNull(),
  importedBy: uuid("imported_by").references(() => users.id),
  importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp("published_at", { withTimezone: true }),
  publishedBy: uuid("published_by").references(() => users.id),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  retiredBy: uuid("retired_by").references(() => users.id),
}, (t) => [
  uniqueIndex("referential_versions_code_version_unique").on(t.code, t.version),
  check("referential_versions_published_at", sql`(${t.status} = 'draft') = (${t.publishedAt} is null)`),
  check("referential_versions_retired_at", sql`(${t.status} = 'retired') = (${t.retiredAt} is not null)`),
  check("referential_versions_validity_years", sql`${t.validityYears} between 1 and 10`),
]);

export const referentialScaleValues = pgTable("referential_scale_values", {
  versionId: uuid("version_id").notNull().references(() => referentialVersions.id, { onDelete: "cascade" }),
  /** Order in the file (highest value first). */
  position: integer("position").notNull(),
  value: integer("value").notNull(),
  label: jsonb("label").$type<BilingualText>().notNull(),
  description: jsonb("description").$type<BilingualText>().notNull(),
  /** Per mille (1000 = fully met). */
  weight: integer("weight").notNull(),
}, (t) => [
  primaryKey({ columns: [t.versionId, t.value] }),
  uniqueIndex("referential_scale_values_position_unique").on(t.versionId, t.position),
]);

export const referentialLevels = pgTable("referential_levels", {
  versionId: uuid("version_id").notNull().references(() => referentialVersions.id, { onDelete: "cascade" }),
  code: text("code").notNull(),
  /** 0 for the lowest level. */
  rank: integer("rank").notNull(),
  name: jsonb("name").$type<BilingualText>().notNull(),
  colour: text("colour").notNull(),
  criticalMinValue: integer("critical_min_value").notNull(),
  globalMinPercent: integer("global_min_percent").notNull(),
  chapterMinPercent: integer("chapter_min_percent").notNull(),
  /** Tier floors (file: `tier_min_percent: {core: 70, advanced: 60}`): the tier's score must reach this percent. */
  coreMinPercent: integer("core_min_percent"),
  advancedMinPercent: integer("advanced_min_percent"),
}, (t) => [
  primaryKey({ columns: [t.versionId, t.code] }),
  uniqueIndex("referential_levels_rank_unique").on(t.versionId, t.rank),
]);

export const referentialChapters = pgTable("referential_chapters", {
  id: uuid("id").primaryKey().defaultRandom(),
  versionId: uuid("version_id").notNull().references(() => referentialVersions.id, { onDelete: "cascade" }),
  code: text("code").notNull(),
  position: integer("position").notNull(),
  title: jsonb("title").$type<BilingualText>().notNull(),
}, (t) => [
  uniqueIndex("referential_chapters_code_unique").on(t.versionId, t.code),
  uniqueIndex("referential_chapters_position_unique").on(t.versionId, t.position),
]);

export const referentialStandards = pgTable("referential_standards", {
  id: uuid("id").primaryKey().defaultRandom(),
  versionId: uuid("version_id").notNull().references(() => referentialVersions.id, { onDelete: "cascade" }),
  chapterId: uuid("chapter_id").notNull().references(() => referentialChapters.id, { onDelete: "cascade" }),
  code: text("code").notNull(),
  /** Order within the chapter. */
  position: integer("position").notNull(),
  title: jsonb("title").$type<BilingualText>().notNull(),
  intent: jsonb("intent").$type<BilingualText>().notNull(),
}, (t) => [
  uniqueIndex("referential_standards_code_unique").on(t.versionId, t.code),
  uniqueIndex("referential_standards_position_unique").on(t.chapterId, t.position),
]);

export const referentialCriteria = pgTable("referential_criteria", {
  id: uuid("id").primaryKey().defaultRandom(),
  versionId: uuid("version_id").notNull().references(() => referentialVersions.id, { onDelete: "cascade" }),
  standardId: uuid("standard_id").notNull().references(() => referentialStandards.id, { onDelete: "cascade" }),
  code: text("code").notNull(),
  /** Order within the standard. */
  position: integer("position").notNull(),
  tier: criterionTierEnum("tier").notNull(),
  text: jsonb("text").$type<BilingualText>().notNull(),
  guidance: jsonb("guidance").$type<BilingualText>().notNull(),
  methods: text("methods").array().notNull(),
  evidence: jsonb("evidence").$type<BilingualText[]>().notNull(),
  naAllowed: boolean("na_allowed").notNull(),
  /** The service the criterion depends on: N/A only with a justification that it does not exist, confirmed by the auditor. */
  service: criterionServiceEnum("service"),
  /** ISQua EEA 5th edition Part B principles served (1..6). */
  isqua: integer("isqua").array().notNull(),
  /** Codes in the previous version this criterion descends from; null when it keeps its own code's lineage. */
  replaces: text("replaces").array(),
  /** What earns each scale value (keys "3", "2"… and optionally "sample"); null when the file has none. */
  ratingGuidance: jsonb("rating_guidance").$type<RatingGuidance>(),
  /** Lower-cased, diacritics removed: code, text, guidance and evidence, per language (accent-insensitive search). */
  searchFr: text("search_fr").notNull(),
  searchEn: text("search_en").notNull(),
}, (t) => [
  uniqueIndex("referential_criteria_code_unique").on(t.versionId, t.code),
  uniqueIndex("referential_criteria_position_unique").on(t.standardId, t.position),
  // A critical criterion allows N/A only when it depends on a service; a service-dependent criterion allows N/A.
  check("referential_criteria_critical_na_needs_service", sql`not (${t.tier} = 'critical' and ${t.naAllowed} and ${t.service} is null)`),
  check("referential_criteria_service_allows_na", sql`${t.service} is null or ${t.naAllowed}`),
]);

// ─── Labelling processes and self-assessment ────────────────────────────────────────────────────────────

export const processStateEnum = pgEnum("process_state", PROCESS_STATES);
export const actionStatusEnum = pgEnum("action_status", ACTION_STATUSES);

/** One establishment's journey for one published referential version (démarche de labellisation). */
export const labellingProcesses = pgTable("labelling_processes", {
  id: uuid("id").primaryKey().defaultRandom(),
  establishmentId: uuid("establishment_id").notNull().references(() => establishments.id),
  referentialVersionId: uuid("referential_version_id").notNull().references(() => referentialVersions.id),
  state: processStateEnum("state").notNull().default("self_assessment"),
  selfAssessmentDue: date("self_assessment_due", { mode: "string" }),
  plannedVisit: date("planned_visit", { mode: "string" }),
  openedBy: uuid("opened_by").references(() => users.id),
  openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
  /** A renewal: the establishment's previous process, whose self-assessment ratings this one started from. */
  renewsProcessId: uuid("renews_process_id").references((): AnyPgColumn => labellingProcesses.id),
  updatedAt: updatedAt(),
}, (t) => [
  index("labelling_processes_establishment_idx").on(t.establishmentId),
  // At most one open process per establishment.
  uniqueIndex("labelling_processes_one_open")
    .on(t.establishmentId)
    .where(sql`${t.state} not in ('decided', 'withdrawn')`),
]);

/** Every state change of a process: who, when, from, to, why. Append-only (trigger). */
export const processTransitions = pgTable("process_transitions", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  fromState: processStateEnum("from_state"),
  toState: processStateEnum("to_state").notNull(),
  actorUserId: uuid("actor_user_id").references(() => users.id),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  comment: text("comment"),
}, (t) => [index("process_transitions_process_idx").on(t.processId)]);

/**
 * The hospital's rating of one criterion. Rating and justification are one unit with a version number:
 * a save must name the version it was based on (optimistic concurrency), so nobody overwrites a colleague.
 */
export const selfAssessmentRatings = pgTable("self_assessment_ratings", {
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  criterionId: uuid("criterion_id").notNull().references(() => referentialCriteria.id),
  /** A scale value ("0".."3") or "NA"; null once cleared. */
  rating: text("rating"),
  justification: text("justification").notNull().default(""),
  version: integer("version").notNull().default(1),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set on a renewal: the codes, in the previous process's version, this rating was carried over from. It stays
   * set (the rating shown as carried over) until someone confirms or changes the rating.
   */
  carriedOverFrom: text("carried_over_from").array(),
}, (t) => [
  primaryKey({ columns: [t.processId, t.criterionId] }),
  check("self_assessment_ratings_rating_format", sql`${t.rating} is null or ${t.rating} ~ '^(NA|[0-9]+)$'`),
]);

export const criterionComments = pgTable("criterion_comments", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  criterionId: uuid("criterion_id").notNull().references(() => referentialCriteria.id),
  authorUserId: uuid("author_user_id").notNull().references(() => users.id),
  body: text("body").notNull(),
  createdAt: createdAt(),
}, (t) => [index("criterion_comments_process_criterion_idx").on(t.processId, t.criterionId)]);

/** A file in a process's evidence library. Stored on disk under a random name; never overwritten. */
export const evidenceFiles = pgTable("evidence_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  originalName: text("original_name").notNull(),
  storedName: text("stored_name").notNull(),
  mimeType: text("mime_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: text("sha256").notNull(),
  uploadedBy: uuid("uploaded_by").notNull().references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set when the hospital deleted the file (a wrong file, personal data sent by mistake): its bytes are erased from
   * disk, its links removed; the row stays so the history still says what was there and who removed it.
   */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  deletedBy: uuid("deleted_by").references(() => users.id),
}, (t) => [
  index("evidence_files_process_idx").on(t.processId),
  uniqueIndex("evidence_files_stored_name_unique").on(t.storedName),
]);

/** A file shown as evidence of a criterion. Removing it from the criterion keeps the link row for the history. */
export const evidenceLinks = pgTable("evidence_links", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  evidenceFileId: uuid("evidence_file_id").notNull().references(() => evidenceFiles.id),
  criterionId: uuid("criterion_id").notNull().references(() => referentialCriteria.id),
  linkedBy: uuid("linked_by").notNull().references(() => users.id),
  linkedAt: timestamp("linked_at", { withTimezone: true }).notNull().defaultNow(),
  removedBy: uuid("removed_by").references(() => users.id),
  removedAt: timestamp("removed_at", { withTimezone: true }),
}, (t) => [
  index("evidence_links_process_criterion_idx").on(t.processId, t.criterionId),
  uniqueIndex("evidence_links_active_unique")
    .on(t.evidenceFileId, t.criterionId)
    .where(sql`${t.removedAt} is null`),
]);

/** An improvement action (plan d'actions), attached to a criterion. */
export const actionItems = pgTable("action_items", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  criterionId: uuid("criterion_id").notNull().references(() => referentialCriteria.id),
  title: text("title").notNull(),
  /** Who carries it out: a colleague's name or service, as the team writes it. */
  owner: text("owner").notNull().default(""),
  dueDate: date("due_date", { mode: "string" }),
  /** The colleague reminded when the action is past due (optional; `owner` stays the free-text name or service). */
  ownerUserId: uuid("owner_user_id").references(() => users.id),
  status: actionStatusEnum("status").notNull().default("planned"),
  createdBy: uuid("created_by").notNull().references(() => users.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index("action_items_process_idx").on(t.processId, t.criterionId)]);

/** Which colleague works on which chapter ("my chapters"). */
export const chapterAssignments = pgTable("chapter_assignments", {
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  chapterId: uuid("chapter_id").notNull().references(() => referentialChapters.id),
  userId: uuid("user_id").notNull().references(() => users.id),
  assignedBy: uuid("assigned_by").references(() => users.id),
  assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.processId, t.chapterId, t.userId] })]);

// ─── Cooperation registry (partner hospitals, AP-HP sites, cooperation projects, framework agreements) ──────────
// Reference data of the DRI, seeded from db/seed/registry-data.json (app/services/registry/registry-seed.server.ts).
// Codes (themes, kinds, funding sources, statuses) are checked by the app against app/domain/registry/codes.ts.
// Every create, edit, close and merge is recorded in audit_events (entity types registry_*).

export const regionEnum = pgEnum("region", REGIONS);
export const cooperationStatusEnum = pgEnum("cooperation_status", COOPERATION_STATUSES);
export const agreementStatusEnum = pgEnum("agreement_status", AGREEMENT_STATUSES);

/** ISO 3166-1 countries with their names and the region the DRI counts them in (db/seed/countries.json). */
export const countries = pgTable("countries", {
  iso: text("iso").primaryKey(),
  nameFr: text("name_fr").notNull(),
  nameEn: text("name_en").notNull(),
  region: regionEnum("region").notNull(),
}, (t) => [check("countries_iso_format", sql`${t.iso} ~ '^[A-Z]{2}$'`)]);

/** AP-HP hospitals and hospital groups (Necker, Robert-Debré, HEGP…). */
export const apHpSites = pgTable("ap_hp_sites", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  /** hospital | hospital_group | headquarters */
  kind: text("kind").notNull(),
  city: text("city"),
  notes: text("notes"),
  search: text("search").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex("ap_hp_sites_name_unique").on(t.name)]);

export const cooperationProjects = pgTable("cooperation_projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  titleFr: text("title_fr").notNull(),
  titleEn: text("title_en").notNull(),
  summary: text("summary"),
  /** A code of THEMES (app/domain/registry/codes.ts). */
  theme: text("theme").notNull(),
  /** When the sources name no hospital: the partner as they name it, and its country. */
  partnerInstitution: text("partner_institution"),
  partnerCountryCode: text("partner_country_code").references(() => countries.iso),
  /** "Partner not named in sources". */
  partnerNotNamed: boolean("partner_not_named").notNull().default(false),
  apHpLead: text("ap_hp_lead"),
  partnerContact: text("partner_contact"),
  startYear: integer("start_year"),
  endYear: integer("end_year"),
  status: cooperationStatusEnum("status").notNull().default("active"),
  /** Seed documents (file names) the record comes from, and notes on inferences. */
  sources: text("sources"),
  notes: text("notes"),
  /** Stable key of a seeded record (db/seed/registry-data.json), so reloading the seed never duplicates it. */
  seedKey: text("seed_key"),
  search: text("search").notNull(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("cooperation_projects_seed_key_unique").on(t.seedKey),
  index("cooperation_projects_status_idx").on(t.status),
  check("cooperation_projects_years", sql`${t.endYear} is null or ${t.startYear} is null or ${t.endYear} >= ${t.startYear}`),
  check("cooperation_projects_year_range", sql`(${t.startYear} is null or ${t.startYear} between 1950 and 2100) and (${t.endYear} is null or ${t.endYear} between 1950 and 2100)`),
]);

export const projectEstablishments = pgTable("project_establishments", {
  projectId: uuid("project_id").notNull().references(() => cooperationProjects.id, { onDelete: "cascade" }),
  establishmentId: uuid("establishment_id").notNull().references(() => establishments.id),
}, (t) => [
  primaryKey({ columns: [t.projectId, t.establishmentId] }),
  index("project_establishments_establishment_idx").on(t.establishmentId),
]);

export const projectSites = pgTable("project_sites", {
  projectId: uuid("project_id").notNull().references(() => cooperationProjects.id, { onDelete: "cascade" }),
  siteId: uuid("site_id").notNull().references(() => apHpSites.id),
}, (t) => [primaryKey({ columns: [t.projectId, t.siteId] }), index("project_sites_site_idx").on(t.siteId)]);

export const projectFundings = pgTable("project_fundings", {
  id: uuid("id").primaryKey().defaultRandom(),
  projectId: uuid("project_id").notNull().references(() => cooperationProjects.id, { onDelete: "cascade" }),
  position: integer("position").notNull(),
  /** A code of FUNDING_SOURCES. */
  source: text("source").notNull(),
  /** The call as the sources name it, e.g. "MIGAC 2017", "PRPH2", "PRPH4". */
  call: text("call"),
  year: integer("year"),
  amountEur: integer("amount_eur"),
}, (t) => [
  uniqueIndex("project_fundings_position_unique").on(t.projectId, t.position),
  check("project_fundings_amount_positive", sql`${t.amountEur} is null or ${t.amountEur} >= 0`),
]);

export const frameworkAgreements = pgTable("framework_agreements", {
  id: uuid("id").primaryKey().defaultRandom(),
  establishmentId: uuid("establishment_id").references(() => establishments.id),
  /** When the partner is not one hospital (a ministry, a university, a municipality, several hospitals). */
  partnerInstitution: text("partner_institution"),
  countryCode: text("country_code").notNull().references(() => countries.iso),
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD": a year alone where that is all the source says. */
  signedOn: text("signed_on"),
  renewedOn: text("renewed_on").array().notNull().default(sql`'{}'::text[]`),
  expiresOn: text("expires_on"),
  status: agreementStatusEnum("status").notNull().default("active"),
  sources: text("sources"),
  notes: text("notes"),
  seedKey: text("seed_key"),
  search: text("search").notNull(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("framework_agreements_seed_key_unique").on(t.seedKey),
  index("framework_agreements_establishment_idx").on(t.establishmentId),
  check("framework_agreements_partner", sql`${t.establishmentId} is not null or ${t.partnerInstitution} is not null`),
  check("framework_agreements_signed_on_format", sql`${t.signedOn} is null or ${t.signedOn} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`),
  check("framework_agreements_expires_on_format", sql`${t.expiresOn} is null or ${t.expiresOn} ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`),
]);

// ─── Applications to join the label ─────────────────────────────────────────────────────────────
// A hospital applies through the public /apply page; the DRI accepts (establishment + process + coordinator
// invitation) or declines with a reason sent to the applicant.

export const applicationStatusEnum = pgEnum("application_status", APPLICATION_STATUSES);

export const applications = pgTable("applications", {
  id: uuid("id").primaryKey().defaultRandom(),
  establishmentName: text("establishment_name").notNull(),
  /** normalizeForSearch(name) + "|" + normalizeForSearch(city): one open application per hospital. */
  searchKey: text("search_key").notNull(),
  countryCode: text("country_code").notNull().references(() => countries.iso),
  city: text("city").notNull(),
  contactName: text("contact_name").notNull(),
  /** Stored lower-cased. */
  contactEmail: text("contact_email").notNull(),
  language: languageEnum("language").notNull(),
  motivation: text("motivation").notNull(),
  cooperationLink: text("cooperation_link"),
  status: applicationStatusEnum("status").notNull().default("pending"),
  declineReason: text("decline_reason"),
  establishmentId: uuid("establishment_id").references(() => establishments.id),
  processId: uuid("process_id").references(() => labellingProcesses.id),
  /** The address the form came from (the rate limit itself counts in rate_limit_events). */
  clientAddress: text("client_address").notNull(),
  createdAt: createdAt(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decidedBy: uuid("decided_by").references(() => users.id),
}, (t) => [
  index("applications_status_idx").on(t.status, t.createdAt),
  index("applications_client_address_idx").on(t.clientAddress, t.createdAt),
  // Two applications for the same hospital cannot both be pending.
  uniqueIndex("applications_pending_search_key_unique").on(t.searchKey).where(sql`${t.status} = 'pending'`),
  check("applications_decline_reason", sql`${t.status} <> 'declined' or ${t.declineReason} is not null`),
]);

// ─── Notifications, daily jobs, rating imports ────────────────────────────────────────────────────

/**
 * One in-app notice for one person. The text is rendered at read time from `kind` + `params` in the reader's
 * language; the e-mail copy goes through the outbox in the recipient's language when the notice is created.
 */
export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind").notNull(),
  processId: uuid("process_id").references(() => labellingProcesses.id),
  params: jsonb("params").$type<Record<string, string | number | null>>().notNull().default({}),
  /** Makes scheduled notices idempotent: at most one notification per (person, key). */
  dedupeKey: text("dedupe_key"),
  createdAt: createdAt(),
  readAt: timestamp("read_at", { withTimezone: true }),
}, (t) => [
  index("notifications_user_created_idx").on(t.userId, t.createdAt),
  uniqueIndex("notifications_user_dedupe_unique").on(t.userId, t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
]);

/** A daily job claims its day by inserting this row: with several instances, exactly one does the work. */
export const jobRuns = pgTable("job_runs", {
  job: text("job").notNull(),
  runOn: date("run_on", { mode: "string" }).notNull(),
  instance: text("instance").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  result: jsonb("result").$type<Record<string, unknown>>(),
}, (t) => [primaryKey({ columns: [t.job, t.runOn] })]);

/**
 * An uploaded ratings workbook between its preview and its confirmation: the parsed rows, not the file.
 * Applied at most once; the versions read from the workbook are checked again when it is applied.
 */
export const ratingImports = pgTable("rating_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  userId: uuid("user_id").notNull().references(() => users.id),
  fileName: text("file_name").notNull(),
  rows: jsonb("rows").$type<unknown[]>().notNull(),
  createdAt: createdAt(),
  appliedAt: timestamp("applied_at", { withTimezone: true }),
}, (t) => [index("rating_imports_process_idx").on(t.processId)]);

// ─── Audit site visit: schedule, team, ratings, summary, report release ───────────────────────────────────────
// One visit per labelling process, scheduled by the DRI once the self-assessment is handed in. The team's ratings
// sit beside the hospital's, on the same scale, one per criterion (the lead consolidates), and use the same
// versioned write. Rules: app/domain/audit/visit.ts.

export const auditTeamRoleEnum = pgEnum("audit_team_role", AUDIT_TEAM_ROLES);
export const findingClassificationEnum = pgEnum("finding_classification", FINDING_CLASSIFICATIONS);

export const auditVisits = pgTable("audit_visits", {
  processId: uuid("process_id").primaryKey().references(() => labellingProcesses.id),
  /** 1 for the first visit; a revisit after a deferral starts the next round (the earlier one kept in audit_rounds). */
  round: integer("round").notNull().default(1),
  startsOn: date("starts_on", { mode: "string" }).notNull(),
  endsOn: date("ends_on", { mode: "string" }).notNull(),
  /** The lead's summary: strengths and priority recommendations, in French and/or English. */
  summaryFr: text("summary_fr").notNull().default(""),
  summaryEn: text("summary_en").notNull().default(""),
  summaryVersion: integer("summary_version").notNull().default(0),
  scheduledBy: uuid("scheduled_by").references(() => users.id),
  scheduledAt: timestamp("scheduled_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: updatedAt(),
  submittedBy: uuid("submitted_by").references(() => users.id),
  submittedAt: timestamp("submitted_at", { withTimezone: true }),
  /** The DRI released the audit report to the hospital (or recorded a decision, which releases it). */
  releasedBy: uuid("released_by").references(() => users.id),
  releasedAt: timestamp("released_at", { withTimezone: true }),
}, (t) => [check("audit_visits_dates", sql`${t.endsOn} >= ${t.startsOn}`)]);

export const auditTeamMembers = pgTable("audit_team_members", {
  processId: uuid("process_id").notNull().references(() => auditVisits.processId),
  userId: uuid("user_id").notNull().references(() => users.id),
  role: auditTeamRoleEnum("role").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.processId, t.userId] }),
  index("audit_team_members_user_idx").on(t.userId),
  // Exactly one lead per visit (the service always writes one).
  uniqueIndex("audit_team_members_one_lead").on(t.processId).where(sql`${t.role} = 'lead'`),
]);

/** Chapters given to members of the team ("my chapters" on the auditor's pages). */
export const auditChapterAssignments = pgTable("audit_chapter_assignments", {
  processId: uuid("process_id").notNull().references(() => auditVisits.processId),
  chapterId: uuid("chapter_id").notNull().references(() => referentialChapters.id),
  userId: uuid("user_id").notNull().references(() => users.id),
}, (t) => [primaryKey({ columns: [t.processId, t.chapterId, t.userId] })]);

export const auditRatings = pgTable("audit_ratings", {
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  criterionId: uuid("criterion_id").notNull().references(() => referentialCriteria.id),
  /** A scale value ("0".."3") or "NA"; null once cleared. */
  rating: text("rating"),
  /** What was observed on site (required for N/A and any rating below the top). */
  finding: text("finding").notNull().default(""),
  classification: findingClassificationEnum("classification"),
  /** The evaluation methods actually used (codes of the version's method list). */
  methods: text("methods").array().notNull().default(sql`'{}'::text[]`),
  version: integer("version").notNull().default(1),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.processId, t.criterionId] }),
  check("audit_ratings_rating_format", sql`${t.rating} is null or ${t.rating} ~ '^(NA|[0-9]+)$'`),
]);

/**
 * An earlier audit round, kept read-only when a deferred process is revisited: its dates, team, summary and ratings
 * as they stood when the committee deferred. Append-only (trigger).
 */
export const auditRounds = pgTable("audit_rounds", {
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  round: integer("round").notNull(),
  startsOn: date("starts_on", { mode: "string" }).notNull(),
  endsOn: date("ends_on", { mode: "string" }).notNull(),
  summaryFr: text("summary_fr").notNull(),
  summaryEn: text("summary_en").notNull(),
  submittedAt: timestamp("submitted_at", { withTimezone: true }),
  /** When the round's report was released to the hospital (its staff keep reading it once the next round starts). */
  releasedAt: timestamp("released_at", { withTimezone: true }),
  team: jsonb("team").$type<{ userId: string; name: string; role: string }[]>().notNull(),
  ratings: jsonb("ratings").$type<{ code: string; rating: string | null; finding: string; classification: string | null; methods: string[]; updatedByName: string | null }[]>().notNull(),
  archivedBy: uuid("archived_by").references(() => users.id),
  archivedAt: timestamp("archived_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.processId, t.round] })]);

// ─── Labelling decision, labels and certificates ─────────────────────────────────────────────────────────────
// The committee's decision on a submitted audit is final: never edited (triggers refuse UPDATE and DELETE). A wrong
// one is annulled (decision_annulments) and taken again. An award creates one label with its certificate number; a
// label's status comes from its dates and its events (suspended, lifted, revoked, annulled). Rules:
// app/domain/label/.

export const decisionOutcomeEnum = pgEnum("decision_outcome", DECISION_OUTCOMES);
export const labelLevelEnum = pgEnum("label_level", LEVEL_CODES);
export const labelEventKindEnum = pgEnum("label_event_kind", LABEL_EVENT_KINDS);

export const labellingDecisions = pgTable("labelling_decisions", {
  id: uuid("id").primaryKey().defaultRandom(),
  processId: uuid("process_id").notNull().references(() => labellingProcesses.id),
  /** The audit round decided on (1, then 2 after a deferral and its revisit…). */
  auditRound: integer("audit_round").notNull().default(1),
  outcome: decisionOutcomeEnum("outcome").notNull(),
  /** The level awarded, and the level the audit ratings reached when the committee decided (null: not labelled). */
  level: labelLevelEnum("level"),
  computedLevel: labelLevelEnum("computed_level"),
  /** Required when the awarded level is not the computed one; kept forever. */
  levelJustification: text("level_justification").notNull().default(""),
  mentionFr: text("mention_fr").notNull().default(""),
  mentionEn: text("mention_en").notNull().default(""),
  decidedOn: date("decided_on", { mode: "string" }).notNull(),
  validFrom: date("valid_from", { mode: "string" }),
  validUntil: date("valid_until", { mode: "string" }),
  /** A deferral: what the hospital must do, and when the auditors come back. */
  conditions: text("conditions").notNull().default(""),
  revisitOn: date("revisit_on", { mode: "string" }),
  /** A refusal: why. */
  reasons: text("reasons").notNull().default(""),
  /** The committee members present, one per line. */
  committeeMembers: text("committee_members").notNull(),
  signerName: text("signer_name").notNull(),
  signerTitle: text("signer_title").notNull(),
  recordedBy: uuid("recorded_by").references(() => users.id),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index("labelling_decisions_process_idx").on(t.processId),
  check("labelling_decisions_award", sql`${t.outcome} <> 'awarded' or (${t.level} is not null and ${t.validFrom} is not null and ${t.validUntil} > ${t.validFrom})`),
  check("labelling_decisions_deferral", sql`${t.outcome} <> 'deferred' or (${t.revisitOn} is not null and ${t.conditions} <> '')`),
  check("labelling_decisions_refusal", sql`${t.outcome} <> 'refused' or ${t.reasons} <> ''`),
]);

/** The annulment of a wrong decision, with its reason. Append-only: an annulment is never taken back. */
export const decisionAnnulments = pgTable("decision_annulments", {
  decisionId: uuid("decision_id").primaryKey().references(() => labellingDecisions.id),
  reason: text("reason").notNull(),
  annulledBy: uuid("annulled_by").references(() => users.id),
  annulledAt: timestamp("annulled_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The label an award created: what the certificate says. Never changed (trigger); its status comes from label_events. */
export const labels = pgTable("labels", {
  id: uuid("id").primaryKey().defaultRandom(),
  decisionId: uuid("decision_id").notNull().references(() => labellingDecisions.id),
  establishmentId: uuid("establishment_id").notNull().references(() => establishments.id),
  referentialVersionId: uuid("referential_version_id").notNull().references(() => referentialVersions.id),
  level: labelLevelEnum("level").notNull(),
  mentionFr: text("mention_fr").notNull().default(""),
  mentionEn: text("mention_en").notNull().default(""),
  /** LQS-<year>-<random, Crockford base32><check character>: unguessable, checked when typed. */
  certificateNumber: text("certificate_number").notNull(),
  decidedOn: date("decided_on", { mode: "string" }).notNull(),
  validFrom: date("valid_from", { mode: "string" }).notNull(),
  validUntil: date("valid_until", { mode: "string" }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("labels_decision_unique").on(t.decisionId),
  uniqueIndex("labels_certificate_number_unique").on(t.certificateNumber),
  index("labels_establishment_idx").on(t.establishmentId),
  check("labels_validity", sql`${t.validUntil} > ${t.validFrom}`),
]);

/** Suspensions (and their lifting), revocations and annulments of a label, with their reasons. Append-only. */
export const labelEvents = pgTable("label_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  labelId: uuid("label_id").notNull().references(() => labels.id),
  kind: labelEventKindEnum("kind").notNull(),
  reason: text("reason").notNull(),
  actorUserId: uuid("actor_user_id").references(() => users.id),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("label_events_label_idx").on(t.labelId)]);

/**
 * An external accreditation of a published version (ISQua accredited the 2024 referential in 2025): what happened to
 * the version afterwards, kept beside it, never inside its frozen content. Shown on the version page and certificates.
 */
export const referentialAccreditations = pgTable("referential_accreditations", {
  id: uuid("id").primaryKey().defaultRandom(),
  referentialVersionId: uuid("referential_version_id").notNull().references(() => referentialVersions.id),
  body: text("body").notNull(),
  accreditedOn: date("accredited_on", { mode: "string" }).notNull(),
  reference: text("reference").notNull().default(""),
  recordedBy: uuid("recorded_by").references(() => users.id),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index("referential_accreditations_version_idx").on(t.referentialVersionId)]);
