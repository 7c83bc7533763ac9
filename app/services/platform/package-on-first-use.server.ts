// Large packages only some requests need (the S3 client, exceljs, prom-client; pdfmake likewise, in pdfmake.server.ts)
// are loaded on their first use rather than when the server starts: together about 30 MB of a server's resident memory
// that most installations never use (evidence in a folder, no workbook opened, /metrics off). Types come from
// `import type`, which costs nothing.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The package `name`, loaded (once; Node keeps it) when this is first called. */
export function packageOnFirstUse<T>(name: string): () => T {
  return () => require(name) as T;
}
