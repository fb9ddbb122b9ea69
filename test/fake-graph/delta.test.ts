import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { DELTA_PAGE_OBJECTS } from "../../tools/fake-graph/routeDelta";
import { call, type CallResult, type GraphErrorBody } from "./graphCall";

interface DeltaPage {
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
  value: Record<string, unknown>[];
}

const tenant = (extra: Partial<DirectorySpec> = {}): DirectorySpec => ({
  tenantDomains: ["contoso.com"],
  users: [{ mail: "ann@contoso.com" }, { mail: "bob@contoso.com" }],
  groups: [
    { mail: "all@contoso.com", displayName: "All", members: ["team@contoso.com", "ann@contoso.com"], generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: DELTA_PAGE_OBJECTS + 500 }] },
    { mail: "team@contoso.com", displayName: "Team", members: ["bob@contoso.com"] },
    { mail: "oncall@contoso.com", displayName: "On call", dynamic: true },
  ],
  ...extra,
});

/** Follows nextLinks to the end of a round; returns every page. */
async function round(server: FakeGraphServer, start: string): Promise<DeltaPage[]> {
  const pages: DeltaPage[] = [];
  let url: string | undefined = start;
  while (url !== undefined) {
    const result: CallResult<DeltaPage> = await call<DeltaPage>(server, url);
    expect(result.status).toBe(200);
    pages.push(result.body);
    url = result.body["@odata.nextLink"];
  }
  return pages;
}

function membersOf(pages: readonly DeltaPage[], id: string): Record<string, unknown>[] {
  return pages.flatMap((p) => p.value.filter((g) => g.id === id).flatMap((g) => (g["members@delta"] as Record<string, unknown>[] | undefined) ?? []));
}

describe("fake Graph: GET /groups/delta", () => {
  let server: FakeGraphServer;
  beforeEach(async () => {
    server = await startFakeGraph({ directory: tenant() });
  });
  afterEach(() => server.close());

  it("returns every visible group across pages, a large group's members split over pages, then a deltaLink", async () => {
    const pages = await round(server, "/groups/delta?$select=id,mail,displayName,members");
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.slice(0, -1).every((p) => p["@odata.deltaLink"] === undefined && p["@odata.nextLink"] !== undefined)).toBe(true);
    expect(pages[pages.length - 1]?.["@odata.deltaLink"]).toMatch(/\/groups\/delta\?\$deltatoken=/);
    const groups = new Map(pages.flatMap((p) => p.value).map((g) => [g.mail, g]));
    expect([...groups.keys()].sort()).toEqual(["all@contoso.com", "team@contoso.com"]);
    const all = groups.get("all@contoso.com") as Record<string, unknown>;
    const members = membersOf(pages, all.id as string);
    expect(members.length).toBe(DELTA_PAGE_OBJECTS + 500 + 2);
    expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
    expect(members.filter((m) => m["@odata.type"] === "#microsoft.graph.group").length).toBe(1);
    expect(Object.keys(all).sort()).toEqual(["displayName", "id", "mail", "members@delta"]);
    // Only ids and types: delta never hands out member addresses.
    expect(members.every((m) => Object.keys(m).sort().join() === "@odata.type,id")).toBe(true);
  });

  it("carries $select in the tokens: later links have no options of their own", async () => {
    const pages = await round(server, "/groups/delta?$select=id,mail");
    const link = pages[pages.length - 1]?.["@odata.deltaLink"] as string;
    expect(new URL(link).searchParams.has("$select")).toBe(false);
    const refused = await call<GraphErrorBody>(server, `${link}&$select=id`);
    expect(refused.status).toBe(400);
    expect(pages.flatMap((p) => p.value).every((g) => g["members@delta"] === undefined)).toBe(true);
  });

  it("returns nothing but a new deltaLink when nothing changed", async () => {
    const first = await round(server, "/groups/delta?$select=id,mail,members");
    const again = await round(server, first[first.length - 1]?.["@odata.deltaLink"] as string);
    expect(again).toHaveLength(1);
    expect(again[0]?.value).toEqual([]);
    expect(again[0]?.["@odata.deltaLink"]).toBeDefined();
  });

  it("after a change returns only changed groups, removed members and deleted groups", async () => {
    const first = await round(server, "/groups/delta?$select=id,mail,members");
    const ids = new Map(first.flatMap((p) => p.value).map((g) => [g.mail, g.id as string]));
    server.load({
      ...tenant(),
      groups: [
        { mail: "all@contoso.com", displayName: "All", members: ["team@contoso.com", "ann@contoso.com"], generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: DELTA_PAGE_OBJECTS + 500 }] },
        { mail: "team@contoso.com", displayName: "Team", members: ["ann@contoso.com"] },
      ],
    });
    const next = await round(server, first[first.length - 1]?.["@odata.deltaLink"] as string);
    const changed = next.flatMap((p) => p.value);
    expect(changed.map((g) => g.mail)).toEqual(["team@contoso.com"]);
    const removed = membersOf(next, ids.get("team@contoso.com") as string).filter((m) => m["@removed"] !== undefined);
    expect(removed).toHaveLength(1);

    server.load({ ...tenant(), groups: [{ mail: "all@contoso.com", displayName: "All", members: ["ann@contoso.com"] }] });
    const last = await round(server, next[next.length - 1]?.["@odata.deltaLink"] as string);
    const items = last.flatMap((p) => p.value);
    expect(items.find((g) => g.id === ids.get("team@contoso.com"))).toEqual({ id: ids.get("team@contoso.com"), "@removed": { reason: "changed" } });
    expect(items.find((g) => g.id === ids.get("all@contoso.com"))).toBeDefined();
  });

  it("refuses a skip token from before load(), an unknown delta token and options it does not know", async () => {
    const { body } = await call<DeltaPage>(server, "/groups/delta?$select=id,members");
    const next = body["@odata.nextLink"] as string;
    server.load(tenant());
    expect((await call(server, next)).status).toBe(400);
    expect((await call(server, "/groups/delta?$deltatoken=bm9wZQ")).status).toBe(400);
    expect((await call<GraphErrorBody>(server, "/groups/delta?$filter=mailEnabled eq true")).body.error.code).toBe("Request_UnsupportedQuery");
    expect((await call(server, "/groups/delta?$select=nonsense")).status).toBe(400);
  });

  it("is refused without consent to groups, and costs one resource unit a page", async () => {
    server.resetRequestCount();
    await round(server, "/groups/delta?$select=id");
    expect(server.resourceUnits).toBe(server.requestCount);
    server.load(tenant({ consent: { groups: false } }));
    expect((await call(server, "/groups/delta")).status).toBe(403);
  });
});
