import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { call, groupId, until, type BatchResponseBody, type GraphErrorBody } from "./graphCall";

const directory: DirectorySpec = {
  tenantDomains: ["contoso.com"],
  groups: [{ mail: "team@contoso.com", generate: [{ pattern: "t{n}@contoso.com", from: 1, count: 12 }] }],
};
const lookup = `/groups?$filter=${encodeURIComponent("mail eq 'team@contoso.com'")}`;
const tipsBody = { EmailAddresses: ["team@contoso.com"], MailTipsOptions: "totalMemberCount" };

describe("fake Graph: network conditions", () => {
  const servers: FakeGraphServer[] = [];
  async function start(network: Parameters<typeof startFakeGraph>[0] = {}): Promise<FakeGraphServer> {
    const server = await startFakeGraph({ directory, ...network });
    servers.push(server);
    return server;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it.each([
    [429, "TooManyRequests", "1"],
    [503, "serviceNotAvailable", "1"],
    [500, "generalException", null],
    [504, "UnknownError", null],
  ] as const)("fails the first matching requests with %d, then succeeds", async (status, code, retryAfter) => {
    const server = await start({ network: { faults: [{ path: "/groups\\?", status, times: 2 }] } });
    for (let i = 0; i < 2; i++) {
      const failed = await call<GraphErrorBody>(server, lookup);
      expect(failed.status).toBe(status);
      expect(failed.body.error.code).toBe(code);
      expect(failed.headers.get("retry-after")).toBe(retryAfter);
    }
    expect((await call(server, lookup)).status).toBe(200);
  });

  it("sends the configured Retry-After", async () => {
    const server = await start({ network: { faults: [{ path: "groups", status: 429, times: 1 }] }, retryAfterSeconds: 7 });
    expect((await call(server, lookup)).headers.get("retry-after")).toBe("7");
  });

  it("leaves requests that do not match a fault alone", async () => {
    const server = await start({ network: { faults: [{ path: "getMailTips", status: 503, times: 5 }] } });
    expect((await call(server, lookup)).status).toBe(200);
  });

  it("fails a whole batch when the fault matches $batch itself", async () => {
    const server = await start({ network: { faults: [{ path: "\\$batch", status: 503, times: 1 }] } });
    const result = await call(server, "/$batch", { json: { requests: [{ id: "1", method: "GET", url: lookup }] } });
    expect(result.status).toBe(503);
  });

  it("starts fault counts again on load()", async () => {
    const network = { faults: [{ path: "groups", status: 500 as const, times: 1 }] };
    const server = await start({ network });
    expect((await call(server, lookup)).status).toBe(500);
    expect((await call(server, lookup)).status).toBe(200);
    server.load(directory, network);
    expect((await call(server, lookup)).status).toBe(500);
  });

  it("never answers a hanging path, and close() ends it", async () => {
    const server = await start({ network: { hang: ["getMailTips"] } });
    const pending = call(server, "/me/getMailTips", { json: tipsBody });
    await until(() => server.openRequests === 1, "the request to arrive");
    expect((await call(server, lookup)).status).toBe(200);
    await server.close();
    await expect(pending).rejects.toThrow();
    expect(server.openRequests).toBe(0);
  });

  it("releases a hanging request when the client goes away", async () => {
    const server = await start({ network: { hang: ["."] } });
    const controller = new AbortController();
    const pending = call(server, lookup, { signal: controller.signal });
    await until(() => server.openRequests === 1, "the request to arrive");
    controller.abort();
    await expect(pending).rejects.toThrow();
    await until(() => server.openRequests === 0, "the server to let go");
  });

  it("hangs a batch when any inner url matches", async () => {
    const server = await start({ network: { hang: ["transitiveMembers"] } });
    const id = await groupId(server, "team@contoso.com");
    const controller = new AbortController();
    const pending = call(server, "/$batch", {
      json: { requests: [{ id: "1", method: "GET", url: lookup }, { id: "2", method: "GET", url: `/groups/${id}/transitiveMembers/$count`, headers: { ConsistencyLevel: "eventual" } }] },
      signal: controller.signal,
    });
    await until(() => server.openRequests === 1, "the batch to hang");
    controller.abort();
    await expect(pending).rejects.toThrow();
  });

  it("adds latency to every response, once per batch", async () => {
    const server = await start({ network: { latencyMs: 200 } });
    let started = Date.now();
    expect((await call(server, lookup)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: "GET", url: lookup }));
    started = Date.now();
    const result = await call<BatchResponseBody>(server, "/$batch", { json: { requests } });
    const elapsed = Date.now() - started;
    expect(result.body.responses).toHaveLength(5);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    // Five parts with latency each would take 1,000 ms; this bound only catches that.
    expect(elapsed).toBeLessThan(900);
  });

  it("counts requests on Graph paths and logs them decoded; reset empties both", async () => {
    const server = await start();
    await call(server, lookup);
    await call(server, "/me/getMailTips", { json: tipsBody });
    await fetch(`${server.url}/groups`, { method: "OPTIONS" });
    expect(server.requestCount).toBe(2);
    expect(server.requestLog).toMatchObject([
      { method: "GET", path: "/v1.0/groups?$filter=mail eq 'team@contoso.com'", resourceUnits: 1 },
      { method: "POST", path: "/v1.0/me/getMailTips", resourceUnits: 0 },
    ]);
    expect(server.requestLog[0]?.headers).not.toHaveProperty("authorization");
    expect(server.resourceUnits).toBe(1);
    server.resetRequestCount();
    expect(server.requestCount).toBe(0);
    expect(server.resourceUnits).toBe(0);
    expect(server.requestLog).toEqual([]);
  });

  it("counts failed and hung requests too", async () => {
    const server = await start({ network: { hang: ["getMailTips"], faults: [{ path: "groups", status: 429, times: 1 }] } });
    await call(server, lookup);
    await call(server, "/nothing", { token: null });
    void call(server, "/me/getMailTips", { json: tipsBody }).catch(() => undefined);
    await until(() => server.openRequests === 1, "the hung request");
    expect(server.requestCount).toBe(3);
  });

  it("replaces the directory at run time with load()", async () => {
    const server = await start();
    expect((await call(server, lookup)).body.value).toHaveLength(1);
    server.load({ groups: [] });
    expect((await call(server, lookup)).body.value).toHaveLength(0);
    server.load(undefined);
    expect((await call(server, lookup)).body.value).toHaveLength(0);
  });

  it("refuses an invalid directory or network, naming the problem", async () => {
    const server = await start();
    expect(() => server.load({ groups: [{ mail: "nope" }] })).toThrow(/directory\.groups\[0\]\.mail/);
    expect(() => server.load(directory, { hang: ["("] })).toThrow(/network\.hang\[0\]/);
    await expect(startFakeGraph({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});
