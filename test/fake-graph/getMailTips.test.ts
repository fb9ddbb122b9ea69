import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { call, type GraphCollection, type GraphErrorBody } from "./graphCall";
import { nestedTenant } from "./tenantFixture";

const ALL_COUNTS = "totalMemberCount, externalMemberCount, recipientScope";

const directory: DirectorySpec = {
  ...nestedTenant,
  groups: [
    ...(nestedTenant.groups ?? []),
    { mail: "stale@contoso.com", generate: [{ pattern: "s{n}@contoso.com", from: 1, count: 5000 }], mailTips: { totalMemberCount: 12, externalMemberCount: 3 } },
    { mail: "nometrics@contoso.com", generate: [{ pattern: "m{n}@contoso.com", from: 1, count: 50 }], mailTips: false },
  ],
};

function tips(server: FakeGraphServer, addresses: string[], options = ALL_COUNTS): ReturnType<typeof call<GraphCollection>> {
  return call<GraphCollection>(server, "/me/getMailTips", { json: { EmailAddresses: addresses, MailTipsOptions: options } });
}

describe("fake Graph: POST /me/getMailTips", () => {
  let server: FakeGraphServer;
  beforeAll(async () => {
    server = await startFakeGraph({ directory });
  });
  afterAll(() => server.close());

  it("reports a group's direct members, a nested list counting as one, and the direct external people", async () => {
    const result = await tips(server, ["everyone@contoso.com"]);
    expect(result.status).toBe(200);
    expect(result.body["@odata.context"]).toBe(`${server.url}/$metadata#Collection(microsoft.graph.mailTips)`);
    // alice, partner (contact), staff7 (declared guest) + 999 generated staff + engineering@ + sales@.
    expect(result.body.value).toEqual([
      { emailAddress: { name: "Everyone", address: "everyone@contoso.com" }, totalMemberCount: 1004, externalMemberCount: 2, recipientScope: "internal" },
    ]);
  });

  it("knows dynamic lists, and counts a nested dynamic list as one member", async () => {
    const result = await tips(server, ["dyn@contoso.com", "sales@contoso.com"]);
    expect(result.body.value.map((t) => [t.totalMemberCount, t.externalMemberCount])).toEqual([
      [40, 0],
      // gina (a guest) + staff 500..1500 + dyn@.
      [1003, 1],
    ]);
  });

  it("reports stale metrics when the group overrides them", async () => {
    const [tip] = (await tips(server, ["stale@contoso.com"])).body.value;
    expect(tip).toMatchObject({ totalMemberCount: 12, externalMemberCount: 3 });
  });

  it("omits the counts when the group has no metrics", async () => {
    const [tip] = (await tips(server, ["nometrics@contoso.com"])).body.value;
    expect(tip).toEqual({ emailAddress: { name: "nometrics", address: "nometrics@contoso.com" }, recipientScope: "internal" });
  });

  it("counts a person as one member, external when a guest, a contact or outside the tenant", async () => {
    const addresses = ["alice@contoso.com", "g@gmail.com", "partner@fabrikam.com", "new@contoso.com", "someone@outlook.com", "staff9@contoso.com"];
    const result = await tips(server, addresses);
    expect(result.body.value.map((t) => [(t.emailAddress as { address: string }).address, t.totalMemberCount, t.externalMemberCount, t.recipientScope])).toEqual([
      ["alice@contoso.com", 1, 0, "internal"],
      ["g@gmail.com", 1, 1, "external"],
      ["partner@fabrikam.com", 1, 1, "external"],
      ["new@contoso.com", 1, 0, "internal"],
      ["someone@outlook.com", 1, 1, "external"],
      ["staff9@contoso.com", 1, 0, "internal"],
    ]);
  });

  it("answers in request order, repeats included, with addresses as sent", async () => {
    const addresses = ["Sales@Contoso.com", "alice@contoso.com", "sales@contoso.com"];
    const result = await tips(server, addresses, "totalMemberCount");
    expect(result.body.value.map((t) => (t.emailAddress as { address: string }).address)).toEqual(addresses);
  });

  it("includes only the requested tips", async () => {
    const [tip] = (await tips(server, ["everyone@contoso.com"], "totalMemberCount")).body.value;
    expect(Object.keys(tip ?? {})).toEqual(["emailAddress", "totalMemberCount"]);
    const [other] = (await tips(server, ["alice@contoso.com"], "mailboxFullStatus,maxMessageSize")).body.value;
    expect(Object.keys(other ?? {})).toEqual(["emailAddress", "mailboxFull", "maxMessageSize"]);
  });

  it("reports an unparsable address as an error in its entry", async () => {
    const [tip] = (await tips(server, ["not an address"])).body.value;
    expect(tip).toMatchObject({ emailAddress: { address: "not an address" }, error: { code: "ErrorInvalidSmtpAddress" } });
  });

  it("accepts 50 addresses and refuses 51 with 400", async () => {
    const many = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}@contoso.com`);
    expect((await tips(server, many(50))).body.value).toHaveLength(50);
    const result = await call<GraphErrorBody>(server, "/me/getMailTips", { json: { EmailAddresses: many(51), MailTipsOptions: ALL_COUNTS } });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("at most 50");
  });

  it("takes another address limit as an option", async () => {
    const wide = await startFakeGraph({ directory, mailTipsMaxAddresses: 100 });
    try {
      const addresses = Array.from({ length: 100 }, (_, i) => `p${i}@contoso.com`);
      expect((await tips(wide, addresses)).status).toBe(200);
      expect((await tips(wide, [...addresses, "one-more@contoso.com"])).status).toBe(400);
    } finally {
      await wide.close();
    }
  });

  it.each([
    ["no addresses", { MailTipsOptions: ALL_COUNTS }],
    ["addresses not strings", { EmailAddresses: [1], MailTipsOptions: ALL_COUNTS }],
    ["no options", { EmailAddresses: ["a@contoso.com"] }],
    ["an unknown option", { EmailAddresses: ["a@contoso.com"], MailTipsOptions: "totalMemberCount, shoeSize" }],
    ["an unknown parameter", { EmailAddresses: ["a@contoso.com"], MailTipsOptions: ALL_COUNTS, Extra: true }],
    ["an array body", [1, 2]],
  ])("refuses a body with %s", async (_name, json) => {
    const result = await call<GraphErrorBody>(server, "/me/getMailTips", { json });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("RequestBodyRead");
  });

  it("accepts parameter names in any case, like Graph", async () => {
    const result = await call(server, "/me/getMailTips", { json: { emailAddresses: ["alice@contoso.com"], mailTipsOptions: "totalmembercount" } });
    expect(result.status).toBe(200);
    expect(result.body.value[0]?.totalMemberCount).toBe(1);
  });

  it("refuses a body that is not JSON, or not declared as JSON", async () => {
    const garbled = await fetch(`${server.url}/me/getMailTips`, { method: "POST", headers: { Authorization: "Bearer t", "Content-Type": "application/json" }, body: "{" });
    expect(garbled.status).toBe(400);
    const untyped = await fetch(`${server.url}/me/getMailTips`, { method: "POST", headers: { Authorization: "Bearer t" }, body: JSON.stringify({ EmailAddresses: [], MailTipsOptions: ALL_COUNTS }) });
    expect(untyped.status).toBe(415);
  });

  it("refuses GET with 405", async () => {
    expect((await call(server, "/me/getMailTips")).status).toBe(405);
  });

  it("answers 403 ErrorAccessDenied when Mail.Read is not consented", async () => {
    const denied = await startFakeGraph({ directory: { ...directory, consent: { mail: false } } });
    try {
      const result = await call<GraphErrorBody>(denied, "/me/getMailTips", { json: { EmailAddresses: ["alice@contoso.com"], MailTipsOptions: ALL_COUNTS } });
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe("ErrorAccessDenied");
    } finally {
      await denied.close();
    }
  });
});
