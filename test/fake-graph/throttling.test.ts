import { runScenario } from "../../tools/cli/runScenario";
import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import { resourceUnitCost } from "../../tools/fake-graph/throttling";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { parseScenario } from "../../tools/scenario/scenario";
import { call, groupId, until, type BatchResponseBody, type GraphErrorBody } from "./graphCall";

/** Throttling and resource units as concepts/throttling-limits.md and concepts/json-batching.md document them. */
const directory: DirectorySpec = {
  tenantDomains: ["contoso.com"],
  groups: [{ mail: "team@contoso.com", generate: [{ pattern: "t{n}@contoso.com", from: 1, count: 12 }] }],
};
const lookup = `/groups?$filter=${encodeURIComponent("mail eq 'team@contoso.com'")}&$select=id`;
const tipsBody = { EmailAddresses: ["team@contoso.com"], MailTipsOptions: "totalMemberCount" };

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("fake Graph: resource units", () => {
  it.each([
    ["GET", "/v1.0/groups?$filter=mail eq 'a@b.org'&$select=id", 1],
    ["GET", "/v1.0/groups/1", 1],
    ["GET", "/v1.0/groups/1/transitiveMembers/microsoft.graph.user/$count", 5],
    ["GET", "/v1.0/groups/1/transitiveMembers/microsoft.graph.user?$select=mail,userType&$top=999&$count=true", 4],
    ["GET", "/v1.0/groups/1/transitiveMembers?$top=5", 4],
    ["GET", "/v1.0/groups/1/transitiveMembers?$top=5&$select=id", 3],
    ["GET", "/v1.0/groups/1/members", 3],
    ["GET", "/v1.0/users", 2],
    ["GET", "/v1.0/users?$select=id&$top=1", 1],
    ["POST", "/v1.0/me/getMailTips", 0],
    ["POST", "/v1.0/$batch", 0],
  ] as const)("costs %s %s %d units by the published table", (method, target, cost) => {
    expect(resourceUnitCost(method, target)).toBe(cost);
  });

  it("charges each request and each batch part, reports them in x-ms-resource-unit, and a batch costs the sum of its parts", async () => {
    const server = await startFakeGraph({ directory });
    try {
      const id = await groupId(server, "team@contoso.com");
      const counted = await call<undefined>(server, `/groups/${id}/transitiveMembers/microsoft.graph.user/$count`, { eventual: true });
      expect(counted.headers.get("x-ms-resource-unit")).toBe("5");
      const batch = await call<BatchResponseBody>(server, "/$batch", {
        json: {
          requests: [
            { id: "1", method: "GET", url: `/groups/${id}/transitiveMembers/microsoft.graph.user/$count`, headers: { ConsistencyLevel: "eventual" } },
            { id: "2", method: "GET", url: lookup },
          ],
        },
      });
      expect(batch.body.responses.map((r) => r.headers["x-ms-resource-unit"])).toEqual(["5", "1"]);
      expect(server.requestLog.map((e) => e.resourceUnits)).toEqual([1, 5, 6]);
      expect(server.requestLog[2]?.batch?.map((p) => p.resourceUnits)).toEqual([5, 1]);
      expect(server.resourceUnits).toBe(12);
    } finally {
      await server.close();
    }
  });

  it("throttles with 429 once the application's budget for the 10-second window is spent, until the window ends", async () => {
    const clock = manualClock();
    const server = await startFakeGraph({ directory, network: { resourceUnitBudget: 3 }, now: clock.now });
    try {
      for (let i = 0; i < 3; i++) expect((await call(server, lookup)).status).toBe(200);
      clock.advance(4_000);
      const throttled = await call<GraphErrorBody>(server, lookup);
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe("TooManyRequests");
      expect(throttled.headers.get("retry-after")).toBe("6");
      expect(throttled.headers.get("x-ms-throttle-information")).toBe("ResourceUnitLimitExceeded");
      expect(server.resourceUnits).toBe(3);
      // Mail tips are the Outlook service's: not charged against the identity quota.
      expect((await call(server, "/me/getMailTips", { json: tipsBody })).status).toBe(200);
      clock.advance(6_000);
      expect((await call(server, lookup)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("throttles batch parts one by one: a 429 inside a 200 batch, Retry-After in the part's headers", async () => {
    const clock = manualClock();
    const server = await startFakeGraph({ directory, network: { resourceUnitBudget: 7 }, now: clock.now });
    try {
      const id = await groupId(server, "team@contoso.com");
      const count = { method: "GET", url: `/groups/${id}/transitiveMembers/microsoft.graph.user/$count`, headers: { ConsistencyLevel: "eventual" } };
      const result = await call<BatchResponseBody>(server, "/$batch", {
        json: { requests: [{ id: "a", ...count }, { id: "b", ...count }, { id: "c", method: "GET", url: lookup }] },
      });
      expect(result.status).toBe(200);
      expect(result.body.responses.map((r) => r.status)).toEqual([200, 429, 200]);
      expect(result.body.responses[1]?.headers["Retry-After"]).toBe("10");
      expect((result.body.responses[1]?.body as GraphErrorBody).error.code).toBe("TooManyRequests");
      expect(server.requestLog.at(-1)?.resourceUnits).toBe(6);
    } finally {
      await server.close();
    }
  });

  it("records x-ms-throttle-priority, on requests and on batch parts, and lets browsers send it", async () => {
    const server = await startFakeGraph({ directory });
    try {
      await call(server, lookup, { headers: { "x-ms-throttle-priority": "high" } });
      await call(server, "/$batch", { json: { requests: [{ id: "1", method: "GET", url: lookup, headers: { "x-ms-throttle-priority": "High" } }, { id: "2", method: "GET", url: lookup }] } });
      expect(server.requestLog[0]?.priority).toBe("high");
      expect(server.requestLog[1]?.priority).toBeUndefined();
      expect(server.requestLog[1]?.batch?.map((p) => p.priority)).toEqual(["High", undefined]);
      const preflight = await fetch(`${server.url}/groups`, { method: "OPTIONS", headers: { Origin: "https://addin.example.org", "Access-Control-Request-Method": "GET" } });
      expect((preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase()).toContain("x-ms-throttle-priority");
    } finally {
      await server.close();
    }
  });

  it("reports stats.graphResourceUnits in the verdict of a scenario", async () => {
    const parsed = parseScenario({
      message: { composeType: "new", from: "a@contoso.com", to: [{ emailAddress: "team@contoso.com", recipientType: "distributionList" }] },
      policy: { internalDomains: ["contoso.com"] },
      directory,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const verdict = (await runScenario(parsed.scenario)) as { stats: { graphRequests: number; graphResourceUnits: number } };
    expect(verdict.stats.graphRequests).toBeGreaterThan(0);
    // At least the lookup (1) and one transitive count (5); never more than 20 units per request.
    expect(verdict.stats.graphResourceUnits).toBeGreaterThanOrEqual(6);
    expect(verdict.stats.graphResourceUnits).toBeLessThanOrEqual(20 * 5 * verdict.stats.graphRequests);
  });
});

describe("fake Graph: mail tips throttling (Outlook service)", () => {
  const servers: FakeGraphServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("answers the 5th concurrent getMailTips with 429 ApplicationThrottled (MailboxConcurrency), and frees slots as requests end", async () => {
    const server = await startFakeGraph({ directory, network: { hang: ["getMailTips"] } });
    servers.push(server);
    const controllers = Array.from({ length: 4 }, () => new AbortController());
    const pending = controllers.map((c) => call(server, "/me/getMailTips", { json: tipsBody, signal: c.signal }).catch(() => undefined));
    await until(() => server.openRequests === 4, "four hung mail tips");
    const fifth = await call<GraphErrorBody>(server, "/me/getMailTips", { json: tipsBody });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error).toMatchObject({ code: "ApplicationThrottled", message: expect.stringContaining("MailboxConcurrency") as unknown });
    expect(fifth.headers.get("retry-after")).toBe("1");
    // Identity requests are another service: not held back by mail tips.
    expect((await call(server, lookup)).status).toBe(200);
    controllers[0]?.abort();
    await until(() => server.openRequests === 3, "one request to end");
    void call(server, "/me/getMailTips", { json: tipsBody }).catch(() => undefined);
    await until(() => server.openRequests === 4, "a fourth slot taken again");
    controllers.slice(1).forEach((c) => c.abort());
    await Promise.all(pending);
  });

  it("allows 10,000 requests per mailbox per 10 minutes (here a budget of 2), per token", async () => {
    const clock = manualClock();
    const server = await startFakeGraph({ directory, network: { mailTipsRequestBudget: 2 }, now: clock.now });
    servers.push(server);
    for (let i = 0; i < 2; i++) expect((await call(server, "/me/getMailTips", { json: tipsBody })).status).toBe(200);
    const third = await call<GraphErrorBody>(server, "/me/getMailTips", { json: tipsBody });
    expect([third.status, third.body.error.code]).toEqual([429, "ApplicationThrottled"]);
    expect(third.headers.get("retry-after")).toBe("600");
    expect((await call(server, "/me/getMailTips", { json: tipsBody, token: "another-mailbox" })).status).toBe(200);
    clock.advance(600_000);
    expect((await call(server, "/me/getMailTips", { json: tipsBody })).status).toBe(200);
  });
});
