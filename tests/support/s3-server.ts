// An S3-protocol server on loopback for the tests (s3rver: a random port, a temporary folder, one bucket), and the
// S3_URL that reaches it. `stop()` closes it with its connections, as a bucket that goes away mid-test; `restart()`
// brings it back on the same port and folder (what was stored before is there again).
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export interface TestS3Server {
  /** S3_URL of the bucket (s3rver's fixed credentials, plain HTTP, path style). */
  url: string;
  bucket: string;
  /** Closes the server and every open connection (the bucket becomes unreachable). */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** stop() and remove its folder. */
  close(): Promise<void>;
}

export async function startS3Server(options: { bucket?: string; prefix?: string } = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? "label-evidence";
  const directory = mkdtempSync(join(tmpdir(), "label-s3rver-"));
  const run = async (port: number) => {
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
    return { server, port: (await server.run()).port };
  };
  let { server, port } = await run(0);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    (server as unknown as { httpServer: Server }).httpServer.closeAllConnections();
    await server.close();
  };
  return {
    url: `s3://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}${options.prefix ? `/${options.prefix}` : ""}?tls=false&path_style=true`,
    bucket,
    stop,
    async restart() {
      await stop();
      ({ server } = await run(port));
      running = true;
    },
    async close() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
