// The clients of `loadPage` (support.ts), in a thread of their own: a browser's work — reading, decompressing and
// decoding the answer — is not done on the server's thread, where it would be counted as the server's cost (a heavy
// page's body costs the client more than /account's). Each client keeps one signed-in browser's cookies.
// Plain JavaScript: a worker thread does not inherit tsx's loader.
import { parentPort, workerData } from "node:worker_threads";

/** @type {{ baseUrl: string; path: string; seconds: number; clients: { cookie: string; language: string }[] }} */
const { baseUrl, path, seconds, clients } = workerData;

async function get(client) {
  const response = await fetch(baseUrl + path, { headers: { Cookie: client.cookie, "Accept-Language": client.language }, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
}

await Promise.all(clients.map(get)); // a warm-up request each
const latencies = [];
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(
  clients.map(async (client) => {
    while (performance.now() < until) {
      const t = performance.now();
      await get(client);
      latencies.push(performance.now() - t);
    }
  }),
);
parentPort.postMessage({ latencies, elapsed: (performance.now() - started) / 1000 });
