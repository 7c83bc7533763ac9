import { z } from "zod";
import { OUTBOX_DELIVERY } from "#app/domain/outbox-delivery.ts";
import { RATE_LIMITS } from "#app/domain/rate-limits.ts";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { parseS3Url } from "#app/services/storage/s3-url.ts";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

/** An abuse limit's number of events per window (app/domain/rate-limits.ts says what is counted and for how long). */
const eventsPerWindow = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).default(".data/pglite"),
  /** The app's public origin, e.g. https://label.aphp.fr. Default: the origin of each request. */
  PUBLIC_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  /** smtp(s)://user:pass@host:port — when unset, messages stay in the outbox table only. */
  SMTP_URL: z.string().optional().or(z.literal("").transform(() => undefined)),
  SMTP_FROM: z.string().default("Label AP-HP <no-reply@label.example.org>"),
  /** Tries of one message before it is given up (a dead letter shown to the DRI, who may send it again). */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(OUTBOX_DELIVERY.maxAttempts),
  /** Read the client address from X-Forwarded-For (only behind a trusted reverse proxy). */
  TRUST_PROXY: booleanFlag,
  /** Where uploaded files live (unless S3_URL is set). */
  UPLOADS_DIR: z.string().default(".data/uploads"),
  /** Evidence files in S3-compatible object storage instead of UPLOADS_DIR (format: app/services/storage/s3-url.ts). */
  S3_URL: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .superRefine((value, ctx) => {
      const parsed = value === undefined ? null : parseS3Url(value);
      if (parsed && !parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
    }),
  /** Largest evidence file accepted, in megabytes (enforced while the upload streams in). */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(10),
  RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: eventsPerWindow(RATE_LIMITS.passwordResetPerEmail.limit),
  RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: eventsPerWindow(RATE_LIMITS.passwordResetPerClient.limit),
  RATE_LIMIT_APPLICATIONS_PER_CLIENT: eventsPerWindow(RATE_LIMITS.applicationsPerClient.limit),
  RATE_LIMIT_EVIDENCE_UPLOADS_PER_CRITERION: eventsPerWindow(RATE_LIMITS.evidenceUploadsPerCriterion.limit),
  RATE_LIMIT_PUBLIC_READS_PER_CLIENT: eventsPerWindow(RATE_LIMITS.publicReadsPerClient.limit),
  /** On SIGTERM/SIGINT, how long the requests in flight may take to finish before they are cut. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /** Largest body of a form that is not a file upload (URL-encoded, JSON), in kilobytes; larger ones get a 413. */
  FORM_MAX_KB: z.coerce.number().int().positive().max(100_000).default(256),
  /** The least severe log lines written (one JSON object a line on standard output, ADR 0030). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `json` for a log collector; `pretty` for a person reading a terminal (one short line per event). */
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  /**
   * Roles that must sign in with a second factor (comma-separated, e.g. `dri_admin,auditor`): a user of such a role
   * who has not enrolled is sent to enrolment after the password, and reaches nothing else until enrolled (ADR 0034).
   */
  REQUIRE_SECOND_FACTOR: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(ROLES, { message: `REQUIRE_SECOND_FACTOR lists roles among ${ROLES.join(", ")}` }))),
  /** The bearer token that opens GET /metrics (Prometheus); unset, /metrics does not exist (404). */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional()),
});

export type AppConfig = z.infer<typeof envSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
