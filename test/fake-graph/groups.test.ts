import { startFakeGraph, type FakeGraphServer } from "../../tools/fake-graph/FakeGraphServer";
import type { DirectorySpec } from "../../tools/fake-graph/types";
import { call, type GraphErrorBody } from "./graphCall";

const directory: DirectorySpec = {
  tenantDomains: ["contoso.com"],
  groups: [
    { mail: "Sales@Contoso.com", displayName: "Sales", members: ["a@contoso.com"] },
    { mail: "o'brien-fans@contoso.com", displayName: "O'Brien fans" },
    { mail: "all-managers@contoso.com", dynamic: true, generate: [{ pattern: "mgr{n}@contoso.com", from: 1, count: 240 }] },
  ],
};

const filter = (mail: string): string => `/groups?$filter=${encodeURIComponent(`mail eq '${mail.replace(/'/g, "''")}'`)}`;

describe("fake Graph: protocol", () => {
  let server: FakeGraphServer;
  beforeAll(async () => {
    server = await startFakeGraph({ directory, token: "secret" });
  });
  afterAll(() => server.close());

  it("serves on loopback under /v1.0", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
  });

  it("answers 401 InvalidAuthenticationToken without a bearer token, or with the wrong one", async () => {
    for (const token of [null, "", "wrong"]) {
      const result = await call<GraphErrorBody>(server, filter("sales@contoso.com"), { token });
      expect(result.status).toBe(401);
      expect(result.body.error.code).toBe("InvalidAuthenticationToken");
      expect(result.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("shapes errors like Graph and echoes client-request-id", async () => {
    const result = await call<GraphErrorBody>(server, "/nothing-here", { token: "secret", headers: { "client-request-id": "abc-123" } });
    expect(result.status).toBe(400);
    expect(result.body.error).toEqual({
      code: "BadRequest",
      message: "Resource not found for the segment 'nothing-here'.",
      innerError: { date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/) as unknown, "request-id": result.headers.get("request-id"), "client-request-id": "abc-123" },
    });
    expect(result.headers.get("client-request-id")).toBe("abc-123");
    expect(result.headers.get("content-type")).toBe("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
  });

  it("answers paths outside /v1.0 with 400 and does not count them", async () => {
    server.resetRequestCount();
    const response = await fetch(server.url.replace("/v1.0", "/beta/groups"), { headers: { Authorization: "Bearer secret" } });
    expect(response.status).toBe(400);
    expect(server.requestCount).toBe(0);
  });

  it("answers a CORS preflight like Graph, without counting it", async () => {
    server.resetRequestCount();
    const response = await fetch(`${server.url}/groups`, {
      method: "OPTIONS",
      headers: { Origin: "https://addin.example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization,consistencylevel" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://addin.example.org");
    const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const header of ["authorization", "content-type", "consistencylevel", "client-request-id"]) expect(allowed).toContain(header);
    expect(server.requestCount).toBe(0);
  });

  it("lets a browser read request ids but not Retry-After", async () => {
    const response = await fetch(`${server.url}${filter("sales@contoso.com")}`, { headers: { Authorization: "Bearer secret", Origin: "https://addin.example.org" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("https://addin.example.org");
    const exposed = (response.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    expect(exposed).toContain("request-id");
    expect(exposed).not.toContain("retry-after");
  });

  it("refuses a wrong method with 405", async () => {
    const result = await call<GraphErrorBody>(server, "/groups", { token: "secret", json: {} });
    expect(result.status).toBe(405);
  });
});

describe("fake Graph: GET /groups?$filter=mail eq", () => {
  let server: FakeGraphServer;
  beforeAll(async () => {
    server = await startFakeGraph({ directory });
  });
  afterAll(() => server.close());

  it("finds a group by address, case-insensitively, with Graph's group shape", async () => {
    const result = await call(server, filter("sales@CONTOSO.com"));
    expect(result.status).toBe(200);
    expect(result.body["@odata.context"]).toBe(`${server.url}/$metadata#groups`);
    expect(result.body.value).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as unknown, displayName: "Sales", mail: "Sales@Contoso.com", mailEnabled: true, securityEnabled: false, groupTypes: [] }),
    ]);
  });

  it("reads '' as a quote inside the address", async () => {
    const result = await call(server, filter("o'brien-fans@contoso.com"));
    expect(result.body.value.map((g) => g.displayName)).toEqual(["O'Brien fans"]);
  });

  it("returns only the selected properties", async () => {
    const result = await call(server, `${filter("sales@contoso.com")}&$select=id,mail`);
    expect(result.body["@odata.context"]).toBe(`${server.url}/$metadata#groups(id,mail)`);
    expect(Object.keys(result.body.value[0] ?? {})).toEqual(["id", "mail"]);
  });

  it("gives the same id after the directory is reloaded", async () => {
    const before = await call(server, filter("sales@contoso.com"));
    server.load(directory);
    const after = await call(server, filter("sales@contoso.com"));
    expect(after.body.value[0]?.id).toBe(before.body.value[0]?.id);
  });

  it("does not know dynamic distribution groups", async () => {
    const result = await call(server, filter("all-managers@contoso.com"));
    expect(result.status).toBe(200);
    expect(result.body.value).toEqual([]);
  });

  it("returns an empty list for an unknown address", async () => {
    expect((await call(server, filter("nobody@contoso.com"))).body.value).toEqual([]);
  });

  it.each([
    ["displayName eq 'Sales'"],
    ["startsWith(mail,'sales')"],
    ["mail eq 'unterminated"],
  ])("refuses the filter %s with 400", async (clause) => {
    const result = await call<GraphErrorBody>(server, `/groups?$filter=${encodeURIComponent(clause)}`);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("Request_UnsupportedQuery");
  });

  it("refuses an unknown $select property", async () => {
    const result = await call<GraphErrorBody>(server, `${filter("sales@contoso.com")}&$select=mail,shoeSize`);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain("shoeSize");
  });

  it("answers 403 Authorization_RequestDenied when group permissions are not consented", async () => {
    const denied = await startFakeGraph({ directory: { ...directory, consent: { groups: false } } });
    try {
      const result = await call<GraphErrorBody>(denied, filter("sales@contoso.com"));
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe("Authorization_RequestDenied");
    } finally {
      await denied.close();
    }
  });
});
