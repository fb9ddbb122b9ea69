import { verdictToJson } from "../../src/core/verdictJson";
import { contextDataFor } from "../../src/launchevent/smartAlert";
import { verdictFromContext } from "../../src/taskpane/verdictFromContext";
import { everyone, mixedOutsiders, outsidersPolicy, replyToEveryone, staleEveryone, verdictFor } from "./scenarios";

describe("verdictFromContext", () => {
  it("reads back the JSON of verdictToJson, open upper bounds included", () => {
    for (const verdict of [
      verdictFor(replyToEveryone, { lists: [everyone] }),
      verdictFor(replyToEveryone, { lists: [staleEveryone] }),
      verdictFor(replyToEveryone, { lists: [{ ...everyone, source: "index", asOf: "2026-11-30T06:00:00.000Z" }] }),
      verdictFor(mixedOutsiders, { policy: outsidersPolicy, locale: "de-DE" }),
    ]) {
      expect(verdictFromContext(JSON.stringify(verdictToJson(verdict, { graphRequests: 2, elapsedMs: 40 })))).toEqual({ verdict });
    }
  });

  it("reads a wrapped verdict with the directory failure behind it", () => {
    const verdict = verdictFor(replyToEveryone);
    expect(verdictFromContext(JSON.stringify({ verdict: verdictToJson(verdict), directoryFailure: "token_unavailable" }))).toEqual({
      verdict,
      directoryFailure: "token_unavailable",
    });
  });

  it("reads a verdict the launch event trimmed to fit, dropping the fixes it cannot apply", () => {
    const verdict = verdictFor(replyToEveryone, { lists: [everyone] });
    expect(verdict.fixes.length).toBeGreaterThan(0);
    const trimmed = contextDataFor(verdict, JSON.stringify(verdictToJson(verdict)).length - 1);
    expect(JSON.parse(trimmed)).toMatchObject({ trimmed: true });
    const read = verdictFromContext(trimmed);
    expect(read?.verdict.fixes).toEqual([]);
    expect(read?.verdict.audience).toEqual(verdict.audience);
    expect(read?.verdict.reasons.map((r) => r.message)).toEqual(verdict.reasons.map((r) => r.message));
  });

  it("gives up on a verdict trimmed down to its reasons: nothing to show the audience with", () => {
    const verdict = verdictFor(replyToEveryone, { lists: [everyone] });
    expect(verdictFromContext(contextDataFor(verdict, 10))).toBeUndefined();
  });

  it("reads what the launch event sends in full", () => {
    const verdict = verdictFor(mixedOutsiders, { policy: outsidersPolicy });
    expect(verdictFromContext(contextDataFor(verdict))).toEqual({ verdict, focus: "remove-blocked" });
  });

  it("ignores a directory failure code it does not know", () => {
    const verdict = verdictFor(replyToEveryone);
    expect(verdictFromContext(JSON.stringify({ ...verdictToJson(verdict), directoryFailure: "made_up" }))).toEqual({ verdict });
  });

  it.each([
    ["nothing", undefined],
    ["an empty string", ""],
    ["not JSON", "{"],
    ["a number", "42"],
    ["null", "null"],
    ["an unknown action", JSON.stringify({ ...verdictToJson(verdictFor(replyToEveryone)), action: "maybe" })],
    ["negative bounds", JSON.stringify({ action: "allow", audience: { total: { lower: -1, upper: 1 }, visible: { lower: 0, upper: 0 }, external: { lower: 0, upper: 0 } } })],
    [
      "a fix with an unknown field",
      JSON.stringify({
        ...verdictToJson(verdictFor(replyToEveryone)),
        fixes: [{ code: "reply-to-sender-only", label: "x", resolves: "large-audience", set: { from: [] } }],
      }),
    ],
    [
      "a list whose asOf is not a time",
      JSON.stringify(verdictToJson(verdictFor(replyToEveryone, { lists: [{ ...everyone, source: "index", asOf: "2026-11-30T06:00:00.000Z" }] }))).replace("2026-11-30T06:00:00.000Z", "yesterday"),
    ],
    [
      "a recipient without an address",
      JSON.stringify({
        ...verdictToJson(verdictFor(replyToEveryone)),
        fixes: [{ code: "reply-to-sender-only", label: "x", resolves: "large-audience", set: { to: [{ displayName: "x" }] } }],
      }),
    ],
  ])("gives undefined for %s", (_what, data) => {
    expect(verdictFromContext(data)).toBeUndefined();
  });
});
