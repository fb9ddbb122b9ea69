import fc from "fast-check";
import { toASCII } from "punycode/";
import { dedupeAddresses, parseAddress, parseRecipient, sameAddress, toAsciiDomain, toUnicodeDomain, domainPart } from "../../src/core/address";
import type { RecipientInput } from "../../src/core/types";

/** Any string, including astral code points and lone surrogates. */
const anyString = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }));
/** Strings built from the characters addresses are made of, so the parser's branches get exercised. */
const addressish = fc.string({
  unit: fc.constantFrom("a", "B", "1", "@", ".", "-", '"', "\\", "<", ">", " ", "ü", "ѕ", "%", ":", "'", ",", "?", "\u3002", "\u200b"),
  maxLength: 30,
});

/** A host label; `xn--` labels are left out since only real A-labels are valid. */
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith("xn--"));
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom("com", "net", "org", "co.uk", "de")).map(([labels, tld]) => [...labels, tld].join("."));
const local = fc.stringMatching(/^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,10}(?:\.[a-z0-9_-]{1,10}){0,2}$/);
const address = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);

describe("toAsciiDomain", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM  ", "example.com"],
    ["example.com.", "example.com"],
    ["a-b.co.uk", "a-b.co.uk"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["BÜCHER.DE", "xn--bcher-kva.de"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["XN--BCHER-KVA.DE", "xn--bcher-kva.de"],
    ["ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"],
    ["例え。テスト", "xn--r8jz45g.xn--zckzah"],
    ["nhѕ.net", "xn--nh-foc.net"],
    ["corp.local", "corp.local"],
  ])("converts %j to %j", (input, expected) => {
    expect(toAsciiDomain(input)).toBe(expected);
  });

  it.each([
    ["", "empty"],
    ["com", "a single label"],
    ["a..b.com", "an empty label"],
    [".a.com", "a leading dot"],
    ["a.com..", "two trailing dots"],
    ["-a.com", "a label starting with a hyphen"],
    ["a-.com", "a label ending with a hyphen"],
    ["a_b.com", "an underscore"],
    ["a b.com", "a space"],
    ["nhs\u200b.net", "an invisible character"],
    ["😀.com", "an emoji"],
    ["10.0.0.1", "an IPv4 address"],
    ["[10.0.0.1]", "a domain literal"],
    [`${"a".repeat(64)}.com`, "a 64-character label"],
    [`${Array.from({ length: 51 }, () => "abcd").join(".")}.com`, "more than 253 characters"],
    ["xn--abc.de", "an A-label that decodes to ASCII"],
    ["xn--99999999999.de", "an A-label that does not decode"],
    [`${toASCII("bu\u0308cher")}.de`, "an A-label for a non-normalised name"],
    ["x".repeat(3000), "absurdly long input"],
  ])("refuses %j (%s)", (input) => {
    expect(toAsciiDomain(input)).toBeUndefined();
  });

  it("accepts 63-character labels and 253-character names", () => {
    expect(toAsciiDomain(`${"a".repeat(63)}.com`)).toBe(`${"a".repeat(63)}.com`);
    const longest = `${Array.from({ length: 50 }, () => "abcd").join(".")}.abc`;
    expect(longest).toHaveLength(253);
    expect(toAsciiDomain(longest)).toBe(longest);
  });

  it("never throws and returns only lower-case LDH names", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, addressish), (text) => {
        const result = toAsciiDomain(text);
        if (result !== undefined) expect(result).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(domain, domain.map((d) => d.toUpperCase()), fc.constantFrom("bücher.de", "例え.テスト", "nhѕ.net")), (d) => {
        const once = toAsciiDomain(d);
        expect(once).toBeDefined();
        expect(toAsciiDomain(once ?? "")).toBe(once);
      }),
    );
  });
});

describe("toUnicodeDomain", () => {
  it.each([
    ["xn--bcher-kva.de", "bücher.de"],
    ["XN--BCHER-KVA.de", "bücher.de"],
    ["xn--nh-foc.net", "nhѕ.net"],
    ["example.com", "example.com"],
    ["xn--99999999999.de", "xn--99999999999.de"],
  ])("shows %j as %j", (input, expected) => {
    expect(toUnicodeDomain(input)).toBe(expected);
  });

  it("round-trips with toAsciiDomain", () => {
    for (const d of ["bücher.de", "例え.テスト", "nhѕ.net", "example.com"]) {
      expect(toUnicodeDomain(toAsciiDomain(d) ?? "")).toBe(d);
    }
  });

  it("never throws", () => {
    fc.assert(fc.property(anyString, (text) => void toUnicodeDomain(text)));
    expect(toUnicodeDomain(42 as unknown as string)).toBe("");
  });
});

describe("parseAddress", () => {
  it.each([
    ["a@b.com", { address: "a@b.com", local: "a", domain: "b.com" }],
    [" A@B.COM ", { address: "a@b.com", local: "a", domain: "b.com" }],
    ["<a@b.com>", { address: "a@b.com", local: "a", domain: "b.com" }],
    ["< a@b.com >", { address: "a@b.com", local: "a", domain: "b.com" }],
    ['"Smith, J" <j.smith@nhs.net>', { address: "j.smith@nhs.net", local: "j.smith", domain: "nhs.net", displayName: "Smith, J" }],
    ['"Say \\"hi\\"" <j@x.org>', { address: "j@x.org", local: "j", domain: "x.org", displayName: 'Say "hi"' }],
    ["Smith J <j@x.org>", { address: "j@x.org", local: "j", domain: "x.org", displayName: "Smith J" }],
    ["'Smith J' <j@x.org>", { address: "j@x.org", local: "j", domain: "x.org", displayName: "Smith J" }],
    ['"" <j@x.org>', { address: "j@x.org", local: "j", domain: "x.org" }],
    ["mailto:a@b.com", { address: "a@b.com", local: "a", domain: "b.com" }],
    ["MAILTO:a@b.com?subject=Hello", { address: "a@b.com", local: "a", domain: "b.com" }],
    ["mailto:a%2Bb@c.com", { address: "a+b@c.com", local: "a+b", domain: "c.com" }],
    ["SMTP:Jane@Contoso.com", { address: "jane@contoso.com", local: "jane", domain: "contoso.com" }],
    ["Jane <mailto:jane@contoso.com>", { address: "jane@contoso.com", local: "jane", domain: "contoso.com", displayName: "Jane" }],
    ["a@bücher.de", { address: "a@xn--bcher-kva.de", local: "a", domain: "xn--bcher-kva.de" }],
    ["a@b.com.", { address: "a@b.com", local: "a", domain: "b.com" }],
    ["first.last+tag@sub.example.co.uk", { address: "first.last+tag@sub.example.co.uk", local: "first.last+tag", domain: "sub.example.co.uk" }],
    ["o'brien@x.ie", { address: "o'brien@x.ie", local: "o'brien", domain: "x.ie" }],
    ['"j.smith"@x.com', { address: "j.smith@x.com", local: "j.smith", domain: "x.com" }],
    ['"John Smith"@x.com', { address: '"john smith"@x.com', local: '"john smith"', domain: "x.com" }],
    ['"a@b"@x.com', { address: '"a@b"@x.com', local: '"a@b"', domain: "x.com" }],
    ['"a\\"b"@x.com', { address: '"a\\"b"@x.com', local: '"a\\"b"', domain: "x.com" }],
    ["ÜSER@bücher.de", { address: "üser@xn--bcher-kva.de", local: "üser", domain: "xn--bcher-kva.de" }],
    [`${"a".repeat(64)}@x.com`, { address: `${"a".repeat(64)}@x.com`, local: "a".repeat(64), domain: "x.com" }],
  ])("reads %j", (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });

  it.each([
    ["", "empty text"],
    ["   ", "blank text"],
    ["ab.com", "a missing @"],
    ["a@b@c.com", "two @ outside quotes"],
    ["a@@b.com", "two @ in a row"],
    ["@b.com", "an empty local part"],
    ["a@", "an empty domain"],
    ["a@b", "a single-label domain"],
    ["a b@c.com", "a space in the local part"],
    ["a@b .com", "a space in the domain"],
    ["a@ b.com", "a space after the @"],
    [".a@b.com", "a leading dot in the local part"],
    ["a.@b.com", "a trailing dot in the local part"],
    ["a..b@c.com", "two dots in the local part"],
    ["a(b)@c.com", "parentheses in the local part"],
    ['""@x.com', "an empty quoted local part"],
    ['"abc@x.com', "an unclosed quote"],
    ['"abc"x@x.com', "text after a quoted local part"],
    ['"a\\', "an escape at the end"],
    ['"a\u0001"@x.com', "a control character in quotes"],
    ['"a\\\u0001"@x.com', "an escaped control character"],
    ["a@[10.0.0.1]", "a domain literal"],
    ["a@10.0.0.1", "an IP address"],
    ["<>", "empty angle brackets"],
    ["Jane <>", "a display name without address"],
    ["Jane <jane>", "a display name with a bare word"],
    ['"Jane <j@x.com>', "an unbalanced quote before the angle"],
    ["mailto:a%ZZ@b.com", "a malformed percent escape"],
    [`${"a".repeat(65)}@x.com`, "a 65-octet local part"],
    [`${"ü".repeat(33)}@x.com`, "a local part over 64 UTF-8 octets"],
    [`${"a".repeat(64)}@${["b", "c", "d", "e"].map((c) => c.repeat(60)).join(".")}.com`, "an address over 254 octets"],
  ])("refuses %j (%s)", (input) => {
    expect(parseAddress(input)).toBeUndefined();
  });

  it("never throws, for any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, addressish), (text) => {
        const parsed = parseAddress(text);
        if (parsed) {
          expect(parsed.address).toBe(`${parsed.local}@${parsed.domain}`);
          expect(parsed.address).toBe(parsed.address.toLowerCase());
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("ignores case, spacing, angle brackets, display names and mailto:", () => {
    fc.assert(
      fc.property(address, fc.string({ maxLength: 12 }), (a, name) => {
        const expected = parseAddress(a)?.address;
        expect(expected).toBe(a);
        const quotedName = `"${name.replace(/["\\]/g, "\\$&")}"`;
        for (const form of [a.toUpperCase(), ` ${a} `, `<${a}>`, `${quotedName} <${a}>`, `mailto:${encodeURIComponent(a)}`]) {
          expect(parseAddress(form)?.address).toBe(expected);
        }
      }),
    );
  });

  it("refuses non-strings without throwing", () => {
    expect(parseAddress(undefined as unknown as string)).toBeUndefined();
    expect(parseAddress({} as unknown as string)).toBeUndefined();
  });
});

describe("parseRecipient", () => {
  it.each<[string, RecipientInput, object]>([
    ["a plain address", { emailAddress: "j@x.com" }, { ok: true, address: "j@x.com", domain: "x.com", local: "j" }],
    ["an address with a name", { emailAddress: "J@X.com", displayName: "Jane" }, { ok: true, address: "j@x.com", displayName: "Jane" }],
    ["an address hiding in displayName", { emailAddress: "", displayName: "j@x.com" }, { ok: true, address: "j@x.com" }],
    ["a display form in emailAddress", { emailAddress: '"Doe, Jane" <j@x.com>' }, { ok: true, address: "j@x.com", displayName: "Doe, Jane" }],
    ["a display form in displayName", { emailAddress: "", displayName: "Jane <j@x.com>" }, { ok: true, address: "j@x.com", displayName: "Jane" }],
    ["a displayName that repeats the address in display form", { emailAddress: "j@x.com", displayName: "Jane <J@X.COM>" }, { ok: true, displayName: "Jane" }],
    ["a displayName showing another address", { emailAddress: "j@x.com", displayName: "boss@contoso.com" }, { ok: true, address: "j@x.com", displayName: "boss@contoso.com" }],
    ["a list", { emailAddress: "all@x.com", displayName: "All staff", recipientType: "distributionList" }, { ok: true, recipientType: "distributionList" }],
    ["a bad emailAddress but a good displayName", { emailAddress: "Jane Doe", displayName: "j@x.com" }, { ok: true, address: "j@x.com" }],
  ])("reads %s", (_name, input, expected) => {
    const parsed = parseRecipient(input);
    expect(parsed).toMatchObject(expected);
    expect(parsed.input).toBe(input);
  });

  it.each<RecipientInput>([
    { emailAddress: "j@x.com", displayName: "J@X.com" },
    { emailAddress: "", displayName: "j@x.com" },
    { emailAddress: "Jane Doe", displayName: "<j@x.com>" },
  ])("leaves out displayName when it only repeats the address (%j)", (input) => {
    expect(parseRecipient(input)).toEqual({ ok: true, address: "j@x.com", local: "j", domain: "x.com", input });
  });

  it.each<[string, RecipientInput, string]>([
    ["a name only", { emailAddress: "", displayName: " Jane Doe " }, "Jane Doe"],
    ["a broken address", { emailAddress: " jane@ ", displayName: "Jane" }, "jane@"],
    ["nothing", { emailAddress: "" }, ""],
  ])("reports %s as unreadable, keeping the raw text", (_name, input, raw) => {
    expect(parseRecipient(input)).toEqual({ ok: false, raw, input });
  });

  it("never throws, whatever Office hands over", () => {
    const input = fc.oneof(
      fc.record({ emailAddress: fc.oneof(anyString, addressish), displayName: fc.option(fc.oneof(anyString, addressish), { nil: undefined }) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(input, (value) => {
        const parsed = parseRecipient(value as RecipientInput);
        expect(typeof parsed.ok).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});

describe("sameAddress", () => {
  it.each([
    ["j@x.com", "J@X.COM", true],
    ["j@x.com", '"Jane" <j@x.com>', true],
    ["mailto:j@x.com", "<j@x.com>", true],
    ["j@bücher.de", "j@xn--bcher-kva.de", true],
    ["j@x.com", "k@x.com", false],
    ["j@x.com", "j@x.org", false],
    ["Jane Doe", "jane doe", true],
    ["Jane Doe", "j@x.com", false],
  ])("compares %j and %j as %s", (a, b, expected) => {
    expect(sameAddress(a, b)).toBe(expected);
  });

  it("is symmetric and reflexive", () => {
    fc.assert(
      fc.property(fc.oneof(address, addressish), fc.oneof(address, addressish), (a, b) => {
        expect(sameAddress(a, a)).toBe(true);
        expect(sameAddress(a, b)).toBe(sameAddress(b, a));
      }),
    );
  });
});

describe("dedupeAddresses", () => {
  it("keeps the first of each address in canonical form, in order", () => {
    expect(dedupeAddresses(["B@x.com", "a@x.com", "<b@X.COM>", " ", "Jane Doe", "jane doe", "A@X.com"])).toEqual(["b@x.com", "a@x.com", "Jane Doe"]);
  });

  it("is case-insensitive", () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 10 }), fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), (addresses, upper) => {
        const shouted = addresses.map((a, i) => (upper[i] ? a.toUpperCase() : ` <${a}> `));
        const deduped = dedupeAddresses([...addresses, ...shouted]);
        expect(deduped).toEqual([...new Set(addresses)]);
      }),
    );
  });
});

describe("domainPart", () => {
  it.each([
    ["a@contoso.com", "contoso.com"],
    ['"a@b"@contoso.com', "contoso.com"],
    ["no-at-sign", undefined],
  ])("of %s is %p", (address, domain) => {
    expect(domainPart(address)).toBe(domain);
  });
});
