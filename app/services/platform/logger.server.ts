/**
 * The server's log (ADR 0030): one JSON object a line on standard output (pino), or one short readable line
 * (LOG_FORMAT=pretty). Every line written while a request is served carries its request id (`reqId`), and every line
 * of a background job its job, whoever writes it: `log()` is the logger of the request or job in progress, kept in
 * an AsyncLocalStorage (React's server rendering already keeps one, so the async hooks it needs are on anyway).
 *
 * Nothing secret or personal is written: callers log ids, counts and route patterns, never query strings, cookies,
 * headers, form fields, file names or e-mail addresses. `redact` (known field names) and the error serializer (e-mail
 * addresses masked, drizzle's query parameters cut) are a second net.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino, stdSerializers, type DestinationStream, type Logger } from "pino";
import type { AppConfig } from "#app/config.server.ts";

export type { Logger };

const EMAIL = /[^\s@<>"'()[\]{},;:=]+@[^\s@<>"'()[\]{},;:=]+\.[a-z]{2,}/gi;
/** What drizzle appends to a failed query's message: the values bound, which may be anything a form held. */
const QUERY_PARAMS = /\nparams: [^\n]*/g;

/** A text of an error with what must not reach the log taken out. */
export function scrub(text: string): string {
  return text.replace(QUERY_PARAMS, "\nparams: [redacted]").replace(EMAIL, "[email]");
}

type SerializedError = ReturnType<typeof stdSerializers.err>;
/** An error as logged: its type, message, stack, code and cause, scrubbed; none of its other fields (a query's params, a request's headers). */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? scrub(error) : error;
  const full = stdSerializers.err(error) as SerializedError & { code?: unknown; cause?: unknown };
  return {
    type: full.type,
    message: scrub(full.message),
    stack: scrub(full.stack ?? ""),
    ...(typeof full.code === "string" || typeof full.code === "number" ? { code: full.code } : {}),
    ...(error.cause !== undefined ? { cause: serializeError(error.cause) } : {}),
  };
}

/** Field names that never reach the log, at the top of a line or one level down. */
const REDACTED = ["password", "token", "email", "toEmail", "cookie", "authorization", "headers", "query", "body", "fileName", "originalName"].flatMap(
  (name) => [name, `*.${name}`],
);

/**
 * The process's logger. `destination`: where lines go (standard output by default; tests give a stream to read them).
 */
export function createLogger(config: Pick<AppConfig, "LOG_LEVEL" | "LOG_FORMAT">, destination?: DestinationStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    redact: { paths: REDACTED, censor: "[redacted]" },
    serializers: { err: serializeError },
  };
  if (config.LOG_FORMAT === "pretty") return pino(options, prettyLines(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing: the app's when the process gives it none (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const SKIPPED = new Set(["level", "time", "pid", "hostname", "msg", "err"]);

/** LOG_FORMAT=pretty: `12:03:04 INFO message key=value…`, and an error's stack below it (no extra package). */
function prettyLines(out: DestinationStream): DestinationStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(entry)
            .filter(([key]) => !SKIPPED.has(key))
            .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
          const time = new Date(entry.time as number).toISOString().slice(11, 19);
          const err = entry.err as { stack?: string } | undefined;
          out.write(`${time} ${LEVELS[entry.level as number] ?? entry.level} ${String(entry.msg ?? "")} ${fields.join(" ")}`.trimEnd() + "\n" + (err?.stack ? `${err.stack}\n` : ""));
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

/**
 * What the log knows of the request (or job) in progress. Its logger carrying the request id is made only when
 * something logs inside the request: most requests write their one line at the end, from the app's logger.
 */
export class LogScope {
  /** The matched route's pattern (`/processes/:processId`), noted when the root route's middleware starts. */
  route: string | undefined;
  private scoped: Logger | undefined;
  constructor(
    readonly base: Logger,
    readonly bindings: { reqId: string } | { job: string },
  ) {}
  get logger(): Logger {
    return (this.scoped ??= this.base.child(this.bindings));
  }
  get requestId(): string | undefined {
    return "reqId" in this.bindings ? this.bindings.reqId : undefined;
  }
}

const scopes = new AsyncLocalStorage<LogScope>();
let fallback: Logger | undefined;

/** Runs `work` with `scope` as what `log()` answers, in everything it starts (awaits, timers, work after the answer). */
export function inLogScope<T>(scope: LogScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** The request or job in progress, if any. */
export function currentScope(): LogScope | undefined {
  return scopes.getStore();
}

/** The logger of the request or job in progress; outside both, one writing to standard output at `info`. */
export function log(): Logger {
  return scopes.getStore()?.logger ?? (fallback ??= createLogger({ LOG_LEVEL: "info", LOG_FORMAT: "json" }));
}

/** A request id from a proxy is kept only if it is a short, plain token (it is written into logs and pages). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request's id: the proxy's (X-Request-Id) when the app is behind a trusted one and it is a safe token, else a
 * new one (16 hexadecimal characters, short enough to read out to support).
 */
export function requestId(header: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && typeof header === "string" && SAFE_REQUEST_ID.test(header)) return header;
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(24, 28); // random parts only (not the version digit)
}
