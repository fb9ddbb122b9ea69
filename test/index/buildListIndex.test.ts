import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { listFileKey, listFilePath, readEntry, readManifest } from "../../src/directory/listIndex/listIndexFormat";
import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { buildListIndex, type BuildListIndexOptions } from "../../tools/index/buildListIndex";

const tenant = (teamMembers: string[] = ["bob@contoso.com", "guest@partner.org"]): DirectorySpec => ({
  tenantDomains: ["contoso.com"],
  users: [{ mail: "ann@contoso.com" }, { mail: "bob@contoso.com" }, { mail: "guest@partner.org", guest: true }],
  contacts: [{ mail: "x@supplier.example" }],
  groups: [
    { mail: "all@contoso.com", displayName: "All staff", aliases: ["everyone@contoso.com"], members: ["team@contoso.com", "ann@contoso.com"], generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: 3000 }] },
    { mail: "team@contoso.com", displayName: "Team", members: teamMembers },
    { mail: "suppliers@contoso.com", displayName: "Suppliers", members: ["x@supplier.example"] },
    { mail: "other@contoso.com", displayName: "Other", members: ["ann@contoso.com"] },
  ],
});

describe("the tenant list index job", () => {
  let folder: string;
  let server: FakeGraphServer;
  let clock: number;
  const sleeps: number[] = [];
  const lines: string[] = [];

  const options = (extra: Partial<BuildListIndexOptions> = {}): BuildListIndexOptions => ({
    graphBaseUrl: server.url,
    tokenProvider: new StaticTokenProvider("job"),
    outDir: join(folder, "site", "list-index"),
    statePath: join(folder, "list-index.state.json"),
    now: () => clock,
    // Waiting is moving the clock: the fake's throttling window runs on the same clock.
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    progress: (line) => lines.push(line),
    ...extra,
  });

  const entryFor = async (address: string) => {
    const out = join(folder, "site", "list-index");
    const manifest = readManifest(JSON.parse(await readFile(join(out, "index.json"), "utf8")));
    if (!manifest) throw new Error("no manifest");
    return readEntry(JSON.parse(await readFile(join(out, listFilePath(listFileKey(manifest.salt, address))), "utf8")));
  };

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "guard-index-test-"));
    clock = Date.parse("2026-12-01T02:00:00Z");
    sleeps.length = 0;
    lines.length = 0;
  });
  afterEach(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("publishes every list under every address with transitive counts and outsiders' domains, and no address anywhere", async () => {
    server = await startFakeGraph({ directory: tenant(), now: () => clock });
    const summary = await buildListIndex(options());
    expect(summary).toMatchObject({ lists: 4, fullRun: true, failed: 0 });
    expect(await entryFor("all@contoso.com")).toMatchObject({ people: 3003, external: 1, externalDomains: ["partner.org"], basis: "groupCounts" });
    expect(await entryFor("Everyone@contoso.com")).toEqual(await entryFor("all@contoso.com"));
    expect(await entryFor("suppliers@contoso.com")).toMatchObject({ people: 1, external: 1, externalDomains: ["supplier.example"] });
    const names = await readdir(join(folder, "site", "list-index", "lists"));
    expect(names.length + 1).toBe(summary.files);
    expect(Math.log2(names.length + 1) % 1).toBe(0);
    for (const name of names) {
      const text = await readFile(join(folder, "site", "list-index", "lists", name), "utf8");
      expect(text).not.toContain("@");
      expect(text.length % 512).toBe(0);
    }
    expect(await readFile(join(folder, "site", "list-index", "index.json"), "utf8")).not.toContain("@");
    expect(summary.graphResourceUnits).toBe(server.resourceUnits);
  });

  it("on the next run follows the delta link and recounts the changed list and the lists containing it only", async () => {
    server = await startFakeGraph({ directory: tenant(), now: () => clock });
    await buildListIndex(options());
    const before = await entryFor("other@contoso.com");
    clock += 3_600_000;
    server.load(tenant(["bob@contoso.com"]));
    const summary = await buildListIndex(options());
    expect(summary).toMatchObject({ fullRun: false, recounted: 2, failed: 0 });
    expect(await entryFor("team@contoso.com")).toMatchObject({ people: 1, external: 0, externalDomains: [] });
    expect(await entryFor("all@contoso.com")).toMatchObject({ people: 3002, external: 0, asOf: new Date(clock).toISOString() });
    expect(await entryFor("other@contoso.com")).toEqual(before);
  });

  it("recounts lists past refreshAfterHours even when the delta says nothing changed", async () => {
    server = await startFakeGraph({ directory: tenant(), now: () => clock });
    await buildListIndex(options());
    clock += 25 * 3_600_000;
    expect(await buildListIndex(options({ refreshAfterHours: 24 }))).toMatchObject({ recounted: 4, fullRun: false });
  });

  it("starts over when the delta link is refused", async () => {
    server = await startFakeGraph({ directory: tenant(), now: () => clock });
    await buildListIndex(options());
    const statePath = join(folder, "list-index.state.json");
    const state = JSON.parse(await readFile(statePath, "utf8")) as { deltaLink: string };
    state.deltaLink = `${server.url}/groups/delta?$deltatoken=expired`;
    await writeFile(statePath, JSON.stringify(state));
    expect(await buildListIndex(options())).toMatchObject({ fullRun: true, lists: 4, failed: 0 });
    expect(lines.some((l) => l.includes("refused"))).toBe(true);
  });

  it("waits out throttling as Retry-After asks, says so, and still builds every list", async () => {
    server = await startFakeGraph({ directory: tenant(), network: { resourceUnitBudget: 30 }, now: () => clock });
    const summary = await buildListIndex(options());
    expect(summary).toMatchObject({ lists: 4, failed: 0 });
    expect(sleeps.some((ms) => ms >= 1000)).toBe(true);
    expect(lines.some((l) => l.startsWith("throttled"))).toBe(true);
  });

  it("removes a deleted list's files on the next run", async () => {
    server = await startFakeGraph({ directory: tenant(), now: () => clock });
    await buildListIndex(options());
    const spec = tenant();
    server.load({ ...spec, groups: (spec.groups ?? []).filter((g) => g.mail !== "other@contoso.com") });
    expect(await buildListIndex(options())).toMatchObject({ lists: 3 });
    await expect(entryFor("other@contoso.com")).rejects.toThrow();
  });
});

describe("the tenant list index job without permission to read outsiders' addresses", () => {
  it("does not publish a list whose outsiders' domains it cannot read, and says it failed", async () => {
    const folder = await mkdtemp(join(tmpdir(), "guard-index-test-"));
    const server = await startFakeGraph({ directory: { ...tenant(), consent: { users: false, contacts: false } } });
    try {
      const summary = await buildListIndex({ graphBaseUrl: server.url, tokenProvider: new StaticTokenProvider("job"), outDir: join(folder, "out"), statePath: join(folder, "state.json") });
      expect(summary.failed).toBeGreaterThan(0);
      expect(summary.lists).toBe(4 - summary.failed);
    } finally {
      await server.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
