import type { FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";

/** Shared helpers for the fake Graph tests: real HTTP over loopback with fetch. */

export interface GraphCollection {
  "@odata.context": string;
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
  value: Record<string, unknown>[];
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { date: string; "request-id": string; "client-request-id": string } };
}

export interface BatchResponseBody {
  responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[];
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined for text bodies). */
  body: T;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  /** Bearer token; null sends no Authorization header. Default "test-token". */
  token?: string | null;
  eventual?: boolean;
  signal?: AbortSignal;
}

/** Calls `pathOrUrl` (relative to the server's /v1.0 base, or absolute). */
export async function call<T = GraphCollection>(server: FakeGraphServer, pathOrUrl: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${server.url}${pathOrUrl}`;
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? "test-token" : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (options.eventual) headers.ConsistencyLevel = "eventual";
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method: options.method ?? (options.json === undefined ? "GET" : "POST"),
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").startsWith("application/json");
  return { status: response.status, headers: response.headers, text, body: (isJson ? JSON.parse(text) : undefined) as T };
}

/** The group id Graph gives for an address (GET /groups?$filter=mail eq '…'). */
export async function groupId(server: FakeGraphServer, mail: string): Promise<string> {
  const result = await call(server, `/groups?$filter=${encodeURIComponent(`mail eq '${mail.replace(/'/g, "''")}'`)}&$select=id`);
  const id = result.body.value[0]?.id;
  if (typeof id !== "string") throw new Error(`no group ${mail}`);
  return id;
}

/** `/transitiveMembers[/cast]/$count` as a number. */
export async function countMembers(server: FakeGraphServer, id: string, cast = "", query = ""): Promise<number> {
  const result = await call<undefined>(server, `/groups/${id}/transitiveMembers${cast ? `/${cast}` : ""}/$count${query}`, { eventual: true });
  if (result.status !== 200) throw new Error(`count failed: ${result.status} ${result.text}`);
  return Number(result.text);
}

/** Follows @odata.nextLink to the end; returns every item and how many pages it took. */
export async function walk(server: FakeGraphServer, first: string, options: CallOptions = {}): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next !== undefined) {
    const result: CallResult<GraphCollection> = await call(server, next, options);
    if (result.status !== 200) throw new Error(`page ${pages} failed: ${result.status} ${result.text}`);
    items.push(...result.body.value);
    next = result.body["@odata.nextLink"];
    pages++;
  }
  return { items, pages };
}

/** Resolves once `condition` holds, checking on each turn of the event loop (no fixed sleeps). */
export async function until(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
