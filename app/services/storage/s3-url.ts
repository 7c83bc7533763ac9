// The S3_URL setting: where the evidence files live when they are in object storage (ADR 0028). No framework here;
// app/config.server.ts refuses to start on a malformed one with the problem this names.
//
//   s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]?region=eu-west-3&tls=true&path_style=true
//
// - ACCESS_KEY and SECRET percent-encoded (a "/" or "+" in a secret is %2F, %2B). Both or neither: without them the
//   SDK's own chain is used (AWS_ACCESS_KEY_ID…, an instance role).
// - host[:port]: the S3 endpoint (s3.eu-west-3.amazonaws.com, minio.internal:9000, s3.gra.io.cloud.ovh.net…).
// - bucket: required; prefix: optional folder inside the bucket (keys become prefix/<stored name>).
// - region (default us-east-1, what MinIO and Ceph expect), tls (default true: https; false for a loopback or private
//   network store), path_style (default true: bucket in the path, which every store accepts; false for
//   bucket.host virtual-host addressing).

export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  /** "" or a folder ending in "/". */
  prefix: string;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
}

const FORMAT = "s3://ACCESS_KEY:SECRET@host:port/bucket?region=…&tls=true&path_style=true";
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FLAG = new Map([
  ["true", true],
  ["1", true],
  ["false", false],
  ["0", false],
]);

/** The parsed location, or the problem in words (never repeating the secret). */
export function parseS3Url(value: string): { ok: true; location: S3Location } | { ok: false; problem: string } {
  const fail = (problem: string) => ({ ok: false as const, problem: `${problem} (expected ${FORMAT})` });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("not a URL");
  }
  if (url.protocol !== "s3:") return fail(`the scheme must be s3://, not ${url.protocol}//`);
  if (!url.hostname) return fail("the host of the S3 endpoint is missing");
  let user: string;
  let secret: string;
  try {
    user = decodeURIComponent(url.username);
    secret = decodeURIComponent(url.password);
  } catch {
    return fail("the access key or the secret is not correctly percent-encoded");
  }
  if (!!user !== !!secret) return fail("give both the access key and the secret, or neither");
  const [bucket = "", ...rest] = url.pathname.replace(/^\/+/, "").split("/");
  if (!bucket) return fail("the bucket is missing");
  if (!BUCKET.test(bucket)) return fail(`"${bucket}" is not a valid bucket name`);
  const prefix = rest.filter(Boolean).join("/");
  const known = new Set(["region", "tls", "path_style"]);
  for (const key of url.searchParams.keys()) if (!known.has(key)) return fail(`unknown parameter "${key}"`);
  const flag = (name: string, fallback: boolean): boolean | null => {
    const raw = url.searchParams.get(name);
    return raw === null ? fallback : (FLAG.get(raw.toLowerCase()) ?? null);
  };
  const tls = flag("tls", true);
  if (tls === null) return fail("tls must be true or false");
  const pathStyle = flag("path_style", true);
  if (pathStyle === null) return fail("path_style must be true or false");
  const region = url.searchParams.get("region") || "us-east-1";
  if (!/^[a-z0-9-]{2,40}$/.test(region)) return fail(`"${region}" is not a region name`);
  return {
    ok: true,
    location: {
      endpoint: `${tls ? "https" : "http"}://${url.host}`,
      region,
      bucket,
      prefix: prefix ? `${prefix}/` : "",
      forcePathStyle: pathStyle,
      credentials: user ? { accessKeyId: user, secretAccessKey: secret } : null,
    },
  };
}
