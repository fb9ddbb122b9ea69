import { createGuardError, isGuardError, type GuardError } from "../core/errors";
import { abortError, isAbortError, throwIfAborted } from "./abort";
import { readBatch, type BatchPart } from "./graphBodies";
import { createGraphError, isRetryableError, parseRetryAfterMs, readGraphErrorCode, retryAfterOf } from "./graphErrors";
import { backoffDelayMs, sleepBeforeRetry, withRetry, type RetryPolicy } from "./retry";

/**
 * The HTTP layer under GraphDirectory: absolute URLs, bearer token, JSON bodies, retries, `$batch`.
 * Every failure becomes a GuardError with a code; nothing is logged.
 */

/** Graph accepts at most 20 requests in one `$batch` (graph-docs: concepts/json-batching.md). */
export const BATCH_LIMIT = 20;

/** One GET inside a `$batch`. */
export interface BatchRequest {
  /** Unique within one {@link GraphClient.batch} call. */
  id: string;
  /** Path relative to the version root, starting with "/" (e.g. "/groups?$filter=…"). */
  url: string;
  headers?: Record<string, string>;
}

/** The outcome of one batched request: its parsed body, or its GuardError. */
export type BatchResult = { ok: true; body: unknown } | { ok: false; error: GuardError };

export interface GraphClientOptions {
  /** Version root, e.g. "https://graph.microsoft.com/v1.0" (no trailing slash needed). */
  baseUrl: string;
  fetch: typeof fetch;
  retry: RetryPolicy;
  /** Milliseconds since the epoch, for HTTP-date `Retry-After` values. */
  now: () => number;
}

/**
 * Sent on every request: each one is made while a person waits to send (concepts/throttling-limits:
 * "x-ms-throttle-priority: high" for user-initiated calls lowers their chance of being throttled).
 */
export const THROTTLE_PRIORITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "x-ms-throttle-priority": "high" });

/** What one request sends. */
interface RequestSpec {
  method: "GET" | "POST";
  url: string;
  token: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Safe to repeat after a network error. */
  idempotent: boolean;
  /** Names the operation in error details (no addresses). */
  operation: string;
  /** Milliseconds (on the client's clock) after which an answer is of no use: no retry waits past it. */
  deadline?: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export class GraphClient {
  /** Version root without a trailing slash. */
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly fetchImpl: typeof fetch;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.origin = new URL(this.baseUrl).origin;
    this.fetchImpl = options.fetch;
    this.retry = options.retry;
    this.now = options.now;
  }

  /** The absolute URL for a path under the version root. */
  url(path: string): string {
    return this.baseUrl + path;
  }

  /** Whether `url` is an absolute URL on Graph's own origin (a token must never be sent elsewhere). */
  isOwnUrl(url: string): boolean {
    try {
      return new URL(url).origin === this.origin;
    } catch {
      return false;
    }
  }

  /**
   * GET an absolute URL and parse its JSON, with retries.
   * Rejects with graph_* codes by status, `network_error`, `graph_bad_response`, `directory_timeout`, `directory_aborted`.
   */
  getJson(
    url: string,
    token: string,
    signal: AbortSignal | undefined,
    operation: string,
    headers?: Record<string, string>,
    deadline?: number,
  ): Promise<unknown> {
    return this.withRetry({ method: "GET", url, token, headers, idempotent: true, operation, deadline }, signal);
  }

  /** POST JSON to an absolute URL and parse the JSON answer, with retries. Rejects like {@link getJson}. */
  postJson(url: string, body: unknown, token: string, signal: AbortSignal | undefined, operation: string, idempotent: boolean, deadline?: number): Promise<unknown> {
    return this.withRetry({ method: "POST", url, token, body, idempotent, operation, deadline }, signal);
  }

  /** Whether waiting `delayMs` before a retry still ends before `deadline`. */
  private canWait(delayMs: number, deadline: number | undefined): boolean {
    return deadline === undefined || this.now() + delayMs < deadline;
  }

  /**
   * Sends GETs through `POST /$batch`, 20 per batch, all batches in parallel. Inner 429/503/504
   * (and whole batches failing with those or a network error) are re-sent — only the failed
   * requests, in a new batch — after a backoff, up to `attempts` rounds. Resolves with one result per
   * request id; rejects only with `directory_timeout` / `directory_aborted`.
   */
  async batch(
    requests: readonly BatchRequest[],
    token: string,
    signal: AbortSignal | undefined,
    operation: string,
    deadline?: number,
  ): Promise<Map<string, BatchResult>> {
    const results = new Map<string, BatchResult>();
    let pending: readonly BatchRequest[] = requests;
    for (let round = 1; pending.length > 0; round++) {
      const again: BatchRequest[] = [];
      const failures = new Map<string, BatchResult>();
      let retryAfterMs: number | undefined;
      const last = round >= this.retry.attempts;
      await Promise.all(
        chunk(pending, BATCH_LIMIT).map(async (part) => {
          const outcome = await this.batchOnce(part, token, signal, operation);
          for (const request of part) {
            const result: BatchResult = outcome.get(request.id) ?? {
              ok: false,
              error: createGuardError("graph_bad_response", { message: "A batched request got no response.", details: { operation } }),
            };
            if (!result.ok && !last && isRetryableError(result.error, true)) {
              again.push(request);
              failures.set(request.id, result);
              const after = retryAfterOf(result.error);
              if (after !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, after);
            } else {
              results.set(request.id, result);
            }
          }
        }),
      );
      if (again.length > 0) {
        const delayMs = backoffDelayMs(round, this.retry, retryAfterMs);
        if (!this.canWait(delayMs, deadline)) {
          // No time left to wait: the failures stand, and what the other parts said is kept.
          for (const request of again) results.set(request.id, failures.get(request.id) ?? lost(operation));
          break;
        }
        await sleepBeforeRetry(delayMs, this.retry, signal);
      }
      pending = again;
    }
    return results;
  }

  /** One `$batch` POST; an outer failure becomes the result of each inner request. Rejects only on abort. */
  private async batchOnce(part: readonly BatchRequest[], token: string, signal: AbortSignal | undefined, operation: string): Promise<Map<string, BatchResult>> {
    const outcome = new Map<string, BatchResult>();
    let body: unknown;
    try {
      body = await this.send(
        {
          method: "POST",
          url: this.url("/$batch"),
          token,
          body: { requests: part.map((r) => ({ id: r.id, method: "GET", url: r.url, headers: { ...THROTTLE_PRIORITY_HEADERS, ...r.headers } })) },
          idempotent: true,
          operation,
        },
        signal,
      );
    } catch (error) {
      if (isAbortError(error)) throw error;
      const guardError = isGuardError(error) ? error : createGuardError("unexpected", { cause: error });
      for (const request of part) outcome.set(request.id, { ok: false, error: guardError });
      return outcome;
    }
    const parts = readBatch(body);
    if (parts === undefined) {
      const error = createGuardError("graph_bad_response", { message: "Unreadable $batch response.", details: { operation } });
      for (const request of part) outcome.set(request.id, { ok: false, error });
      return outcome;
    }
    for (const inner of parts) outcome.set(inner.id, this.innerResult(inner, operation));
    return outcome;
  }

  private innerResult(inner: BatchPart, operation: string): BatchResult {
    if (inner.status >= 200 && inner.status <= 299) return { ok: true, body: inner.body };
    return {
      ok: false,
      error: createGraphError(inner.status, {
        retryAfterMs: parseRetryAfterMs(inner.headers["retry-after"], this.now()),
        graphCode: readGraphErrorCode(inner.body),
        operation,
      }),
    };
  }

  private withRetry(spec: RequestSpec, signal: AbortSignal | undefined): Promise<unknown> {
    return withRetry(
      () => this.send(spec, signal),
      this.retry,
      { retryable: (e) => isRetryableError(e, spec.idempotent), retryAfterMs: retryAfterOf, canWait: (delayMs) => this.canWait(delayMs, spec.deadline) },
      signal,
    );
  }

  /** One HTTP exchange, no retry. */
  private async send(spec: RequestSpec, signal: AbortSignal | undefined): Promise<unknown> {
    throwIfAborted(signal);
    const headers: Record<string, string> = { Authorization: `Bearer ${spec.token}`, Accept: "application/json", ...THROTTLE_PRIORITY_HEADERS, ...spec.headers };
    const init: RequestInit = { method: spec.method, headers, signal };
    if (spec.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(spec.body);
    }
    const fetchImpl = this.fetchImpl;
    let response: Response;
    try {
      response = await fetchImpl(spec.url, init);
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw createGuardError("network_error", { cause: error, details: { operation: spec.operation } });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw createGuardError("network_error", { message: "The response body could not be read.", cause: error, details: { operation: spec.operation } });
    }
    const parsed = parseJson(text);
    if (!response.ok) {
      throw createGraphError(response.status, {
        retryAfterMs: parseRetryAfterMs(response.headers.get("Retry-After"), this.now()),
        graphCode: readGraphErrorCode(parsed.ok ? parsed.value : undefined),
        operation: spec.operation,
      });
    }
    if (!parsed.ok) {
      throw createGuardError("graph_bad_response", { message: "The body is not JSON.", cause: parsed.error, details: { operation: spec.operation, status: response.status } });
    }
    return parsed.value;
  }
}

function lost(operation: string): BatchResult {
  return { ok: false, error: createGuardError("graph_bad_response", { message: "A batched request got no response.", details: { operation } }) };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}
