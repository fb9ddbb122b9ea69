import { DEFAULT_POLICY } from "../../src/core/policy";
import { PolicyCache, lastSeenDirectoryFailure, loadPolicy } from "../../src/office/loadPolicy";
import { STORE_BUDGET_MS, decodeStoredFile, encodeStoredFile, officeRuntimeStorage, readStored, settleStoreWrites, writeStored, type KeyValueStore } from "../../src/office/RuntimeStorage";
import { DEFAULT_DIRECTORY_FAILURE, POLICY_STORE_KEY, directoryFailureOf, policyDomainsOf, storedDirectoryFailure } from "../../src/office/storedPolicy";
import { fetchDouble } from "../directory/support/fetchDouble";

/** A Map-backed store, as OfficeRuntime.storage behaves when it works. */
function mapStore(initial: Record<string, string> = {}): KeyValueStore & { map: Map<string, string> } {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (key) => Promise.resolve(map.get(key) ?? null), setItem: (key, value) => Promise.resolve(void map.set(key, value)) };
}

const hanging: KeyValueStore = { getItem: () => new Promise(() => undefined), setItem: () => new Promise(() => undefined) };
const URL_ = "https://addins.example.org/policy.json";

describe("the client's storage", () => {
  it("finds OfficeRuntime.storage where the runtime has it, and nothing elsewhere", () => {
    const storage = mapStore();
    expect(officeRuntimeStorage({ OfficeRuntime: { storage } })).toBe(storage);
    expect(officeRuntimeStorage({})).toBeUndefined();
    expect(officeRuntimeStorage({ OfficeRuntime: {} })).toBeUndefined();
  });

  it("round-trips a stored file and refuses anything else", () => {
    expect(decodeStoredFile(encodeStoredFile({ savedAt: 5, text: "{}" }))).toEqual({ savedAt: 5, text: "{}" });
    for (const bad of ["", "null", "{", '{"v":2,"savedAt":1,"text":""}', '{"v":1,"savedAt":"1","text":""}']) expect(decodeStoredFile(bad)).toBeUndefined();
  });

  describe("with a store that never answers", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("gives up on a read and a write after the budget", async () => {
      const read = readStored(hanging, "k");
      const write = writeStored(hanging, "k", "v");
      const settled = settleStoreWrites();
      await jest.advanceTimersByTimeAsync(STORE_BUDGET_MS);
      await expect(read).resolves.toBeUndefined();
      await expect(write).resolves.toBe(false);
      await expect(settled).resolves.toBeUndefined();
    });
  });

  it("reads a failing store as empty", async () => {
    const failing: KeyValueStore = { getItem: () => Promise.reject(new Error("x")), setItem: () => Promise.reject(new Error("x")) };
    expect(await readStored(failing, "k")).toBeUndefined();
    expect(await writeStored(failing, "k", "v")).toBe(false);
  });

  it("reads directoryFailure from a policy file without validating it; the built-in one when the key is absent", () => {
    expect(DEFAULT_DIRECTORY_FAILURE).toBe(DEFAULT_POLICY.directoryFailure);
    expect(directoryFailureOf('{"directoryFailure":"block","limits":"nonsense"}')).toBe("block");
    expect(directoryFailureOf("{}")).toBe(DEFAULT_POLICY.directoryFailure);
    expect(directoryFailureOf('{"directoryFailure":"maybe"}')).toBeUndefined();
    expect(directoryFailureOf("[]")).toBeUndefined();
    expect(directoryFailureOf("{")).toBeUndefined();
  });
});

describe("loadPolicy with the client's storage", () => {
  it("uses a fresh stored policy without a request, and remembers its directoryFailure", async () => {
    const store = mapStore({ [POLICY_STORE_KEY]: encodeStoredFile({ savedAt: 1000, text: '{"external":"block","directoryFailure":"block"}' }) });
    const http = fetchDouble(() => ({ body: {} }));
    const cache = new PolicyCache();
    const load = await loadPolicy({ url: URL_, fetch: http.fetch, now: () => 2000, cache, store });
    expect(http.requests).toEqual([]);
    expect(load).toEqual({ policy: expect.objectContaining({ external: "block" }) as unknown, source: "organisation" });
    expect(lastSeenDirectoryFailure(URL_, cache)).toBe("block");
  });

  it("fetches when the stored copy is stale, stores what it fetched, and falls back to the stored copy when the fetch fails", async () => {
    const store = mapStore({ [POLICY_STORE_KEY]: encodeStoredFile({ savedAt: 0, text: '{"external":"block"}' }) });
    const fresh = await loadPolicy({ url: URL_, fetch: fetchDouble(() => ({ body: { external: "allow" } })).fetch, now: () => 10 * 60_000, cache: new PolicyCache(), store });
    expect(fresh.policy.external).toBe("allow");
    await settleStoreWrites();
    expect(decodeStoredFile(store.map.get(POLICY_STORE_KEY))?.text).toBe('{"external":"allow"}');

    const later = 30 * 60_000;
    const offline = await loadPolicy({ url: URL_, fetch: fetchDouble(() => "network-error").fetch, now: () => later, cache: new PolicyCache(), store });
    expect(offline).toMatchObject({ source: "organisation", errorCode: "policy_fetch_failed", policy: { external: "allow" } });
  });

  it("waits for ready before validating, and rejects when ready rejects, having seen the file's directoryFailure", async () => {
    const cache = new PolicyCache();
    const http = fetchDouble(() => ({ body: { directoryFailure: "allow" } }));
    await expect(loadPolicy({ url: URL_, fetch: http.fetch, cache, ready: () => Promise.reject(new Error("no data")) })).rejects.toThrow("no data");
    expect(lastSeenDirectoryFailure(URL_, cache)).toBe("allow");
    expect(await storedDirectoryFailure(mapStore())).toBeUndefined();
  });
});

describe("policyDomainsOf", () => {
  it("reads every string of the domain lists and the exempt senders, without validating the file", () => {
    const text = JSON.stringify({ internalDomains: ["contoso.com", 7], trustedDomains: ["*.partner.co.jp"], blockedDomains: "gmail.com", exemptSenders: ["ceo@contoso.co.uk"], limits: { x: "a.b" } });
    expect(policyDomainsOf(text)).toEqual(["contoso.com", "*.partner.co.jp", "ceo@contoso.co.uk"]);
  });

  it("is empty for a file that is not a JSON object", () => {
    for (const text of ["", "[]", "null", "{ not json"]) expect(policyDomainsOf(text)).toEqual([]);
  });
});
