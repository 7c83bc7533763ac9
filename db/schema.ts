import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const roleEnum = pgEnum("role", ["dri_admin", "auditor", "hospital"]);
export const languageEnum = pgEnum("language", ["fr", "en"]);
export const userTokenKindEnum = pgEnum("user_token_kind", ["invitation", "password_reset"]);

/** Partner hospitals abroad. The cooperation registry extends this table. */
export const establishments = pgTable("establishments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  /** ISO 3166-1 alpha-2, upper case. */
  countryCode: text("country_code").notNull(),
  city: text("city").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex("establishments_name_unique").on(t.name),
  check("establishments_country_code_format", sql`${t.countryCode} ~ '^[A-Z]{2}$'`),
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
}, (t) => [index("sessions_user_idx").on(t.userId)]);

/** One-time links (invitation, password reset). Only the SHA-256 of the token is stored. */
export const userTokens = pgTable("user_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  kind: userTokenKindEnum("kind").notNull(),
  tokenHash: text("token_hash").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
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
  sendError: text("send_error"),
}, (t) => [index("outbox_created_idx").on(t.createdAt)]);

/** Failed sign-in counters per (account, client address), kept in the database so a restart does not reset them. */
export const loginThrottles = pgTable("login_throttles", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

/** Who did what, when: every change of reference data and every state change. Append-only. */
export const auditEvents = pgTable("audit_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  actorUserId: uuid("actor_user_id").references(() => users.id),
  action: text("action").notNull(),
  entityType: text("entity_type").notNull(),
  entityId: text("entity_id").notNull(),
  changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>(),
}, (t) => [index("audit_events_entity_idx").on(t.entityType, t.entityId)]);
