import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec, NetworkSpec } from "../../tools/fake-graph/types";
import { CachingDirectory } from "../../src/directory/CachingDirectory";
import { GraphDirectory, type GraphDirectoryOptions } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";

/**
 * GraphDirectory against the fake Graph server on loopback: real HTTP, real `$batch`, paging,
 * consent, faults and hangs. Request counts come from the server (`$batch` counts once).
 */

let server: FakeGraphServer;
let slept: number[];

beforeAll(async () => {
  server = await startFakeGraph();
});

afterAll(async () => {
  await server.close();
});

function directoryFor(directory: DirectorySpec, network?: NetworkSpec, options: Partial<GraphDirectoryOptions> = {}): GraphDirectory {
  server.load(directory, network);
  server.resetRequestCount();
  slept = [];
  return new GraphDirectory({
    baseUrl: server.url,
    tokenProvider: new StaticTokenProvider("test-token"),
    random: () => 0.5,
    sleep: (ms, signal) => {
      slept.push(ms);
      return signal?.aborted ? Promise.reject(new Error("aborted")) : Promise.resolve();
    },
    ...options,
  });
}

const exact = (n: number) => ({ lower: n, upper: n });
const atLeast = (n: number) => ({ lower: n, upper: Infinity });

const CONTOSO = { tenantDomains: ["contoso.com"] };

describe("GraphDirectory on the fake Graph server", () => {
  it("counts an 840,000-member list in three requests, reading no page past the first; warm, in one", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      groups: [{ mail: "everyone@contoso.com", displayName: "Everyone", generate: [{ pattern: "user{n}@contoso.com", from: 1, count: 840_000 }] }],
    });
    const started = Date.now();
    const [list] = await directory.expandLists(["everyone@contoso.com"]);
    // Guests and contacts are counted (none); members outside the tenant's domains could exist among the unread.
    expect(list).toEqual({ address: "everyone@contoso.com", displayName: "Everyone", people: exact(840_000), external: { lower: 0, upper: 840_000 }, source: "groupCounts" });
    expect(server.requestCount).toBe(3);
    expect(server.requestLog.some((entry) => entry.path.includes("$skiptoken") || entry.batch?.some((p) => p.path.includes("$skiptoken")))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);

    server.resetRequestCount();
    await expect(directory.expandLists(["everyone@contoso.com"])).resolves.toMatchObject([{ people: exact(840_000) }]);
    expect(server.requestCount).toBe(1);
  });

  it("batches many lists: 50 addresses per getMailTips, 20 requests per $batch, two round trips", async () => {
    const groups = Array.from({ length: 45 }, (_, i) => ({
      mail: `team${i}@contoso.com`,
      generate: [{ pattern: `t${i}m{n}@contoso.com`, from: 1, count: i + 1 }],
    }));
    const directory = directoryFor({ ...CONTOSO, groups });
    const lists = await directory.expandLists(groups.map((g) => g.mail));
    expect(lists.map((l) => l.people.lower)).toEqual(groups.map((_, i) => i + 1));
    // Each list's first page held all its members: enumerated with the counts.
    expect(lists.every((l) => l.source === "enumerated")).toBe(true);
    // 1 getMailTips + ⌈45/20⌉ = 3 lookup batches + ⌈135/20⌉ = 7 listing batches
    expect(server.requestCount).toBe(11);
    const batches = server.requestLog.filter((e) => e.batch);
    expect(batches.every((e) => (e.batch?.length ?? 0) <= 20)).toBe(true);
  });

  it("pages a list's members 999 at a time, following @odata.nextLink", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      contacts: [{ mail: "Ext@Partner.org" }],
      groups: [{ mail: "big@contoso.com", members: ["ext@partner.org"], generate: [{ pattern: "Staff{n}@contoso.com", from: 1, count: 2500 }] }],
    });
    const read = await directory.listMembers("big@contoso.com", { budget: 10_000 });
    expect(read.complete).toBe(true);
    expect(read.members).toHaveLength(2501);
    expect(new Set(read.members).size).toBe(2501);
    expect(read.members).toContain("staff2500@contoso.com");
    expect(read.external).toEqual(["ext@partner.org"]);
    // lookup, users ×3 pages, contacts ×1
    expect(server.requestCount).toBe(5);
  });

  it("stops listing members as soon as the budget is spent", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      groups: [{ mail: "big@contoso.com", generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: 50_000 }] }],
    });
    const read = await directory.listMembers("big@contoso.com", { budget: 1500 });
    expect(read.complete).toBe(false);
    expect(read.members).toHaveLength(1500);
    // lookup, first users page + first contacts page, second users page: then the budget is spent
    expect(server.requestCount).toBe(4);
  });

  it("retries throttled counts, re-sending only those, and succeeds", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] }] },
      { faults: [{ path: "transitiveMembers", status: 429, times: 2 }] },
    );
    const [list] = await directory.expandLists(["team@contoso.com"]);
    expect(list).toMatchObject({ source: "enumerated", people: exact(12) });
    // getMailTips, lookup, counts, the two throttled counts again
    expect(server.requestCount).toBe(4);
    expect(server.requestLog[3]?.batch).toHaveLength(2);
    expect(slept).toEqual([1000]); // Retry-After: 1 is readable inside $batch; used, below the 2 s cap
  });

  it("retries a throttled getMailTips and a 503 on $batch with real (zero-length) backoff", async () => {
    server.load({ ...CONTOSO, groups: [{ mail: "dyn@contoso.com", dynamic: true, generate: [{ pattern: "d{n}@contoso.com", from: 1, count: 30 }] }] }, {
      faults: [
        { path: "getMailTips", status: 429, times: 1 },
        { path: "^/v1\\.0/\\$batch", status: 503, times: 1 },
      ],
    });
    server.resetRequestCount();
    const directory = new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider("t"), retry: { baseDelayMs: 0, maxDelayMs: 0 } });
    const [list] = await directory.expandLists(["dyn@contoso.com"]);
    expect(list).toMatchObject({ source: "mailTips", people: atLeast(30), mayBeStale: true });
    expect(server.requestCount).toBe(4);
  });

  it("falls back to mail tips when counts stay throttled past the retries", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] }] },
      { faults: [{ path: "transitiveMembers", status: 429, times: 100 }] },
    );
    const [list] = await directory.expandLists(["team@contoso.com"]);
    expect(list).toMatchObject({ source: "mailTips", people: atLeast(12), mayBeStale: true });
    expect(slept).toHaveLength(2); // 3 attempts
    expect(server.requestCount).toBe(2 + 3);
  });

  it("rejects with graph_throttled when every source stays throttled", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] }] },
      { faults: [{ path: ".", status: 429, times: 100 }] },
    );
    await expect(directory.expandLists(["team@contoso.com"])).rejects.toMatchObject({ code: "graph_throttled" });
  });

  it("ends a hanging directory at the deadline with directory_timeout", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "project-x@contoso.com", generate: [{ pattern: "px{n}@contoso.com", from: 1, count: 12 }] }] },
      { hang: ["."] },
      { sleep: undefined },
    );
    const started = Date.now();
    await expect(directory.expandLists(["project-x@contoso.com"], { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ code: "directory_timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("ends a backoff at the deadline rather than sleeping through it", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] }] },
      { faults: [{ path: ".", status: 429, times: 100 }] },
      { sleep: undefined, retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } },
    );
    const started = Date.now();
    await expect(directory.expandLists(["team@contoso.com"], { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ code: "directory_timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("does not wait for a hanging getMailTips when group counts answer", async () => {
    const directory = directoryFor(
      { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] }] },
      { hang: ["getMailTips"] },
    );
    const [list] = await directory.expandLists(["team@contoso.com"], { signal: AbortSignal.timeout(2000) });
    expect(list).toMatchObject({ source: "enumerated", people: exact(12) });
  });

  describe("consent", () => {
    const team = { mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 12 }] };

    it("uses group counts when Mail.Read is not consented (getMailTips 403)", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [team], consent: { mail: false } });
      await expect(directory.expandLists(["team@contoso.com"])).resolves.toMatchObject([{ source: "enumerated", people: exact(12) }]);
    });

    it("uses mail tips when GroupMember.Read.All is not consented (/groups 403)", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [team], consent: { groups: false } });
      const [list] = await directory.expandLists(["team@contoso.com"]);
      // Sized by the fallback, and marked: the policy's directoryFailure decides.
      expect(list).toEqual({ address: "team@contoso.com", displayName: "team", people: atLeast(12), external: atLeast(0), source: "mailTips", mayBeStale: true, errorCode: "graph_forbidden" });
      expect(server.requestCount).toBe(2);
    });

    it("reports the list unknown (graph_forbidden), never zero, when neither is consented", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [team], consent: { mail: false, groups: false } });
      await expect(directory.expandLists(["team@contoso.com"])).resolves.toEqual([
        { address: "team@contoso.com", people: atLeast(0), external: atLeast(0), source: "unknown", errorCode: "graph_forbidden" },
      ]);
    });

    it("rejects listMembers with graph_forbidden", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [team], consent: { groups: false } });
      await expect(directory.listMembers("team@contoso.com", { budget: 100 })).rejects.toMatchObject({ code: "graph_forbidden" });
    });
  });

  describe("group metrics", () => {
    const big = { mail: "big@contoso.com", generate: [{ pattern: "b{n}@contoso.com", from: 1, count: 500 }] };

    it("prefers exact counts over stale mail tips, without calling them stale", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [{ ...big, mailTips: { totalMemberCount: 12, externalMemberCount: 0 } }] });
      const [list] = await directory.expandLists(["big@contoso.com"]);
      expect(list).toMatchObject({ address: "big@contoso.com", people: exact(500), external: { lower: 0, upper: 500 }, source: "groupCounts" });
      expect(list?.mayBeStale).toBeUndefined();
    });

    it("marks stale mail tips as a lower bound that may be stale when they are the only source", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [{ ...big, mailTips: { totalMemberCount: 12, externalMemberCount: 3 } }], consent: { groups: false } });
      const [list] = await directory.expandLists(["big@contoso.com"]);
      expect(list).toMatchObject({ source: "mailTips", people: atLeast(12), external: atLeast(3), mayBeStale: true });
    });

    it("ignores missing metrics when counts are there", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [{ ...big, mailTips: false }] });
      await expect(directory.expandLists(["big@contoso.com"])).resolves.toMatchObject([{ source: "groupCounts", people: exact(500) }]);
    });

    it("reports a list unknown when metrics are missing and counts impossible", async () => {
      const directory = directoryFor({ ...CONTOSO, groups: [{ ...big, mailTips: false, dynamic: true }] });
      await expect(directory.expandLists(["big@contoso.com"])).resolves.toMatchObject([
        { source: "unknown", people: atLeast(0), external: atLeast(0), errorCode: "graph_not_found" },
      ]);
    });
  });

  it("sizes a dynamic list from mail tips alone, in one round trip", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      groups: [{ mail: "all-managers@contoso.com", displayName: "All managers", dynamic: true, generate: [{ pattern: "mgr{n}@contoso.com", from: 1, count: 240 }] }],
    });
    const [list] = await directory.expandLists(["all-managers@contoso.com"]);
    expect(list).toMatchObject({ source: "mailTips", people: atLeast(240), mayBeStale: true });
    expect(server.requestCount).toBe(2); // getMailTips and the lookup batch, side by side
    await expect(directory.listMembers("all-managers@contoso.com", { budget: 1000 })).rejects.toMatchObject({ code: "graph_not_found" });
  });

  it("counts lists that contain each other once per person (cycles)", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      groups: [
        { mail: "engineering@contoso.com", members: ["platform@contoso.com"], generate: [{ pattern: "eng{n}@contoso.com", from: 1, count: 200 }] },
        { mail: "platform@contoso.com", members: ["engineering@contoso.com"], generate: [{ pattern: "eng{n}@contoso.com", from: 101, count: 300 }] },
      ],
    });
    const lists = await directory.expandLists(["engineering@contoso.com", "platform@contoso.com"]);
    expect(lists.map((l) => l.people)).toEqual([exact(400), exact(400)]);
    expect(server.requestCount).toBe(3);
    const read = await directory.listMembers("platform@contoso.com", { budget: 1000 });
    expect(read).toMatchObject({ complete: true });
    expect(read.members).toHaveLength(400);
  });

  it("counts guests, outside-domain users and mail contacts inside lists as external", async () => {
    const directory = directoryFor({
      ...CONTOSO,
      users: [{ mail: "a@contoso.com" }, { mail: "guest@gmail.com", guest: true }, { mail: "guest2@contoso.com", guest: true }],
      contacts: [{ mail: "x@partner.org" }, { mail: "y@partner.org" }],
      groups: [
        { mail: "inner@contoso.com", members: ["y@partner.org", "stranger@fabrikam.com"] },
        { mail: "mixed@contoso.com", members: ["a@contoso.com", "guest@gmail.com", "guest2@contoso.com", "x@partner.org", "inner@contoso.com"] },
      ],
    });
    const [list] = await directory.expandLists(["mixed@contoso.com"]);
    // people: a, guest, guest2, stranger (users) + x, y (contacts), all read with the counts; guests and
    // contacts are outsiders by type (the fake makes the undeclared stranger a guest); the check judges domains.
    expect(list).toMatchObject({ source: "enumerated", people: exact(6), external: { lower: 5, upper: 6 } });
    expect(list?.members?.slice().sort()).toEqual(["a@contoso.com", "guest2@contoso.com", "guest@gmail.com", "stranger@fabrikam.com", "x@partner.org", "y@partner.org"]);
    const read = await directory.listMembers("mixed@contoso.com", { budget: 100 });
    expect(read.members.sort()).toEqual(["a@contoso.com", "guest2@contoso.com", "guest@gmail.com", "stranger@fabrikam.com", "x@partner.org", "y@partner.org"]);
    expect(read.external.sort()).toEqual(["guest2@contoso.com", "guest@gmail.com", "stranger@fabrikam.com", "x@partner.org", "y@partner.org"]);
  });

  it("spares the guests' count where the policy lets it (countPlan): 4 units less, outsiders an open bound, never zero", async () => {
    const spec = {
      ...CONTOSO,
      users: [{ mail: "g1@gmail.com", guest: true }, { mail: "g2@fabrikam.com", guest: true }],
      groups: [{ mail: "big@contoso.com", members: ["g1@gmail.com", "g2@fabrikam.com"], generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 300 }] }],
    };
    const guestListings = () => server.requestLog.flatMap((entry) => entry.batch ?? []).filter((part) => decodeURIComponent(part.path).includes("userType eq 'Guest'"));
    const full = directoryFor(spec);
    const [counted] = await full.expandLists(["big@contoso.com"]);
    const fullUnits = server.resourceUnits;
    expect(guestListings()).toHaveLength(1);
    expect(counted).toMatchObject({ source: "groupCounts", people: exact(302), external: { lower: 2, upper: 302 } });

    const spared = directoryFor(spec, undefined, { countOutsiders: false });
    const [list] = await spared.expandLists(["big@contoso.com"]);
    expect(guestListings()).toEqual([]);
    expect(server.resourceUnits).toBe(fullUnits - 4);
    expect(list?.people).toEqual(exact(302));
    expect(list?.errorCode).toBeUndefined();
    // Only the guests that came on the users' page are known: the rest of the bound stays open.
    expect(list?.external.upper).toBe(302);
    expect(list?.external.lower).toBeLessThanOrEqual(2);
  });

  it("reads $count bodies that $batch base64-encodes", async () => {
    const encoded = await startFakeGraph({
      directory: { ...CONTOSO, groups: [{ mail: "team@contoso.com", generate: [{ pattern: "p{n}@contoso.com", from: 1, count: 77 }] }] },
      batchTextEncoding: "base64",
    });
    try {
      const directory = new GraphDirectory({ baseUrl: encoded.url, tokenProvider: new StaticTokenProvider("t") });
      await expect(directory.expandLists(["team@contoso.com"])).resolves.toMatchObject([{ source: "enumerated", people: exact(77) }]);
    } finally {
      await encoded.close();
    }
  });

  it("says an address no group has and mail tips count as one recipient is not a list", async () => {
    const directory = directoryFor({ ...CONTOSO });
    const [list] = await directory.expandLists(["nobody-list@contoso.com"]);
    expect(list).toMatchObject({ notAList: true, people: exact(1) });
    expect(list?.errorCode).toBeUndefined();
  });

  it("shares HTTP work between overlapping calls through CachingDirectory", async () => {
    const graph = directoryFor({
      ...CONTOSO,
      groups: [
        { mail: "a@contoso.com", generate: [{ pattern: "a{n}@contoso.com", from: 1, count: 10 }] },
        { mail: "b@contoso.com", generate: [{ pattern: "b{n}@contoso.com", from: 1, count: 20 }] },
      ],
    });
    const cached = new CachingDirectory({ directory: graph });
    const [one, two] = await Promise.all([cached.expandLists(["a@contoso.com", "b@contoso.com"]), cached.expandLists(["b@contoso.com", "a@contoso.com"])]);
    expect(one.map((l) => l.people.lower)).toEqual([10, 20]);
    expect(two.map((l) => l.people.lower)).toEqual([20, 10]);
    expect(server.requestCount).toBe(3);
    await cached.expandLists(["a@contoso.com"]);
    expect(server.requestCount).toBe(3);
  });
});
