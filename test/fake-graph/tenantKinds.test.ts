import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { call, countMembers, groupId, type GraphErrorBody } from "./graphCall";

/**
 * What real tenants hold (CONTRACT.md §7 and the contract's table of documented Graph rules):
 * group kinds and what they may contain, aliases, user types, and members the add-in may not read.
 */
const tenant: DirectorySpec = {
  tenantDomains: ["contoso.com"],
  users: [
    { mail: "ann@contoso.com" },
    // A mail user: a Member whose address is outside the tenant domains — still external.
    { mail: "mu@gmail.com", userType: "Member" },
    { mail: "guest@fabrikam.com", userType: "Guest" },
    { mail: "old@fabrikam.com", guest: true },
  ],
  contacts: [{ mail: "partner@fabrikam.com" }],
  groups: [
    { mail: "team@contoso.com", type: "unified", aliases: ["team-alias@contoso.com"], members: ["ann@contoso.com", "mu@gmail.com"] },
    { mail: "secure@contoso.com", type: "security", members: ["ann@contoso.com", "partner@fabrikam.com", "team@contoso.com"] },
    {
      mail: "all@contoso.com",
      aliases: ["everyone@contoso.com", "Staff@Contoso.com"],
      members: ["guest@fabrikam.com", "old@fabrikam.com", "secure@contoso.com"],
      generate: [{ pattern: "s{n}@contoso.com", from: 1, count: 5 }],
    },
  ],
};

const lookup = (filter: string): string => `/groups?$filter=${encodeURIComponent(filter)}`;

describe("fake Graph: what tenants hold", () => {
  let server: FakeGraphServer;
  let team: string;
  let secure: string;
  let all: string;

  beforeAll(async () => {
    server = await startFakeGraph({ directory: tenant });
    team = await groupId(server, "team@contoso.com");
    secure = await groupId(server, "secure@contoso.com");
    all = await groupId(server, "all@contoso.com");
  });
  afterAll(() => server.close());

  describe("group kinds", () => {
    it("serves groupTypes, mailEnabled, securityEnabled and proxyAddresses by kind", async () => {
      const result = await call(server, `/groups?$select=mail,groupTypes,mailEnabled,securityEnabled,proxyAddresses`);
      expect(result.status).toBe(200);
      expect(result.body.value).toEqual([
        { mail: "team@contoso.com", groupTypes: ["Unified"], mailEnabled: true, securityEnabled: false, proxyAddresses: ["SMTP:team@contoso.com", "smtp:team-alias@contoso.com"] },
        { mail: "secure@contoso.com", groupTypes: [], mailEnabled: true, securityEnabled: true, proxyAddresses: ["SMTP:secure@contoso.com"] },
        {
          mail: "all@contoso.com",
          groupTypes: [],
          mailEnabled: true,
          securityEnabled: false,
          proxyAddresses: ["SMTP:all@contoso.com", "smtp:everyone@contoso.com", "smtp:Staff@Contoso.com"],
        },
      ]);
    });

    it("refuses an orgContact cast on a Microsoft 365 group, listing or counting, with 400 Request_UnsupportedQuery", async () => {
      const count = await call<GraphErrorBody>(server, `/groups/${team}/transitiveMembers/microsoft.graph.orgContact/$count`, { eventual: true });
      expect([count.status, count.body.error.code]).toEqual([400, "Request_UnsupportedQuery"]);
      const list = await call<GraphErrorBody>(server, `/groups/${team}/transitiveMembers/microsoft.graph.orgContact?$select=mail&$count=true`, { eventual: true });
      expect([list.status, list.body.error.code]).toEqual([400, "Request_UnsupportedQuery"]);
      const nested = await call<GraphErrorBody>(server, `/groups/${team}/members/microsoft.graph.group/$count`, { eventual: true });
      expect([nested.status, nested.body.error.code]).toEqual([400, "Request_UnsupportedQuery"]);
    });

    it("still counts the users of a Microsoft 365 group", async () => {
      expect(await countMembers(server, team, "microsoft.graph.user")).toBe(2);
      expect(await countMembers(server, team)).toBe(2);
    });

    it("lets a security group hold contacts and groups", async () => {
      expect(await countMembers(server, secure, "microsoft.graph.orgContact")).toBe(1);
      expect(await countMembers(server, secure, "microsoft.graph.group")).toBe(1);
      expect(await countMembers(server, secure, "microsoft.graph.user")).toBe(2);
    });

    it("lists direct members under /members and everyone reachable under /transitiveMembers", async () => {
      expect(await countMembers(server, all)).toBe(2 + 5 + 1 + 2 + 1 + 1);
      const direct = await call<undefined>(server, `/groups/${all}/members/$count`, { eventual: true });
      expect(direct.text).toBe(String(2 + 5 + 1));
      const page = await call(server, `/groups/${all}/members/microsoft.graph.group?$select=mail&$count=true`, { eventual: true });
      expect(page.body.value).toEqual([{ mail: "secure@contoso.com" }]);
    });
  });

  describe("aliases", () => {
    it("finds a list by any of its addresses with proxyAddresses/any, case-insensitively", async () => {
      const byAlias = await call(server, `${lookup("proxyAddresses/any(x:x eq 'smtp:STAFF@contoso.com')")}&$select=mail`);
      expect(byAlias.body.value).toEqual([{ mail: "all@contoso.com" }]);
      const byPrimary = await call(server, `${lookup("proxyAddresses/any(p:p eq 'smtp:all@contoso.com')")}&$select=mail`);
      expect(byPrimary.body.value).toEqual([{ mail: "all@contoso.com" }]);
    });

    it("matches mail on the primary address only, and needs the smtp: prefix in proxyAddresses", async () => {
      expect((await call(server, lookup("mail eq 'everyone@contoso.com'"))).body.value).toEqual([]);
      expect((await call(server, lookup("proxyAddresses/any(x:x eq 'everyone@contoso.com')"))).body.value).toEqual([]);
    });

    it("combines mail and proxyAddresses clauses with or", async () => {
      const filter = "mail eq 'everyone@contoso.com' or proxyAddresses/any(x:x eq 'smtp:everyone@contoso.com') or mail eq 'team@contoso.com'";
      const result = await call(server, `${lookup(filter)}&$select=mail`);
      expect(result.body.value.map((g) => g.mail)).toEqual(["team@contoso.com", "all@contoso.com"]);
    });

    it("refuses a property groups do not have, in $filter or $select, with 400 Request_BadRequest", async () => {
      const filtered = await call<GraphErrorBody>(server, lookup("shoeSize eq 'x'"));
      expect([filtered.status, filtered.body.error.code]).toEqual([400, "Request_BadRequest"]);
      expect(filtered.body.error.message).toContain("shoeSize");
      const selected = await call<GraphErrorBody>(server, `${lookup("mail eq 'all@contoso.com'")}&$select=mail,aliases`);
      expect([selected.status, selected.body.error.code]).toEqual([400, "Request_BadRequest"]);
    });

    it("answers mail tips for an alias as for the list", async () => {
      const result = await call(server, "/me/getMailTips", { json: { EmailAddresses: ["everyone@contoso.com"], MailTipsOptions: "totalMemberCount" } });
      expect(result.body.value[0]).toMatchObject({ totalMemberCount: 2 + 5 + 1 });
    });
  });

  describe("user types", () => {
    it("serves userType as declared: a mail user is a Member outside the tenant domains", async () => {
      const result = await call(server, `/groups/${all}/transitiveMembers/microsoft.graph.user?$select=mail,userType&$top=999&$count=true`, { eventual: true });
      const types = new Map(result.body.value.map((u) => [String(u.mail), String(u.userType)]));
      expect(Object.fromEntries(types)).toMatchObject({ "mu@gmail.com": "Member", "guest@fabrikam.com": "Guest", "old@fabrikam.com": "Guest", "ann@contoso.com": "Member", "s1@contoso.com": "Member" });
    });

    it("refuses a member filter on a property the cast type does not have with 400 Request_BadRequest", async () => {
      const result = await call<GraphErrorBody>(server, `/groups/${all}/transitiveMembers/microsoft.graph.user/$count?$filter=${encodeURIComponent("guest eq true")}`, { eventual: true });
      expect([result.status, result.body.error.code]).toEqual([400, "Request_BadRequest"]);
    });

    it("counts a mail user as external in mail tips, though a Member", async () => {
      const result = await call(server, "/me/getMailTips", { json: { EmailAddresses: ["mu@gmail.com", "team@contoso.com"], MailTipsOptions: "externalMemberCount, recipientScope" } });
      expect(result.body.value).toEqual([
        expect.objectContaining({ externalMemberCount: 1, recipientScope: "external" }),
        expect.objectContaining({ externalMemberCount: 1, recipientScope: "internal" }),
      ]);
    });

    it("counts only Guests under userType eq 'Guest': mail users are not among them", async () => {
      expect(await countMembers(server, all, "microsoft.graph.user", `?$filter=${encodeURIComponent("userType eq 'Guest'")}`)).toBe(2);
      expect(await countMembers(server, team, "microsoft.graph.user", `?$filter=${encodeURIComponent("userType eq 'Guest'")}`)).toBe(0);
    });
  });

  describe("casts are advanced queries", () => {
    it("refuses a cast listing without both ConsistencyLevel: eventual and $count=true", async () => {
      const path = `/groups/${all}/transitiveMembers/microsoft.graph.user?$select=mail`;
      for (const [url, eventual] of [
        [path, false],
        [path, true],
        [`${path}&$count=true`, false],
      ] as const) {
        const result = await call<GraphErrorBody>(server, url, { eventual });
        expect([result.status, result.body.error.code]).toEqual([400, "Request_UnsupportedQuery"]);
      }
      const ok = await call(server, `${path}&$count=true`, { eventual: true });
      expect(ok.status).toBe(200);
      expect(ok.body["@odata.count"]).toBe(9);
    });

    it("refuses the /$count segment without the header and ignores $count=true without it on a plain listing", async () => {
      const count = await call<GraphErrorBody>(server, `/groups/${all}/transitiveMembers/microsoft.graph.user/$count`);
      expect([count.status, count.body.error.message]).toEqual([400, "$count is not currently supported."]);
      const plain = await call(server, `/groups/${all}/transitiveMembers?$count=true`);
      expect(plain.status).toBe(200);
      expect(plain.body).not.toHaveProperty("@odata.count");
    });
  });
});

describe("fake Graph: limited information", () => {
  let server: FakeGraphServer;
  afterEach(() => server.close());

  it("lists users with @odata.type and id only when users cannot be read, and still counts them", async () => {
    server = await startFakeGraph({ directory: { ...tenant, consent: { users: false } } });
    const all = await groupId(server, "all@contoso.com");
    const result = await call(server, `/groups/${all}/transitiveMembers/microsoft.graph.user?$select=mail,userType&$top=999&$count=true`, { eventual: true });
    expect(result.body["@odata.count"]).toBe(9);
    expect(result.body.value).toHaveLength(9);
    for (const member of result.body.value) {
      expect(member).toEqual({ "@odata.type": "#microsoft.graph.user", id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, mail: null, userType: null });
    }
    expect(await countMembers(server, all, "microsoft.graph.user")).toBe(9);
    const untyped = await call(server, `/groups/${all}/transitiveMembers?$top=999`);
    const contactsAndGroups = untyped.body.value.filter((m) => m["@odata.type"] !== "#microsoft.graph.user");
    expect(contactsAndGroups.every((m) => typeof m.mail === "string")).toBe(true);
  });

  it("lists contacts with limited information when contacts cannot be read", async () => {
    server = await startFakeGraph({ directory: { ...tenant, consent: { contacts: false } } });
    const secure = await groupId(server, "secure@contoso.com");
    const result = await call(server, `/groups/${secure}/transitiveMembers/microsoft.graph.orgContact?$select=mail&$count=true`, { eventual: true });
    expect(result.body.value).toEqual([{ "@odata.type": "#microsoft.graph.orgContact", id: expect.any(String) as unknown, mail: null }]);
    expect(await countMembers(server, secure, "microsoft.graph.orgContact")).toBe(1);
  });

  it("refuses a userType filter when users cannot be read (403), so a guest count is never a silent 0", async () => {
    server = await startFakeGraph({ directory: { ...tenant, consent: { users: false } } });
    const all = await groupId(server, "all@contoso.com");
    const result = await call<GraphErrorBody>(server, `/groups/${all}/transitiveMembers/microsoft.graph.user/$count?$filter=${encodeURIComponent("userType eq 'Guest'")}`, {
      eventual: true,
    });
    expect([result.status, result.body.error.code]).toEqual([403, "Authorization_RequestDenied"]);
  });
});
