import { createGuardError } from "../../src/core/errors";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { GraphOriginalSenderLookup, MAIL_READ_SCOPES, readSender } from "../../src/office/GraphOriginalSenderLookup";
import { fetchDouble, type Handler } from "../directory/support/fetchDouble";

const BASE = "https://graph.example/v1.0";

function setup(handler: Handler, tokens = new StaticTokenProvider("tok")) {
  const http = fetchDouble(handler);
  const lookup = new GraphOriginalSenderLookup({ baseUrl: BASE, tokenProvider: tokens, fetch: http.fetch, timeoutMs: 50 });
  return { lookup, requests: http.requests, tokens };
}

const ANSWER = { value: [{ from: { emailAddress: { name: "Big Boss", address: "boss@contoso.com" } } }] };

describe("GraphOriginalSenderLookup", () => {
  it("asks /me/messages for the internetMessageId with Mail.Read, quoting the filter", async () => {
    const { lookup, requests, tokens } = setup(() => ({ body: ANSWER }));
    expect(await lookup.find("<o'k@contoso.com>")).toBe('"Big Boss" <boss@contoso.com>');
    expect(tokens.requests).toEqual([[...MAIL_READ_SCOPES]]);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]?.url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE}/me/messages`);
    expect(url.searchParams.get("$filter")).toBe("internetMessageId eq '<o''k@contoso.com>'");
    expect(url.searchParams.get("$select")).toBe("from");
    expect(requests[0]?.headers["authorization"]).toBe("Bearer tok");
  });

  it("remembers an answer", async () => {
    const { lookup, requests } = setup(() => ({ body: ANSWER }));
    await lookup.find("<m@c.com>");
    await lookup.find("<m@c.com>");
    expect(requests).toHaveLength(1);
  });

  it.each<[string, Handler]>([
    ["no such message", () => ({ body: { value: [] } })],
    ["a 403", () => ({ status: 403, body: { error: { code: "ErrorAccessDenied" } } })],
    ["a body without an address", () => ({ body: { value: [{ from: { emailAddress: { name: "x" } } }] } })],
    ["no answer in time", () => "hang"],
  ])("answers undefined for %s", async (_what, handler) => {
    expect(await setup(handler).lookup.find("<m@c.com>")).toBeUndefined();
  });

  it("answers undefined without a token, and for an empty id without asking", async () => {
    const tokens = { getToken: () => Promise.reject(createGuardError("token_unavailable")) };
    const { lookup, requests } = setup(() => ({ body: ANSWER }), tokens as unknown as StaticTokenProvider);
    expect(await lookup.find("<m@c.com>")).toBeUndefined();
    expect(await lookup.find("  ")).toBeUndefined();
    expect(requests).toHaveLength(0);
  });
});

describe("readSender", () => {
  it("quotes display names and escapes quotes in them", () => {
    expect(readSender({ value: [{ from: { emailAddress: { name: 'A "B" C', address: "a@b.com" } } }] })).toBe('"A \\"B\\" C" <a@b.com>');
    expect(readSender({ value: [{ from: { emailAddress: { name: "a@b.com", address: "a@b.com" } } }] })).toBe("a@b.com");
    expect(readSender({ value: [{ from: { emailAddress: { address: "not an address" } } }] })).toBeUndefined();
    expect(readSender(null)).toBeUndefined();
  });
});
