import fc from "fast-check";
import { parseDomainPattern, registrableDomain, publicSuffixOf, type DomainPattern } from "../../src/core/domains";
import { evaluate } from "../../src/core/evaluate";
import { validatePolicy } from "../../src/core/policy";
import { LOOKALIKE_MATCHES, TYPO_LENGTHS, confusablesUnicodeVersion, editDistance, findLookalike, skeleton, type LookalikeMatch } from "../../src/core/lookalike";

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
  const positives: [domain: string, extra: string[], imitates: string, match: LookalikeMatch][] = [
    ["nhs.net.evil.com", [], "nhs.net", "embedded"],
    ["trust.nhs.uk.evil.com", [], "nhs.uk", "embedded"],
    ["contoso.com.invoices-portal.net", [], "contoso.com", "embedded"],
    ["secure.nhs.net.login.co", [], "nhs.net", "embedded"],
    ["gov.au.example.com", [], "gov.au", "embedded"],
    ["mail.contoso.com.evil.net", ["mail.contoso.com"], "mail.contoso.com", "embedded"],
    ["contoso.com.evil.net", ["mail.contoso.com"], "contoso.com", "embedded"],
    ["nhѕ.net.evil.com", [], "nhs.net", "embedded"],
    ["nhs.net-secure.com", [], "nhs.net", "embedded"],
    ["nhs.net-mail.org", [], "nhs.net", "embedded"],
    ["nhs-net.com", [], "nhs.net", "embedded"],
    ["nhsnet.com", [], "nhs.net", "embedded"],
    ["nhs-net.co.uk", [], "nhs.net", "embedded"],
    ["login.nhs-net.org", [], "nhs.net", "embedded"],
    ["contoso-com.net", [], "contoso.com", "embedded"],
    ["gov-au.com", [], "gov.au", "embedded"],
    ["nhs-uk.net", [], "nhs.uk", "embedded"],
    ["bücher-de.com", ["bücher.de"], "xn--bcher-kva.de", "embedded"],

    ["nhѕ.net", [], "nhs.net", "visual"],
    ["ńhś.net", [], "nhs.net", "visual"],
    ["cοntoso.com", [], "contoso.com", "visual"],
    ["соnтоѕо.com", [], "contoso.com", "visual"],
    ["c0ntoso.com", [], "contoso.com", "visual"],
    ["c0nt0s0.com", [], "contoso.com", "visual"],
    ["cöntoso.com", [], "contoso.com", "visual"],
    ["mail.cοntoso.com", [], "contoso.com", "visual"],
    ["trust.nhѕ.uk", [], "nhs.uk", "visual"],
    ["contoso.corn", [], "contoso.com", "visual"],
    ["rnicrosoft.com", ["microsoft.com"], "microsoft.com", "visual"],
    ["m1cr0s0ft.com", ["microsoft.com"], "microsoft.com", "visual"],
    ["paypa1.com", ["paypal.com"], "paypal.com", "visual"],
    ["ŵšj.com", ["wsj.com"], "wsj.com", "visual"],
    ["vvsj.com", ["wsj.com"], "wsj.com", "visual"],
    ["cl0udflare.com", ["cloudflare.com"], "cloudflare.com", "visual"],
    ["www.cοntoso.com", ["mail.contoso.com"], "contoso.com", "visual"],
    ["c0ntoso.onmicrosoft.com", ["contoso.onmicrosoft.com"], "contoso.onmicrosoft.com", "visual"],

    ["micro.soft.com", ["microsoft.com"], "microsoft.com", "split"],
    ["n-hs.net", [], "nhs.net", "split"],

    ["contoso.co", [], "contoso.com", "typo"],
    ["cotnoso.com", [], "contoso.com", "typo"],
    ["contsoo.com", [], "contoso.com", "typo"],
    ["www.contosso.com", [], "contoso.com", "typo"],
    ["paypcl.com", ["paypal.com"], "paypal.com", "typo"],

    ["nhs.nett", [], "nhs.net", "shortTypo"],
    ["nhs.ent", [], "nhs.net", "shortTypo"],
    ["nhs.ner", [], "nhs.net", "shortTypo"],
    ["wsjj.com", ["wsj.com"], "wsj.com", "shortTypo"],
    ["wsi.com", ["wsj.com"], "wsj.com", "shortTypo"],

    ["nhs.com", [], "nhs.net", "suffix"],
    ["contoso.org", [], "contoso.com", "suffix"],
    ["contoso.co.uk", [], "contoso.com", "suffix"],
    ["c-o-n-toso.net", [], "contoso.com", "suffix"],
    ["nhs.scot", ["nhs.net"], "nhs.net", "suffix"],
    ["bcuhb.nhs.wales", ["nhs.net"], "nhs.net", "suffix"],
    ["bbc.com", ["bbc.co.uk"], "bbc.co.uk", "suffix"],
    ["nhs.net", ["*.nhs.uk"], "nhs.uk", "suffix"],

    ["nhs-login.net", [], "nhs.net", "word"],
    ["loginnhs.org", [], "nhs.net", "word"],
    ["nhsmail.net", [], "nhs.net", "word"],
    ["microsoft-support.com", ["microsoft.com"], "microsoft.com", "word"],
    ["partners.org", ["partner.org"], "partner.org", "word"],
  ];

  it.each(positives.map(([domain, extra, imitates, match]) => ({ domain, extra, imitates, match })))(
    "flags $domain as imitating $imitates ($match)",
    ({ domain, extra, imitates, match }) => {
      const found = findLookalike(domain, extra.length > 0 ? patterns(...extra) : PROTECTED);
      expect(found).toMatchObject({ imitates, match });
    },
  );

  it("reports the suspicious domain in ASCII", () => {
    expect(findLookalike("NHѕ.net.", PROTECTED)).toEqual({ domain: "xn--nh-foc.net", imitates: "nhs.net", match: "visual" });
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

  it.each<[string, string[]]>([
    ["wsp.com", ["wsj.com"]],
    ["wsu.edu", ["wsj.com"]],
    ["nhsconfed.org", ["nhs.net"]],
    ["airbnb.com", ["airbus.com"]],
    ["partnership.co.uk", ["partner.org"]],
  ])("does not take the real %j for a look-alike of %j", (domain, protectedTexts) => {
    expect(findLookalike(domain, patterns(...protectedTexts))).toBeUndefined();
  });

  it("takes only keystrokes for typos of a short name, and any one or two edits of a long one", () => {
    expect(TYPO_LENGTHS).toEqual({ shortName: 4, twoEdits: 11 });
    // j→p is not a key beside j, nor one bit away; j→k is.
    expect(findLookalike("wsp.com", patterns("wsj.com"))).toBeUndefined();
    expect(findLookalike("wsk.com", patterns("wsj.com"))).toMatchObject({ match: "shortTypo" });
    expect(findLookalike("wsjx.com", patterns("wsj.com"))).toMatchObject({ match: "shortTypo" });
    expect(findLookalike("paypsl.com", patterns("paypal.com"))).toMatchObject({ match: "typo" });
    expect(findLookalike("pyapla.com", patterns("paypal.com"))).toBeUndefined();
    expect(findLookalike("cnotsoo.com", patterns("contoso.com"))).toMatchObject({ match: "typo" });
  });

  it("leaves a public suffix alone: no one can register it", () => {
    expect(findLookalike("gov.ua", patterns("gov.au"))).toBeUndefined();
    expect(findLookalike("health.gov.ua", patterns("gov.au"))).toBeUndefined();
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
          const protectedLabel = protectedName.split(".")[0] ?? "";
          // The protected name with a word added is a `word` look-alike.
          fc.pre(!name.startsWith(protectedLabel) && !name.endsWith(protectedLabel) && name !== protectedName.replace(/\./g, ""));
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
        if (found) expect(LOOKALIKE_MATCHES).toContain(found.match);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("skeleton", () => {
  it.each([
    ["nhѕ", "nhs"],
    ["ńhś", "nhs"],
    ["NHS", "nhs"],
    ["cοntoso", "contoso"],
    ["c0nt0s0", "contoso"],
    ["соnтоѕо", "contoso"],
    ["paypa1", "paypal"],
    ["m1crosoft", "microsoft"],
    ["rn", "m"],
    ["vv", "w"],
    ["cl", "d"],
    ["1", "l"],
    ["i", "l"],
    ["ł", "l"],
    ["bücher", "bucher"],
  ])("gives %j the skeleton of %j", (a, b) => {
    expect(skeleton(a)).toBe(skeleton(b));
  });

  it.each([
    ["nhs", "nhѕx"],
    ["wsj", "wsp"],
    ["bbc", "bdc"],
    ["m", "n"],
  ])("tells %j from %j", (a, b) => {
    expect(skeleton(a)).not.toBe(skeleton(b));
  });

  it("comes from current Unicode data", () => {
    expect(Number(confusablesUnicodeVersion())).toBeGreaterThanOrEqual(15);
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

describe("look-alikes in the verdict", () => {
  const send = (to: string[], policy: Record<string, unknown> = {}) => {
    const checked = validatePolicy({ internalDomains: ["nhs.net"], external: "allow", ...policy });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return evaluate({
      message: { composeType: "new", from: "a@nhs.net", to: to.map((emailAddress) => ({ emailAddress, recipientType: "user" as const })), cc: [], bcc: [] },
      policy: checked.policy,
      locale: "en-GB",
    });
  };
  const reasonOf = (verdict: ReturnType<typeof evaluate>) => verdict.reasons.find((r) => r.code === "lookalike-domain");

  it("says how each look-alike was found, and blocks what looks the same", () => {
    const verdict = send(["x@nhѕ.net", "y@nhs.scot"]);
    expect(reasonOf(verdict)).toMatchObject({
      action: "block",
      pairs: [
        { domain: "xn--nh-foc.net", imitates: "nhs.net", match: "visual" },
        { domain: "nhs.scot", imitates: "nhs.net", match: "suffix" },
      ],
    });
    expect(reasonOf(verdict)?.message).toContain("nhѕ.net (xn--nh-foc.net) looks like nhs.net");
    expect(reasonOf(verdict)?.message).toContain("nhs.scot resembles nhs.net");
  });

  it("only warns, by default, about what is near: another suffix, a keystroke from a short name, a word added", () => {
    for (const domain of ["nhs.scot", "nhs.ner", "nhs-login.net"]) expect([domain, reasonOf(send([`x@${domain}`]))?.action]).toEqual([domain, "warn"]);
  });

  it("takes the policy's action per kind; allow leaves the domain to the external rule", () => {
    expect(reasonOf(send(["y@nhs.scot"], { lookalike: { suffix: "block" } }))?.action).toBe("block");
    const allowed = send(["y@nhs.scot"], { lookalike: { suffix: "allow" }, external: "warn" });
    expect(reasonOf(allowed)).toBeUndefined();
    expect(allowed.reasons.map((r) => r.code)).toEqual(["external-recipients"]);
    expect(reasonOf(send(["y@nhs.scot", "z@nhѕ.net"], { lookalike: "warn" }))?.action).toBe("warn");
    expect(reasonOf(send(["y@nhs.scot"], { lookalike: "block" }))?.action).toBe("block");
  });

  it("never flags the NHS family under the NHS example policy of docs/policy.md", () => {
    const policy = { internalDomains: ["nhs.net", "*.nhs.uk"], trustedDomains: ["nhs.uk", "nhs.scot", "*.nhs.scot", "nhs.wales", "*.nhs.wales", "hscni.net", "*.hscni.net", "gov.uk", "*.gov.uk"] };
    const verdict = send(["a@nhs.scot", "b@dhcw.nhs.wales", "c@belfasttrust.hscni.net", "d@england.nhs.uk", "e@nhs.wales", "f@wales.nhs.uk", "g@ukhsa.gov.uk"], policy);
    expect(reasonOf(verdict)).toBeUndefined();
  });
});
