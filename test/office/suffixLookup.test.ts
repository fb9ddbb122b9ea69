import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getEmptyResult, parseImpl, type IPublicSuffix } from "tldts-core";
import { bucketOf, enumerateTrie, readTrieModule } from "../../src/office/domainData/domainDataFile";
import type * as StoreModule from "../../src/office/domainData/domainDataStore";
import type * as LookupModule from "../../src/office/domainData/suffixLookup";
import { packageForest, packageTrieModule } from "./domainDataFixture";

/**
 * The office bundles' suffixLookup (over the installed TLD subtrees) against tldts's own (over its
 * whole trie), on every rule and exception of the list and on the hostnames that trip lookups up.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package's own lookup, which its index calls.
const realLookup = (require("tldts/dist/cjs/src/suffix-trie.js") as { default: typeof LookupModule.default }).default;

/** A fresh store and lookup (the installed data is per module registry). */
function freshLookup(): { lookup: typeof LookupModule.default; store: typeof StoreModule } {
  jest.resetModules();
  /* eslint-disable @typescript-eslint/no-require-imports -- required after jest.resetModules() */
  return {
    lookup: (require("../../src/office/domainData/suffixLookup") as typeof LookupModule).default,
    store: require("../../src/office/domainData/domainDataStore") as typeof StoreModule,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * tldts-core's `FLAG` (a const enum, not emitted): what tldts's entry points ask parseImpl for —
 * `parse` and `getDomainWithoutSuffix` ALL, `getDomain` and `getFullDomain` DOMAIN, `getPublicSuffix`
 * PUBLIC_SUFFIX, `getSubdomain` SUB_DOMAIN (node_modules/tldts/dist/es6/index.js; its CommonJS build
 * inlines its own lookup, so the tests call parseImpl as the ES build the bundles use does).
 */
const FLAG = { PUBLIC_SUFFIX: 2, DOMAIN: 3, SUB_DOMAIN: 4, ALL: 5 } as const;

const OPTION_SETS = [true, false].flatMap((allowPrivateDomains) => [true, false].map((allowIcannDomains) => ({ allowPrivateDomains, allowIcannDomains })));

function answer(lookup: typeof LookupModule.default, hostname: string, options: (typeof OPTION_SETS)[number]): { isException: boolean; out: IPublicSuffix } {
  const out: IPublicSuffix = { isIcann: null, isPrivate: null, publicSuffix: null };
  return { isException: lookup(hostname, options, out), out };
}

/** Every rule and exception of the list as a hostname (wildcards filled in), and with one and two labels in front. */
function listHostnames(): string[] {
  const hosts = new Set<string>();
  for (const entry of enumerateTrie(readTrieModule(packageTrieModule()))) {
    const suffix = entry.split(" ")[2] ?? "";
    for (const form of [suffix, suffix.replace(/\*/g, "wild"), suffix.replace(/\*/g, "")]) {
      hosts.add(form);
      hosts.add(`a.${form}`);
      hosts.add(`b.a.${form}`);
    }
  }
  return [...hosts];
}

function corpusDomains(): string[] {
  const dir = join(__dirname, "..", "core", "lookalikeCorpus");
  const words = (file: string): string[] => readFileSync(join(dir, file), "utf8").split("\n").filter((line) => line !== "" && !line.startsWith("#")).flatMap((line) => line.split(/\s+/));
  return [...words("permutations.txt"), ...words("real-domains.txt")].filter((word) => word.includes("."));
}

/** Deterministic pseudo-random hostnames over list labels and made-up ones. */
function randomHostnames(count: number): string[] {
  let seed = 42;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const labels = ["com", "uk", "co", "jp", "github", "io", "www", "ck", "kawasaki", "city", "xn--p1ai", "*", "", "a", "zz", "blogspot", "s3", "amazonaws", "us-east-1", "nhs", "net", "org", "gov", "de", "x"];
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(5) }, () => labels[next(labels.length)] ?? "").join("."));
}

const EDGE_CASES = ["..com", ".com", "com.", "com", "", ".", "..", "a..b.jp", "www.ck", "a.www.ck", "city.kawasaki.jp", "x.city.kawasaki.jp", "kawasaki.jp", "foo.kawasaki.jp", "10.0.0.1", "192.168.1.1", "1.2.3.4.in-addr.arpa", "::1", "[::1]", "localhost", "corp.local", "example.unknowntld", "a.b.c.d.e.f.g", "*.jp", "*.kawasaki.jp", "example.*", "пример.рф", "xn--e1afmkfd.xn--p1ai", "a.github.io", "github.io", "foo.bar.github.io"];

describe("suffixLookup with every bucket installed", () => {
  const { lookup, store } = freshLookup();
  store.installWholePsl(packageForest());

  const cases: [string, string[]][] = [
    ["every rule and exception, alone and with one and two labels in front", listHostnames()],
    ["empty labels, IP addresses, unknown TLDs, wildcard and exception cases", EDGE_CASES],
    ["the look-alike corpus's domains", corpusDomains()],
    ["random hostnames", randomHostnames(5000)],
  ];
  it.each(cases)("answers %s exactly as tldts does, under every option", (_what, hosts) => {
    expect(hosts.length).toBeGreaterThan(0);
    const differences: string[] = [];
    for (const host of hosts) {
      for (const options of OPTION_SETS) {
        const ours = JSON.stringify(answer(lookup, host, options));
        const theirs = JSON.stringify(answer(realLookup, host, options));
        if (ours !== theirs) differences.push(`${host} ${JSON.stringify(options)}: ${ours} vs ${theirs}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it("gives tldts's parse the same result through tldts-core, as the bundles' tldts does", () => {
    for (const host of ["mail.contoso.co.uk", "a.b.nhs.uk", "foo.github.io", "www.ck", "x.city.kawasaki.jp", "shop.xn--p1ai"]) {
      const options = { allowPrivateDomains: true, extractHostname: false };
      expect(parseImpl(host, FLAG.ALL, lookup, options, getEmptyResult())).toEqual(parseImpl(host, FLAG.ALL, realLookup, options, getEmptyResult()));
    }
  });
});

describe("suffixLookup without a TLD's bucket", () => {
  const options = { allowPrivateDomains: true, allowIcannDomains: true };

  it("throws domain_data_not_loaded naming the TLD, never the hostname, from the lookup and from every parse entry point", () => {
    const { lookup, store } = freshLookup();
    const forest = packageForest();
    store.installPslBuckets([bucketOf("com")], forest);
    expect(answer(lookup, "contoso.com", options).out.publicSuffix).toBe("com");
    const other = ["uk", "jp", "io", "net", "org", "de"].find((tld) => bucketOf(tld) !== bucketOf("com")) ?? "uk";
    const host = `secret-name.${other}`;
    expect(() => answer(lookup, host, options)).toThrow(expect.objectContaining({ code: "domain_data_not_loaded", message: expect.stringContaining(`"${other}"`) as string }) as Error);
    expect(() => answer(lookup, host, options)).toThrow(expect.not.objectContaining({ message: expect.stringContaining("secret-name") as string }) as Error);
    for (const flag of [FLAG.ALL, FLAG.DOMAIN, FLAG.PUBLIC_SUFFIX, FLAG.SUB_DOMAIN]) {
      expect(() => parseImpl(`mail.${host}`, flag, lookup, { allowPrivateDomains: true }, getEmptyResult())).toThrow(expect.objectContaining({ code: "domain_data_not_loaded" }) as Error);
    }
  });

  it("throws before anything is installed, except on tldts-core's fast path, which needs no rules", () => {
    const { lookup } = freshLookup();
    expect(() => answer(lookup, "mail.contoso.co.uk", options)).toThrow(/not loaded/);
    expect(answer(lookup, "contoso.com", { allowPrivateDomains: false, allowIcannDomains: true }).out.publicSuffix).toBe("com");
    expect(answer(lookup, "com.", options).out.publicSuffix).toBe("");
  });

  it("keeps the first installation of a bucket: its TLDs are never answered from two files", () => {
    const { lookup, store } = freshLookup();
    const forest = packageForest();
    store.installPslBuckets([bucketOf("uk")], forest);
    store.installPslBuckets([bucketOf("uk")], { rules: new Map(), exceptions: new Map() });
    expect(answer(lookup, "x.co.uk", options).out.publicSuffix).toBe("co.uk");
  });
});
