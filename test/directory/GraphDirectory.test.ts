import { createGuardError } from "../../src/core/errors";
import type { TokenProvider } from "../../src/directory/Directory";
import { DEFAULT_GRAPH_SCOPES, GraphDirectory, type GraphDirectoryOptions } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { fetchDouble, type Handler, type RecordedRequest } from "./support/fetchDouble";
import { BASE, makeUsers, miniGraph, type MiniGroup, type MiniGraphOptions } from "./support/miniGraph";

/** Unit tests against a fetch double: exact request shapes, body validation, retries, aborts. */

const ALL: MiniGroup = {
  id: "g-all",
  mail: "all@contoso.com",
  displayName: "All staff",
  users: [...makeUsers("staff", 40), ...makeUsers("guest", 3, "gmail.com", "Guest")],
  contacts: ["x@partner.org", "y@partner.org"],
};
const SMALL: MiniGroup = { id: "g-small", mail: "small@contoso.com", users: makeUsers("s", 5), contacts: [] };

function setup(graph: MiniGraphOptions | Handler, options: Partial<GraphDirectoryOptions> = {}, double: { ignoreSignal?: boolean } = {}) {
  const handler = typeof graph === "function" ? graph : miniGraph(graph);
  const http = fetchDouble(handler, double);
  const slept: number[] = [];
  const tokens = new StaticTokenProvider("tok-123");
  const directory = new GraphDirectory({
    baseUrl: BASE,
    tokenProvider: tokens,
    fetch: http.fetch,
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { directory, requests: http.requests, slept, tokens };
}

function batchUrls(request: RecordedRequest | undefined): string[] {
  return ((request?.body as { requests: { url: string }[] } | undefined)?.requests ?? []).map((r) => r.url);
}

describe("GraphDirectory.expandLists", () => {
  it("answers a cold list with mail tips, one lookup batch and one counts batch: exact counts", async () => {
    const { directory, requests } = setup({ groups: [ALL], tips: { "all@contoso.com": { totalMemberCount: 30, externalMemberCount: 1 } } });
    const [list] = await directory.expandLists(["All@Contoso.com"]);
    expect(list).toEqual({
      address: "all@contoso.com",
      displayName: "All staff",
      people: { lower: 45, upper: 45 },
      external: { lower: 5, upper: 5 },
      source: "groupCounts",
    });
    // (a) and (b) go out together, in either order; (c) follows (b).
    expect(requests.map((r) => `${r.method} ${r.url}`).sort()).toEqual([`POST ${BASE}/$batch`, `POST ${BASE}/$batch`, `POST ${BASE}/me/getMailTips`]);
    expect(batchUrls(requests[2])[0]).toContain("/$count");
  });

  it("sends Graph's request shapes: bearer token, absolute URLs, quoted filters, ConsistencyLevel on counts", async () => {
    const { directory, requests } = setup({ groups: [{ ...ALL, id: "g/1", mail: "o'neil@contoso.com" }] });
    await directory.expandLists(["o'neil@contoso.com"]);
    for (const request of requests) {
      expect(request.url.startsWith(`${BASE}/`)).toBe(true);
      expect(request.headers.authorization).toBe("Bearer tok-123");
      expect(request.headers["content-type"]).toBe("application/json");
    }
    const [tips, lookupRequest, countsRequest] = [
      requests.find((r) => r.url.endsWith("/getMailTips")),
      requests.find((r) => batchUrls(r).some((u) => u.startsWith("/groups?"))),
      requests.find((r) => batchUrls(r).some((u) => u.includes("/$count"))),
    ];
    expect(tips?.body).toEqual({ EmailAddresses: ["o'neil@contoso.com"], MailTipsOptions: "totalMemberCount, externalMemberCount" });
    const lookup = lookupRequest?.body as { requests: { url: string; method: string }[] };
    expect(lookup.requests).toHaveLength(1);
    expect(lookup.requests[0]?.method).toBe("GET");
    expect(decodeURIComponent(lookup.requests[0]?.url ?? "")).toBe("/groups?$filter=mail eq 'o''neil@contoso.com'&$select=id,mail,displayName");
    const counts = countsRequest?.body as { requests: { url: string; headers: Record<string, string> }[] };
    expect(counts.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      "/groups/g/1/transitiveMembers/microsoft.graph.user/$count",
      "/groups/g/1/transitiveMembers/microsoft.graph.user/$count?$filter=userType eq 'Guest'",
      "/groups/g/1/transitiveMembers/microsoft.graph.orgContact/$count",
    ]);
    expect(counts.requests[0]?.url).toContain("g%2F1");
    for (const r of counts.requests) expect(r.headers).toEqual({ ConsistencyLevel: "eventual" });
  });

  it("asks for one token per source, with fully qualified Graph scopes", async () => {
    const { directory, tokens } = setup({ groups: [ALL] });
    await directory.expandLists(["all@contoso.com"]);
    expect(tokens.requests).toEqual(expect.arrayContaining([[...DEFAULT_GRAPH_SCOPES.mailTips], [...DEFAULT_GRAPH_SCOPES.groups]]));
    expect(DEFAULT_GRAPH_SCOPES.mailTips).toEqual(["https://graph.microsoft.com/Mail.Read"]);
    expect(DEFAULT_GRAPH_SCOPES.groups).toEqual(["https://graph.microsoft.com/GroupMember.Read.All"]);
  });

  it("remembers group ids: a warm call is one counts batch", async () => {
    const { directory, requests } = setup({ groups: [ALL, SMALL] });
    await directory.expandLists(["all@contoso.com", "small@contoso.com"]);
    requests.length = 0;
    const again = await directory.expandLists(["small@contoso.com", "all@contoso.com"]);
    expect(again.map((l) => l.people.lower)).toEqual([5, 45]);
    expect(requests).toHaveLength(1);
    expect(batchUrls(requests[0])).toHaveLength(6);
  });

  it("packs lookups 20 per batch and counts 20 requests per batch, mail tips 50 per call", async () => {
    const groups = Array.from({ length: 130 }, (_, i): MiniGroup => ({ id: `g${i}`, mail: `l${i}@contoso.com`, users: makeUsers(`u${i}-`, 2), contacts: [] }));
    const { directory, requests } = setup({ groups });
    const lists = await directory.expandLists(groups.map((g) => g.mail));
    expect(lists.every((l) => l.source === "groupCounts" && l.people.lower === 2)).toBe(true);
    const tips = requests.filter((r) => r.url.endsWith("/getMailTips"));
    expect(tips.map((r) => (r.body as { EmailAddresses: string[] }).EmailAddresses.length)).toEqual([50, 50, 30]);
    const batches = requests.filter((r) => r.url.endsWith("/$batch")).map((r) => batchUrls(r).length);
    expect(batches.every((n) => n <= 20)).toBe(true);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(130 + 130 * 3);
    expect(batches).toHaveLength(7 + 20); // ⌈130/20⌉ lookups, ⌈390/20⌉ counts
  });

  it("sends up to 100 addresses per getMailTips call when told to", async () => {
    const { directory, requests } = setup({}, { groupCounts: false, mailTipsChunkSize: 500 });
    await directory.expandLists(Array.from({ length: 130 }, (_, i) => `l${i}@contoso.com`));
    expect(requests.map((r) => (r.body as { EmailAddresses: string[] }).EmailAddresses.length)).toEqual([100, 30]);
  });

  it("returns one entry per requested address, duplicates and order kept", async () => {
    const { directory } = setup({ groups: [ALL, SMALL] });
    const lists = await directory.expandLists(["small@contoso.com", "ALL@contoso.com", "small@contoso.com"]);
    expect(lists.map((l) => l.address)).toEqual(["small@contoso.com", "all@contoso.com", "small@contoso.com"]);
    lists[0]!.people.lower = 999;
    expect(lists[2]!.people.lower).toBe(5);
  });

  it("asks nothing for an empty list of addresses", async () => {
    const { directory, requests } = setup({});
    await expect(directory.expandLists([])).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ["a numeric string", (n: number) => String(n)],
    ["base64 text", (n: number) => Buffer.from(String(n)).toString("base64")],
  ])("accepts $count bodies sent as %s", async (_name, countBody) => {
    const { directory } = setup({ groups: [ALL], countBody });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.people).toEqual({ lower: 45, upper: 45 });
  });

  it("treats malformed counts as unknown and falls back to mail tips, never to zero", async () => {
    const { directory } = setup({
      groups: [ALL],
      tips: { "all@contoso.com": { totalMemberCount: 30, externalMemberCount: 1 } },
      inner: (r) => (r.url.includes("orgContact") ? { status: 200, body: { nonsense: true } } : undefined),
    });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list).toMatchObject({ source: "mailTips", people: { lower: 30, upper: Infinity }, external: { lower: 1, upper: Infinity }, mayBeStale: true });
  });

  it("keeps people exact when only the guest count is missing", async () => {
    const { directory } = setup({ groups: [ALL], inner: (r) => (r.url.includes("Guest") ? { status: 200, body: "n/a" } : undefined) });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list).toMatchObject({ source: "groupCounts", people: { lower: 45, upper: 45 }, external: { lower: 2, upper: 45 } });
  });

  it.each([
    ["missing", {}],
    ["negative", { totalMemberCount: -1 }],
    ["fractional", { totalMemberCount: 2.5 }],
    ["a string", { totalMemberCount: "12" }],
  ])("makes a list unknown when mail tips are its only source and the count is %s", async (_name, tip) => {
    const { directory } = setup({ tips: { "dyn@contoso.com": tip } });
    const [list] = await directory.expandLists(["dyn@contoso.com"]);
    expect(list).toMatchObject({ source: "unknown", people: { lower: 0, upper: Infinity }, errorCode: "graph_not_found" });
  });

  it("uses mail tips alone when group counts are turned off, without touching /groups", async () => {
    const { directory, requests, tokens } = setup({ groups: [ALL], tips: { "all@contoso.com": { totalMemberCount: 30 } } }, { groupCounts: false });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list).toMatchObject({ source: "mailTips", people: { lower: 30, upper: Infinity }, external: { lower: 0, upper: Infinity }, mayBeStale: true });
    expect(requests).toHaveLength(1);
    expect(tokens.requests).toEqual([[...DEFAULT_GRAPH_SCOPES.mailTips]]);
  });

  it("uses group counts alone when mail tips are turned off", async () => {
    const { directory, requests } = setup({ groups: [ALL] }, { mailTips: false });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("groupCounts");
    expect(requests.every((r) => r.url.endsWith("/$batch"))).toBe(true);
  });

  it("reports unknown lists with graph_forbidden when both sources are turned off", async () => {
    const { directory, requests } = setup({}, { mailTips: false, groupCounts: false });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list).toMatchObject({ source: "unknown", errorCode: "graph_forbidden" });
    expect(requests).toHaveLength(0);
  });

  it("falls back to mail tips when the groups token cannot be had", async () => {
    const tokenProvider: TokenProvider = {
      getToken: (scopes) =>
        scopes.some((s) => s.includes("GroupMember")) ? Promise.reject(new Error("consent_required")) : Promise.resolve("tok"),
    };
    const { directory } = setup({ groups: [ALL], tips: { "all@contoso.com": { totalMemberCount: 30 } } }, { tokenProvider });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("mailTips");
  });

  it("rejects with token_unavailable (cause kept) when no token can be had at all", async () => {
    const cause = new Error("interaction_required");
    const tokenProvider: TokenProvider = { getToken: () => Promise.reject(cause) };
    const { directory, requests } = setup({ groups: [ALL] }, { tokenProvider });
    const failure = directory.expandLists(["all@contoso.com"]);
    await expect(failure).rejects.toMatchObject({ code: "token_unavailable", cause });
    expect(requests).toHaveLength(0);
  });

  it("re-sends only the throttled inner requests, in a new batch, after a backoff", async () => {
    let throttles = 2;
    const { directory, requests, slept } = setup({
      groups: [ALL, SMALL],
      inner: (r) => {
        if (r.url.includes("g-small") && r.url.includes("orgContact") && throttles > 0) {
          throttles -= 1;
          return { status: 429, headers: { "Retry-After": "1" }, body: { error: { code: "TooManyRequests" } } };
        }
        return undefined;
      },
    });
    const lists = await directory.expandLists(["all@contoso.com", "small@contoso.com"]);
    expect(lists.map((l) => l.source)).toEqual(["groupCounts", "groupCounts"]);
    const batches = requests.filter((r) => r.url.endsWith("/$batch")).map(batchUrls);
    expect(batches.map((b) => b.length)).toEqual([2, 6, 1, 1]);
    expect(batches[2]?.[0]).toContain("g-small/transitiveMembers/microsoft.graph.orgContact/$count");
    expect(slept).toEqual([1000, 1000]); // the inner Retry-After is readable: used, capped at 2,000 ms
  });

  it("makes a list unknown with graph_throttled when its inner requests stay throttled, and rejects when all lists are", async () => {
    const { directory, slept } = setup({
      groups: [ALL, SMALL],
      inner: (r) => (r.url.includes("g-small") ? { status: 429 } : undefined),
      outer: (r) => (r.url.endsWith("getMailTips") ? { status: 429 } : undefined),
    });
    const lists = await directory.expandLists(["all@contoso.com", "small@contoso.com"]);
    expect(lists[0]?.source).toBe("groupCounts");
    expect(lists[1]).toMatchObject({ source: "unknown", errorCode: "graph_throttled" });
    expect(slept.length).toBeGreaterThan(0);
    expect(slept.every((ms) => ms <= 2000)).toBe(true);
    await expect(directory.expandLists(["small@contoso.com"])).rejects.toMatchObject({ code: "graph_throttled" });
  });

  it("retries a $batch lost to a network error, then succeeds", async () => {
    let failures = 1;
    const graph = miniGraph({ groups: [ALL] });
    const { directory, slept } = setup((request) => {
      if (request.url.endsWith("/$batch") && failures > 0) {
        failures -= 1;
        return "network-error";
      }
      return graph(request);
    });
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("groupCounts");
    expect(slept).toEqual([100]); // full jitter: 0.5 × 200 ms
  });

  it("retries mail tips on 503 and 504 but not on 500", async () => {
    const statuses = [503, 504];
    const graph = miniGraph({ tips: { "dyn@contoso.com": { totalMemberCount: 9 } } });
    const { directory } = setup(
      (request) => (request.url.endsWith("getMailTips") && statuses.length > 0 ? { status: statuses.shift() } : graph(request)),
      { groupCounts: false },
    );
    await expect(directory.expandLists(["dyn@contoso.com"])).resolves.toMatchObject([{ source: "mailTips" }]);

    const broken = setup((request) => (request.url.endsWith("getMailTips") ? { status: 500 } : graph(request)), { groupCounts: false });
    await expect(broken.directory.expandLists(["dyn@contoso.com"])).rejects.toMatchObject({ code: "graph_unavailable" });
    expect(broken.requests).toHaveLength(1);
  });

  it.each([
    [401, "graph_unauthorized", "rejects"],
    [403, "graph_forbidden", "unknown"],
    [400, "graph_bad_request", "unknown"],
  ])("classifies a %i on every source as %s (%s)", async (status, code, outcome) => {
    const { directory } = setup(() => ({ status, body: { error: { code: "X", message: "secret@contoso.com" } } }));
    const call = directory.expandLists(["all@contoso.com"]);
    if (outcome === "rejects") await expect(call).rejects.toMatchObject({ code });
    else await expect(call).resolves.toMatchObject([{ source: "unknown", errorCode: code }]);
  });

  it("reads a body that is not JSON as graph_bad_response", async () => {
    const { directory } = setup(() => ({ raw: "<html>proxy</html>" }));
    await expect(directory.expandLists(["all@contoso.com"])).resolves.toMatchObject([{ source: "unknown", errorCode: "graph_bad_response" }]);
  });

  it("does not wait for slow mail tips once the counts settle every list", async () => {
    const graph = miniGraph({ groups: [ALL] });
    const { directory, requests } = setup((request) => (request.url.endsWith("getMailTips") ? "hang" : graph(request)));
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("groupCounts");
    expect(requests).toHaveLength(3);
  });

  it("asks mail tips in a second round trip when a remembered group's counts fail", async () => {
    let forbid = false;
    const graph = miniGraph({ groups: [ALL], tips: { "all@contoso.com": { totalMemberCount: 30 } } });
    const { directory, requests } = setup((request) => (forbid && request.url.endsWith("/$batch") ? { status: 403 } : graph(request)));
    await directory.expandLists(["all@contoso.com"]);
    forbid = true;
    requests.length = 0;
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("mailTips");
    expect(requests.map((r) => r.url.slice(BASE.length))).toEqual(["/$batch", "/me/getMailTips"]);
  });

  it("forgets a group whose counts come back 404, and looks it up again next time", async () => {
    const group = { ...ALL };
    const { directory, requests } = setup({ groups: [group] });
    await directory.expandLists(["all@contoso.com"]);
    group.id = "g-all-recreated";
    await directory.expandLists(["all@contoso.com"]);
    requests.length = 0;
    const [list] = await directory.expandLists(["all@contoso.com"]);
    expect(list?.source).toBe("groupCounts");
    expect(requests.filter((r) => r.url.endsWith("/$batch"))).toHaveLength(2);
  });

  describe("with a deadline", () => {
    it("rejects with directory_timeout when the signal's reason is a TimeoutError", async () => {
      const { directory } = setup(() => "hang");
      const controller = new AbortController();
      const call = directory.expandLists(["all@contoso.com"], { signal: controller.signal });
      controller.abort(new DOMException("signal timed out", "TimeoutError"));
      await expect(call).rejects.toMatchObject({ code: "directory_timeout" });
    });

    it("rejects with directory_aborted for any other reason", async () => {
      const { directory } = setup(() => "hang");
      const controller = new AbortController();
      const call = directory.expandLists(["all@contoso.com"], { signal: controller.signal });
      controller.abort();
      await expect(call).rejects.toMatchObject({ code: "directory_aborted" });
    });

    it("rejects at once even when fetch ignores the signal", async () => {
      const { directory } = setup(() => "hang", {}, { ignoreSignal: true });
      const controller = new AbortController();
      const call = directory.expandLists(["all@contoso.com"], { signal: controller.signal });
      controller.abort(new Error("Timeout"));
      await expect(call).rejects.toMatchObject({ code: "directory_timeout" });
    });

    it("passes the signal to every fetch and every backoff", async () => {
      const seen: (AbortSignal | undefined)[] = [];
      const sleeps: (AbortSignal | undefined)[] = [];
      const graph = miniGraph({ groups: [ALL], tips: { "all@contoso.com": { totalMemberCount: 3 } } });
      let first = true;
      const handler: Handler = (request) => {
        if (first) {
          first = false;
          return { status: 503 };
        }
        return graph(request);
      };
      const http = fetchDouble(handler);
      const directory = new GraphDirectory({
        baseUrl: BASE,
        tokenProvider: new StaticTokenProvider("t"),
        fetch: (input, init) => {
          seen.push(init?.signal ?? undefined);
          return http.fetch(input, init);
        },
        sleep: (_ms, signal) => {
          sleeps.push(signal);
          return Promise.resolve();
        },
      });
      const controller = new AbortController();
      await directory.expandLists(["all@contoso.com"], { signal: controller.signal });
      expect(seen.length).toBeGreaterThanOrEqual(4);
      expect(seen.every((s) => s !== undefined)).toBe(true);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeDefined();
      controller.abort();
      expect(seen.every((s) => s?.aborted)).toBe(true);
    });

    it("rejects without a request when the signal has already fired", async () => {
      const { directory, requests } = setup({ groups: [ALL] });
      await expect(directory.expandLists(["all@contoso.com"], { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "directory_aborted" });
      expect(requests).toHaveLength(0);
    });
  });

  it("logs nothing", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    const { directory } = setup({ groups: [ALL], inner: () => ({ status: 429 }), outer: (r) => (r.url.endsWith("getMailTips") ? { status: 403 } : undefined) });
    await directory.expandLists(["all@contoso.com"]).catch(() => undefined);
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });
});

describe("GraphDirectory.listMembers", () => {
  const BIG: MiniGroup = {
    id: "g-big",
    mail: "big@contoso.com",
    users: [...makeUsers("Staff", 25), ...makeUsers("guest", 2, "gmail.com", "Guest"), { mail: null }],
    contacts: ["X@Partner.org"],
  };

  it("pages users and contacts to the end: lower-case mails, guests and contacts external", async () => {
    const { directory, requests } = setup({ groups: [BIG], pageSize: 10 });
    const read = await directory.listMembers("BIG@contoso.com", { budget: 1000 });
    expect(read.complete).toBe(true);
    expect(read.members).toHaveLength(28);
    expect(read.members).toContain("staff1@contoso.com");
    expect(read.external.sort()).toEqual(["guest1@gmail.com", "guest2@gmail.com", "x@partner.org"]);
    // lookup, first user page + contacts page, two more user pages
    expect(requests).toHaveLength(5);
    expect(decodeURIComponent(requests[1]?.url ?? "")).toBe(`${BASE}/groups/g-big/transitiveMembers/microsoft.graph.user?$select=mail,userType&$top=999&$count=true`);
    expect(decodeURIComponent(requests[2]?.url ?? "")).toBe(`${BASE}/groups/g-big/transitiveMembers/microsoft.graph.orgContact?$select=mail&$top=999&$count=true`);
  });

  it("stops as soon as the budget is spent", async () => {
    const { directory, requests } = setup({ groups: [BIG], pageSize: 10 });
    const read = await directory.listMembers("big@contoso.com", { budget: 10 });
    expect(read).toMatchObject({ complete: false });
    expect(read.members).toHaveLength(10);
    expect(requests).toHaveLength(3);
  });

  it("is complete when the budget equals the list's size", async () => {
    const { directory } = setup({ groups: [SMALL] });
    await expect(directory.listMembers("small@contoso.com", { budget: 5 })).resolves.toMatchObject({ complete: true });
  });

  it("never reads past the instance's memberBudget", async () => {
    const { directory } = setup({ groups: [BIG], pageSize: 10 }, { memberBudget: 4 });
    const read = await directory.listMembers("big@contoso.com", { budget: 1000 });
    expect(read.members).toHaveLength(4);
    expect(read.complete).toBe(false);
  });

  it("rejects with graph_not_found for an address that is not a group (a dynamic list)", async () => {
    const { directory } = setup({ groups: [] });
    await expect(directory.listMembers("dyn@contoso.com", { budget: 10 })).rejects.toMatchObject({ code: "graph_not_found" });
  });

  it("never follows a nextLink off Graph's origin with the token", async () => {
    const { directory, requests } = setup({
      groups: [BIG],
      outer: (r) =>
        r.url.includes("microsoft.graph.user?") ? { body: { value: [{ mail: "a@contoso.com" }], "@odata.nextLink": "https://evil.example/steal" } } : undefined,
    });
    await expect(directory.listMembers("big@contoso.com", { budget: 100 })).rejects.toMatchObject({ code: "graph_bad_response" });
    expect(requests.some((r) => r.url.startsWith("https://evil.example"))).toBe(false);
  });

  it("rejects with graph_forbidden on a 403, cause-free of addresses", async () => {
    const { directory } = setup(() => ({ status: 403, body: { error: { code: "Authorization_RequestDenied", message: "big@contoso.com" } } }));
    const failure = await directory.listMembers("big@contoso.com", { budget: 10 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "graph_forbidden", details: { status: 403, graphCode: "Authorization_RequestDenied" } });
    expect(JSON.stringify((failure as { details: unknown }).details)).not.toContain("@");
    expect((failure as Error).message).not.toContain("@");
  });

  it("rejects with directory_timeout when the deadline passes mid-enumeration", async () => {
    const graph = miniGraph({ groups: [BIG], pageSize: 10 });
    const { directory } = setup((r) => (r.url.includes("skiptoken") ? "hang" : graph(r)));
    const controller = new AbortController();
    const call = directory.listMembers("big@contoso.com", { budget: 100, signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException("late", "TimeoutError")), 5);
    await expect(call).rejects.toMatchObject({ code: "directory_timeout" });
  });
});

describe("StaticTokenProvider", () => {
  it("returns its token for any scopes and refuses when empty", async () => {
    await expect(new StaticTokenProvider("t").getToken(["a"])).resolves.toBe("t");
    await expect(new StaticTokenProvider("").getToken(["a"])).rejects.toMatchObject({ code: "token_unavailable" });
    expect(createGuardError("token_unavailable").code).toBe("token_unavailable");
  });
});
