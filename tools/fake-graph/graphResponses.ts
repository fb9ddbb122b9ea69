import type { FaultStatus } from "./types";

/**
 * What a handler answers, before HTTP: status, headers and a JSON or text body. The same shape is
 * written to the socket for a plain request and embedded in `responses[]` for a `$batch` part.
 * Also the catalogue of Graph errors the fake produces: one code per failure, one factory.
 */

/** Graph's content type for JSON payloads. */
export const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
/** `$count` answers a bare integer. */
export const TEXT_PLAIN = "text/plain;charset=utf-8";

export type ResponseBody = { kind: "json"; value: unknown } | { kind: "text"; value: string };

export interface GraphResponse {
  status: number;
  /** Header names as Graph spells them (`Content-Type`, `Retry-After`). */
  headers: Record<string, string>;
  body?: ResponseBody;
}

/** Ids echoed in error bodies' `innerError`. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export function jsonResponse(status: number, value: unknown): GraphResponse {
  return { status, headers: { "Content-Type": ODATA_JSON, "OData-Version": "4.0" }, body: { kind: "json", value } };
}

export function textResponse(status: number, value: string): GraphResponse {
  return { status, headers: { "Content-Type": TEXT_PLAIN }, body: { kind: "text", value } };
}

/** Every failure the fake can answer with: HTTP status, Graph's error code, default message. */
export const GRAPH_ERRORS = {
  tokenMissing: { status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty." },
  tokenInvalid: { status: 401, code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience." },
  groupsForbidden: { status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." },
  mailForbidden: { status: 403, code: "ErrorAccessDenied", message: "Access is denied. Check credentials and try again." },
  unknownSegment: { status: 400, code: "BadRequest", message: "Resource not found for the segment." },
  objectNotFound: { status: 404, code: "Request_ResourceNotFound", message: "Resource does not exist or one of its queried reference-property objects are not present." },
  methodNotAllowed: { status: 405, code: "Request_BadRequest", message: "Specified HTTP method is not allowed for the request target." },
  countNeedsConsistency: { status: 400, code: "Request_BadRequest", message: "$count is not currently supported." },
  badQuery: { status: 400, code: "Request_BadRequest", message: "Invalid request." },
  unsupportedQuery: { status: 400, code: "Request_UnsupportedQuery", message: "Unsupported Query." },
  badPageSize: { status: 400, code: "Request_BadRequest", message: "Invalid page size specified. Must be between 1 and 999 inclusive." },
  badSkipToken: { status: 400, code: "Request_BadRequest", message: "Invalid skip token." },
  badBody: { status: 400, code: "RequestBodyRead", message: "The request body could not be read." },
  tooManyRecipients: { status: 400, code: "ErrorInvalidArgument", message: "Too many recipients in the request." },
  badBatch: { status: 400, code: "BadRequest", message: "Invalid batch payload format." },
  failedDependency: { status: 424, code: "FailedDependency", message: "The request depends on a request that failed." },
  unsupportedMediaType: { status: 415, code: "UnsupportedMediaType", message: "The Content-Type must be application/json." },
  bodyTooLarge: { status: 413, code: "RequestEntityTooLarge", message: "The request body is too large." },
  throttled: { status: 429, code: "TooManyRequests", message: "Too many requests. Application is over its request limit." },
  mailboxConcurrency: { status: 429, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." },
  mailboxRequests: { status: 429, code: "ApplicationThrottled", message: "Application is over its request limit for this mailbox." },
  generalException: { status: 500, code: "generalException", message: "An unspecified error has occurred." },
  serviceNotAvailable: { status: 503, code: "serviceNotAvailable", message: "The service is temporarily unavailable. Try again later." },
  gatewayTimeout: { status: 504, code: "UnknownError", message: "The gateway did not receive a timely response." },
} as const satisfies Record<string, { status: number; code: string; message: string }>;

export type GraphErrorKind = keyof typeof GRAPH_ERRORS;

/** The error kind an injected network fault answers with. */
export function faultErrorKind(status: FaultStatus): GraphErrorKind {
  switch (status) {
    case 429:
      return "throttled";
    case 500:
      return "generalException";
    case 503:
      return "serviceNotAvailable";
    case 504:
      return "gatewayTimeout";
  }
}

/** Graph's innerError date: ISO 8601 to the second, no zone letter. */
function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

/** Builds a Graph error response: `{"error":{"code","message","innerError":{…}}}`. */
export function graphErrorResponse(kind: GraphErrorKind, ids: RequestIds, message?: string): GraphResponse {
  const { status, code } = GRAPH_ERRORS[kind];
  return jsonResponse(status, {
    error: {
      code,
      message: message ?? GRAPH_ERRORS[kind].message,
      innerError: { date: graphDate(new Date()), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  });
}

/**
 * Thrown inside request handlers to stop with a Graph error; the router catches it and answers
 * with {@link graphErrorResponse}. Never escapes the router.
 */
export class GraphProblem extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    message?: string,
  ) {
    super(message ?? GRAPH_ERRORS[kind].message);
    this.name = "GraphProblem";
  }
}
