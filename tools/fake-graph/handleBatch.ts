import { GraphProblem, graphErrorResponse, jsonResponse, type GraphResponse, type RequestIds } from "./graphResponses";
import type { GraphRequest } from "./routeGraphRequest";

/**
 * `POST /v1.0/$batch` (graph-docs: concepts/json-batching.md): at most 20 parts with unique ids
 * (compared case-insensitively), each routed like a plain request with its own headers, the outer
 * request's authentication, and its own status, faults and throttling. Parts are answered in
 * request order; `dependsOn` must name earlier parts, and a part whose dependency failed gets 424.
 */

/** Graph's limit on requests in one batch. */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

/**
 * How bodies that are not JSON (`$count`'s text/plain) are embedded in a batch response.
 * `text`: as a JSON string, as OData JSON batching specifies for `text/*` media types.
 * `base64`: base64-encoded, as Graph does for other non-JSON bodies (photos, file content).
 */
export type BatchTextEncoding = "text" | "base64";

export interface BatchDeps {
  /** Answers one part (already past fault injection). */
  route(request: GraphRequest): GraphResponse;
  /**
   * Throttling of one part, evaluated like a plain request's (concepts/json-batching.md: parts are
   * throttled individually): a 429 to answer instead, or undefined when the part may run.
   */
  admit(part: BatchPart, target: string, ids: RequestIds): GraphResponse | undefined;
  /** The injected fault for a part's target, if any (consumes it). */
  faultFor(target: string, ids: RequestIds): GraphResponse | undefined;
  newIds(clientRequestId: string | undefined): RequestIds;
  textEncoding: BatchTextEncoding;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Parses a batch body; throws GraphProblem(`badBatch`) when the batch as a whole is malformed. */
export function parseBatch(body: unknown): BatchPart[] {
  const fail = (message: string): never => {
    throw new GraphProblem("badBatch", message);
  };
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail("The batch body must be a JSON object with a requests array.");
  const requests = (body as { requests?: unknown }).requests;
  if (!Array.isArray(requests) || requests.length === 0) return fail("The batch body must contain a non-empty requests array.");
  if (requests.length > MAX_BATCH_REQUESTS) return fail(`The batch contains ${requests.length} requests; the limit is ${MAX_BATCH_REQUESTS}.`);
  const seen = new Set<string>();
  return requests.map((raw: unknown, index): BatchPart => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(`requests[${index}] must be an object.`);
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== "string" || r.id.length === 0) return fail(`requests[${index}].id must be a non-empty string.`);
    if (typeof r.method !== "string" || !METHODS.includes(r.method.toUpperCase())) return fail(`requests[${index}].method must be one of ${METHODS.join(", ")}.`);
    if (typeof r.url !== "string" || r.url.length === 0) return fail(`requests[${index}].url must be a non-empty string.`);
    const key = r.id.toLowerCase();
    if (seen.has(key)) return fail(`The batch contains the id '${r.id}' more than once.`);
    const headers: Record<string, string> = {};
    if (r.headers !== undefined) {
      if (typeof r.headers !== "object" || r.headers === null || Array.isArray(r.headers)) return fail(`requests[${index}].headers must be an object.`);
      for (const [name, value] of Object.entries(r.headers)) {
        if (typeof value !== "string") return fail(`requests[${index}].headers.${name} must be a string.`);
        headers[name.toLowerCase()] = value;
      }
    }
    let dependsOn: string[] = [];
    if (r.dependsOn !== undefined) {
      if (!Array.isArray(r.dependsOn) || !r.dependsOn.every((d): d is string => typeof d === "string" && seen.has(d.toLowerCase()))) {
        return fail(`requests[${index}].dependsOn must list ids of earlier requests.`);
      }
      dependsOn = r.dependsOn.map((d) => d.toLowerCase());
    }
    seen.add(key);
    return { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, ...(r.body !== undefined ? { body: r.body } : {}), dependsOn };
  });
}

/** A part's url as a target on this server: `/groups?x` and `groups?x` both become `/v1.0/groups?x`. */
export function partTarget(url: string): string {
  return `/v1.0${url.startsWith("/") ? "" : "/"}${url}`;
}

function isAbsoluteUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** Answers a parsed batch; the caller has already authenticated the outer request, which every part inherits. */
export function runBatch(parts: readonly BatchPart[], deps: BatchDeps): GraphResponse {
  const statusById = new Map<string, number>();
  const responses = parts.map((part) => {
    const ids = deps.newIds(part.headers["client-request-id"]);
    const response = answerPart(part, ids, statusById, deps);
    statusById.set(part.id.toLowerCase(), response.status);
    return embed(part.id, response, deps.textEncoding);
  });
  return jsonResponse(200, { responses });
}

function answerPart(part: BatchPart, ids: RequestIds, statusById: ReadonlyMap<string, number>, deps: BatchDeps): GraphResponse {
  if (part.dependsOn.some((id) => (statusById.get(id) ?? 0) >= 400)) return graphErrorResponse("failedDependency", ids);
  if (isAbsoluteUrl(part.url)) return graphErrorResponse("badQuery", ids, "The url of a batch request must be relative to the version, e.g. /groups.");
  // concepts/json-batching.md: urls are relative to the version root; `/v1.0/groups` would name
  // a segment `v1.0` under it.
  if (/^\/?(?:v1\.0|beta)(?:[/?]|$)/i.test(part.url)) {
    return graphErrorResponse("unknownSegment", ids, "The url of a batch request must not repeat the version: write /groups, not /v1.0/groups.");
  }
  const target = partTarget(part.url);
  const fault = deps.faultFor(target, ids);
  if (fault) return fault;
  const throttled = deps.admit(part, target, ids);
  if (throttled) return throttled;
  if (part.body !== undefined && part.headers["content-type"] === undefined) {
    return graphErrorResponse("badBody", ids, "A Content-Type header is required when a batch request has a body.");
  }
  return deps.route({
    method: part.method,
    target,
    headers: part.headers,
    ...(part.body === undefined ? {} : { body: typeof part.body === "string" ? { kind: "text", text: part.body } : { kind: "json", value: part.body } }),
    ids,
  });
}

function embed(id: string, response: GraphResponse, textEncoding: BatchTextEncoding): Record<string, unknown> {
  const out: Record<string, unknown> = { id, status: response.status, headers: response.headers };
  const body = response.body;
  if (body?.kind === "json") out.body = body.value;
  else if (body?.kind === "text") out.body = textEncoding === "base64" ? Buffer.from(body.value, "utf8").toString("base64") : body.value;
  return out;
}
