import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import { objectIdFor } from "../../tools/fake-graph/FakeTenant";
import { call, countMembers, groupId, walk, type GraphErrorBody } from "./graphCall";
import { ENGINEERING, EVERYONE, SALES, nestedTenant } from "./tenantFixture";

describe("fake Graph: /groups/{id}/transitiveMembers", () => {
  let server: FakeGraphServer;
  let everyone: string;
  let engineering: string;
  let platform: string;
  let sales: string;

  beforeAll(async () => {
    server = await startFakeGraph({ directory: nestedTenant });
    everyone = await groupId(server, "everyone@contoso.com");
    engineering = await groupId(server, "engineering@contoso.com");
    platform = await groupId(server, "platform@contoso.com");
    sales = await groupId(server, "sales@contoso.com");
  });
  afterAll(() => server.close());

  describe("/$count", () => {
    it("counts every person once, through nesting, per cast", async () => {
      expect(await countMembers(server, everyone)).toBe(EVERYONE.all);
      expect(await countMembers(server, everyone, "microsoft.graph.user")).toBe(EVERYONE.users);
      expect(await countMembers(server, everyone, "microsoft.graph.orgContact")).toBe(EVERYONE.contacts);
      expect(await countMembers(server, everyone, "microsoft.graph.group")).toBe(EVERYONE.groups);
    });

    it("answers text/plain with the bare integer", async () => {
      const result = await call<undefined>(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user/$count`, { eventual: true });
      expect(result.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(result.text).toBe(String(EVERYONE.users));
    });

    it("accepts $count written as %24count", async () => {
      const result = await call<undefined>(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user/%24count`, { eventual: true });
      expect(result.text).toBe(String(EVERYONE.users));
    });

    it("refuses $count without ConsistencyLevel: eventual, like Graph", async () => {
      const result = await call<GraphErrorBody>(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user/$count`);
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe("Request_BadRequest");
      expect(result.body.error.message).toBe("$count is not currently supported.");
    });

    it("counts guests and members with a userType filter", async () => {
      const guests = encodeURIComponent("userType eq 'Guest'");
      const members = encodeURIComponent("userType eq 'Member'");
      expect(await countMembers(server, everyone, "microsoft.graph.user", `?$filter=${guests}`)).toBe(EVERYONE.guests);
      expect(await countMembers(server, everyone, "microsoft.graph.user", `?$filter=${members}`)).toBe(EVERYONE.users - EVERYONE.guests);
      expect(await countMembers(server, engineering, "microsoft.graph.user", `?$filter=${guests}`)).toBe(ENGINEERING.guests);
    });

    it("terminates on cycles and gives both groups of a cycle the same people", async () => {
      expect(await countMembers(server, engineering, "microsoft.graph.user")).toBe(ENGINEERING.users);
      expect(await countMembers(server, platform, "microsoft.graph.user")).toBe(ENGINEERING.users);
      expect(await countMembers(server, engineering)).toBe(ENGINEERING.all);
    });

    it("does not expand a dynamic list nested in a static one", async () => {
      expect(await countMembers(server, sales, "microsoft.graph.user")).toBe(SALES.users);
    });

    it("counts an empty group as 0", async () => {
      expect(await countMembers(server, await groupId(server, "empty@contoso.com"))).toBe(0);
    });
  });

  describe("listing", () => {
    it("pages through the whole list exactly once, matching $count", async () => {
      for (const top of [999, 37]) {
        const { items, pages } = await walk(server, `/groups/${everyone}/transitiveMembers?$top=${top}&$select=id,mail`);
        expect(items).toHaveLength(EVERYONE.all);
        expect(pages).toBe(Math.ceil(EVERYONE.all / top));
        expect(new Set(items.map((i) => i.id)).size).toBe(EVERYONE.all);
        const mails = items.filter((i) => i["@odata.type"] !== "#microsoft.graph.group").map((i) => String(i.mail).toLowerCase());
        expect(new Set(mails).size).toBe(EVERYONE.users + EVERYONE.contacts);
      }
    });

    it("uses 100 as the default page size and an absolute nextLink that keeps the options", async () => {
      const result = await call(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user?$select=mail&$count=true`, { eventual: true });
      expect(result.body.value).toHaveLength(100);
      const next = result.body["@odata.nextLink"] ?? "";
      expect(next.startsWith(`${server.url}/groups/${everyone}/transitiveMembers/microsoft.graph.user?`)).toBe(true);
      expect(new URL(next).searchParams.get("$select")).toBe("mail");
      expect(new URL(next).searchParams.get("$count")).toBe("true");
      expect(new URL(next).searchParams.get("$skiptoken")).toBeTruthy();
    });

    it("omits nextLink on the last page", async () => {
      const result = await call(server, `/groups/${engineering}/transitiveMembers?$top=999`);
      expect(result.body.value).toHaveLength(ENGINEERING.all);
      expect(result.body["@odata.nextLink"]).toBeUndefined();
    });

    it.each(["0", "1000", "-5", "ten"])("refuses $top=%s", async (top) => {
      const result = await call<GraphErrorBody>(server, `/groups/${everyone}/transitiveMembers?$top=${top}`);
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe("Request_BadRequest");
    });

    it("refuses a skip token it did not issue, and one from before a reload", async () => {
      const forged = await call<GraphErrorBody>(server, `/groups/${everyone}/transitiveMembers?$skiptoken=bm9wZQ`);
      expect(forged.status).toBe(400);
      const first = await call(server, `/groups/${everyone}/transitiveMembers?$top=5`);
      const next = first.body["@odata.nextLink"] as string;
      expect((await call(server, next)).status).toBe(200);
      server.load(nestedTenant);
      expect((await call(server, next)).status).toBe(400);
    });

    it("refuses a skip token from another listing", async () => {
      const first = await call(server, `/groups/${everyone}/transitiveMembers?$top=5`);
      const token = new URL(first.body["@odata.nextLink"] as string).searchParams.get("$skiptoken") as string;
      const result = await call(server, `/groups/${engineering}/transitiveMembers?$top=5&$skiptoken=${token}`);
      expect(result.status).toBe(400);
    });

    it("types untyped members and lists nested groups as #microsoft.graph.group", async () => {
      const { items } = await walk(server, `/groups/${everyone}/transitiveMembers?$top=999`);
      const types = new Map<unknown, number>();
      for (const item of items) types.set(item["@odata.type"], (types.get(item["@odata.type"]) ?? 0) + 1);
      expect(Object.fromEntries(types)).toEqual({ "#microsoft.graph.user": EVERYONE.users, "#microsoft.graph.orgContact": EVERYONE.contacts, "#microsoft.graph.group": EVERYONE.groups });
      expect(items.filter((i) => i["@odata.type"] === "#microsoft.graph.group").map((i) => i.mail)).toEqual(
        expect.arrayContaining(["engineering@contoso.com", "sales@contoso.com", "platform@contoso.com"]),
      );
    });

    it("returns userType only when selected, and marks guests by flag or by domain", async () => {
      const plain = await call(server, `/groups/${engineering}/transitiveMembers/microsoft.graph.user?$top=999&$count=true`, { eventual: true });
      expect(plain.body.value[0]).not.toHaveProperty("userType");
      const { items } = await walk(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user?$select=mail,userType,id&$top=999&$count=true`, { eventual: true });
      expect(Object.keys(items[0] ?? {})).toEqual(["mail", "userType", "id"]);
      const guests = items.filter((i) => i.userType === "Guest").map((i) => String(i.mail).toLowerCase());
      expect(guests.sort()).toEqual(["g@gmail.com", "gina@contoso.com", "staff7@contoso.com", "stranger@outlook.com"]);
    });

    it("lists only guests with the userType filter when the request is an advanced query", async () => {
      const query = `?$filter=${encodeURIComponent("userType eq 'Guest'")}&$count=true&$select=mail`;
      const result = await call(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user${query}`, { eventual: true });
      expect(result.status).toBe(200);
      expect(result.body["@odata.count"]).toBe(EVERYONE.guests);
      expect(result.body.value).toHaveLength(EVERYONE.guests);
    });

    it("refuses the userType filter without ConsistencyLevel and $count=true", async () => {
      const filter = `$filter=${encodeURIComponent("userType eq 'Guest'")}`;
      expect((await call(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user?${filter}`, { eventual: true })).status).toBe(400);
      expect((await call(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user?${filter}&$count=true`)).status).toBe(400);
    });

    it("adds @odata.count only with ConsistencyLevel: eventual, and ignores $count=true without it", async () => {
      const withHeader = await call(server, `/groups/${everyone}/transitiveMembers?$count=true&$top=1`, { eventual: true });
      expect(withHeader.body["@odata.count"]).toBe(EVERYONE.all);
      const without = await call(server, `/groups/${everyone}/transitiveMembers?$count=true&$top=1`);
      expect(without.status).toBe(200);
      expect(without.body).not.toHaveProperty("@odata.count");
    });

    it.each([
      ["/transitiveMembers/microsoft.graph.user", "mail eq 'alice@contoso.com'", "Request_UnsupportedQuery"],
      // Org contacts have no userType in Graph's metadata: a property the type lacks.
      ["/transitiveMembers/microsoft.graph.orgContact", "userType eq 'Guest'", "Request_BadRequest"],
      ["/transitiveMembers", "userType eq 'Guest'", "Request_UnsupportedQuery"],
    ])("refuses other filters (%s?$filter=%s) with %s", async (path, filter, code) => {
      const result = await call<GraphErrorBody>(server, `/groups/${everyone}${path}?$filter=${encodeURIComponent(filter)}&$count=true`, { eventual: true });
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe(code);
    });

    it("refuses properties the cast type does not have", async () => {
      const result = await call<GraphErrorBody>(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.orgContact?$select=mail,userType`);
      expect(result.status).toBe(400);
    });
  });

  it("answers 404 Request_ResourceNotFound for an unknown group id and for a dynamic list's id", async () => {
    for (const id of ["00000000-0000-0000-0000-000000000000", objectIdFor("group", "dyn@contoso.com")]) {
      const result = await call<GraphErrorBody>(server, `/groups/${id}/transitiveMembers/microsoft.graph.user/$count`, { eventual: true });
      expect(result.status).toBe(404);
      expect(result.body.error.code).toBe("Request_ResourceNotFound");
    }
  });

  it("answers 400 BadRequest for an unknown cast or extra segment", async () => {
    const cast = await call<GraphErrorBody>(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.device`);
    expect([cast.status, cast.body.error.code]).toEqual([400, "BadRequest"]);
    expect((await call(server, `/groups/${everyone}/transitiveMembers/microsoft.graph.user/$count/more`, { eventual: true })).status).toBe(400);
  });

  it("answers 403 when group permissions are not consented", async () => {
    const denied = await startFakeGraph({ directory: { ...nestedTenant, consent: { groups: false } } });
    try {
      const result = await call<GraphErrorBody>(denied, `/groups/${everyone}/transitiveMembers/microsoft.graph.user/$count`, { eventual: true });
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe("Authorization_RequestDenied");
    } finally {
      await denied.close();
    }
  });
});
