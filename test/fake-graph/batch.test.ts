import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import { call, groupId, type BatchResponseBody, type GraphErrorBody } from "./graphCall";
import { EVERYONE, nestedTenant } from "./tenantFixture";

const countUrl = (id: string): string => `/groups/${id}/transitiveMembers/microsoft.graph.user/$count`;
const lookupUrl = (mail: string): string => `/groups?$filter=mail eq '${mail}'&$select=id,mail`;

describe("fake Graph: POST /$batch", () => {
  let server: FakeGraphServer;
  let everyone: string;
  beforeAll(async () => {
    server = await startFakeGraph({ directory: nestedTenant, network: { faults: [{ path: "sales@contoso\\.com", status: 429, times: 1 }] } });
    everyone = await groupId(server, "everyone@contoso.com");
  });
  afterAll(() => server.close());

  function batch(requests: unknown[], token?: string | null): ReturnType<typeof call<BatchResponseBody>> {
    return call<BatchResponseBody>(server, "/$batch", { json: { requests }, ...(token === undefined ? {} : { token }) });
  }

  it("answers each part with its own status, honouring inner headers, and counts as one request", async () => {
    server.resetRequestCount();
    const result = await batch([
      { id: "lookup", method: "GET", url: lookupUrl("engineering@contoso.com") },
      { id: "count", method: "GET", url: countUrl(everyone), headers: { ConsistencyLevel: "eventual" } },
      { id: "no-header", method: "GET", url: countUrl(everyone) },
      { id: "missing", method: "GET", url: countUrl("00000000-0000-0000-0000-000000000000"), headers: { ConsistencyLevel: "eventual" } },
      { id: "tips", method: "POST", url: "/me/getMailTips", headers: { "Content-Type": "application/json" }, body: { EmailAddresses: ["alice@contoso.com"], MailTipsOptions: "totalMemberCount" } },
    ]);
    expect(result.status).toBe(200);
    expect(server.requestCount).toBe(1);
    const byId = new Map(result.body.responses.map((r) => [r.id, r]));
    expect(byId.get("lookup")?.status).toBe(200);
    expect(byId.get("lookup")?.body).toMatchObject({ value: [{ mail: "engineering@contoso.com" }] });
    expect(byId.get("count")).toMatchObject({ status: 200, body: String(EVERYONE.users), headers: { "Content-Type": expect.stringMatching(/^text\/plain/) as unknown } });
    expect(byId.get("no-header")).toMatchObject({ status: 400, body: { error: { code: "Request_BadRequest" } } });
    expect(byId.get("missing")).toMatchObject({ status: 404, body: { error: { code: "Request_ResourceNotFound" } } });
    expect(byId.get("tips")).toMatchObject({ status: 200, body: { value: [{ totalMemberCount: 1 }] } });
    expect(server.requestLog.at(-1)?.batch?.map((p) => p.path)).toContain(`/v1.0${lookupUrl("engineering@contoso.com")}`);
  });

  it("accepts urls with or without the leading slash", async () => {
    const result = await batch([{ id: "1", method: "GET", url: lookupUrl("engineering@contoso.com").slice(1) }]);
    expect(result.body.responses[0]?.status).toBe(200);
  });

  it("can embed $count bodies base64-encoded instead", async () => {
    const b64 = await startFakeGraph({ directory: nestedTenant, batchTextEncoding: "base64" });
    try {
      const result = await call<BatchResponseBody>(b64, "/$batch", { json: { requests: [{ id: "1", method: "GET", url: countUrl(everyone), headers: { ConsistencyLevel: "eventual" } }] } });
      expect(Buffer.from(String(result.body.responses[0]?.body), "base64").toString("utf8")).toBe(String(EVERYONE.users));
    } finally {
      await b64.close();
    }
  });

  it("throttles one part with 429 and Retry-After while the others succeed, then lets it through", async () => {
    const requests = [
      { id: "a", method: "GET", url: lookupUrl("sales@contoso.com") },
      { id: "b", method: "GET", url: lookupUrl("engineering@contoso.com") },
    ];
    const first = await batch(requests);
    expect(first.body.responses.map((r) => r.status)).toEqual([429, 200]);
    expect(first.body.responses[0]).toMatchObject({ headers: { "Retry-After": "1" }, body: { error: { code: "TooManyRequests" } } });
    const second = await batch(requests);
    expect(second.body.responses.map((r) => r.status)).toEqual([200, 200]);
  });

  it("inherits the outer authentication", async () => {
    const result = await batch([{ id: "1", method: "GET", url: lookupUrl("sales@contoso.com") }], null);
    expect(result.status).toBe(401);
  });

  it("accepts 20 requests and refuses 21", async () => {
    const parts = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ id: String(i), method: "GET", url: lookupUrl("engineering@contoso.com") }));
    expect((await batch(parts(20))).body.responses).toHaveLength(20);
    const refused = await call<GraphErrorBody>(server, "/$batch", { json: { requests: parts(21) } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("BadRequest");
  });

  it.each([
    ["duplicate ids (case-insensitive)", { requests: [{ id: "a", method: "GET", url: "/groups" }, { id: "A", method: "GET", url: "/groups" }] }],
    ["no requests", { requests: [] }],
    ["a request without url", { requests: [{ id: "1", method: "GET" }] }],
    ["a numeric id", { requests: [{ id: 1, method: "GET", url: "/groups" }] }],
    ["an unknown method", { requests: [{ id: "1", method: "FETCH", url: "/groups" }] }],
    ["dependsOn a later id", { requests: [{ id: "1", method: "GET", url: "/groups", dependsOn: ["2"] }, { id: "2", method: "GET", url: "/groups" }] }],
    ["no requests array", { calls: [] }],
  ])("refuses a batch with %s", async (_name, json) => {
    const result = await call<GraphErrorBody>(server, "/$batch", { json });
    expect(result.status).toBe(400);
  });

  it("answers 424 to a part whose dependency failed", async () => {
    const result = await batch([
      { id: "1", method: "GET", url: countUrl("00000000-0000-0000-0000-000000000000"), headers: { ConsistencyLevel: "eventual" } },
      { id: "2", method: "GET", url: lookupUrl("engineering@contoso.com"), dependsOn: ["1"] },
    ]);
    expect(result.body.responses.map((r) => r.status)).toEqual([404, 424]);
  });

  it.each([
    ["an absolute url", { id: "1", method: "GET", url: "https://graph.microsoft.com/v1.0/groups" }, 400],
    ["a nested batch", { id: "1", method: "POST", url: "/$batch", headers: { "Content-Type": "application/json" }, body: { requests: [] } }, 400],
    ["a body without Content-Type", { id: "1", method: "POST", url: "/me/getMailTips", body: { EmailAddresses: [], MailTipsOptions: "totalMemberCount" } }, 400],
    ["an unknown path", { id: "1", method: "GET", url: "/nowhere" }, 400],
    ["a url that repeats the version", { id: "1", method: "GET", url: "/v1.0/groups" }, 400],
  ])("answers %s in its own part", async (_name, part, status) => {
    const result = await batch([part, { id: "ok", method: "GET", url: lookupUrl("engineering@contoso.com") }]);
    expect(result.status).toBe(200);
    expect(result.body.responses.map((r) => r.status)).toEqual([status, 200]);
  });
});
