import fc from "fast-check";
import {
  MAX_MESSAGE_LENGTH,
  MAX_SHORT_LABEL_LENGTH,
  SUPPORTED_LOCALES,
  catalogueFor,
  decisiveBounds,
  formatDomain,
  orderReasons,
  fixLabel,
  fixShortLabel,
  formatPeople,
  formatPolicyFallbackNotice,
  formatReason,
  resolveLocale,
} from "../../src/core/messages";
import type { ReasonParams } from "../../src/core/messages";
import type { Bounds, ComposeType, ReasonCode } from "../../src/core/types";
import { FIX_CODES, REASON_CODES } from "../../src/core/types";

const exact = (n: number): Bounds => ({ lower: n, upper: n });
const NNBSP = "\u202f";

/** The longest inputs each reason can be given: many very long names, huge and unknown counts. */
function worstCase(code: ReasonCode): ReasonParams[] {
  const long = (i: number) => `${"Very long distribution list name ".repeat(40)}${i}`;
  const many = Array.from({ length: 1000 }, (_, i) => long(i));
  const huge: Bounds = { lower: Number.MAX_SAFE_INTEGER - 1, upper: Number.MAX_SAFE_INTEGER };
  switch (code) {
    case "large-audience":
      return (["new", "reply", "replyAll", "forward"] as const).flatMap((composeType) => [
        { code, composeType, people: huge, limit: Number.MAX_SAFE_INTEGER, lists: many },
        { code, composeType, people: { lower: 0, upper: Number.MAX_SAFE_INTEGER }, limit: 1, lists: many },
        { code, composeType, people: { lower: 123_456_789, upper: Infinity }, limit: 1, lists: many },
      ]);
    case "bcc-advised":
      return [{ code, visible: huge, limit: Number.MAX_SAFE_INTEGER }];
    case "external-recipients":
      return [
        { code, external: huge, domains: many },
        { code, external: huge, domains: many, lists: many },
      ];
    case "blocked-domain":
      return [{ code, domains: many }];
    case "lookalike-domain":
      return [{ code, pairs: many.map((domain, i) => ({ domain, imitates: long(i + 1) })) }];
    case "unknown-list":
      return [{ code, lists: many }, { code, lists: many, people: { lower: 123_456_789, upper: Infinity } }];
    case "unread-recipients":
      return [{ code, fields: ["to", "cc", "bcc"], people: { lower: 123_456_789, upper: Infinity } }];
    case "directory-failure":
      return ["directory_timeout", "graph_throttled", "graph_forbidden", "graph_unauthorized", "graph_unavailable", "network_error", "x".repeat(5000)].map(
        (errorCode) => ({ code, errorCode }),
      );
    case "invalid-recipient":
      return [{ code, recipients: many }];
  }
}

describe("catalogues", () => {
  it.each(SUPPORTED_LOCALES)("%s has a text for every reason and fix, and every phrase", (locale) => {
    const catalogue = catalogueFor(locale);
    expect(catalogue.locale).toBe(locale);
    for (const code of REASON_CODES) expect(typeof catalogue.reasons[code]).toBe("function");
    expect(Object.keys(catalogue.reasons).sort()).toEqual([...REASON_CODES].sort());
    for (const code of FIX_CODES) {
      expect(catalogue.fixes[code].label.length).toBeGreaterThan(0);
      expect(catalogue.fixes[code].short.length).toBeGreaterThan(0);
    }
    expect(Object.keys(catalogue.fixes).sort()).toEqual([...FIX_CODES].sort());
    expect(catalogue.people.unknown.length).toBeGreaterThan(0);
    expect(catalogue.policyFallbackNotice.length).toBeGreaterThan(0);
  });

  it("are all different from each other except where the language is shared", () => {
    const texts = SUPPORTED_LOCALES.map((l) => formatReason({ code: "blocked-domain", domains: ["gmail.com"] }, l));
    expect(new Set(texts).size).toBe(SUPPORTED_LOCALES.length); // en-GB spells "organisation"
  });
});

describe("resolveLocale", () => {
  it.each([
    ["en-US", "en-US"],
    ["en-GB", "en-GB"],
    ["de-DE", "de-DE"],
    ["fr-FR", "fr-FR"],
    ["es-ES", "es-ES"],
    ["de-AT", "de-DE"],
    ["de-CH", "de-DE"],
    ["de", "de-DE"],
    ["en-AU", "en-GB"],
    ["en-IE", "en-GB"],
    ["en-001", "en-GB"],
    ["en", "en-US"],
    ["en-PR", "en-US"],
    ["fr", "fr-FR"],
    ["fr-CA", "fr-FR"],
    ["es-MX", "es-ES"],
    ["es-419", "es-ES"],
    ["EN_gb", "en-GB"],
    ["de-Latn-AT", "de-DE"],
    ["en-u-ca-gregory", "en-US"],
    ["pt-BR", "en-US"],
    ["ja", "en-US"],
    ["", "en-US"],
    [undefined, "en-US"],
    ["!!", "en-US"],
  ])("%s → %s", (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });
});

describe("formatPeople", () => {
  it.each([
    ["en-US", exact(840001), "840,001 people"],
    ["en-US", exact(1), "1 person"],
    ["en-US", exact(0), "0 people"],
    ["en-GB", exact(840001), "840,001 people"],
    ["de-DE", exact(840001), "840.001 Personen"],
    ["de-DE", exact(1), "1 Person"],
    ["fr-FR", exact(840001), `840${NNBSP}001 personnes`],
    ["fr-FR", exact(1), "1 personne"],
    ["fr-FR", exact(1_000_000), `1${NNBSP}000${NNBSP}000 personnes`],
    ["es-ES", exact(840001), "840.001 personas"],
    ["es-ES", exact(1), "1 persona"],
  ])("%s: exact %j is %s", (locale, bounds, expected) => {
    expect(formatPeople(bounds, locale)).toBe(expected);
  });

  it.each([
    [{ lower: 840000, upper: Infinity }, "at least 840,000 people"],
    [{ lower: 1, upper: Infinity }, "at least 1 person"],
    [{ lower: 400, upper: 800 }, "between 400 and 800 people"],
    [{ lower: 0, upper: 800 }, "up to 800 people"],
    [{ lower: 0, upper: Infinity }, "an unknown number of people"],
  ])("en-US: %j is %s", (bounds, expected) => {
    expect(formatPeople(bounds)).toBe(expected);
  });

  it("says 'at least' in every language when the upper bound is unknown", () => {
    expect(formatPeople({ lower: 840000, upper: Infinity }, "de-DE")).toBe("mindestens 840.000 Personen");
    expect(formatPeople({ lower: 840000, upper: Infinity }, "fr-FR")).toBe(`au moins 840${NNBSP}000 personnes`);
    expect(formatPeople({ lower: 840000, upper: Infinity }, "es-ES")).toBe("al menos 840.000 personas");
  });

  it("tolerates bounds that are not whole, negative or reversed", () => {
    expect(formatPeople({ lower: -5, upper: 2.5 })).toBe("up to 3 people");
    expect(formatPeople({ lower: 10, upper: 3 })).toBe("10 people");
    expect(formatPeople({ lower: Number.NaN, upper: Number.NaN })).toBe("an unknown number of people");
  });
});

describe("formatReason", () => {
  it("writes the contract's example", () => {
    const params: ReasonParams = { code: "large-audience", composeType: "reply", people: exact(840001), limit: 1000, lists: ["All staff"] };
    expect(formatReason(params, "en-US")).toBe("This reply will reach 840,001 people, over the limit of 1,000 for replies. It goes to All staff.");
  });

  it.each<[ComposeType, string]>([
    ["new", "This new message will reach 101 people, over the limit of 100 for new messages."],
    ["reply", "This reply will reach 101 people, over the limit of 100 for replies."],
    ["replyAll", "This reply will reach 101 people, over the limit of 100 for replies."],
    ["forward", "This forwarded message will reach 101 people, over the limit of 100 for forwarded messages."],
  ])("names a %s by its kind", (composeType, expected) => {
    expect(formatReason({ code: "large-audience", composeType, people: exact(101), limit: 100, lists: [] })).toBe(expected);
  });

  it("says 'may' when only the upper bound is above the limit", () => {
    const text = formatReason({ code: "large-audience", composeType: "new", people: { lower: 50, upper: 800 }, limit: 100, lists: [] });
    expect(text).toBe("This new message may reach between 50 and 800 people, over the limit of 100 for new messages.");
  });

  it("uses the locale's grouping for the limit too", () => {
    const params: ReasonParams = { code: "large-audience", composeType: "reply", people: exact(840001), limit: 1000, lists: ["All staff"] };
    expect(formatReason(params, "de-DE")).toBe("Diese Antwort erreicht 840.001 Personen – über dem Limit von 1.000 für Antworten. Sie geht an All staff.");
    expect(formatReason(params, "fr-FR")).toContain(`840${NNBSP}001 personnes, au-delà de la limite de 1${NNBSP}000`);
  });

  it("shows at most three names, then how many more", () => {
    const lists = ["A", "B", "C", "D", "E"];
    expect(formatReason({ code: "unknown-list", lists }, "en-US")).toContain("the lists A, B, C, and 2 more couldn't");
    expect(formatReason({ code: "unknown-list", lists }, "en-GB")).toContain("the lists A, B, C and 2 more couldn't");
    expect(formatReason({ code: "unknown-list", lists }, "de-DE")).toContain("der Listen A, B, C und 2 weitere");
    expect(formatReason({ code: "unknown-list", lists: ["A", "B", "C", "D"] }, "fr-FR")).toContain("des listes A, B, C et 1 autre");
    expect(formatReason({ code: "unknown-list", lists }, "es-ES")).toContain("de las listas A, B, C y 2 más");
  });

  it("uses singular wording for one item", () => {
    expect(formatReason({ code: "unknown-list", lists: ["Sales"] })).toBe(
      "The size of the list Sales couldn't be determined, so this message may reach more people than shown.",
    );
    expect(formatReason({ code: "invalid-recipient", recipients: ["foo@"] })).toBe("This address isn't valid and couldn't be checked: foo@.");
  });

  it("describes look-alike domains", () => {
    const text = formatReason({ code: "lookalike-domain", pairs: [{ domain: "c0ntoso.com", imitates: "contoso.com" }] });
    expect(text).toBe("Check the recipients: c0ntoso.com looks like contoso.com, but it's a different domain.");
  });

  it("names external people and their domains", () => {
    expect(formatReason({ code: "external-recipients", external: exact(3), domains: ["gmail.com", "partner.org"] }, "en-GB")).toBe(
      "This message goes to 3 people outside your organisation, at gmail.com and partner.org.",
    );
  });

  it("explains a directory failure in plain words, by error code", () => {
    const codes = ["directory_timeout", "graph_throttled", "graph_forbidden", "graph_unauthorized", "graph_unavailable", "network_error", "something_else"];
    const texts = codes.map((errorCode) => formatReason({ code: "directory-failure", errorCode }));
    expect(new Set(texts).size).toBe(codes.length);
    expect(texts[0]).toBe("List sizes couldn't be checked in time: the directory took too long to answer. The number of people this message reaches is unknown.");
    for (const text of texts) expect(text).not.toMatch(/_/);
  });

  it("shortens very long names with an ellipsis", () => {
    const name = "N".repeat(200);
    const text = formatReason({ code: "blocked-domain", domains: [name] });
    expect(text).toContain(`${"N".repeat(59)}…`);
    expect(text).not.toContain("N".repeat(61));
  });

  it("removes line breaks and direction overrides from names", () => {
    const text = formatReason({ code: "unknown-list", lists: ["Evil\u202Eetadpu\n\nlist"] });
    expect(text).toContain("Evil etadpu list");
    expect(text).not.toMatch(/[\n\u202E]/);
  });

  it("still reads well without Intl.ListFormat (older Outlook runtimes)", () => {
    const original = Object.getOwnPropertyDescriptor(Intl, "ListFormat");
    Object.defineProperty(Intl, "ListFormat", { value: undefined, configurable: true, writable: true });
    try {
      expect(formatReason({ code: "blocked-domain", domains: ["a.com", "b.com", "c.com"] }, "de-DE")).toContain("a.com, b.com und c.com.");
      expect(formatReason({ code: "blocked-domain", domains: ["a.com"] }, "en-US")).toContain("messages to a.com.");
    } finally {
      if (original) Object.defineProperty(Intl, "ListFormat", original);
    }
  });

  it("words an empty list without a gap", () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const params of [
        { code: "blocked-domain", domains: [] },
        { code: "lookalike-domain", pairs: [] },
        { code: "unknown-list", lists: [""] },
        { code: "invalid-recipient", recipients: [] },
        { code: "external-recipients", external: exact(2), domains: [] },
      ] satisfies ReasonParams[]) {
        const text = formatReason(params, locale);
        expect(text).not.toMatch(/ {2}|\( ?\)|: \.|undefined/);
      }
    }
  });

  describe.each(SUPPORTED_LOCALES)("in %s", (locale) => {
    it.each(REASON_CODES)("%s fits Outlook's 500 characters with the worst-case inputs", (code) => {
      for (const params of worstCase(code)) {
        const text = formatReason(params, locale);
        expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
        expect(text.length).toBeGreaterThan(20);
      }
    });
  });

  it("never exceeds 500 characters nor throws, whatever the inputs (property)", () => {
    const bounds = fc
      .tuple(fc.oneof(fc.nat(), fc.double({ noNaN: false })), fc.oneof(fc.nat(), fc.constant(Infinity), fc.double({ noNaN: false })))
      .map(([lower, upper]): Bounds => ({ lower, upper }));
    const name = fc.string({ unit: "binary", maxLength: 300 });
    const names = fc.array(name, { maxLength: 20 });
    const limit = fc.oneof(fc.nat(), fc.double());
    const params: fc.Arbitrary<ReasonParams> = fc.oneof(
      fc.record({ code: fc.constant("large-audience"), composeType: fc.constantFrom<ComposeType>("new", "reply", "replyAll", "forward"), people: bounds, limit, lists: names }),
      fc.record({ code: fc.constant("bcc-advised"), visible: bounds, limit }),
      fc.record({ code: fc.constant("external-recipients"), external: bounds, domains: names }),
      fc.record({ code: fc.constant("blocked-domain"), domains: names }),
      fc.record({ code: fc.constant("lookalike-domain"), pairs: fc.array(fc.record({ domain: name, imitates: name }), { maxLength: 20 }) }),
      fc.record({ code: fc.constant("unknown-list"), lists: names }),
      fc.record({ code: fc.constant("directory-failure"), errorCode: fc.string() }),
      fc.record({ code: fc.constant("invalid-recipient"), recipients: names }),
    );
    fc.assert(
      fc.property(params, fc.oneof(fc.constantFrom(...SUPPORTED_LOCALES), fc.string()), (p, locale) => {
        expect(formatReason(p, locale).length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      }),
    );
  });
});

describe("fix labels", () => {
  it("reads in full and short in English", () => {
    expect(fixLabel("reply-to-sender-only", "en-US")).toBe("Reply to the sender only");
    expect(fixShortLabel("reply-to-sender-only", "en-US")).toBe("Reply to sender");
  });

  describe.each(SUPPORTED_LOCALES)("in %s", (locale) => {
    it.each(FIX_CODES)("%s has a short label of at most 20 characters", (code) => {
      const short = fixShortLabel(code, locale);
      expect(short.length).toBeGreaterThan(0);
      expect(short.length).toBeLessThanOrEqual(MAX_SHORT_LABEL_LENGTH);
      expect(fixLabel(code, locale).length).toBeGreaterThanOrEqual(short.length);
    });
  });

  it("falls back to the language's catalogue, then to en-US", () => {
    expect(fixLabel("remove-external", "de-AT")).toBe(fixLabel("remove-external", "de-DE"));
    expect(fixLabel("remove-external", "pt-BR")).toBe("Remove external recipients");
  });
});

describe("formatPolicyFallbackNotice", () => {
  it.each([
    ["en-US", /defaults.*IT department/],
    ["en-GB", /organisation.*IT department/],
    ["de-DE", /Standardeinstellungen.*IT-Abteilung/],
    ["fr-FR", /par défaut.*service informatique/],
    ["es-ES", /predeterminada.*departamento de TI/],
  ])("in %s says defaults are in use and to contact IT", (locale, pattern) => {
    const text = formatPolicyFallbackNotice(locale);
    expect(text).toMatch(pattern);
    expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });
});

describe("decisiveBounds", () => {
  it.each<[string, { lower: number; upper: number }, (number | null)[], string]>([
    ["one number when exact", { lower: 840_001, upper: 840_001 }, [25, 1000], "840,001 people"],
    ["'at least' when the range lies wholly above every limit", { lower: 840_000, upper: 840_001 }, [25, 1000], "at least 840,000 people"],
    ["'at least' when the range lies wholly between the limits", { lower: 30, upper: 40 }, [25, 1000], "at least 30 people"],
    ["the range when a limit lies inside it", { lower: 900, upper: 1100 }, [25, 1000], "between 900 and 1,100 people"],
    ["the range when the lower bound is the limit itself", { lower: 1000, upper: 1001 }, [1000], "between 1,000 and 1,001 people"],
    ["'up to' from zero", { lower: 0, upper: 20 }, [25], "up to 20 people"],
    ["'at least' when the upper bound is unknown", { lower: 5, upper: Infinity }, [25], "at least 5 people"],
    ["'at least' when no limit is on", { lower: 40, upper: 50 }, [null], "at least 40 people"],
  ])("says %s", (_, bounds, thresholds, expected) => {
    expect(formatPeople(bounds, "en-US", thresholds)).toBe(expected);
  });

  it("never claims more than the bounds", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.array(fc.oneof(fc.constant(null), fc.nat(12_000))), (a, b, thresholds) => {
        const bounds = { lower: Math.min(a, b), upper: Math.max(a, b) };
        const said = decisiveBounds(bounds, thresholds);
        expect(said.lower).toBe(bounds.lower);
        expect(said.upper).toBeGreaterThanOrEqual(bounds.upper);
        // Every limit is decided the same way by what is said as by the bounds themselves.
        for (const t of thresholds) {
          if (t === null) continue;
          const undecided = bounds.lower <= t && bounds.upper > t;
          if (undecided) expect(said).toEqual(bounds);
        }
      }),
    );
  });

  it("says the decisive count in the alert: 'at least 840,000' for a reply-all past both limits", () => {
    const params: ReasonParams = {
      code: "large-audience",
      composeType: "replyAll",
      people: { lower: 840_000, upper: 840_001 },
      limit: 1000,
      lists: ["All staff"],
      thresholds: [25, 1000],
    };
    expect(formatReason(params, "en-GB")).toBe("This reply will reach at least 840,000 people, over the limit of 1,000 for replies. It goes to All staff.");
    const straddling: ReasonParams = { ...params, people: { lower: 30, upper: 1200 }, limit: 25 };
    expect(formatReason(straddling, "en-GB")).toContain("between 30 and 1,200 people");
  });
});

describe("internationalised domains", () => {
  it("shows a blocked or external domain as it was typed", () => {
    expect(formatReason({ code: "blocked-domain", domains: ["xn--bcher-kva.de"] }, "en-US")).toContain("bücher.de");
    expect(formatReason({ code: "external-recipients", external: exact(1), domains: ["xn--bcher-kva.de"] }, "en-US")).toContain("at bücher.de");
  });

  it("shows a look-alike in Unicode with its encoded form beside it", () => {
    const text = formatReason({ code: "lookalike-domain", pairs: [{ domain: "nhs.xn--nt-nlc", imitates: "nhs.net" }] }, "en-US");
    expect(text).toContain(`${formatDomain("nhs.xn--nt-nlc")} (nhs.xn--nt-nlc) looks like nhs.net`);
    expect(formatDomain("nhs.xn--nt-nlc")).not.toContain("xn--");
  });

  it("leaves ASCII domains alone", () => {
    expect(formatDomain("nhs-net.com", true)).toBe("nhs-net.com");
  });
});

describe("orderReasons", () => {
  it("puts blocking reasons first, then the most harmful within each action, keeping ties in order", () => {
    const reasons = [
      { code: "bcc-advised", action: "warn" },
      { code: "large-audience", action: "block" },
      { code: "external-recipients", action: "warn" },
      { code: "lookalike-domain", action: "block" },
      { code: "blocked-domain", action: "block" },
    ] as const;
    expect(orderReasons(reasons).map((r) => r.code)).toEqual(["blocked-domain", "lookalike-domain", "large-audience", "external-recipients", "bcc-advised"]);
  });
});
