import { evaluate } from "../../src/core/evaluate";
import type { ListExpansion } from "../../src/core/types";
import { countPlan } from "../../src/directory/countPlan";
import { list, message, person, policy } from "../fixtures/builders";

const QUIET_LOOKALIKES = { visual: "allow", embedded: "allow", split: "allow", typo: "allow", shortTypo: "allow", suffix: "allow", word: "allow" };
/** Nothing about outsiders can fire: the one policy shape under which their count is spared. */
const OUTSIDERS_IRRELEVANT = { external: "allow", blockedDomains: [], lookalike: QUIET_LOOKALIKES };

describe("countPlan", () => {
  it("asks for outsiders under the defaults", () => {
    expect(countPlan(policy())).toEqual({ outsiders: true });
  });

  it("spares outsiders' counts only when no external, blocked-domain or look-alike rule can fire", () => {
    expect(countPlan(policy(OUTSIDERS_IRRELEVANT))).toEqual({ outsiders: false });
  });

  it.each<[string, Record<string, unknown>]>([
    ["external warns", { ...OUTSIDERS_IRRELEVANT, external: "warn" }],
    ["external blocks", { ...OUTSIDERS_IRRELEVANT, external: "block" }],
    ["a domain is blocked", { ...OUTSIDERS_IRRELEVANT, blockedDomains: ["gmail.com"] }],
    ["one look-alike kind warns", { ...OUTSIDERS_IRRELEVANT, lookalike: { ...QUIET_LOOKALIKES, suffix: "warn" } }],
    ["look-alikes block", { ...OUTSIDERS_IRRELEVANT, lookalike: "block" }],
  ])("asks for outsiders when %s", (_what, overrides) => {
    expect(countPlan(policy(overrides))).toEqual({ outsiders: true });
  });

  // What the plan spares must not move the verdict: the same list answered with and without its
  // outsiders' count (an open bound, guests unread) gives the same action and reasons under a policy
  // that spares it — and a different one under the defaults, which is why they do not.
  const ALL = "all@contoso.com";
  const counted: ListExpansion = {
    address: ALL,
    people: { lower: 150, upper: 150 },
    external: { lower: 3, upper: 150 },
    source: "groupCounts",
    knownMembers: ["g1@gmail.com", "g2@fabrikam.com", "g3@fabrikam.com"],
  };
  const spared: ListExpansion = { ...counted, external: { lower: 0, upper: 150 }, knownMembers: [] };
  const send = message({ to: [person("adele@contoso.com"), list(ALL, "All staff")], cc: [person("x@gmail.com")] });
  const verdictOf = (overrides: Record<string, unknown>, expansion: ListExpansion) => {
    const v = evaluate({ message: send, policy: policy({ internalDomains: ["contoso.com"], ...overrides }), lists: [expansion] });
    return { action: v.action, reasons: v.reasons.map((r) => [r.code, r.action, r.message, r.lists ?? []]), fixes: v.fixes.map((f) => [f.code, f.set]) };
  };

  it("gives the same action and reasons with the spared count as with it, where the plan spares it", () => {
    expect(countPlan(policy(OUTSIDERS_IRRELEVANT)).outsiders).toBe(false);
    const full = verdictOf(OUTSIDERS_IRRELEVANT, counted);
    expect(full.action).toBe("warn");
    expect(verdictOf(OUTSIDERS_IRRELEVANT, spared)).toEqual(full);
  });

  it.each<[string, Record<string, unknown>]>([
    ["the defaults", {}],
    ["a blocked domain", { ...OUTSIDERS_IRRELEVANT, blockedDomains: ["gmail.com"] }],
  ])("would change the verdict under %s, where the plan asks", (_what, overrides) => {
    expect(countPlan(policy(overrides)).outsiders).toBe(true);
    expect(verdictOf(overrides, spared)).not.toEqual(verdictOf(overrides, counted));
  });
});
