import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import { FakeTenant } from "./FakeTenant";
import { GraphProblem, faultErrorKind, graphErrorResponse, type GraphResponse, type RequestIds } from "./graphResponses";
import { parseBatch, partTarget, runBatch, type BatchPart, type BatchTextEncoding } from "./handleBatch";
import { NetworkConditions } from "./NetworkConditions";
import { routeGraphRequest, type GraphRequest, type RouteContext } from "./routeGraphRequest";
import {
  DEFAULT_MAIL_TIPS_REQUEST_BUDGET,
  DEFAULT_RESOURCE_UNIT_BUDGET,
  KeyedBudgets,
  MAIL_TIPS_MAX_CONCURRENT,
  MAIL_TIPS_WINDOW_MS,
  RESOURCE_UNIT_WINDOW_MS,
  WindowBudget,
  isMailTipsRequest,
  resourceUnitCost,
} from "./throttling";
import { DirectorySpecSchema, NetworkSpecSchema, formatIssue, type DirectorySpec, type FaultStatus, type NetworkSpec } from "./types";

/**
 * A loopback HTTP server that behaves like the part of Microsoft Graph v1.0 the add-in uses
 * (see README.md beside this file). Used by tests, the `guard` CLI, the benchmark and the simulator.
 */

export interface FakeGraphOptions {
  directory?: DirectorySpec;
  network?: NetworkSpec;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Loopback only: "127.0.0.1" (default), "::1" or "localhost". */
  host?: string;
  /** Retry-After seconds sent with 429/503, default 1 */
  retryAfterSeconds?: number;
  /** required bearer token; default: any non-empty bearer accepted */
  token?: string;
  /**
   * Most addresses one getMailTips call may name; more is a 400. Graph does not document the
   * limit; Exchange Online's MailTips configuration advertises 50. @default 50
   */
  mailTipsMaxAddresses?: number;
  /** How `$batch` embeds text/plain bodies (`$count`). @default "text" */
  batchTextEncoding?: BatchTextEncoding;
  /** Milliseconds, for the throttling windows. @default Date.now */
  now?: () => number;
}

/** One request (or `$batch` part) as received, with what it cost. */
export interface LoggedRequest {
  method: string;
  /** Decoded path and query, without the host: `/v1.0/groups?$filter=mail eq 'a@b'`. */
  path: string;
  /** Path and query as sent (percent-encoded), starting with `/v1.0`. */
  raw: string;
  /** Header values by lower-case name, as sent (a batch part: its own headers). Authorization is left out. */
  headers: Readonly<Record<string, string>>;
  /** `x-ms-throttle-priority` as sent, if any. */
  priority?: string;
  /** A JSON body as sent (getMailTips' parameters), parsed; absent when there is none or it is not JSON. */
  body?: unknown;
  /**
   * Resource units charged against the identity quota (concepts/throttling-limits.md): 0 for
   * mail tips, for requests refused before they reach the service (faults, throttling,
   * authentication) and for a `$batch` itself, which costs the sum of its parts.
   */
  resourceUnits: number;
}

export interface RequestLogEntry extends LoggedRequest {
  /** For `$batch`: the inner requests, their paths as `/v1.0` + url. */
  batch?: readonly LoggedRequest[];
}

export interface FakeGraphServer {
  /** e.g. "http://127.0.0.1:PORT/v1.0" — the graphBaseUrl */
  readonly url: string;
  /** HTTP requests received on Graph paths (a $batch counts once; CORS preflight OPTIONS not counted) */
  readonly requestCount: number;
  /** Resource units charged since the last reset: every request's and every batch part's. */
  readonly resourceUnits: number;
  /** Sets requestCount and resourceUnits to 0 and empties requestLog. */
  resetRequestCount(): void;
  /** The most recent requests on Graph paths (at most {@link REQUEST_LOG_LIMIT}), oldest first. */
  readonly requestLog: readonly RequestLogEntry[];
  /**
   * Replaces the tenant and the network (omitted = no latency, faults or hangs). Fault counts
   * start again; skip tokens issued before are refused. Throws when either fails validation.
   */
  load(directory: DirectorySpec | undefined, network?: NetworkSpec): void;
  /** Stops listening and ends every open connection, hung requests included. */
  close(): Promise<void>;
  /** Requests received but not yet answered: hanging, or waiting out `latencyMs`. */
  readonly openRequests: number;
}

/** Entries kept in `requestLog`. */
export const REQUEST_LOG_LIMIT = 10_000;
/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"];
const DEFAULT_MAIL_TIPS_MAX_ADDRESSES = 50;

/** Headers a browser may send (CORS preflight). */
const ALLOWED_HEADERS = "Authorization, Content-Type, ConsistencyLevel, client-request-id, x-ms-throttle-priority";
/** Headers a browser may read. Like Graph, Retry-After is not among them (microsoft-graph-docs#17488). */
const EXPOSED_HEADERS = "request-id, client-request-id, WWW-Authenticate, Location, ETag";

/** Starts a fake Graph server; throws when an option or the directory/network fails validation. */
export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraphServer> {
  const server = new LoopbackGraphServer(options);
  await server.listen(options.port ?? 0, options.host ?? "127.0.0.1");
  return server;
}

function validated<T>(schema: z.ZodType<T>, value: unknown, name: string): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(`invalid ${name}:\n${result.error.issues.map((issue) => `  ${formatIssue(issue, name)}`).join("\n")}`);
}

/** Decoded form of a path and query, for logs and fault patterns; the raw text when malformed. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

/** Headers as logged: defined values only, never the bearer token. */
function loggedHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && name !== "authorization") out[name] = value;
  return out;
}

function logged(method: string, raw: string, headers: Readonly<Record<string, string | undefined>>, body?: unknown): LoggedRequest {
  const entry: LoggedRequest = { method, path: safeDecode(raw), raw, headers: loggedHeaders(headers), resourceUnits: 0 };
  const priority = headers["x-ms-throttle-priority"];
  if (priority !== undefined) entry.priority = priority;
  if (body !== undefined) entry.body = body;
  return entry;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A request on a Graph path, read and about to be answered. */
interface Arrival {
  method: string;
  rawTarget: string;
  /** Decoded path and query: what fault patterns see. */
  target: string;
  headers: Record<string, string | undefined>;
  body: RequestBodyText | undefined;
  ids: RequestIds;
  isBatch: boolean;
  /** A `$batch` body: its parts, or why it is malformed. */
  batch: BatchPart[] | GraphProblem | undefined;
  ctx: RouteContext;
  network: NetworkConditions;
  entry: RequestLogEntry;
  /** Mail tips slots this request holds until its response ends. */
  slots: { held: number };
}

interface RequestBodyText {
  text: string;
  tooLarge: boolean;
}

function readBatch(text: string): BatchPart[] | GraphProblem {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new GraphProblem("badBatch", "The batch body is not valid JSON.");
  }
  try {
    return parseBatch(json);
  } catch (error) {
    if (error instanceof GraphProblem) return error;
    throw error;
  }
}

class LoopbackGraphServer implements FakeGraphServer {
  private readonly http: Server;
  private readonly retryAfterSeconds: number;
  private readonly token: string | undefined;
  private readonly mailTipsMaxAddresses: number;
  private readonly batchTextEncoding: BatchTextEncoding;
  private tenant: FakeTenant;
  private network: NetworkConditions;
  private readonly now: () => number;
  private resourceUnitBudget: WindowBudget;
  private mailTipsBudgets: KeyedBudgets;
  /** getMailTips requests admitted and not yet answered (the Outlook service's concurrency, per app). */
  private mailTipsInFlight = 0;
  private units = 0;
  private generation = 0;
  private baseUrl = "";
  private count = 0;
  private readonly log: RequestLogEntry[] = [];
  private readonly hung = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing: Promise<void> | undefined;

  constructor(options: FakeGraphOptions) {
    const { retryAfterSeconds = 1, token, mailTipsMaxAddresses = DEFAULT_MAIL_TIPS_MAX_ADDRESSES, batchTextEncoding = "text", now = () => Date.now() } = options;
    if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) throw new Error("retryAfterSeconds must be a whole number ≥ 0");
    if (token !== undefined && token.trim() === "") throw new Error("token must not be empty");
    if (!Number.isInteger(mailTipsMaxAddresses) || mailTipsMaxAddresses < 1) throw new Error("mailTipsMaxAddresses must be a whole number ≥ 1");
    if (batchTextEncoding !== "text" && batchTextEncoding !== "base64") throw new Error('batchTextEncoding must be "text" or "base64"');
    this.retryAfterSeconds = retryAfterSeconds;
    this.token = token;
    this.mailTipsMaxAddresses = mailTipsMaxAddresses;
    this.batchTextEncoding = batchTextEncoding;
    this.now = now;
    this.tenant = new FakeTenant(validated(DirectorySpecSchema, options.directory, "directory"));
    const network = validated(NetworkSpecSchema, options.network, "network");
    this.network = new NetworkConditions(network);
    this.resourceUnitBudget = this.identityBudget(network);
    this.mailTipsBudgets = this.outlookBudgets(network);
    this.http = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        const ids = { requestId: randomUUID(), clientRequestId: randomUUID() };
        this.write(res, graphErrorResponse("generalException", ids, `The fake Graph server failed: ${(error as Error).message}`), ids, req.headers.origin);
      });
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  get requestCount(): number {
    return this.count;
  }

  get requestLog(): readonly RequestLogEntry[] {
    return this.log;
  }

  get openRequests(): number {
    return this.hung.size + this.timers.size;
  }

  get resourceUnits(): number {
    return this.units;
  }

  resetRequestCount(): void {
    this.count = 0;
    this.units = 0;
    this.log.length = 0;
  }

  load(directory: DirectorySpec | undefined, network?: NetworkSpec): void {
    const tenant = new FakeTenant(validated(DirectorySpecSchema, directory, "directory"));
    const spec = validated(NetworkSpecSchema, network, "network");
    this.tenant = tenant;
    this.network = new NetworkConditions(spec);
    this.resourceUnitBudget = this.identityBudget(spec);
    this.mailTipsBudgets = this.outlookBudgets(spec);
    this.generation++;
  }

  private identityBudget(network: NetworkSpec | undefined): WindowBudget {
    return new WindowBudget(network?.resourceUnitBudget ?? DEFAULT_RESOURCE_UNIT_BUDGET, RESOURCE_UNIT_WINDOW_MS, this.now);
  }

  private outlookBudgets(network: NetworkSpec | undefined): KeyedBudgets {
    return new KeyedBudgets(network?.mailTipsRequestBudget ?? DEFAULT_MAIL_TIPS_REQUEST_BUDGET, MAIL_TIPS_WINDOW_MS, this.now);
  }

  async listen(port: number, host: string): Promise<void> {
    if (!LOOPBACK_HOSTS.includes(host)) throw new Error(`host must be a loopback address (${LOOPBACK_HOSTS.join(", ")}), not ${host}`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a whole number 0..65535, not ${port}`);
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(port, host, () => {
        this.http.off("error", reject);
        resolve();
      });
    });
    const address = this.http.address() as AddressInfo;
    const hostText = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${hostText}:${address.port}/v1.0`;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    this.closing = new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    return this.closing;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawTarget = req.url ?? "/";
    const origin = req.headers.origin;
    if (method === "OPTIONS") {
      this.preflight(res, origin);
      return;
    }
    const headers = headerRecord(req);
    const requestId = randomUUID();
    const ids: RequestIds = { requestId, clientRequestId: headers["client-request-id"] ?? requestId };
    const pathOnly = rawTarget.split("?")[0] ?? "";
    if (pathOnly !== "/v1.0" && !pathOnly.startsWith("/v1.0/")) {
      // Not a Graph path: not counted, no latency.
      this.write(res, graphErrorResponse("unknownSegment", ids, `Resource not found for the segment '${pathOnly.split("/")[1] ?? ""}'.`), ids, origin);
      return;
    }
    const target = safeDecode(rawTarget);
    const entry: RequestLogEntry = logged(method, rawTarget, headers);
    this.count++;
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);

    // Snapshot: a load() while the body arrives does not change how this request is answered.
    const network = this.network;
    const ctx: RouteContext = { tenant: this.tenant, baseUrl: this.baseUrl, generation: this.generation, mailTipsMaxAddresses: this.mailTipsMaxAddresses };
    const body = await readBody(req);

    const isBatch = /^\/v1\.0\/(?:\$|%24)batch\/?$/i.test(pathOnly);
    const batch = isBatch && method === "POST" && body !== undefined && !body.tooLarge ? readBatch(body.text) : undefined;
    if (Array.isArray(batch)) entry.batch = batch.map((p) => logged(p.method, partTarget(p.url), p.headers, p.body));
    else if (!isBatch && body !== undefined && !body.tooLarge) {
      const json = jsonOrUndefined(body.text);
      if (json !== undefined) entry.body = json;
    }

    // Mail tips slots end with the response, whether it is answered, hangs until the client leaves or is cut off.
    const slots = { held: 0 };
    res.once("close", () => {
      this.mailTipsInFlight -= slots.held;
      slots.held = 0;
    });
    const response = this.answer({ method, rawTarget, target, headers, body, ids, isBatch, batch, ctx, network, entry, slots });
    if (response === "hang") {
      this.hang(res);
      return;
    }
    this.deliver(res, response, ids, origin, network.latencyMs);
  }

  /**
   * Faults first (a throttled request is refused whoever sends it), then authentication, then
   * throttling (per request, or per part of a batch), then hangs, then the endpoint.
   */
  private answer(r: Arrival): GraphResponse | "hang" {
    const fault = this.faultFor(r.network, r.target, r.ids);
    if (fault) return fault;
    const auth = this.authenticate(r.headers.authorization, r.ids);
    if (auth) return auth;
    if (r.body?.tooLarge) return graphErrorResponse("bodyTooLarge", r.ids);
    const mailbox = r.headers.authorization ?? "";
    if (r.isBatch) {
      if (r.method !== "POST") return graphErrorResponse("methodNotAllowed", r.ids);
      const contentType = r.headers["content-type"];
      if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) return graphErrorResponse("unsupportedMediaType", r.ids);
      if (!Array.isArray(r.batch)) return graphErrorResponse("badBatch", r.ids, r.batch?.message);
      const parts = r.batch;
      if (r.network.hangs(r.target) || r.entry.batch?.some((p) => r.network.hangs(p.path))) return "hang";
      return runBatch(parts, {
        route: (request) => this.route(request, r.ctx),
        admit: (part, target, ids) => {
          const index = parts.indexOf(part);
          const loggedPart = r.entry.batch?.[index];
          return this.admit(part.method, safeDecode(target), mailbox, ids, r.slots, loggedPart, r.entry);
        },
        faultFor: (target, ids) => this.faultFor(r.network, safeDecode(target), ids),
        newIds: (clientRequestId) => {
          const requestId = randomUUID();
          return { requestId, clientRequestId: clientRequestId ?? requestId };
        },
        textEncoding: this.batchTextEncoding,
      });
    }
    const throttled = this.admit(r.method, r.target, mailbox, r.ids, r.slots, r.entry, undefined);
    if (throttled) return throttled;
    if (r.network.hangs(r.target)) return "hang";
    const request: GraphRequest = {
      method: r.method,
      target: r.rawTarget,
      headers: r.headers,
      ...(r.body !== undefined && r.body.text.length > 0 ? { body: { kind: "text" as const, text: r.body.text } } : {}),
      ids: r.ids,
    };
    return this.route(request, r.ctx);
  }

  /** The endpoint's answer, with the resource units it cost in `x-ms-resource-unit`, as Graph reports them. */
  private route(request: GraphRequest, ctx: RouteContext): GraphResponse {
    const response = routeGraphRequest(request, ctx);
    const cost = resourceUnitCost(request.method, safeDecode(request.target));
    if (cost > 0) response.headers["x-ms-resource-unit"] = String(cost);
    return response;
  }

  /**
   * Throttling, before the service does any work (concepts/throttling-limits.md): identity
   * requests take their resource units from the application + tenant quota; getMailTips needs one
   * of the Outlook service's 4 concurrent slots (a batch's mail tips parts share one: Graph runs at
   * most 4 of them at a time) and one request of the mailbox's 10-minute quota. Returns the 429 to
   * answer, or undefined after charging `entry` (and `batchEntry`, the batch that holds it).
   */
  private admit(
    method: string,
    target: string,
    mailbox: string,
    ids: RequestIds,
    slots: { held: number },
    entry: LoggedRequest | undefined,
    batchEntry: LoggedRequest | undefined,
  ): GraphResponse | undefined {
    const cost = resourceUnitCost(method, target);
    if (cost > 0) {
      const taken = this.resourceUnitBudget.take(cost);
      if (!taken.ok) {
        const response = graphErrorResponse("throttled", ids, "Too many requests. Application is over its resource unit limit for this tenant.");
        response.headers["Retry-After"] = String(taken.retryAfterSeconds);
        response.headers["x-ms-throttle-scope"] = "Tenant_Application/ReadWrite/fake-application/fake-tenant";
        response.headers["x-ms-throttle-information"] = "ResourceUnitLimitExceeded";
        return response;
      }
      this.units += cost;
      if (entry) entry.resourceUnits += cost;
      if (batchEntry) batchEntry.resourceUnits += cost;
      return undefined;
    }
    if (!isMailTipsRequest(method, target)) return undefined;
    if (slots.held === 0 && this.mailTipsInFlight >= MAIL_TIPS_MAX_CONCURRENT) {
      const response = graphErrorResponse("mailboxConcurrency", ids);
      response.headers["Retry-After"] = String(this.retryAfterSeconds);
      return response;
    }
    const taken = this.mailTipsBudgets.take(mailbox, 1);
    if (!taken.ok) {
      const response = graphErrorResponse("mailboxRequests", ids);
      response.headers["Retry-After"] = String(taken.retryAfterSeconds);
      return response;
    }
    if (slots.held === 0) {
      slots.held = 1;
      this.mailTipsInFlight++;
    }
    return undefined;
  }

  private faultFor(network: NetworkConditions, target: string, ids: RequestIds): GraphResponse | undefined {
    const status: FaultStatus | undefined = network.takeFault(target);
    if (status === undefined) return undefined;
    const response = graphErrorResponse(faultErrorKind(status), ids);
    if (status === 429 || status === 503) response.headers["Retry-After"] = String(this.retryAfterSeconds);
    return response;
  }

  private authenticate(header: string | undefined, ids: RequestIds): GraphResponse | undefined {
    const match = /^Bearer\s+(\S.*)$/i.exec(header ?? "");
    const token = match?.[1]?.trim();
    let response: GraphResponse | undefined;
    if (!token) response = graphErrorResponse("tokenMissing", ids);
    else if (this.token !== undefined && token !== this.token) response = graphErrorResponse("tokenInvalid", ids);
    if (response) {
      response.headers["WWW-Authenticate"] =
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
    }
    return response;
  }

  private preflight(res: ServerResponse, origin: string | undefined): void {
    res.writeHead(200, {
      ...corsHeaders(origin),
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": ALLOWED_HEADERS,
      "Access-Control-Max-Age": "3600",
      "Content-Length": "0",
    });
    res.end();
  }

  /** Never answers; the response ends when the client goes away or the server closes. */
  private hang(res: ServerResponse): void {
    this.hung.add(res);
    res.on("close", () => this.hung.delete(res));
  }

  private deliver(res: ServerResponse, response: GraphResponse, ids: RequestIds, origin: string | undefined, latencyMs: number): void {
    if (latencyMs <= 0) {
      this.write(res, response, ids, origin);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.write(res, response, ids, origin);
    }, latencyMs);
    this.timers.add(timer);
    res.on("close", () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  private write(res: ServerResponse, response: GraphResponse, ids: RequestIds, origin: string | undefined): void {
    if (res.destroyed || res.headersSent) return;
    const body = response.body === undefined ? "" : response.body.kind === "json" ? JSON.stringify(response.body.value) : response.body.value;
    res.writeHead(response.status, {
      ...corsHeaders(origin),
      "Access-Control-Expose-Headers": EXPOSED_HEADERS,
      "Cache-Control": "no-cache",
      "request-id": ids.requestId,
      "client-request-id": ids.clientRequestId,
      ...response.headers,
      "Content-Length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  }
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { "Access-Control-Allow-Origin": "*" };
}

/** Reads the whole body as UTF-8; undefined when there is none. Stops keeping bytes past the limit. */
async function readBody(req: IncomingMessage): Promise<RequestBodyText | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size === 0) return undefined;
  return { text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > MAX_BODY_BYTES };
}
