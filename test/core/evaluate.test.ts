import { applyFix, evaluate, mostSevere, needsPrecision } from "../../src/core/evaluate";
import type { Verdict } from "../../src/core/evaluate";
import type { FixCode, ReasonCode } from "../../src/core/types";
import { bounded, counted, list, message, people, person, policy } from "../fixtures/builders";

const codes = (v: Verdict): ReasonCode[] => v.reasons.map((r) => r.code);
const fixCodes = (v: Verdict): FixCode[] => v.fixes.map((f) => f.code);

describe("evaluate", () => {
  it("allows a small internal message and counts each person once, case-insensitively", () => {
    const v = evaluate({
      message: message({ to: [person("alex@contoso.com"), person("Lee@Contoso.com")], cc: [person("lee@contoso.com")] }),
      policy: policy(),
    });
    expect(v.action).toBe("allow");
    expect(v.audience.total).toEqual({ lower: 2, upper: 2 });
    expect(v.audience.visible).toEqual({ lower: 2, upper: 2 });
    expect(v.audience.external).toEqual({ lower: 0, upper: 0 });
    expect(v.reasons).toEqual([]);
  });

  describe("large audience", () => {
    it.each([
      // composeType, people in one list, expected action
      ["new", 100, "allow"],
      ["new", 101, "warn"],
      ["forward", 101, "warn"],
      ["reply", 25, "allow"],
      ["reply", 26, "warn"],
      ["replyAll", 26, "warn"],
      ["reply", 1000, "warn"],
      ["reply", 1001, "block"],
      ["replyAll", 840_000, "block"],
    ] as const)("a %s message reaching %i people (one person is the list) gets %s", (composeType, n, action) => {
      const v = evaluate({
        message: message({ composeType, to: [list("all@contoso.com", "All staff")] }),
        policy: policy({ bccAdvisedAbove: null }),
        lists: [counted("all@contoso.com", n)],
      });
      expect(v.action).toBe(action);
      expect(codes(v).includes("large-audience")).toBe(action !== "allow");
    });

    it("blocks a reply that reaches more than blockAbove people and offers reply to the sender only", () => {
      const v = evaluate({
        message: message({ composeType: "reply", to: [person("nestor@contoso.com"), list("everyone@contoso.com", "Everyone")] }),
        policy: policy(),
        lists: [counted("everyone@contoso.com", 5001)],
      });
      expect(v.action).toBe("block");
      expect(v.reasons[0]?.message).toContain("5,001");
      expect(fixCodes(v)).toContain("reply-to-sender-only");
    });

    it("respects per-compose-type limits from the policy", () => {
      const strict = policy({ limits: { new: { warnAbove: 5, blockAbove: 10 } }, bccAdvisedAbove: null });
      expect(evaluate({ message: message({ to: people(11) }), policy: strict }).action).toBe("block");
      expect(evaluate({ message: message({ to: people(6) }), policy: strict }).action).toBe("warn");
      expect(evaluate({ message: message({ to: people(5) }), policy: strict }).action).toBe("allow");
    });

    it("never fires when the limits are null", () => {
      const off = policy({ limits: { new: { warnAbove: null, blockAbove: null } }, bccAdvisedAbove: null });
      const v = evaluate({ message: message({ to: [list("all@contoso.com")] }), policy: off, lists: [counted("all@contoso.com", 840_000)] });
      expect(v.action).toBe("allow");
    });

    it("warns when the bounds leave it open whether the block limit is crossed", () => {
      const p = policy({ limits: { new: { warnAbove: 350, blockAbove: 500 } }, bccAdvisedAbove: null });
      const v = evaluate({
        message: message({ to: [list("a@contoso.com"), list("b@contoso.com")] }),
        policy: p,
        lists: [counted("a@contoso.com", 400), counted("b@contoso.com", 400)],
      });
      expect(v.audience.total).toEqual({ lower: 400, upper: 800 });
      expect(v.action).toBe("warn");
      expect(needsPrecision(v.audience.lists.length ? message({ to: [list("a@contoso.com"), list("b@contoso.com")] }) : message(), p, [counted("a@contoso.com", 400), counted("b@contoso.com", 400)])).toBe(true);
    });

    it("uses a lower bound alone when the upper is open, and says 'at least'", () => {
      const v = evaluate({
        message: message({ to: [list("dyn@contoso.com")] }),
        policy: policy({ bccAdvisedAbove: null }),
        lists: [bounded("dyn@contoso.com", { lower: 240, upper: Infinity })],
      });
      expect(v.action).toBe("warn");
      expect(v.reasons.find((r) => r.code === "large-audience")?.message).toMatch(/at least 240/);
    });
  });

  describe("bcc advised", () => {
    it("warns when To+Cc, expanded, exceeds bccAdvisedAbove on a new message, and the fix clears it", () => {
      const msg = message({ to: [list("all@contoso.com", "All")] });
      const lists = [counted("all@contoso.com", 150)];
      const p = policy({ limits: { new: { warnAbove: null, blockAbove: null } } });
      const v = evaluate({ message: msg, policy: p, lists });
      expect(codes(v)).toEqual(["bcc-advised"]);
      const fix = v.fixes.find((f) => f.code === "move-lists-to-bcc");
      expect(fix).toBeDefined();
      const after = applyFix(msg, fix!);
      expect(after.to).toEqual([]);
      expect(after.bcc).toEqual([list("all@contoso.com", "All")]);
      expect(codes(evaluate({ message: after, policy: p, lists }))).not.toContain("bcc-advised");
    });

    it("does not apply to replies", () => {
      const v = evaluate({
        message: message({ composeType: "reply", to: [list("all@contoso.com")] }),
        policy: policy({ limits: { reply: { warnAbove: null, blockAbove: null } } }),
        lists: [counted("all@contoso.com", 150)],
      });
      expect(codes(v)).not.toContain("bcc-advised");
    });

    it("moves everyone to Bcc when the people named directly are too many on their own", () => {
      const msg = message({ to: people(120) });
      const p = policy({ limits: { new: { warnAbove: null, blockAbove: null } } });
      const v = evaluate({ message: msg, policy: p });
      const after = applyFix(msg, v.fixes[0]!);
      expect(after.to).toEqual([]);
      expect(after.bcc).toHaveLength(120);
      expect(evaluate({ message: after, policy: p }).action).toBe("allow");
    });
  });

  describe("domains", () => {
    const p = policy({ internalDomains: ["contoso.com", "*.contoso.com"], trustedDomains: ["fabrikam.com"], blockedDomains: ["gmail.com"] });

    it.each([
      ["diego@sales.contoso.com", "allow", []],
      ["kim@fabrikam.com", "allow", []],
      ["sam@tailspintoys.com", "warn", ["external-recipients"]],
      ["me@gmail.com", "block", ["blocked-domain"]],
      ["cfo@c0ntoso.com", "block", ["lookalike-domain"]],
      ["pay@contoso.com.invoices-portal.net", "block", ["lookalike-domain"]],
    ] as const)("%s gives %s", (address, action, reasons) => {
      const v = evaluate({ message: message({ to: [person("alex@contoso.com"), person(address)] }), policy: p });
      expect(v.action).toBe(action);
      expect(codes(v)).toEqual(reasons);
    });

    it.each([
      ["external-recipients", "remove-external", "sam@tailspintoys.com"],
      ["blocked-domain", "remove-blocked", "me@gmail.com"],
      ["lookalike-domain", "remove-lookalike", "cfo@c0ntoso.com"],
    ] as const)("the fix for %s (%s) removes only the offending recipient and clears the reason", (reason, fixCode, address) => {
      const msg = message({ to: [person("alex@contoso.com"), person(address)], cc: [person("kim@fabrikam.com")], bcc: [person(address)] });
      const v = evaluate({ message: msg, policy: p });
      const fix = v.fixes.find((f) => f.code === fixCode);
      expect(fix?.resolves).toBe(reason);
      const after = applyFix(msg, fix!);
      expect(after.to).toEqual([person("alex@contoso.com")]);
      expect(after.cc).toEqual(msg.cc);
      expect(after.bcc).toEqual([]);
      expect(Object.keys(fix!.set).sort()).toEqual(["bcc", "to"]);
      expect(codes(evaluate({ message: after, policy: p }))).not.toContain(reason);
    });

    it("lists external domains in lower-case ASCII", () => {
      const v = evaluate({ message: message({ to: [person("Sam@TailspinToys.COM"), person("x@bücher.de")] }), policy: p });
      expect(v.audience.externalDomains).toEqual(["tailspintoys.com", "xn--bcher-kva.de"]);
      expect(v.audience.external).toEqual({ lower: 2, upper: 2 });
    });

    it("defaults internal domains to the sender's own domain", () => {
      const v = evaluate({ message: message({ from: "a@nhs.net", to: [person("b@nhs.net"), person("c@contoso.com")] }), policy: policy() });
      expect(v.audience.externalDomains).toEqual(["contoso.com"]);
    });

    it("follows the policy's action for external recipients", () => {
      const msg = message({ to: [person("sam@tailspintoys.com")] });
      expect(evaluate({ message: msg, policy: policy({ external: "allow" }) }).action).toBe("allow");
      expect(evaluate({ message: msg, policy: policy({ external: "block" }) }).action).toBe("block");
    });
  });

  describe("lists the directory cannot size", () => {
    it("warns about an unknown list by default and names it", () => {
      const v = evaluate({ message: message({ to: [list("mystery@contoso.com", "Mystery")] }), policy: policy() });
      expect(codes(v)).toEqual(["unknown-list"]);
      expect(v.audience.total.upper).toBe(Infinity);
      expect(v.audience.lists[0]?.source).toBe("unknown");
      expect(v.reasons[0]?.message).toContain("Mystery");
    });

    it.each(["allow", "warn", "block"] as const)("applies directoryFailure = %s when the directory failed", (action) => {
      const v = evaluate({ message: message({ to: [list("x@contoso.com")] }), policy: policy({ directoryFailure: action }), directoryFailure: "directory_timeout" });
      expect(v.action).toBe(action);
      // Allowed or not, the verdict records why: the directory could not answer.
      expect(codes(v)).toEqual(["directory-failure"]);
      expect(v.reasons[0]?.action).toBe(action);
    });
  });

  it("reports an address that cannot be parsed as invalid-recipient and still decides", () => {
    const v = evaluate({ message: message({ to: [person("not an address"), person("alex@contoso.com")] }), policy: policy() });
    expect(codes(v)).toEqual(["invalid-recipient"]);
    expect(v.action).toBe("warn");
    expect(v.audience.total).toEqual({ lower: 1, upper: 1 });
  });

  it("allows an exempt sender with no reasons, whatever the message", () => {
    const v = evaluate({
      message: message({ from: "Comms@Contoso.com", composeType: "reply", to: [list("all@contoso.com"), person("x@gmail.com")] }),
      policy: policy({ exemptSenders: ["comms@contoso.com"], blockedDomains: ["gmail.com"] }),
      lists: [counted("all@contoso.com", 840_000)],
    });
    expect(v).toMatchObject({ action: "allow", reasons: [], fixes: [] });
    expect(v.audience.total.lower).toBe(840_000);
  });

  describe("reply to the sender only", () => {
    const msg = message({
      composeType: "replyAll",
      to: [person("nestor@contoso.com", "Nestor"), list("everyone@contoso.com")],
      cc: [person("lee@contoso.com")],
      bcc: [person("x@contoso.com")],
    });
    const lists = [counted("everyone@contoso.com", 5000)];

    it("keeps the original sender with the display name the message already had", () => {
      const v = evaluate({ message: { ...msg, originalSender: "NESTOR@contoso.com" }, policy: policy(), lists });
      const after = applyFix(msg, v.fixes.find((f) => f.code === "reply-to-sender-only")!);
      expect(after).toMatchObject({ to: [person("nestor@contoso.com", "Nestor")], cc: [], bcc: [] });
      expect(evaluate({ message: after, policy: policy(), lists }).action).toBe("allow");
    });

    it("falls back to the first person in To", () => {
      const v = evaluate({ message: msg, policy: policy(), lists });
      expect(v.fixes.find((f) => f.code === "reply-to-sender-only")?.set.to).toEqual([person("nestor@contoso.com", "Nestor")]);
    });

    it("is not offered when there is nobody to keep", () => {
      const v = evaluate({ message: message({ composeType: "reply", to: [list("everyone@contoso.com")] }), policy: policy(), lists });
      expect(v.action).toBe("block");
      expect(fixCodes(v)).not.toContain("reply-to-sender-only");
    });
  });

  it("localizes messages and labels", () => {
    const v = evaluate({ message: message({ to: [list("all@contoso.com")] }), policy: policy(), lists: [counted("all@contoso.com", 840_001)], locale: "de-DE" });
    expect(v.locale).toBe("de-DE");
    expect(v.reasons.map((r) => r.message).join(" ")).toContain("840.001");
  });
});

describe("mostSevere", () => {
  it.each([
    [[], "allow"],
    [["allow", "warn"], "warn"],
    [["warn", "block", "allow"], "block"],
  ] as const)("of %j is %s", (actions, expected) => {
    expect(mostSevere(actions)).toBe(expected);
  });
});

describe("the external-recipients message", () => {
  it("counts only the untrusted people it names, not trusted partners", () => {
    const p = policy({ trustedDomains: ["fabrikam.com"] });
    const v = evaluate({ message: message({ to: [person("kim@fabrikam.com"), person("sam@tailspintoys.com"), person("lee@tailspintoys.com")] }), policy: p });
    const reason = v.reasons.find((r) => r.code === "external-recipients");
    expect(reason?.message).toContain("2 people");
    expect(reason?.message).toContain("tailspintoys.com");
    expect(reason?.message).not.toContain("fabrikam.com");
    expect(v.audience.external).toEqual({ lower: 3, upper: 3 });
  });

  it("includes untrusted members found by enumerating a list", () => {
    const lists = [{ ...counted("mixed@contoso.com", 2), source: "enumerated" as const, members: ["a@contoso.com", "g@tailspintoys.com"] }];
    const v = evaluate({ message: message({ to: [list("mixed@contoso.com")] }), policy: policy(), lists });
    expect(v.reasons.find((r) => r.code === "external-recipients")?.domains).toEqual(["tailspintoys.com"]);
  });
});
