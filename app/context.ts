import { createContext } from "react-router";
import type { Db } from "#db/client.ts";
import type { AppConfig } from "./config.server.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import type { Language } from "#app/domain/language.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import type { Logger } from "#app/services/platform/logger.server.ts";
import type { AppMetrics } from "#app/services/platform/metrics.server.ts";

/** What the server process gives every request: the database (PGlite or PostgreSQL) and the configuration. */
export interface AppServices {
  db: Db;
  config: AppConfig;
  /** Where evidence files live; when not given, the app creates it once from the configuration (S3_URL, UPLOADS_DIR). */
  storage?: EvidenceStorage;
  /** Where the app logs (app/services/platform/logger.server.ts); when not given, nothing is logged (tests, benchmarks). */
  logger?: Logger;
  /** What GET /metrics reports; when not given, the app makes its own if METRICS_TOKEN is set; null: none. */
  metrics?: AppMetrics | null;
}
/** The services every request reaches (getServices(context)): the storage is always there. */
export interface RequestServices extends AppServices {
  storage: EvidenceStorage;
}
export const servicesContext = createContext<RequestServices>();

export interface SessionUser extends Actor {
  email: string;
  name: string;
  language: Language;
  establishmentName: string | null;
  /** The establishment's country (ISO 3166), for the time zone pages use when the browser's is not known. */
  establishmentCountryCode: string | null;
}

export interface CurrentSession {
  id: string;
  user: SessionUser;
  /** Whether the user has a second factor (ADR 0034); REQUIRE_SECOND_FACTOR may send them to enrol. */
  secondFactorEnrolled?: boolean;
}
/** The signed-in session, or null; set by the session middleware in root.tsx. */
export const sessionContext = createContext<CurrentSession | null>(null);

/** Per-request nonce for the Content-Security-Policy. */
export const nonceContext = createContext<string>("");

/** The client's network address (for sign-in throttling), as the server process saw it. */
export const clientAddressContext = createContext<string>("unknown");

/**
 * True for React Router's data request of a URL (`/x.data`, the fetch behind a client-side navigation); set by the
 * Node adapter, which alone sees the URL before React Router strips the suffix.
 */
export const dataRequestContext = createContext<boolean>(false);
