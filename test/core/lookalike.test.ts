import fc from "fast-check";
import { parseDomainPattern, registrableDomain, publicSuffixOf, type DomainPattern } from "../../src/core/domains";
import { EDIT_MIN_LENGTH, editDistance, findLookalike, skeleton, type LookalikeKind } from "../../src/core/lookalike";

function patterns(...texts: string[]): DomainPattern[] {
  return texts.map((text) => {
    const parsed = parseDomainPattern(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.pattern;
  });
}

/** The protected set of the brief: internal and trusted patterns of an NHS/contoso-style tenant. */
const PROTECTED = patterns("gov.au", "nhs.net", "contoso.com", "*.nhs.uk");
const PROTECTED_NAMES = ["gov.au", "nhs.net", "contoso.com", "nhs.uk"];

describe("findLookalike", () => {
  const positives: [domain: string, extra: string[], imitates: string, kind: LookalikeKind][] = [
    ["nhs.net.evil.com", [], "nhs.net", "embedded"],
    ["trust.nhs.uk.evil.com", [], "nhs.uk", "embedded"],
    ["contoso.com.invoices-portal.net", [], "contoso.com", "embedded"],
    ["secure.nhs.net.login.co", [], "nhs.net", "embedded"],
    ["gov.au.example.com", [], "gov.au", "embedded"],
    ["mail.contoso.com.evil.net", ["mail.contoso.com"], "mail.contoso.com", "embedded"],
    ["contoso.com.evil.net", ["mail.contoso.com"], "contoso.com", "embedded"],
    ["nhѕ.net.evil.com", [], "nhs.net", "embedded"],

    ["nhѕ.net", [], "nhs.net", "confusable"],
    ["cοntoso.com", [], "contoso.com", "confusable"],
    ["mail.cοntoso.com", [], "contoso.com", "confusable"],
    ["trust.nhѕ.uk", [], "nhs.uk", "confusable"],
    ["contoso.corn", [], "contoso.com", "confusable"],
    ["rnicrosoft.com", ["microsoft.com"], "microsoft.com", "confusable"],
    ["paypa1.com", ["paypal.com"], "paypal.com", "confusable"],
    ["www.cοntoso.com", ["mail.contoso.com"], "contoso.com", "confusable"],

    ["nhs.nett", [], "nhs.net", "edit"],
    ["nhs.ent", [], "nhs.net", "edit"],
    ["c0ntoso.com", [], "contoso.com", "edit"],
    ["contoso.co", [], "contoso.com", "edit"],
    ["cotnoso.com", [], "contoso.com", "edit"],
    ["www.contosso.com", [], "contoso.com", "edit"],
    ["c0nt0so.com", [], "contoso.com", "edit"],
    ["cöntoso.com", [], "contoso.com", "edit"],
    ["c0ntoso.onmicrosoft.com", ["contoso.onmicrosoft.com"], "contoso.onmicrosoft.com", "edit"],

    ["nhs-net.com", [], "nhs.net", "punctuation"],
    ["nhsnet.com", [], "nhs.net", "punctuation"],
    ["nhs-net.co.uk", [], "nhs.net", "punctuation"],
    ["login.nhs-net.org", [], "nhs.net", "punctuation"],
    ["nhs.com", [], "nhs.net", "punctuation"],
    ["contoso.org", [], "contoso.com", "punctuation"],
    ["contoso.co.uk", [], "contoso.com", "punctuation"],
    ["c-o-n-toso.net", [], "contoso.com", "punctuation"],
    ["contoso-com.net", [], "contoso.com", "punctuation"],
    ["gov-au.com", [], "gov.au", "punctuation"],
    ["nhs-uk.net", [], "nhs.uk", "punctuation"],
    ["bücher-de.com", ["bücher.de"], "xn--bcher-kva.de", "punctuation"],
  ];

  it.each(positives.map(([domain, extra, imitates, kind]) => ({ domain, extra, imitates, kind })))(
    "flags $domain as imitating $imitates ($kind)",
    ({ domain, extra, imitates, kind }) => {
      const found = findLookalike(domain, extra.length > 0 ? patterns(...extra) : PROTECTED);
      expect(found).toMatchObject({ imitates, kind });
    },
  );

  it("reports the suspicious domain in ASCII", () => {
    expect(findLookalike("NHѕ.net.", PROTECTED)).toEqual({ domain: "xn--nh-foc.net", imitates: "nhs.net", kind: "confusable" });
  });

  it.each<[string, string[]]>([
    ["nhs.net", []],
    ["mail.nhs.net", []],
    ["england.nhs.uk", []],
    ["nhs.uk", []],
    ["health.gov.au", []],
    ["CONTOSO.COM.", []],
    ["www.contoso.com", ["mail.contoso.com"]],
    ["contoso.com", ["*.contoso.com"]],
    ["c0ntoso.com", ["contoso.com", "c0ntoso.com"]],
  ])("never flags %j, which belongs to a protected domain", (domain, extra) => {
    expect(findLookalike(domain, extra.length > 0 ? patterns(...extra) : PROTECTED)).toBeUndefined();
  });

  it.each([
    ["gmail.com"],
    ["outlook.com"],
    ["fabrikam.com"],
    ["yahoo.co.uk"],
    ["afc.com.au"],
    ["hotmail.co.uk"],
    ["bbc.co.uk"],
    ["gov.uk"],
    ["gov.ua"],
    ["nhs.wales.example"],
    ["contractor.com"],
    ["northwind.net"],
  ])("leaves the unrelated %j alone", (domain) => {
    expect(findLookalike(domain, PROTECTED)).toBeUndefined();
  });

  it("does not take nhs.net for a look-alike of *.nhs.uk", () => {
    expect(findLookalike("nhs.net", patterns("*.nhs.uk"))).toBeUndefined();
  });

  it("does not flag one edit from a protected domain shorter than the threshold", () => {
    expect(EDIT_MIN_LENGTH.oneEdit).toBe(7);
    expect(findLookalike("hq.com", patterns("hp.com"))).toBeUndefined();
    expect(findLookalike("bbc.cm", patterns("bbc.com"))).toMatchObject({ kind: "edit" });
  });

  it("does not flag two edits from a protected domain shorter than the threshold", () => {
    expect(EDIT_MIN_LENGTH.twoEdits).toBe(11);
    expect(findLookalike("airbnb.com", patterns("airbus.com"))).toBeUndefined();
    expect(findLookalike("c0nt0so.com", patterns("contoso.com"))).toMatchObject({ kind: "edit" });
  });

  it.each([["not a domain"], [""], ["com"]])("ignores %j, which is not a domain", (domain) => {
    expect(findLookalike(domain, PROTECTED)).toBeUndefined();
  });

  it("finds nothing when nothing is protected", () => {
    expect(findLookalike("nhs-net.com", [])).toBeUndefined();
  });

  it("never flags the unrelated domains against any choice of protected patterns", () => {
    const unrelated = ["gmail.com", "outlook.com", "fabrikam.com", "yahoo.co.uk", "afc.com.au"];
    fc.assert(
      fc.property(fc.constantFrom(...unrelated), fc.subarray(PROTECTED, { minLength: 1 }), fc.stringMatching(/^(?:[a-z]{4,8}\.){0,2}$/), (domain, chosen, sub) => {
        expect(findLookalike(`${sub}${domain}`, chosen)).toBeUndefined();
      }),
    );
  });

  /** A random domain: one to three lower-case labels of four or more letters under a common suffix. */
  const randomDomain = fc
    .tuple(fc.array(fc.stringMatching(/^[a-z]{4,10}$/), { minLength: 1, maxLength: 3 }), fc.constantFrom("com", "net", "org", "co.uk", "com.au", "de", "io", "uk"))
    .map(([labels, suffix]) => `${labels.join(".")}.${suffix}`);

  it("never flags random domains three or more edits away from every protected name", () => {
    fc.assert(
      fc.property(randomDomain, (domain) => {
        const registrable = registrableDomain(domain) ?? domain;
        const suffix = publicSuffixOf(domain) ?? "";
        const name = registrable.slice(0, -suffix.length - 1);
        for (const protectedName of PROTECTED_NAMES) {
          fc.pre(editDistance(registrable, protectedName) >= 3);
          fc.pre(name !== protectedName.split(".")[0] && name !== protectedName.replace(/\./g, ""));
          fc.pre(!`.${domain}.`.includes(`.${protectedName}.`));
        }
        expect(findLookalike(domain, PROTECTED)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it("never flags a domain under a protected pattern", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }), fc.constantFrom(...PROTECTED), (labels, p) => {
        expect(findLookalike(`${labels.join(".")}.${p.base}`, PROTECTED)).toBeUndefined();
      }),
    );
  });

  it("never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("nhs", "net", ".", "-", "ѕ", "0", "uk", "com") })), (domain) => {
        const found = findLookalike(domain, PROTECTED);
        if (found) expect(["embedded", "punctuation", "edit", "confusable"]).toContain(found.kind);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("skeleton", () => {
  it.each([
    ["nhѕ", "nhs"],
    ["cοntoso", "contoso"],
    ["paypa1", "paypal"],
    ["rn", "m"],
    ["a\u200bb", "ab"],
  ])("gives %j the skeleton of %j", (a, b) => {
    expect(skeleton(a)).toBe(skeleton(b));
  });

  it.each([
    ["nhs", "nhѕx"],
    ["contoso", "c0ntoso"],
    ["bücher", "bucher"],
  ])("tells %j from %j", (a, b) => {
    expect(skeleton(a)).not.toBe(skeleton(b));
  });
});

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["abc", "abc", 0],
    ["ab", "ba", 1],
    ["contoso", "cotnoso", 1],
    ["kitten", "sitting", 3],
    ["ca", "abc", 3],
    ["bücher", "bucher", 1],
    ["😀a", "a", 1],
  ])("counts %j → %j as %d", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  it("is symmetric, zero only for equal strings, and at most the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
      }),
    );
  });
});
