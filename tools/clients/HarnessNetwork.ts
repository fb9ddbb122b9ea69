import { gzipSync } from "node:zlib";

/**
 * The network a built launch-event script sees in the client harness (test/clients) and the
 * benchmark: the add-in's origin serves files from memory (dist/), Microsoft Graph's address is
 * routed to the fake Graph server on loopback, anything else is refused. Latency and bandwidth are
 * applied deterministically: every response waits `latencyMs` plus its bytes on the wire at
 * `bitsPerSecond`, one response after another per connection is not modelled (each request is
 * independent, as with HTTP/2 multiplexing).
 *
 * Bytes on the wire are the gzip size of the body: static hosts and Graph compress JSON.
 */

export interface NetworkShape {
  /** Added to every response, ms. @default 0 */
  latencyMs?: number;
  /** Bandwidth, bits per second; `undefined` = unlimited. */
  bitsPerSecond?: number;
}

export interface RecordedRequest {
  method: string;
  /** The URL the script asked for. */
  url: string;
  status: number;
  /** Response body bytes on the wire (gzip size). */
  bytes: number;
}

export interface HarnessNetworkOptions {
  /** The origin the add-in was built for, e.g. "https://addins.example.org". */
  addinOrigin: string;
  /** Files by path below the origin, e.g. { "policy.json": "{…}" }. */
  files: Record<string, string>;
  /** The fake Graph server's base URL, e.g. "http://127.0.0.1:1234/v1.0". */
  graphUrl?: string;
  shape?: NetworkShape;
  /** setTimeout for the shaping delay. @default the global one */
  setTimeout?: (callback: () => void, ms: number) => unknown;
}

const GRAPH_PREFIX = "https://graph.microsoft.com/v1.0";

/** Milliseconds that `bytes` take at the shape's latency and bandwidth. */
export function transferMs(bytes: number, shape: NetworkShape = {}): number {
  const latency = shape.latencyMs ?? 0;
  return shape.bitsPerSecond ? latency + (bytes * 8 * 1000) / shape.bitsPerSecond : latency;
}

/** Bytes on the wire for a body (its gzip size; 0 for none). */
export function wireBytes(body: string): number {
  return body === "" ? 0 : gzipSync(Buffer.from(body, "utf8"), { level: 6 }).length;
}

export class HarnessNetwork {
  readonly requests: RecordedRequest[] = [];
  shape: NetworkShape;
  private readonly options: HarnessNetworkOptions;
  /** The files the origin serves, by path: tests remove or change them. */
  readonly files: Record<string, string>;

  constructor(options: HarnessNetworkOptions) {
    this.options = options;
    this.files = { ...options.files };
    this.shape = options.shape ?? {};
  }

  /** Forgets the recorded requests. */
  reset(): void {
    this.requests.length = 0;
  }

  /** Bytes fetched so far. */
  bytes(): number {
    return this.requests.reduce((sum, r) => sum + r.bytes, 0);
  }

  /** The `fetch` given to the script's realm. */
  readonly fetch = async (input: unknown, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === "string" ? input : String((input as { url?: unknown }).url ?? input);
    const method = (init.method ?? "GET").toUpperCase();
    let status = 404;
    let body = "";
    let headers: Record<string, string> = { "content-type": "application/json" };
    const origin = `${this.options.addinOrigin}/`;
    if (url.startsWith(origin)) {
      const file = this.files[url.slice(origin.length).replace(/[?#].*$/, "")];
      if (file !== undefined) {
        status = 200;
        body = file;
      }
    } else if (url.startsWith(GRAPH_PREFIX) && this.options.graphUrl) {
      const forwarded = await fetch(`${this.options.graphUrl}${url.slice(GRAPH_PREFIX.length)}`, {
        method,
        headers: init.headers ?? {},
        ...(init.body !== undefined && init.body !== null ? { body: init.body } : {}),
      });
      status = forwarded.status;
      body = await forwarded.text();
      headers = {};
      forwarded.headers.forEach((value, key) => (headers[key] = value));
    } else {
      throw new TypeError(`Failed to fetch: ${url} is not reachable from the harness`);
    }
    const bytes = wireBytes(body);
    this.requests.push({ method, url, status, bytes });
    const delay = transferMs(bytes, this.shape);
    if (delay > 0) await new Promise<void>((resolve) => (this.options.setTimeout ?? setTimeout)(resolve, delay));
    if (init.signal?.aborted) throw init.signal.reason ?? new DOMException("Aborted", "AbortError");
    return new Response(status === 204 ? null : body, { status, headers });
  };
}
