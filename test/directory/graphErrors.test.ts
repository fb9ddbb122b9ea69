import { codeForStatus, createGraphError, isDirectoryFailureCode, isRetryableError, isRetryableStatus, parseRetryAfterMs, readGraphErrorCode } from "../../src/directory/graphErrors";
import { createGuardError } from "../../src/core/errors";

describe("codeForStatus", () => {
  it.each([
    [400, "graph_bad_request", false],
    [401, "graph_unauthorized", false],
    [402, "graph_bad_request", false],
    [403, "graph_forbidden", false],
    [404, "graph_not_found", false],
    [405, "graph_bad_request", false],
    [406, "graph_bad_request", false],
    [408, "graph_unavailable", false],
    [409, "graph_bad_request", false],
    [410, "graph_not_found", false],
    [411, "graph_bad_request", false],
    [412, "graph_bad_request", false],
    [413, "graph_bad_request", false],
    [415, "graph_bad_request", false],
    [416, "graph_bad_request", false],
    [422, "graph_bad_request", false],
    [423, "graph_bad_request", false],
    [424, "graph_bad_request", false],
    [429, "graph_throttled", true],
    [451, "graph_bad_request", false],
    [500, "graph_unavailable", false],
    [501, "graph_unavailable", false],
    [502, "graph_unavailable", false],
    [503, "graph_unavailable", true],
    [504, "graph_unavailable", true],
    [507, "graph_unavailable", false],
    [509, "graph_unavailable", false],
    [599, "graph_unavailable", false],
    [100, "graph_bad_response", false],
    [204, "graph_bad_response", false],
    [301, "graph_bad_response", false],
    [302, "graph_bad_response", false],
    [304, "graph_bad_response", false],
    [0, "graph_bad_response", false],
    [600, "graph_bad_response", false],
  ])("HTTP %i → %s (retried: %p)", (status, code, retried) => {
    expect(codeForStatus(status)).toBe(code);
    expect(isRetryableStatus(status)).toBe(retried);
    const error = createGraphError(status);
    expect(error.code).toBe(code);
    expect(error.details.status).toBe(status);
    expect(isRetryableError(error, false)).toBe(retried);
  });
});

describe("isRetryableError", () => {
  it("retries network errors only for idempotent requests", () => {
    const error = createGuardError("network_error");
    expect(isRetryableError(error, true)).toBe(true);
    expect(isRetryableError(error, false)).toBe(false);
  });

  it("never retries non-GuardErrors or aborts", () => {
    expect(isRetryableError(new Error("x"), true)).toBe(false);
    expect(isRetryableError(createGuardError("directory_timeout"), true)).toBe(false);
  });
});

describe("isDirectoryFailureCode", () => {
  it.each([
    ["graph_throttled", true],
    ["graph_unavailable", true],
    ["graph_unauthorized", true],
    ["network_error", true],
    ["token_unavailable", true],
    ["graph_forbidden", false],
    ["graph_not_found", false],
    ["graph_bad_response", false],
    [undefined, false],
  ])("%s → %p", (code, expected) => {
    expect(isDirectoryFailureCode(code)).toBe(expected);
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  it.each([
    [null, undefined],
    [undefined, undefined],
    ["", undefined],
    ["3", 3000],
    [" 0 ", 0],
    ["-1", undefined],
    ["1.5", undefined],
    ["soon", undefined],
    ["Wed, 01 Jan 2025 00:00:05 GMT", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
  ])("%p → %p ms", (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

describe("readGraphErrorCode", () => {
  it.each([
    [{ error: { code: "Request_BadRequest", message: "x" } }, "Request_BadRequest"],
    [{ error: { code: "ErrorAccessDenied" } }, "ErrorAccessDenied"],
    [{ error: { code: "someone@contoso.com" } }, undefined],
    [{ error: { code: 42 } }, undefined],
    [{ error: "x" }, undefined],
    ["text", undefined],
    [null, undefined],
  ])("%j → %p", (body, expected) => {
    expect(readGraphErrorCode(body)).toBe(expected);
  });
});
