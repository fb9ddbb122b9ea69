import * as realTldts from "tldts";
import { DomainDataError } from "../../src/office/domainData/DomainDataError";
import { decodeDomainData, encodeDomainData, readTrieModule, trieFormatOf, type DomainDataFile } from "../../src/office/domainData/domainDataFile";
import type * as LoadModule from "../../src/office/domainData/loadDomainData";
import type * as TldtsModule from "../../src/office/domainData/tldts";
import { TRIE_FORMAT, domainDataFile, packageConfusables, packageTrieModule, response } from "./domainDataFixture";

/** The launch-event script's domain data: the file format, the loader, and the guards on the stand-in modules. */

/**
 * The folder's modules, from the module registry of the running test: the installed data is per
 * runtime, i.e. per registry, and every test starts with a fresh one.
 */
function freshModules(): {
  load: typeof LoadModule;
  tldts: typeof TldtsModule;
  confusables: Record<string, string>;
  confusablesUnicode: () => string;
  requireTrie: () => Record<string, unknown>;
} {
  /* eslint-disable @typescript-eslint/no-require-imports -- required per test, after jest.resetModules() */
  return {
    load: require("../../src/office/domainData/loadDomainData") as typeof LoadModule,
    tldts: require("../../src/office/domainData/tldts") as typeof TldtsModule,
    confusables: (require("../../src/office/domainData/confusables") as { default: { confusables: Record<string, string> } }).default.confusables,
    confusablesUnicode: () => (require("../../src/office/domainData/confusables") as { default: { unicode: string } }).default.unicode,
    requireTrie: () => require("../../src/office/domainData/tldtsTrie") as Record<string, unknown>,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

beforeEach(() => jest.resetModules());

const FILE_TEXT = JSON.stringify(domainDataFile());
const URL = "https://addins.example.org/domain-data.json";

/** A fetch that answers every request with `answer()` and counts the requests. */
function countingFetch(answer: () => Promise<Response>): jest.Mock<Promise<Response>, Parameters<typeof fetch>> {
  return jest.fn((..._args: Parameters<typeof fetch>) => answer());
}

/** The DomainDataError code of a rejection (codes, not instanceof: the modules may come from another registry). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error("expected a rejection");
}

describe("domain-data.json", () => {
  it("reads back exactly the packages' data", () => {
    const data = decodeDomainData(JSON.parse(FILE_TEXT), { trieFormat: TRIE_FORMAT });
    const trie = packageTrieModule();
    for (const name of Object.keys(trie)) expect(data.trie[name as keyof typeof data.trie]).toEqual(trie[name]);
    expect(data.trie.nodeFlags).toBeInstanceOf(Uint8Array);
    expect(data.trie.edgeChild).toBeInstanceOf(Uint16Array);
    expect(data.confusables).toEqual(packageConfusables());
    expect(data.version).toBe("test-version");
  });

  it("names the tldts major.minor it was written for", () => {
    expect(trieFormatOf("7.6.0")).toBe("tldts@7.6");
    expect(trieFormatOf("7.6.12")).toBe("tldts@7.6");
    expect(() => trieFormatOf("seven")).toThrow(/major\.minor\.patch/);
  });

  type Damage = (file: DomainDataFile) => void;
  const damaged = (damage: Damage): unknown => {
    const file = JSON.parse(FILE_TEXT) as DomainDataFile;
    damage(file);
    return file;
  };
  const arrayOf = (file: DomainDataFile, name: keyof DomainDataFile["trie"]): number[] => file.trie[name] as number[];

  it.each<[string, Damage, string]>([
    ["another file format", (f) => void (f.format = 2), "domain_data_incompatible"],
    ["another tldts trie format", (f) => void (f.trieFormat = "tldts@8.0"), "domain_data_incompatible"],
    ["no version", (f) => void (f.version = ""), "domain_data_invalid"],
    ["no confusables", (f) => void (f.confusables = {}), "domain_data_invalid"],
    ["a confusable that is not a string", (f) => void ((f.confusables as Record<string, unknown>)["0"] = 0), "domain_data_invalid"],
    ["a confusable mapped to something the skeleton cannot compare", (f) => void (f.confusables["ѕ"] = "S"), "domain_data_invalid"],
    ["a confusable for two code points", (f) => void (f.confusables["rn"] = "m"), "domain_data_invalid"],
    ["no Unicode version", (f) => void delete (f as Partial<DomainDataFile>).confusablesUnicode, "domain_data_invalid"],
    ["a byte out of range", (f) => void (arrayOf(f, "nodeFlags")[0] = 256), "domain_data_invalid"],
    ["a fraction", (f) => void (arrayOf(f, "edgeLength")[0] = 1.5), "domain_data_invalid"],
    ["an edge to no node", (f) => void (arrayOf(f, "edgeChild")[0] = arrayOf(f, "nodeFlags").length), "domain_data_invalid"],
    ["a truncated edge list", (f) => void arrayOf(f, "edgeChild").pop(), "domain_data_invalid"],
    ["a node index that goes backwards", (f) => void (arrayOf(f, "edgeStart")[1] = 60000), "domain_data_invalid"],
    ["labels that do not fill labelText", (f) => void (f.trie.labelText = `${String(f.trie.labelText)}x`), "domain_data_invalid"],
    ["a root that is not a node", (f) => void (f.trie.rulesRoot = 100000), "domain_data_invalid"],
    ["a missing trie field", (f) => void delete (f.trie as Partial<DomainDataFile["trie"]>).labelText, "domain_data_invalid"],
  ])("refuses %s", (_what, damage, code) => {
    expect(() => decodeDomainData(damaged(damage), { trieFormat: TRIE_FORMAT })).toThrow(expect.objectContaining({ code }) as Error);
  });

  it("refuses what is not an object", () => {
    for (const json of [null, [], "text", 1]) expect(() => decodeDomainData(json)).toThrow(DomainDataError);
  });

  it("checks tldts's trie module against the layout the stand-in exports (the build's side)", () => {
    const trie = packageTrieModule();
    expect(() => readTrieModule(trie)).not.toThrow();
    expect(() => readTrieModule({ ...trie, edgeHash: new Uint32Array(1) })).toThrow(/unexpected export edgeHash/);
    const { labelText: _labelText, ...withoutLabels } = trie;
    expect(() => readTrieModule(withoutLabels)).toThrow(/missing export labelText/);
    expect(() => readTrieModule({ ...trie, edgeChild: new Uint32Array(trie["edgeChild"] as Uint16Array) })).toThrow(/edgeChild is Uint32Array, expected Uint16Array/);
  });

  it("is what encodeDomainData writes, key for key", () => {
    const file = domainDataFile("v");
    expect(Object.keys(file).sort()).toEqual(["confusables", "confusablesUnicode", "format", "sources", "trie", "trieFormat", "version"]);
    expect(encodeDomainData({ trie: readTrieModule(packageTrieModule()), confusables: { a: "b" }, confusablesUnicode: "15.0", trieFormat: "t", version: "v", sources: {} }).confusables).toEqual({ a: "b" });
  });
});

describe("the stand-ins before the data is loaded", () => {
  it("throw a clear error instead of parsing with no Public Suffix List", () => {
    const { tldts } = freshModules();
    expect(() => tldts.parse("mail.contoso.co.uk")).toThrow(expect.objectContaining({ code: "domain_data_not_loaded" }) as Error);
    expect(() => tldts.getDomain("mail.contoso.co.uk")).toThrow(/await loadDomainData\(\)/);
  });

  it("refuse to be read as an empty confusables table", () => {
    const { confusables } = freshModules();
    expect(() => Object.entries(confusables)).toThrow(/not loaded/);
    expect(() => confusables["0"]).toThrow(/not loaded/);
    expect(() => "0" in confusables).toThrow(/not loaded/);
  });

  it("refuse to hand tldts an empty trie", () => {
    const { requireTrie } = freshModules();
    expect(requireTrie).toThrow(/not loaded/);
  });
});

describe("loadDomainData", () => {
  it("installs the data: tldts answers as the package does, the confusables are the package's", async () => {
    const { load, tldts, confusables, confusablesUnicode, requireTrie } = freshModules();
    await load.loadDomainData({ url: URL, fetch: countingFetch(() => Promise.resolve(response(200, FILE_TEXT))), trieFormat: TRIE_FORMAT });
    const options = { allowPrivateDomains: true, extractHostname: false };
    for (const host of ["a.b.nhs.uk", "x.co.uk", "foo.github.io", "contoso.com", "www.ck", "corp.local"]) {
      expect(tldts.parse(host, options)).toEqual(realTldts.parse(host, options));
    }
    expect(Object.entries(confusables)).toEqual(Object.entries(packageConfusables()));
    expect(confusablesUnicode()).toBe("15.0");
    expect(requireTrie()["rulesRoot"]).toBe(packageTrieModule()["rulesRoot"]);
  });

  it("downloads once for concurrent callers and never again once installed", async () => {
    const { load } = freshModules();
    const fetch = countingFetch(() => Promise.resolve(response(200, FILE_TEXT)));
    await Promise.all([load.loadDomainData({ url: URL, fetch }), load.loadDomainData({ url: URL, fetch })]);
    await load.loadDomainData({ url: URL, fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe(URL);
  });

  it("remembers a failure for failureTtlMs, then tries again", async () => {
    const { load } = freshModules();
    let now = 1_000_000;
    let status = 503;
    const fetch = countingFetch(() => Promise.resolve(response(status, status === 200 ? FILE_TEXT : "")));
    const options = { url: URL, fetch, now: () => now, failureTtlMs: 5000 };
    expect(await codeOf(load.loadDomainData(options))).toBe("domain_data_fetch_failed");
    now += 4999;
    expect(await codeOf(load.loadDomainData(options))).toBe("domain_data_fetch_failed");
    expect(fetch).toHaveBeenCalledTimes(1);
    now += 1;
    status = 200;
    await expect(load.loadDomainData(options)).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each<[string, () => Promise<Response>, string]>([
    ["an HTTP error", () => Promise.resolve(response(404, "Not found")), "domain_data_fetch_failed"],
    ["a network failure", () => Promise.reject(new TypeError("Failed to fetch")), "domain_data_fetch_failed"],
    ["a file that is not JSON", () => Promise.resolve(response(200, "<html>")), "domain_data_invalid"],
    ["a file for another script", () => Promise.resolve(response(200, JSON.stringify({ ...domainDataFile(), trieFormat: "tldts@6.1" }))), "domain_data_incompatible"],
  ])("fails with a code on %s, and installs nothing", async (_what, answer, code) => {
    const { load, tldts } = freshModules();
    expect(await codeOf(load.loadDomainData({ url: URL, fetch: countingFetch(answer), trieFormat: TRIE_FORMAT }))).toBe(code);
    expect(() => tldts.parse("x.co.uk")).toThrow(/not loaded/);
  });

  it("stops this caller's wait when its signal fires; the download goes on for the next caller", async () => {
    const { load } = freshModules();
    let answer: (value: Response) => void = () => undefined;
    const fetch = countingFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const controller = new AbortController();
    const waiting = load.loadDomainData({ url: URL, fetch, signal: controller.signal });
    controller.abort();
    expect(await codeOf(waiting)).toBe("directory_aborted");
    answer(response(200, FILE_TEXT));
    await load.loadDomainData({ url: URL, fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  describe("with a server that never answers", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("gives up after timeoutMs", async () => {
      const { load } = freshModules();
      const loading = load.loadDomainData({ url: URL, fetch: countingFetch(() => new Promise<Response>(() => undefined)), timeoutMs: 10_000 });
      const code = codeOf(loading);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(await code).toBe("domain_data_fetch_failed");
    });
  });
});

describe("domainDataUrl", () => {
  it("is beside the page that loaded the script", () => {
    const { load } = freshModules();
    expect(load.domainDataUrl({ href: "https://addins.example.org/guard/launchevent.html?x=1#y" })).toBe("https://addins.example.org/guard/domain-data.json");
  });

  it("is on the build's origin in classic Outlook's JavaScript-only runtime, which has no location", () => {
    const { load } = freshModules();
    expect(load.domainDataUrl({})).toBe("https://localhost:3000/domain-data.json");
  });
});
