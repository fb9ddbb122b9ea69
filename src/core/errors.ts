/**
 * Every failure the product can name, as a code (STYLE.md §3). One list of codes, one map of
 * developer-facing descriptions, one factory. Person-facing wording lives in the message catalogues.
 */

export const ERROR_CODES = [
  "directory_timeout",
  "directory_aborted",
  "graph_throttled",
  "graph_unavailable",
  "graph_forbidden",
  "graph_unauthorized",
  "graph_not_found",
  "graph_bad_request",
  "graph_bad_response",
  "network_error",
  "token_unavailable",
  "policy_invalid",
  "policy_fetch_failed",
  "scenario_invalid",
  "office_call_failed",
  "unexpected",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const DESCRIPTIONS: Record<ErrorCode, string> = {
  directory_timeout: "The directory did not answer before the deadline.",
  directory_aborted: "The directory request was cancelled.",
  graph_throttled: "Microsoft Graph throttled the request (429) and retries ran out.",
  graph_unavailable: "Microsoft Graph was unavailable (5xx) and retries ran out.",
  graph_forbidden: "Microsoft Graph refused the request (403): the permission has not been consented.",
  graph_unauthorized: "Microsoft Graph rejected the token (401).",
  graph_not_found: "Microsoft Graph does not know the object (404).",
  graph_bad_request: "Microsoft Graph refused the request as malformed (400).",
  graph_bad_response: "Microsoft Graph answered with a body this add-in cannot read.",
  network_error: "The network request failed before Microsoft Graph answered.",
  token_unavailable: "No access token could be obtained without user interaction.",
  policy_invalid: "The policy file failed validation.",
  policy_fetch_failed: "The policy file could not be fetched.",
  scenario_invalid: "The scenario file failed validation.",
  office_call_failed: "An Office.js call reported a failure.",
  unexpected: "An unexpected error occurred.",
};

/** An error with a stable code; `cause` keeps the underlying error. */
export class GuardError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for logs and tests (never addresses or tokens). */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, string | number | boolean> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GuardError";
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Builds a GuardError for `code`, with the standard description unless `message` is given. */
export function createGuardError(
  code: ErrorCode,
  options: { message?: string; cause?: unknown; details?: Record<string, string | number | boolean> } = {},
): GuardError {
  const base = DESCRIPTIONS[code];
  return new GuardError(code, options.message ? `${base} ${options.message}` : base, options);
}

export function describeErrorCode(code: ErrorCode): string {
  return DESCRIPTIONS[code];
}

export function isGuardError(value: unknown): value is GuardError {
  return value instanceof GuardError;
}

/** Turns anything thrown into a GuardError, keeping it as `cause`. */
export function toGuardError(value: unknown, fallback: ErrorCode = "unexpected"): GuardError {
  if (isGuardError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return createGuardError(fallback, { message, cause: value });
}
