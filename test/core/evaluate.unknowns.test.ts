import { evaluate } from "../../src/core/evaluate";
import type { Verdict } from "../../src/core/evaluate";
import type { ListExpansion, ReasonCode, RecipientInput } from "../../src/core/types";
import { bounded, counted, list, message, people, person, policy } from "../fixtures/builders";

/** Nothing unknown is ever silent: outsiders inside lists, possible lists, open bounds, faults, cut-off fields. */

const codes = (v: Verdict): ReasonCode[] => v.reasons.map((r) => r.code);
const reason = (v: Verdict, code: ReasonCode) => v.reasons.find((r) => r.code === code);
const typed = (emailAddress: string, recipientType: RecipientInput["recipientType"]): RecipientInput => ({ emailAddress, recipientType });
const partners = policy({ internalDomains: ["contoso.com"], trustedDomains: ["fabrikam.com"], blockedDomains: ["gmail.com"] });

function withOutsiders(address: string, size: number, outsiders: string[], extra: Partial<ListExpansion> = {}): ListExpansion {
  return { ...counted(address, size, outsiders.length), knownMembers: outsiders, ...extra };
}

describe("evaluate: outsiders inside lists", () => {
  it("keeps trusted partners' guests quiet and warns about a stranger's domain, naming the list", () => {
    const v = evaluate({
      message: message({ to: [list("px@contoso.com", "Project X")] }),
      policy: partners,
      lists: [withOutsiders("px@contoso.com", 12, ["lee@fabrikam.com", "kim@fabrikam.com", "c@freelance.example"])],
    });
    expect(v.action).toBe("warn");
    expect(codes(v)).toEqual(["external-recipients"]);
    expect(v.audience.externalDomains).toEqual(["fabrikam.com", "freelance.example"]);
    expect(reason(v, "external-recipients")?.domains).toEqual(["freelance.example"]);
    expect(reason(v, "external-recipients")?.lists).toEqual(["px@contoso.com"]);
    expect(reason(v, "external-recipients")?.message).toContain("Project X");
    expect(v.audience.total).toEqual({ lower: 12, upper: 12 });
    // The fix removes the list that holds the outsiders.
    expect(v.fixes.find((f) => f.code === "remove-external")?.set.to).toEqual([]);
  });

  it("allows a list whose only outsiders are trusted partners", () => {
    const v = evaluate({ message: message({ to: [list("px@contoso.com")] }), policy: partners, lists: [withOutsiders("px@contoso.com", 5, ["lee@fabrikam.com"])] });
    expect(v.action).toBe("allow");
  });

  it("blocks a blocked domain hidden in a list as if it were named directly", () => {
    const v = evaluate({ message: message({ to: [list("px@contoso.com")] }), policy: partners, lists: [withOutsiders("px@contoso.com", 5, ["x@gmail.com"])] });
    expect(v.action).toBe("block");
    expect(reason(v, "blocked-domain")?.lists).toEqual(["px@contoso.com"]);
    expect(v.fixes.map((f) => f.code)).toContain("remove-blocked");
  });

  it("flags a look-alike domain found among a list's enumerated members", () => {
    const members = ["a@contoso.com", "cfo@c0ntoso.com"];
    const v = evaluate({
      message: message({ to: [list("px@contoso.com")] }),
      policy: partners,
      lists: [{ ...counted("px@contoso.com", 2, 1), source: "enumerated", members }],
    });
    expect(codes(v)).toContain("lookalike-domain");
    expect(v.action).toBe("block");
  });

  it("says how many outsiders a list holds when their addresses cannot be read, and applies external", () => {
    const v = evaluate({ message: message({ to: [list("dyn@contoso.com", "Dynamic")] }), policy: policy({ external: "block" }), lists: [{ ...bounded("dyn@contoso.com", { lower: 40, upper: Infinity }), external: { lower: 12, upper: Infinity } }] });
    const external = reason(v, "external-recipients");
    expect(external?.action).toBe("block");
    expect(external?.message).toContain("12 people outside");
    expect(external?.message).toContain("Dynamic");
  });

  it("counts outsiders read from a list in the audience's lower bounds without counting them twice", () => {
    const v = evaluate({
      message: message({ to: [list("px@contoso.com"), person("lee@fabrikam.com")] }),
      policy: partners,
      lists: [withOutsiders("px@contoso.com", 3, ["lee@fabrikam.com"])],
    });
    expect(v.audience.total).toEqual({ lower: 3, upper: 4 });
    expect(v.audience.external.lower).toBe(1);
  });
});

describe("evaluate: domains a list holds outsiders from, without their addresses (the tenant list index)", () => {
  const indexed = (address: string, people: number, external: number, externalDomains: string[]): ListExpansion => ({
    ...counted(address, people, external),
    source: "index",
    asOf: "2026-11-30T06:00:00.000Z",
    externalDomains,
  });

  it("blocks a blocked domain inside an indexed list even where outsiders are allowed", () => {
    const v = evaluate({
      message: message({ to: [list("px@contoso.com", "Project X")] }),
      policy: policy({ internalDomains: ["contoso.com"], blockedDomains: ["gmail.com"], external: "allow" }),
      lists: [indexed("px@contoso.com", 40, 3, ["GMail.com", "partner.example"])],
    });
    expect(v.action).toBe("block");
    expect(reason(v, "blocked-domain")?.domains).toEqual(["gmail.com"]);
    expect(reason(v, "blocked-domain")?.lists).toEqual(["px@contoso.com"]);
    expect(v.audience.externalDomains).toEqual(["gmail.com", "partner.example"]);
    expect(v.fixes.find((f) => f.code === "remove-blocked")?.set.to).toEqual([]);
  });

  it("flags a look-alike domain inside an indexed list", () => {
    const v = evaluate({ message: message({ to: [list("px@contoso.com")] }), policy: partners, lists: [indexed("px@contoso.com", 40, 1, ["c0ntoso.com"])] });
    expect(codes(v)).toContain("lookalike-domain");
    expect(reason(v, "lookalike-domain")?.lists).toEqual(["px@contoso.com"]);
  });

  it("names the indexed domains in the external reason and counts their people once, from the list's bounds", () => {
    const v = evaluate({ message: message({ to: [list("px@contoso.com", "Project X")] }), policy: policy({ external: "warn" }), lists: [indexed("px@contoso.com", 40, 3, ["freelance.example"])] });
    const external = reason(v, "external-recipients");
    expect(external?.action).toBe("warn");
    expect(external?.domains).toEqual(["freelance.example"]);
    expect(external?.message).toContain("3 people outside");
    expect(v.audience.external).toEqual({ lower: 3, upper: 3 });
  });

  it("keeps partners' domains quiet and ignores the domains of a list read whole", () => {
    const quiet = evaluate({ message: message({ to: [list("px@contoso.com")] }), policy: partners, lists: [indexed("px@contoso.com", 10, 0, ["fabrikam.com"])] });
    expect(quiet.action).toBe("allow");
    const whole = evaluate({
      message: message({ to: [list("px@contoso.com")] }),
      policy: partners,
      lists: [{ ...indexed("px@contoso.com", 2, 0, ["gmail.com"]), source: "enumerated", members: ["a@contoso.com", "b@contoso.com"] }],
    });
    expect(whole.action).toBe("allow");
  });
});

describe("evaluate: a list is whatever the directory says", () => {
  it("asks about anything not typed as a user and counts it as a list", () => {
    const v = evaluate({
      message: message({ composeType: "reply", to: [person("pat@contoso.com"), typed("sales@contoso.com", "other")] }),
      policy: policy(),
      lists: [counted("sales@contoso.com", 60)],
    });
    expect(v.audience.total).toEqual({ lower: 60, upper: 61 }); // pat may be in Sales
    expect(codes(v)).toContain("large-audience");
  });

  it("counts a possible list the directory says is not a list as one person", () => {
    const v = evaluate({
      message: message({ to: [typed("sam@tailspintoys.com", "externalUser")] }),
      policy: policy(),
      lists: [{ ...counted("sam@tailspintoys.com", 1, 1), notAList: true }],
    });
    expect(v.audience.lists).toEqual([]);
    expect(v.audience.total).toEqual({ lower: 1, upper: 1 });
    expect(codes(v)).toEqual(["external-recipients"]);
  });

  it("still applies the domain rules to a possible list the directory could not answer about", () => {
    const v = evaluate({ message: message({ to: [typed("x@gmail.com", "externalUser")] }), policy: partners, directoryFailure: "graph_unavailable" });
    expect(v.action).toBe("block");
    expect(codes(v)).toEqual(expect.arrayContaining(["blocked-domain", "directory-failure"]));
  });
});

describe("evaluate: an unknown size is never zero", () => {
  it("gives unknown-list, at least N, for a list sized only by mail tips under a limit", () => {
    const v = evaluate({ message: message({ to: [list("dyn@contoso.com", "Dyn")] }), policy: policy(), lists: [bounded("dyn@contoso.com", { lower: 60, upper: Infinity })] });
    expect(v.action).toBe("warn");
    expect(codes(v)).toEqual(["unknown-list"]);
    expect(reason(v, "unknown-list")?.message).toContain("at least 60 people");
  });

  it("does not allow a message to 1,000 lists nobody can size", () => {
    const to = Array.from({ length: 1000 }, (_, i) => list(`l${i}@contoso.com`));
    const v = evaluate({ message: message({ to }), policy: policy() });
    expect(v.action).toBe("warn");
    expect(reason(v, "unknown-list")?.lists).toHaveLength(1000);
  });

  it("records an unknown list even when the policy allows it", () => {
    const v = evaluate({ message: message({ to: [list("dyn@contoso.com")] }), policy: policy({ unknownList: "allow" }) });
    expect(v.action).toBe("allow");
    expect(reason(v, "unknown-list")?.action).toBe("allow");
    expect(v.fixes).toEqual([]);
  });
});

describe("evaluate: faults", () => {
  it.each(["allow", "warn", "block"] as const)("applies directoryFailure = %s to a list sized by a fallback after a fault", (action) => {
    const fallback: ListExpansion = { ...bounded("all@contoso.com", { lower: 30, upper: Infinity }), errorCode: "graph_unavailable" };
    const v = evaluate({ message: message({ to: [list("all@contoso.com")] }), policy: policy({ directoryFailure: action }), lists: [fallback] });
    expect(reason(v, "directory-failure")?.action).toBe(action);
    expect(reason(v, "directory-failure")?.lists).toEqual(["all@contoso.com"]);
    expect(codes(v)).not.toContain("unknown-list");
  });

  it("keeps a block that exact counts give even when another part of the answer failed", () => {
    const v = evaluate({
      message: message({ composeType: "reply", to: [list("all@contoso.com")] }),
      policy: policy({ directoryFailure: "allow" }),
      lists: [{ ...counted("all@contoso.com", 840_000), errorCode: "graph_throttled" }],
    });
    expect(v.action).toBe("block");
  });

  it("treats a list no group has (graph_not_found) as unknown, not as a directory failure", () => {
    const v = evaluate({ message: message({ to: [list("gone@contoso.com")] }), policy: policy(), lists: [{ ...bounded("gone@contoso.com", { lower: 0, upper: Infinity }, "unknown"), errorCode: "graph_not_found" }] });
    expect(codes(v)).toEqual(["unknown-list"]);
  });
});

describe("evaluate: recipients Office cuts off", () => {
  it("judges a full field as at least N by every rule and says some recipients could not be read", () => {
    const v = evaluate({ message: message({ to: people(1000), truncatedFields: ["to"] }), policy: policy({ external: "block", bccAdvisedAbove: null }) });
    expect(v.audience.total).toEqual({ lower: 1000, upper: Infinity });
    expect(v.audience.visible.upper).toBe(Infinity);
    expect(v.audience.external.upper).toBe(Infinity);
    expect(codes(v)).toEqual(expect.arrayContaining(["large-audience", "unread-recipients"]));
    expect(reason(v, "unread-recipients")?.action).toBe("block");
    expect(reason(v, "unread-recipients")?.message).toContain("To");
  });

  it("leaves To and Cc exact when only Bcc was cut off", () => {
    const v = evaluate({ message: message({ to: people(3), bcc: people(500, "contoso.com", "b"), truncatedFields: ["bcc"] }), policy: policy() });
    expect(v.audience.visible).toEqual({ lower: 3, upper: 3 });
    expect(v.audience.total.upper).toBe(Infinity);
  });
});
