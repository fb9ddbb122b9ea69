import fc from "fast-check";
import {
  RESTRICTED_SUFFIXES,
  classifyDomain,
  domainOf,
  matchesAny,
  matchesPattern,
  parseDomainPattern,
  publicSuffixOf,
  registrableDomain,
  type DomainPattern,
  type DomainSets,
} from "../../src/core/domains";

function pattern(text: string): DomainPattern {
  const parsed = parseDomainPattern(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.pattern;
}

function problemOf(text: string): string {
  const parsed = parseDomainPattern(text);
  if (parsed.ok) throw new Error(`${text} parsed as ${parsed.pattern.text}`);
  return parsed.problem;
}

describe("parseDomainPattern", () => {
  it.each([
    ["example.org", "exact", "example.org", "example.org"],
    ["  Example.ORG. ", "exact", "example.org", "example.org"],
    ["*.example.org", "subdomains", "example.org", "*.example.org"],
    ["*.nhs.uk", "subdomains", "nhs.uk", "*.nhs.uk"],
    ["*.gov.au", "subdomains", "gov.au", "*.gov.au"],
    ["*.contoso.co.uk", "subdomains", "contoso.co.uk", "*.contoso.co.uk"],
    ["*.contoso.github.io", "subdomains", "contoso.github.io", "*.contoso.github.io"],
    ["*.contoso.onmicrosoft.com", "subdomains", "contoso.onmicrosoft.com", "*.contoso.onmicrosoft.com"],
    ["*.corp.local", "subdomains", "corp.local", "*.corp.local"],
    ["bücher.de", "exact", "xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["*.bücher.de", "subdomains", "xn--bcher-kva.de", "*.xn--bcher-kva.de"],
    ["gov.au", "exact", "gov.au", "gov.au"],
    ["co.uk", "exact", "co.uk", "co.uk"],
  ])("reads %j", (text, kind, base, canonical) => {
    expect(pattern(text)).toEqual({ kind, base, text: canonical });
  });

  it.each([
    ["", /is empty/],
    ["   ", /is empty/],
    ["*", /"\*" would match every domain/],
    ["*.", /would match every domain/],
    ["*foo.com", /^"\*foo\.com" is not a domain pattern: use "foo\.com" or "\*\.foo\.com"\.$/],
    ["*-foo.com", /"\*" may only stand alone as the first label/],
    ["**.foo.com", /"\*" may only stand alone as the first label/],
    ["a.*.com", /"\*" may only stand alone as the first label/],
    ["foo.*", /"\*" may only stand alone as the first label/],
    ["*.*.foo.com", /"\*" may only stand alone as the first label/],
    [".example.org", /use "example\.org" or "\*\.example\.org"/],
    ["jane@example.org", /is an address, not a domain pattern: write the domain alone, e.g. "example\.org"/],
    ["@example.org", /is an address/],
    ["*.com", /anyone can register under the public suffix "com"/],
    ["*.co.uk", /anyone can register under the public suffix "co\.uk": name the organisation's own domain instead, e\.g\. "\*\.example\.co\.uk"/],
    ["*.com.au", /public suffix "com\.au"/],
    ["*.github.io", /public suffix "github\.io"/],
    ["*.onmicrosoft.com", /public suffix "onmicrosoft\.com"/],
    ["*.bücher", /public suffix "xn--bcher-kva"/],
    ["localhost", /is not a valid domain name/],
    ["exa mple.org", /is not a valid domain name/],
    ["https://example.org/", /is not a valid domain name/],
    ["*.10.0.0.1", /is not a valid domain name/],
    [`${"a".repeat(100)}.com`, /^"a{77}\.\.\." is not a valid domain name/],
  ])("refuses %j with a clear problem", (text, problem) => {
    expect(problemOf(text)).toMatch(problem);
  });

  it("treats *.nhs.uk as subdomains only", () => {
    const nhs = pattern("*.nhs.uk");
    expect(matchesPattern("nhs.uk", nhs)).toBe(false);
    expect(matchesPattern("england.nhs.uk", nhs)).toBe(true);
    expect(matchesPattern("mail.royalfree.nhs.uk", nhs)).toBe(true);
  });

  it("allows wildcards only over the restricted suffixes it lists", () => {
    for (const suffix of RESTRICTED_SUFFIXES) {
      expect(registrableDomain(suffix)).toBeUndefined();
      expect(parseDomainPattern(`*.${suffix}`).ok).toBe(true);
    }
  });

  it("never throws and always explains a refusal", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("*", ".", "a", "@", "-", "ü", " ", "com", "uk") })), (text) => {
        const parsed = parseDomainPattern(text);
        if (parsed.ok) expect(parsed.pattern.text).toBe(parsed.pattern.kind === "exact" ? parsed.pattern.base : `*.${parsed.pattern.base}`);
        else expect(parsed.problem.length).toBeGreaterThan(10);
      }),
      { numRuns: 2000 },
    );
    expect(parseDomainPattern(undefined as unknown as string).ok).toBe(false);
  });
});

describe("matchesPattern", () => {
  it.each([
    ["example.org", "example.org", true],
    ["EXAMPLE.org.", "example.org", true],
    ["www.example.org", "example.org", false],
    ["example.org", "*.example.org", false],
    ["www.example.org", "*.example.org", true],
    ["a.b.example.org", "*.example.org", true],
    ["badexample.org", "*.example.org", false],
    ["example.org.evil.com", "*.example.org", false],
    ["bücher.de", "bücher.de", true],
    ["shop.xn--bcher-kva.de", "*.bücher.de", true],
    ["not a domain", "example.org", false],
  ])("matches %j against %j: %s", (domain, text, expected) => {
    expect(matchesPattern(domain, pattern(text))).toBe(expected);
  });

  const labels = fc.constantFrom("a", "b", "contoso", "nhs", "uk", "com");
  const domain = fc.array(labels, { minLength: 2, maxLength: 4 });

  /** The reference: compare label arrays, no string tricks. */
  function naiveMatch(domainLabels: string[], kind: "exact" | "subdomains", baseLabels: string[]): boolean {
    const tail = domainLabels.slice(domainLabels.length - baseLabels.length);
    const endsWithBase = domainLabels.length >= baseLabels.length && tail.every((l, i) => l === baseLabels[i]);
    return kind === "exact" ? domainLabels.length === baseLabels.length && endsWithBase : domainLabels.length > baseLabels.length && endsWithBase;
  }

  it("agrees with a naive label-by-label reference", () => {
    fc.assert(
      fc.property(domain, fc.boolean(), domain, (d, wildcard, base) => {
        const parsed = parseDomainPattern(`${wildcard ? "*." : ""}${base.join(".")}`);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        expect(matchesPattern(d.join("."), parsed.pattern)).toBe(naiveMatch(d, parsed.pattern.kind, base));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("matchesAny", () => {
  it("matches when any pattern does", () => {
    const patterns = [pattern("contoso.com"), pattern("*.nhs.uk")];
    expect(matchesAny("trust.nhs.uk", patterns)).toBe(true);
    expect(matchesAny("contoso.com", patterns)).toBe(true);
    expect(matchesAny("fabrikam.com", patterns)).toBe(false);
    expect(matchesAny("", patterns)).toBe(false);
  });
});

describe("classifyDomain", () => {
  const sets: DomainSets = {
    internal: [pattern("contoso.com"), pattern("*.contoso.com")],
    trusted: [pattern("fabrikam.com"), pattern("*.nhs.uk"), pattern("partner.contoso.com")],
    blocked: [pattern("old.contoso.com"), pattern("gmail.com")],
  };

  it.each([
    ["contoso.com", "internal"],
    ["sales.contoso.com", "internal"],
    ["old.contoso.com", "blocked"],
    ["gmail.com", "blocked"],
    ["partner.contoso.com", "internal"],
    ["fabrikam.com", "trusted"],
    ["england.nhs.uk", "trusted"],
    ["nhs.uk", "external"],
    ["outlook.com", "external"],
    ["not a domain", "external"],
  ])("classifies %j as %s", (domain, expected) => {
    expect(classifyDomain(domain, sets)).toBe(expected);
  });

  it("gives blocked precedence over internal, and internal over trusted", () => {
    const everywhere = pattern("x.org");
    expect(classifyDomain("x.org", { internal: [everywhere], trusted: [everywhere], blocked: [everywhere] })).toBe("blocked");
    expect(classifyDomain("x.org", { internal: [everywhere], trusted: [everywhere], blocked: [] })).toBe("internal");
    expect(classifyDomain("x.org", { internal: [], trusted: [everywhere], blocked: [] })).toBe("trusted");
    expect(classifyDomain("x.org", { internal: [], trusted: [], blocked: [] })).toBe("external");
  });
});

describe("registrableDomain and publicSuffixOf", () => {
  it.each([
    ["mail.contoso.co.uk", "contoso.co.uk", "co.uk"],
    ["contoso.com", "contoso.com", "com"],
    ["trust.nhs.uk", "trust.nhs.uk", "nhs.uk"],
    ["a.b.trust.nhs.uk", "trust.nhs.uk", "nhs.uk"],
    ["nhs.uk", undefined, "nhs.uk"],
    ["gov.au", undefined, "gov.au"],
    ["co.uk", undefined, "co.uk"],
    ["foo.github.io", "foo.github.io", "github.io"],
    ["contoso.onmicrosoft.com", "contoso.onmicrosoft.com", "onmicrosoft.com"],
    ["contoso.mail.onmicrosoft.com", "contoso.mail.onmicrosoft.com", "mail.onmicrosoft.com"],
    ["x.contoso.onmicrosoft.com", "contoso.onmicrosoft.com", "onmicrosoft.com"],
    ["onmicrosoft.com", undefined, "onmicrosoft.com"],
    ["corp.local", "corp.local", "local"],
    ["Shop.Bücher.DE", "xn--bcher-kva.de", "de"],
    ["not a domain", undefined, undefined],
  ])("splits %j into registrable %j and suffix %j", (domain, registrable, suffix) => {
    expect(registrableDomain(domain)).toBe(registrable);
    expect(publicSuffixOf(domain)).toBe(suffix);
  });
});

describe("domainOf", () => {
  it.each([
    ["j@x.com", "x.com"],
    ['"Doe, J" <J@Bücher.DE>', "xn--bcher-kva.de"],
    ["Jane Doe", undefined],
  ])("finds the domain of %j", (address, expected) => {
    expect(domainOf(address)).toBe(expected);
  });
});

describe("parseDomainPattern with allowAnySuffix (blocked domains)", () => {
  it.each(["*.ru", "*.co.uk", "*.com"])("accepts %s, which blocks every domain under that suffix", (text) => {
    const parsed = parseDomainPattern(text, { allowAnySuffix: true });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(matchesPattern(`mail.example.${text.slice(2)}`, parsed.pattern)).toBe(true);
  });

  it("still refuses a wildcard alone", () => {
    expect(parseDomainPattern("*", { allowAnySuffix: true }).ok).toBe(false);
  });
});
