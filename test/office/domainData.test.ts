import * as realTldts from "tldts";
import { getEmptyResult, parseImpl } from "tldts-core";
import { DomainDataError } from "../../src/office/domainData/DomainDataError";
import {
  CONFUSABLES_PATH,
  PSL_BUCKETS,
  bucketOf,
  decodeConfusables,
  decodeDomainData,
  decodePslBucket,
  enumerateForest,
  enumerateTrie,
  pslBucketPath,
  readTrieModule,
  trieFormatOf,
  type DomainDataFile,
  type PslBucketFile,
} from "../../src/office/domainData/domainDataFile";
import type * as LoadModule from "../../src/office/domainData/loadDomainData";
import type * as LookupModule from "../../src/office/domainData/suffixLookup";
import { TRIE_FORMAT, domainDataFile, domainDataFolder, packageConfusables, packageTrieModule, response } from "./domainDataFixture";

/** The office bundles' domain data: the file formats, the loaders, and the guards on the stand-in modules. */

/**
 * The folder's modules, from the module registry of the running test: the installed data is per
 * runtime, i.e. per registry, and every test starts with a fresh one.
 */
function freshModules(): {
  load: typeof LoadModule;
  parse: (host: string) => ReturnType<typeof realTldts.parse>;
  confusables: Record<string, string>;
  confusablesUnicode: () => string;
} {
  /* eslint-disable @typescript-eslint/no-require-imports -- required per test, after jest.resetModules() */
  const lookup = (require("../../src/office/domainData/suffixLookup") as typeof LookupModule).default;
  return {
    load: require("../../src/office/domainData/loadDomainData") as typeof LoadModule,
    // What the bundles' tldts does: its index hands parseImpl the lookup (FLAG.ALL = 5).
    parse: (host) => parseImpl(host, 5, lookup, { allowPrivateDomains: true, extractHostname: false }, getEmptyResult()),
    confusables: (require("../../src/office/domainData/confusables") as { default: { confusables: Record<string, string> } }).default.confusables,
    confusablesUnicode: () => (require("../../src/office/domainData/confusables") as { default: { unicode: string } }).default.unicode,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

beforeEach(() => jest.resetModules());

const FILE_TEXT = JSON.stringify(domainDataFile());
const FOLDER = domainDataFolder();
const URL = "https://addins.example.org/domain-data.json";
const BASE = "https://addins.example.org/";
const EXPECTED_RULES = enumerateTrie(readTrieModule(packageTrieModule()));

/** A fetch that answers every request with `answer(url)` and counts the requests. */
function countingFetch(answer: (url: string) => Promise<Response>): jest.Mock<Promise<Response>, Parameters<typeof fetch>> {
  return jest.fn((...args: Parameters<typeof fetch>) => answer(args[0] as string));
}

/** A fetch serving the folder below BASE. */
function folderFetch(files: Record<string, string> = FOLDER): jest.Mock<Promise<Response>, Parameters<typeof fetch>> {
  return countingFetch((url) => {
    const text = files[url.slice(BASE.length)];
    return Promise.resolve(text === undefined ? response(404, "") : response(200, text));
  });
}

/** A Map-backed KeyValueStore, as the client's storage. */
function memoryStore(): { getItem(key: string): Promise<string | undefined>; setItem(key: string, value: string): Promise<void>; map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (key) => Promise.resolve(map.get(key)), setItem: (key, value) => Promise.resolve(void map.set(key, value)) };
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

describe("the domain-data files", () => {
  it("domain-data.json reads back exactly tldts's rules and exceptions, and the confusables", () => {
    const data = decodeDomainData(JSON.parse(FILE_TEXT), { trieFormat: TRIE_FORMAT });
    expect(enumerateForest(data.forest)).toEqual(EXPECTED_RULES);
    expect(data.confusables.confusables).toEqual(packageConfusables());
    expect(data.version).toBe("test-version");
  });

  it("the bucket files together read back exactly tldts's rules and exceptions, each TLD in its bucket", () => {
    const rules = new Map();
    const exceptions = new Map();
    for (let bucket = 0; bucket < PSL_BUCKETS; bucket += 1) {
      const decoded = decodePslBucket(JSON.parse(FOLDER[pslBucketPath(bucket)] ?? ""), { trieFormat: TRIE_FORMAT, bucket });
      for (const [tld, node] of decoded.forest.rules) rules.set(tld, node);
      for (const [tld, node] of decoded.forest.exceptions) exceptions.set(tld, node);
    }
    expect(enumerateForest({ rules, exceptions })).toEqual(EXPECTED_RULES);
    expect(decodeConfusables(JSON.parse(FOLDER[CONFUSABLES_PATH] ?? "")).confusables).toEqual(packageConfusables());
  });

  it("hashes a TLD with FNV-1a (32 bits) modulo K", () => {
    // FNV-1a("a") = 0xe40c292c, the algorithm's published test vector.
    expect(bucketOf("a")).toBe(0xe40c292c % PSL_BUCKETS);
    expect(bucketOf("")).toBe(0x811c9dc5 % PSL_BUCKETS);
    expect(pslBucketPath(bucketOf("com"))).toMatch(/^domain-data\/psl-\d+\.json$/);
  });

  it("names the tldts major.minor it was written for", () => {
    expect(trieFormatOf("7.6.0")).toBe("tldts@7.6");
    expect(trieFormatOf("7.6.12")).toBe("tldts@7.6");
    expect(() => trieFormatOf("seven")).toThrow(/major\.minor\.patch/);
  });

  type Damage<F> = (file: F) => void;
  const damaged = <F>(text: string, damage: Damage<F>): unknown => {
    const file = JSON.parse(text) as F;
    damage(file);
    return file;
  };

  it.each<[string, Damage<DomainDataFile>, string]>([
    ["another file format", (f) => void (f.format = 1), "domain_data_incompatible"],
    ["another tldts trie format", (f) => void (f.trieFormat = "tldts@8.0"), "domain_data_incompatible"],
    ["another K", (f) => void (f.buckets = 32), "domain_data_incompatible"],
    ["another kind", (f) => void ((f as { kind: string }).kind = "psl"), "domain_data_invalid"],
    ["no version", (f) => void (f.version = ""), "domain_data_invalid"],
    ["no confusables", (f) => void (f.confusables = {}), "domain_data_invalid"],
    ["a confusable that is not a string", (f) => void ((f.confusables as Record<string, unknown>)["0"] = 0), "domain_data_invalid"],
    ["a confusable mapped to something the skeleton cannot compare", (f) => void (f.confusables["ѕ"] = "S"), "domain_data_invalid"],
    ["a confusable for two code points", (f) => void (f.confusables["rn"] = "m"), "domain_data_invalid"],
    ["no Unicode version", (f) => void delete (f as Partial<DomainDataFile>).confusablesUnicode, "domain_data_invalid"],
    ["a flag that is not 0-3", (f) => void (f.rules = f.rules.replace(/^1/, "7")), "domain_data_invalid"],
    ["an unclosed parenthesis", (f) => void (f.rules = f.rules.replace(/\)([^)]*)$/, "$1")), "domain_data_invalid"],
    ["an empty label", (f) => void (f.rules = `1,${f.rules}`), "domain_data_invalid"],
    ["a label twice below one node", (f) => void (f.rules = `${f.rules},1com`), "domain_data_invalid"],
    ["a * TLD", (f) => void (f.rules = `${f.rules},1*`), "domain_data_invalid"],
    ["text after the end", (f) => void (f.exceptions = `${f.exceptions})`), "domain_data_invalid"],
    ["rules that are not text", (f) => void ((f as { rules: unknown }).rules = []), "domain_data_invalid"],
  ])("domain-data.json: refuses %s", (_what, damage, code) => {
    expect(() => decodeDomainData(damaged(FILE_TEXT, damage), { trieFormat: TRIE_FORMAT })).toThrow(expect.objectContaining({ code }) as Error);
  });

  const UK = pslBucketPath(bucketOf("uk"));
  it.each<[string, Damage<PslBucketFile>, string]>([
    ["another file format", (f) => void (f.format = 1), "domain_data_incompatible"],
    ["another K", (f) => void (f.buckets = 128), "domain_data_incompatible"],
    ["a TLD of another bucket", (f) => void (f.rules = `${f.rules},1${["com", "net", "org", "de"].find((tld) => bucketOf(tld) !== bucketOf("uk")) ?? ""}`), "domain_data_invalid"],
    ["a TLD it does not list", (f) => void (f.tlds = f.tlds.slice(1)), "domain_data_invalid"],
    ["a listed TLD it does not hold", (f) => void f.tlds.push("zz-not-there"), "domain_data_invalid"],
    ["another bucket's number", (f) => void (f.bucket = (f.bucket + 1) % PSL_BUCKETS), "domain_data_invalid"],
  ])("a bucket file: refuses %s", (_what, damage, code) => {
    expect(() => decodePslBucket(damaged(FOLDER[UK] ?? "", damage), { trieFormat: TRIE_FORMAT, bucket: bucketOf("uk") })).toThrow(expect.objectContaining({ code }) as Error);
  });

  it("refuses what is not an object", () => {
    for (const json of [null, [], "text", 1]) {
      expect(() => decodeDomainData(json)).toThrow(DomainDataError);
      expect(() => decodePslBucket(json)).toThrow(DomainDataError);
      expect(() => decodeConfusables(json)).toThrow(DomainDataError);
    }
  });

  it("checks tldts's trie module against the layout the build reads (the build's side)", () => {
    const trie = packageTrieModule();
    expect(() => readTrieModule(trie)).not.toThrow();
    expect(() => readTrieModule({ ...trie, edgeHash: new Uint32Array(1) })).toThrow(/unexpected export edgeHash/);
    const { labelText: _labelText, ...withoutLabels } = trie;
    expect(() => readTrieModule(withoutLabels)).toThrow(/missing export labelText/);
    expect(() => readTrieModule({ ...trie, edgeChild: new Uint32Array(trie["edgeChild"] as Uint16Array) })).toThrow(/edgeChild is Uint32Array, expected Uint16Array/);
    expect(() => readTrieModule({ ...trie, rulesRoot: 1e6 })).toThrow(/root 1000000 is not a node/);
  });
});

describe("the stand-ins before the data is loaded", () => {
  it("throw a clear error instead of parsing with no Public Suffix List", () => {
    const { parse } = freshModules();
    expect(() => parse("mail.contoso.co.uk")).toThrow(expect.objectContaining({ code: "domain_data_not_loaded" }) as Error);
  });

  it("refuse to be read as an empty confusables table", () => {
    const { confusables } = freshModules();
    expect(() => Object.entries(confusables)).toThrow(/not loaded/);
    expect(() => confusables["0"]).toThrow(/not loaded/);
    expect(() => "0" in confusables).toThrow(/not loaded/);
  });
});

describe("loadDomainData (domain-data.json, the task pane)", () => {
  it("installs everything: tldts answers as the package does, the confusables are the package's", async () => {
    const { load, parse, confusables, confusablesUnicode } = freshModules();
    await load.loadDomainData({ url: URL, fetch: countingFetch(() => Promise.resolve(response(200, FILE_TEXT))), trieFormat: TRIE_FORMAT });
    for (const host of ["a.b.nhs.uk", "x.co.uk", "foo.github.io", "contoso.com", "www.ck", "corp.local", "shop.xn--p1ai"]) {
      expect(parse(host)).toEqual(realTldts.parse(host, { allowPrivateDomains: true, extractHostname: false }));
    }
    expect(Object.entries(confusables)).toEqual(Object.entries(packageConfusables()));
    expect(confusablesUnicode()).toBe("15.0");
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
    const { load, parse } = freshModules();
    expect(await codeOf(load.loadDomainData({ url: URL, fetch: countingFetch(answer), trieFormat: TRIE_FORMAT }))).toBe(code);
    expect(() => parse("x.co.uk")).toThrow(/not loaded/);
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

describe("tldsOf", () => {
  it.each<[string, string[]]>([
    ['"Sato, K" <K.Sato@Partner.CO.JP>', ["jp"]],
    ["someone@bücher.de", ["de"]],
    ["*.пример.рф", ["xn--p1ai"]],
    ["mail.contoso.com.", ["com"]],
    ["contoso.com", ["com"]],
    ["not-an-address", ["not-an-address"]],
    ["", []],
  ])("%s ends in %j", (text, tlds) => {
    expect(freshModules().load.tldsOf(text)).toEqual(tlds);
  });
});

describe("ensureDomains (the launch event)", () => {
  const fetchedPaths = (mock: ReturnType<typeof folderFetch>): string[] => mock.mock.calls.map(([url]) => (url as string).slice(BASE.length)).sort();

  it("fetches the confusables and the bucket of each TLD at once, in parallel, and installs exactly those TLDs", async () => {
    const { load, parse } = freshModules();
    const fetch = folderFetch();
    const domains = ["adele@contoso.com", "guest@partner.co.jp", '"Site" <me@foo.github.io>', "*.shop.xn--p1ai", "пример.рф"];
    await load.ensureDomains(domains, { baseUrl: BASE, fetch, trieFormat: TRIE_FORMAT });
    const expected = [CONFUSABLES_PATH, ...new Set(["com", "jp", "io", "xn--p1ai"].map((tld) => pslBucketPath(bucketOf(tld))))].sort();
    expect(fetchedPaths(fetch)).toEqual(expected);
    for (const host of ["partner.co.jp", "foo.github.io", "shop.xn--p1ai", "x.kawasaki.jp"]) {
      expect(parse(host)).toEqual(realTldts.parse(host, { allowPrivateDomains: true, extractHostname: false }));
    }
    const unloaded = ["uk", "de", "fr", "nl", "se", "ca"].find((tld) => !expected.includes(pslBucketPath(bucketOf(tld)))) ?? "uk";
    expect(() => parse(`x.${unloaded}`)).toThrow(/not loaded/);
    // Nothing more for what is in, even for another TLD of a loaded bucket.
    await load.ensureDomains(["someone@else.jp"], { baseUrl: BASE, fetch, trieFormat: TRIE_FORMAT });
    expect(fetch).toHaveBeenCalledTimes(expected.length);
  });

  it("downloads each file once for concurrent callers", async () => {
    const { load } = freshModules();
    const fetch = folderFetch();
    await Promise.all([load.ensureDomains(["a@b.co.uk"], { baseUrl: BASE, fetch }), load.ensureDomains(["c@d.uk", "e@f.uk"], { baseUrl: BASE, fetch })]);
    expect(fetchedPaths(fetch)).toEqual([CONFUSABLES_PATH, pslBucketPath(bucketOf("uk"))].sort());
  });

  it("remembers a bucket's failure for failureTtlMs, per bucket, then tries again", async () => {
    const { load } = freshModules();
    let now = 1_000_000;
    const files = { ...FOLDER };
    delete files[pslBucketPath(bucketOf("uk"))];
    const fetch = folderFetch(files);
    const options = { baseUrl: BASE, fetch, now: () => now, failureTtlMs: 5000 };
    expect(await codeOf(load.ensureDomains(["a@b.co.uk"], options))).toBe("domain_data_fetch_failed");
    now += 4999;
    expect(await codeOf(load.ensureDomains(["a@b.co.uk"], options))).toBe("domain_data_fetch_failed");
    expect(fetchedPaths(fetch)).toEqual([CONFUSABLES_PATH, pslBucketPath(bucketOf("uk"))].sort());
    now += 1;
    files[pslBucketPath(bucketOf("uk"))] = FOLDER[pslBucketPath(bucketOf("uk"))] ?? "";
    await expect(load.ensureDomains(["a@b.co.uk"], options)).resolves.toBeUndefined();
  });

  it("keeps each file in the client's storage: a fresh runtime fetches nothing it stored before", async () => {
    const store = memoryStore();
    const first = freshModules();
    const fetch = folderFetch();
    await first.load.ensureDomains(["a@b.co.uk", "c@d.co.jp"], { baseUrl: BASE, fetch, store });
    await new Promise((resolve) => setImmediate(resolve));
    expect([...store.map.keys()].sort()).toEqual([CONFUSABLES_PATH, pslBucketPath(bucketOf("uk")), pslBucketPath(bucketOf("jp"))].map((path) => first.load.domainDataStoreKey(path)).sort());
    jest.resetModules();
    const second = freshModules();
    const again = folderFetch();
    await second.load.ensureDomains(["x@y.uk", "z@w.com"], { baseUrl: BASE, fetch: again, store });
    expect(fetchedPaths(again)).toEqual(bucketOf("com") === bucketOf("uk") ? [] : [pslBucketPath(bucketOf("com"))]);
    expect(second.parse("y.co.uk").domain).toBe("y.co.uk");
  });

  it("falls back to a stored copy, however old, when the download fails", async () => {
    const store = memoryStore();
    let now = 1_000_000;
    await freshModules().load.ensureDomains(["a@b.co.uk"], { baseUrl: BASE, fetch: folderFetch(), store, now: () => now });
    await new Promise((resolve) => setImmediate(resolve));
    jest.resetModules();
    now += 365 * 24 * 60 * 60 * 1000;
    const later = freshModules();
    await later.load.ensureDomains(["a@b.co.uk"], { baseUrl: BASE, fetch: folderFetch({}), store, now: () => now });
    expect(later.parse("b.co.uk").domain).toBe("b.co.uk");
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
