import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";

/**
 * Serves a published index folder over loopback HTTP, as a static host on the add-in's origin
 * would: GET only, files under the folder only, JSON content type, and a short `Cache-Control` so
 * a CDN refreshes entries about as often as the job runs. For `guard check --index` and tests.
 */
export interface IndexServer {
  /** e.g. "http://127.0.0.1:PORT/list-index/" */
  readonly url: string;
  /** Requests received (files and misses). */
  readonly requestCount: number;
  close(): Promise<void>;
}

export const INDEX_URL_PATH = "/list-index/";

export async function serveIndex(folder: string): Promise<IndexServer> {
  const root = normalize(folder);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const inside = path.startsWith(INDEX_URL_PATH) ? decodeURIComponent(path.slice(INDEX_URL_PATH.length)) : undefined;
    const file = inside === undefined ? undefined : normalize(join(root, inside));
    if (req.method !== "GET" || file === undefined || !file.startsWith(root + sep) || inside === "") {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "public, max-age=3600", "Content-Length": String(body.length) });
        res.end(body);
      },
      () => {
        res.writeHead(404).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${INDEX_URL_PATH}`,
    get requestCount() {
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
