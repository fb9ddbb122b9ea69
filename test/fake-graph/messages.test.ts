import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";

/** `/me/messages` by internetMessageId: what the add-in's original-sender lookup asks on a reply. */

let server: FakeGraphServer;

beforeAll(async () => {
  server = await startFakeGraph({ messages: [{ internetMessageId: "<a'b@example.org>", from: { address: "jo@riverside.nhs.uk", name: "Jo Whitaker" } }] });
});
afterAll(() => server.close());

async function find(filter: string): Promise<{ status: number; body: { value?: { from: { emailAddress: { address: string; name: string } } }[] } }> {
  const url = `${server.url}/me/messages?$filter=${encodeURIComponent(filter)}&$select=from&$top=1`;
  const res = await fetch(url, { headers: { Authorization: "Bearer token" } });
  return { status: res.status, body: (await res.json()) as never };
}

describe("GET /me/messages", () => {
  it("finds the message by internetMessageId, quotes doubled as OData writes them", async () => {
    const { status, body } = await find("internetMessageId eq '<a''b@example.org>'");
    expect(status).toBe(200);
    expect(body.value?.[0]?.from.emailAddress).toEqual({ address: "jo@riverside.nhs.uk", name: "Jo Whitaker" });
  });

  it("answers an empty collection, not 404, when no message has that id", async () => {
    const { status, body } = await find("internetMessageId eq '<none@example.org>'");
    expect(status).toBe(200);
    expect(body.value).toEqual([]);
  });

  it("refuses filters it does not understand", async () => {
    expect((await find("subject eq 'x'")).status).toBe(400);
  });
});
