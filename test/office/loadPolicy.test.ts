import { DEFAULT_POLICY } from "../../src/core/policy";
import { PolicyCache, loadPolicy, type LoadPolicyOptions } from "../../src/office/loadPolicy";
import { fetchDouble, type Handler } from "../directory/support/fetchDouble";

const URL_ = "https://addins.example.org/policy.json";

function setup(handler: Handler) {
  const http = fetchDouble(handler);
  let now = 0;
  const cache = new PolicyCache();
  const load = (extra: Partial<LoadPolicyOptions> = {}) => loadPolicy({ url: URL_, fetch: http.fetch, now: () => now, cache, ...extra });
  return {
    load,
    requests: http.requests,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("loadPolicy", () => {
  it("applies the organisation's valid policy", async () => {
    const { load, requests } = setup(() => ({ body: { $schema: "./policy.schema.json", limits: { reply: { warnAbove: 10 } }, external: "block" } }));
    const loaded = await load();
    expect(loaded.source).toBe("organisation");
    expect(loaded.errorCode).toBeUndefined();
    expect(loaded.policy.limits.reply.warnAbove).toBe(10);
    expect(loaded.policy.external).toBe("block");
    expect(requests.map((r) => r.url)).toEqual([URL_]);
  });

  it("falls back to the defaults and says why when the file is missing", async () => {
    const { load } = setup(() => ({ status: 404, body: { error: "not found" } }));
    expect(await load()).toEqual({ policy: DEFAULT_POLICY, source: "defaults", errorCode: "policy_fetch_failed" });
  });

  it("falls back to the defaults when the server cannot be reached", async () => {
    const { load } = setup(() => "network-error");
    expect(await load()).toMatchObject({ source: "defaults", errorCode: "policy_fetch_failed" });
  });

  it("falls back to the defaults with every problem when the policy is invalid", async () => {
    const { load } = setup(() => ({ body: { limits: { reply: { warnAbove: -1 } }, timeout: 5 } }));
    const loaded = await load();
    expect(loaded).toMatchObject({ policy: DEFAULT_POLICY, source: "defaults", errorCode: "policy_invalid" });
    expect(loaded.problems?.map((p) => p.path)).toEqual(expect.arrayContaining(["limits.reply.warnAbove", "timeout"]));
  });

  it("reports a file that is not JSON as invalid", async () => {
    const { load } = setup(() => ({ raw: "{ not json" }));
    expect(await load()).toMatchObject({ source: "defaults", errorCode: "policy_invalid", problems: [{ path: "", message: "the file is not valid JSON" }] });
  });

  it("gives up after its timeout when the server never answers", async () => {
    const { load } = setup(() => "hang");
    expect(await load({ timeoutMs: 5 })).toMatchObject({ source: "defaults", errorCode: "policy_fetch_failed" });
  });

  it("reuses a loaded policy for ttlMs, then fetches again", async () => {
    const { load, requests, advance } = setup(() => ({ body: { external: "allow" } }));
    await load({ ttlMs: 1000 });
    advance(999);
    await load({ ttlMs: 1000 });
    expect(requests).toHaveLength(1);
    advance(1);
    await load({ ttlMs: 1000 });
    expect(requests).toHaveLength(2);
  });

  it("shares one fetch between overlapping calls", async () => {
    const { load, requests } = setup(() => ({ body: {} }));
    await Promise.all([load(), load(), load()]);
    expect(requests).toHaveLength(1);
  });

  it("keeps the last good policy when a refetch fails, and says the refetch failed", async () => {
    let broken = false;
    const { load, advance } = setup(() => (broken ? { body: { external: "sometimes" } } : { body: { external: "block" } }));
    await load({ ttlMs: 10 });
    broken = true;
    advance(10);
    const loaded = await load({ ttlMs: 10 });
    expect(loaded.source).toBe("organisation");
    expect(loaded.policy.external).toBe("block");
    expect(loaded.errorCode).toBe("policy_invalid");
  });

  it("retries a failed load only after failureTtlMs, so a broken origin does not slow every Send", async () => {
    const { load, requests, advance } = setup(() => ({ status: 503 }));
    await load({ failureTtlMs: 100 });
    advance(99);
    await load({ failureTtlMs: 100 });
    expect(requests).toHaveLength(1);
    advance(1);
    await load({ failureTtlMs: 100 });
    expect(requests).toHaveLength(2);
  });
});

describe("loadPolicy's hooks for the domain data", () => {
  it("tells `seen` each text as it is in hand, and awaits `ready` with the texts it validates", async () => {
    const text = JSON.stringify({ internalDomains: ["contoso.com"], trustedDomains: ["*.partner.co.jp"] });
    const { load, advance } = setup(() => ({ raw: text }));
    const seen: string[] = [];
    const readyWith: (readonly string[])[] = [];
    const loaded = load({
      seen: (t) => seen.push(t),
      ready: (texts) => {
        readyWith.push(texts);
        return Promise.resolve();
      },
    });
    expect((await loaded).policy.trustedDomains).toEqual(["*.partner.co.jp"]);
    expect(seen).toEqual([text]);
    expect(readyWith).toEqual([[text]]);
    // Once the cached load has expired, the last text seen is told at once, before any fetch.
    advance(10 * 60 * 1000);
    const again: string[] = [];
    const next = load({ seen: (t) => again.push(t) });
    expect(again).toEqual([text]);
    await next;
  });

  it("rejects, and caches nothing, when `ready` rejects", async () => {
    const { load, requests } = setup(() => ({ body: { external: "allow" } }));
    await expect(load({ ready: () => Promise.reject(new Error("no data")) })).rejects.toThrow("no data");
    expect((await load()).source).toBe("organisation");
    expect(requests).toHaveLength(2);
  });
});
