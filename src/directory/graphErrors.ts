import { createGuardError, isGuardError, type ErrorCode, type GuardError } from "../core/errors";

/**
 * How Microsoft Graph failures become GuardErrors: one table from HTTP status to error code, the
 * statuses worth retrying, and the parsing of `Retry-After` and Graph's `{"error":{"code"}}` body.
 * Details never carry addresses or tokens: only the status, Graph's error code and the delay.
 */

/** The error code for a non-success HTTP status from Graph (outer response or one `$batch` part). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "graph_bad_request";
    case 401:
      return "graph_unauthorized";
    case 403:
      return "graph_forbidden";
    case 404:
    case 410:
      return "graph_not_found";
    case 408:
      // Request Timeout: the server gave up waiting, a transient condition like a 5xx.
      return "graph_unavailable";
    case 429:
      return "graph_throttled";
    default:
      if (status >= 500 && status <= 599) return "graph_unavailable";
      if (status >= 400 && status <= 499) return "graph_bad_request";
      // 1xx, 3xx (fetch follows redirects, so one reaching us is unusable) or nonsense.
      return "graph_bad_response";
  }
}

/**
 * Statuses retried with backoff: throttling (429) and the transient gateway states (503, 504).
 * 500 and 502 are not retried: Graph documents them as failures of the request itself.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

/** Codes that mean the directory as a whole could not be asked, as opposed to one list being unreadable. */
export const DIRECTORY_FAILURE_CODES: readonly ErrorCode[] = [
  "graph_throttled",
  "graph_unavailable",
  "graph_unauthorized",
  "network_error",
  "token_unavailable",
];

/** Whether `code` is a failure of the directory rather than of one list (see {@link DIRECTORY_FAILURE_CODES}). */
export function isDirectoryFailureCode(code: string | undefined): boolean {
  return code !== undefined && (DIRECTORY_FAILURE_CODES as readonly string[]).indexOf(code) >= 0;
}

/** Builds the GuardError for a failed Graph response. `retryAfterMs` is kept when the header was readable. */
export function createGraphError(
  status: number,
  options: { retryAfterMs?: number; graphCode?: string; cause?: unknown; operation?: string } = {},
): GuardError {
  const details: Record<string, string | number | boolean> = { status };
  if (options.retryAfterMs !== undefined) details.retryAfterMs = options.retryAfterMs;
  if (options.graphCode !== undefined) details.graphCode = options.graphCode;
  if (options.operation !== undefined) details.operation = options.operation;
  return createGuardError(codeForStatus(status), { message: `HTTP ${status}.`, cause: options.cause, details });
}

/**
 * Whether a failed attempt may be repeated: statuses 429/503/504 always; network errors only for
 * idempotent requests (a GET, a `$batch` of GETs, or the read-only `getMailTips` action).
 */
export function isRetryableError(error: unknown, idempotent: boolean): boolean {
  if (!isGuardError(error)) return false;
  if (error.code === "network_error") return idempotent;
  const status = error.details.status;
  return typeof status === "number" && isRetryableStatus(status);
}

/** The readable `Retry-After` of a GuardError built by {@link createGraphError}, in milliseconds. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!isGuardError(error)) return undefined;
  const value = error.details.retryAfterMs;
  return typeof value === "number" ? value : undefined;
}

/**
 * Parses a `Retry-After` value (delay-seconds or an HTTP date) into milliseconds from `nowMs`.
 * Browsers cannot read the header on Graph responses (not exposed by CORS, microsoft-graph-docs#17488),
 * so `null` is the common case and backoff never depends on it.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // An HTTP date always ends in "GMT"; anything else ("-1", "1.5") is refused, not guessed at.
  if (!/^[A-Za-z]{3},? .+ GMT$/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Graph's own error code from a body such as `{"error":{"code":"Request_BadRequest"}}`, if it looks like one. */
export function readGraphErrorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  // Codes are identifiers (Request_BadRequest, ErrorAccessDenied); anything else may hold user data.
  return typeof code === "string" && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(code) ? code : undefined;
}
