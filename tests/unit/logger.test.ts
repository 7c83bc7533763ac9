// The log's second net and its request ids (ADR 0030): what an error's text may not carry, and which ids a proxy may set.
import { describe, expect, it } from "vitest";
import { createLogger, requestId, scrub } from "#app/services/platform/logger.server.ts";
import { bearerMatches } from "#app/services/platform/metrics.server.ts";

function linesOf(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  write(createLogger({ LOG_LEVEL: "info", LOG_FORMAT: "json" }, { write: (line: string) => void lines.push(line) }));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the log's second net", () => {
  it("masks e-mail addresses and cuts the values a failed query was given", () => {
    expect(scrub('duplicate key: Key (email)=(Awa.Diop+1@hopital-fann.sn) already exists')).toBe("duplicate key: Key (email)=([email]) already exists");
    expect(scrub("Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: awa@fann.sn,$argon2id$v=19$…\n    at x")).toBe(
      "Failed query: insert into users (email, password_hash) values ($1, $2)\nparams: [redacted]\n    at x",
    );
  });

  it("writes an error's type, message, stack and code, scrubbed, and none of its other fields", () => {
    const error = Object.assign(new Error("refused for awa@fann.sn"), { code: "EAUTH", params: ["secret-token"], headers: { cookie: "label_session=abc" } });
    const [line] = linesOf((logger) => logger.error({ err: error }, "failed"));
    const err = line!.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: "Error", message: "refused for [email]", code: "EAUTH" });
    expect(String(err.stack)).toContain("refused for [email]");
    expect(JSON.stringify(line)).not.toMatch(/secret-token|label_session|awa@/);
  });

  it("redacts fields named like secrets or personal data, wherever a careless call puts them", () => {
    const [line] = linesOf((logger) => logger.info({ password: "p", user: { email: "a@b.cd", token: "t" }, headers: { authorization: "Bearer x" } }, "careless"));
    expect(line).toMatchObject({ password: "[redacted]", user: { email: "[redacted]", token: "[redacted]" }, headers: "[redacted]" });
  });
});

describe("request ids", () => {
  it("keeps a proxy's plain token only behind a trusted proxy, and makes a 16-hex-digit one otherwise", () => {
    expect(requestId("0f3a9c1e2b7d4a6f8e0c1b2a3d4e5f60", true)).toBe("0f3a9c1e2b7d4a6f8e0c1b2a3d4e5f60");
    expect(requestId("0f3a9c1e2b7d", false)).toMatch(/^[0-9a-f]{16}$/);
    for (const forged of ["a b", "x".repeat(65), "id\nlevel=60", "<script>", ""]) expect(requestId(forged, true)).toMatch(/^[0-9a-f]{16}$/);
    expect(requestId(["a", "b"], true)).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(Array.from({ length: 1000 }, () => requestId(undefined, false))).size).toBe(1000);
  });
});

describe("the metrics token", () => {
  it("is accepted only as the exact bearer token", () => {
    const token = "0123456789abcdef-metrics";
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const wrong of [undefined, "", token, `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, "Bearer "]) expect(bearerMatches(wrong, token), String(wrong)).toBe(false);
  });
});
