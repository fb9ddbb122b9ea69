import { checkCollection, checkError, checkObject } from "../../tools/graph-conformance/checkJson";
import { checkRequest } from "../../tools/graph-conformance/checkUrl";
import { parseCsdl } from "../../tools/graph-conformance/csdl";
import { RULE_COVERAGE, checkRuleCoverage, ruleRows } from "../../tools/graph-conformance/rules";

/**
 * The conformance check's own parts, on a hand-written miniature of Graph's metadata (the real
 * extract stays outside the repository; `npm run test:graph` reads it).
 */
const CSDL = `<?xml version="1.0"?>
<edm:Schema xmlns:edm="http://docs.oasis-open.org/odata/ns/edm" Namespace="microsoft.graph">
  <edm:EnumType Name="mailTipsType" IsFlags="true"><edm:Member Name="totalMemberCount" Value="16" /><edm:Member Name="externalMemberCount" Value="8" /></edm:EnumType>
  <edm:EnumType Name="recipientScopeType" IsFlags="true"><edm:Member Name="internal" Value="1" /><edm:Member Name="external" Value="2" /></edm:EnumType>
  <edm:ComplexType Name="emailAddress"><edm:Property Name="address" Type="Edm.String" /></edm:ComplexType>
  <edm:ComplexType Name="mailTips">
    <edm:Property Name="emailAddress" Type="graph.emailAddress" />
    <edm:Property Name="totalMemberCount" Type="Edm.Int32" />
    <edm:Property Name="recipientScope" Type="graph.recipientScopeType" />
  </edm:ComplexType>
  <edm:EntityType Name="entity"><edm:Property Name="id" Type="Edm.String" Nullable="false" /></edm:EntityType>
  <edm:EntityType Name="directoryObject" BaseType="graph.entity"><edm:Property Name="deletedDateTime" Type="Edm.DateTimeOffset" /></edm:EntityType>
  <edm:EntityType Name="group" BaseType="graph.directoryObject">
    <edm:Property Name="mail" Type="Edm.String" />
    <edm:Property Name="mailEnabled" Type="Edm.Boolean" />
    <edm:Property Name="proxyAddresses" Type="Collection(Edm.String)" Nullable="false" />
    <edm:NavigationProperty Name="transitiveMembers" Type="Collection(graph.directoryObject)" />
  </edm:EntityType>
  <edm:EntityType Name="user" BaseType="graph.directoryObject">
    <edm:Property Name="mail" Type="Edm.String" />
    <edm:Property Name="userType" Type="Edm.String" />
  </edm:EntityType>
  <edm:EntityType Name="orgContact" BaseType="graph.directoryObject"><edm:Property Name="mail" Type="Edm.String" /></edm:EntityType>
  <edm:EntityType Name="device" BaseType="graph.entity" />
  <edm:Action Name="getMailTips" IsBound="true">
    <edm:Parameter Name="bindingParameter" Type="graph.user" />
    <edm:Parameter Name="EmailAddresses" Type="Collection(Edm.String)" Nullable="false" />
    <edm:Parameter Name="MailTipsOptions" Type="graph.mailTipsType" />
  </edm:Action>
</edm:Schema>`;

const model = parseCsdl(CSDL);
const eventual = { consistencylevel: "eventual" };

function objectProblems(type: string, value: unknown): string[] {
  const problems: string[] = [];
  checkObject(model, type, value, "x", problems);
  return problems;
}

describe("graph conformance: the metadata", () => {
  it("reads types with their base types, enums and bound actions", () => {
    expect(model.types.get("user")?.base).toBe("directoryObject");
    expect(model.enums.get("mailTipsType")?.flags).toBe(true);
    expect(model.actions.get("getMailTips")).toMatchObject({ boundTo: "user" });
    expect([...(model.actions.get("getMailTips")?.parameters.keys() ?? [])]).toEqual(["EmailAddresses", "MailTipsOptions"]);
  });

  it("refuses a document that is not XML", () => {
    expect(() => parseCsdl("<edm:Schema")).toThrow();
  });
});

describe("graph conformance: served JSON", () => {
  it("accepts properties of the type and its base types, with their types", () => {
    expect(objectProblems("group", { id: "1", deletedDateTime: null, mail: "a@b.org", mailEnabled: true, proxyAddresses: ["SMTP:a@b.org"] })).toEqual([]);
  });

  it("names properties the type lacks and values of the wrong type", () => {
    expect(objectProblems("group", { id: "1", aliases: [], mailEnabled: "yes", proxyAddresses: null })).toEqual([
      "x.aliases: group has no property aliases",
      'x.mailEnabled: "yes" is not Edm.Boolean',
      "x.proxyAddresses: null, but Collection(Edm.String) is not nullable",
    ]);
  });

  it("follows @odata.type to a derived type, and refuses one that does not derive", () => {
    expect(objectProblems("directoryObject", { "@odata.type": "#microsoft.graph.user", id: "1", userType: "Member" })).toEqual([]);
    expect(objectProblems("directoryObject", { "@odata.type": "#microsoft.graph.device", id: "1" })).toEqual(["x.@odata.type: device does not derive from directoryObject"]);
  });

  it("checks enum values, flags included, and nested complex values", () => {
    const problems: string[] = [];
    checkCollection(model, "mailTips", { value: [{ emailAddress: { address: "a@b.org" }, recipientScope: "internal, external" }, { recipientScope: "partner", totalMemberCount: 1.5 }] }, "tips", problems);
    expect(problems).toEqual(['tips.value[1].recipientScope: "partner" is not a value of recipientScopeType', "tips.value[1].totalMemberCount: 1.5 is not Edm.Int32"]);
  });

  it("holds errors to Graph's shape", () => {
    const problems: string[] = [];
    checkError({ error: { code: "BadRequest", message: "m", innerError: { date: "2026-01-01T00:00:00" } } }, "ok", problems);
    checkError({ error: { code: "", message: "m", innerError: {}, stack: "…" } }, "bad", problems);
    expect(problems).toEqual(["bad.error.code: expected a non-empty string", "bad.error.stack: not part of Graph's error shape"]);
  });
});

describe("graph conformance: requests the adapter sends", () => {
  it("accepts the adapter's lookups, counts, listings and mail tips", () => {
    const requests = [
      { method: "GET", raw: "/v1.0/groups?$filter=mail%20eq%20'a%40b.org'%20or%20proxyAddresses%2Fany(x%3Ax%20eq%20'smtp%3Aa%40b.org')&$select=id,mail", headers: {} },
      { method: "GET", raw: "/v1.0/groups/abc/transitiveMembers/microsoft.graph.user/$count?$filter=userType%20eq%20'Guest'", headers: eventual },
      { method: "GET", raw: "/v1.0/groups/abc/transitiveMembers/microsoft.graph.user?$select=mail,userType&$top=999&$count=true", headers: eventual },
      { method: "POST", raw: "/v1.0/me/getMailTips", headers: {}, body: { EmailAddresses: ["a@b.org"], MailTipsOptions: "totalMemberCount, externalMemberCount" } },
    ];
    expect(requests.flatMap((r) => checkRequest(model, r))).toEqual([]);
  });

  it.each([
    ["an unknown navigation", "/v1.0/groups/abc/allMembers", {}, "group has no navigation property or bound action 'allMembers'"],
    ["a cast to a type that is not a member type", "/v1.0/groups/abc/transitiveMembers/microsoft.graph.device/$count", eventual, "does not derive from directoryObject"],
    ["a property the cast type lacks", "/v1.0/groups/abc/transitiveMembers/microsoft.graph.orgContact?$select=mail,userType&$count=true", eventual, "'userType', not a property of orgContact"],
    ["a filter on a missing property", "/v1.0/groups?$filter=alias%20eq%20'x'", {}, "$filter names 'alias', not a property of group"],
    ["any() on a single-valued property", "/v1.0/groups?$filter=mail%2Fany(x%3Ax%20eq%20'x')", {}, "applies any to 'mail', which is not a collection"],
    ["a cast listing without $count=true", "/v1.0/groups/abc/transitiveMembers/microsoft.graph.user?$select=mail", eventual, "needs ConsistencyLevel: eventual and $count=true"],
    ["a /$count without the header", "/v1.0/groups/abc/transitiveMembers/$count", {}, "/$count without ConsistencyLevel: eventual"],
    ["an unknown query option", "/v1.0/groups?$filters=x", {}, "'$filters' is not an OData system query option"],
  ])("names %s", (_name, raw, headers, message) => {
    expect(checkRequest(model, { method: "GET", raw, headers }).join("\n")).toContain(message);
  });

  it("checks the throttle priority header's value", () => {
    expect(checkRequest(model, { method: "GET", raw: "/v1.0/groups", headers: { "x-ms-throttle-priority": "High" } })).toEqual([]);
    expect(checkRequest(model, { method: "GET", raw: "/v1.0/groups", headers: { "x-ms-throttle-priority": "urgent" } })).toEqual([
      'GET /v1.0/groups: x-ms-throttle-priority "urgent" is not low, normal or high',
    ]);
  });

  it("checks action parameters and their enum values", () => {
    const problems = checkRequest(model, { method: "POST", raw: "/v1.0/me/getMailTips", headers: {}, body: { Addresses: ["a@b.org"], MailTipsOptions: "memberCount" } });
    expect(problems.join("\n")).toContain("'Addresses' is not a parameter of getMailTips");
    expect(problems.join("\n")).toContain('"memberCount" is not a value of mailTipsType');
    expect(problems.join("\n")).toContain("getMailTips needs 'EmailAddresses'");
  });
});

describe("graph conformance: documented rules and their tests", () => {
  const readme = (rules: string[]): string => ["intro", "", "| rule | where Microsoft says so |", "| --- | --- |", ...rules.map((r) => `| ${r} | docs |`), "", "after"].join("\n");

  it("reads the first cell of each row, pipes inside code included", () => {
    expect(ruleRows(readme(["A `a|b` rule", "Another"]))).toEqual(["A `a|b` rule", "Another"]);
  });

  it("passes when every row is covered by tests that exist", async () => {
    expect(await checkRuleCoverage(readme(RULE_COVERAGE.map((c) => `${c.rule} and more`)), process.cwd())).toEqual([]);
  });

  it("fails for a row without coverage and for coverage without a row", async () => {
    const problems = await checkRuleCoverage(readme(["A brand new rule", ...RULE_COVERAGE.slice(1).map((c) => c.rule)]), process.cwd());
    expect(problems).toEqual([expect.stringContaining('rule "A brand new rule'), expect.stringContaining(`names a rule the README does not have: "${RULE_COVERAGE[0]?.rule}"`)]);
  });
});
