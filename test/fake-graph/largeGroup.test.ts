import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { call, countMembers, groupId } from "./graphCall";

/** The incident's list: every NHSmail account. Generated members must never be materialised. */
const nhs: DirectorySpec = {
  tenantDomains: ["nhs.net"],
  users: [{ mail: "boss@nhs.net" }],
  groups: [
    { mail: "all@nhs.net", displayName: "All staff", members: ["boss@nhs.net", "user17@nhs.net", "team@nhs.net"], generate: [{ pattern: "user{n}@nhs.net", from: 1, count: 840_000 }] },
    { mail: "team@nhs.net", generate: [{ pattern: "user{n}@nhs.net", from: 839_990, count: 20 }] },
  ],
};

const MB = 1024 * 1024;

describe("fake Graph: an 840,000-member group", () => {
  let server: FakeGraphServer;
  let heapBefore: number;
  let loadMs: number;

  beforeAll(async () => {
    heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    server = await startFakeGraph({ directory: nhs });
    loadMs = Date.now() - started;
  });
  afterAll(() => server.close());

  it("loads and counts without listing its members (sanity bounds, not a benchmark)", async () => {
    const id = await groupId(server, "all@nhs.net");
    // user1..user840000, user840001..840009 from team@, boss; user17 is generated already.
    expect(await countMembers(server, id, "microsoft.graph.user")).toBe(840_010);
    expect(await countMembers(server, id)).toBe(840_011);
    expect(loadMs).toBeLessThan(5000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * MB);
  });

  it("serves a full page of 999 and reports external members by domain", async () => {
    const id = await groupId(server, "all@nhs.net");
    const page = await call(server, `/groups/${id}/transitiveMembers/microsoft.graph.user?$top=999&$select=mail,userType&$count=true`, { eventual: true });
    expect(page.body.value).toHaveLength(999);
    expect(page.body["@odata.nextLink"]).toBeDefined();
    expect(await countMembers(server, id, "microsoft.graph.user", `?$filter=${encodeURIComponent("userType eq 'Guest'")}`)).toBe(0);
  });

  it("reports the direct member count in mail tips", async () => {
    const result = await call(server, "/me/getMailTips", { json: { EmailAddresses: ["all@nhs.net"], MailTipsOptions: "totalMemberCount, externalMemberCount" } });
    // boss + 840,000 generated (user17 among them) + team@ as one.
    expect(result.body.value[0]).toMatchObject({ totalMemberCount: 840_002, externalMemberCount: 0 });
  });
});
