import { groupDomains } from "../../src/taskpane/groupDomains";
import { counted, list, message, person, policy } from "../fixtures/builders";
import { mixedOutsiders, outsidersPolicy, verdictFor } from "./scenarios";

describe("groupDomains", () => {
  it("sorts every outside domain into blocked, look-alike, trusted and external", () => {
    const verdict = verdictFor(mixedOutsiders, { policy: outsidersPolicy });
    expect(groupDomains(verdict, outsidersPolicy)).toEqual({
      blocked: ["gmail.com"],
      lookalike: ["c0ntoso.com"],
      external: ["example.org"],
      trusted: ["partner.org"],
    });
  });

  it("leaves the organisation's own domains out", () => {
    const verdict = verdictFor(message({ to: [person("alex@contoso.com"), person("lee@mail.contoso.com")] }), {
      policy: policy({ internalDomains: ["contoso.com", "*.contoso.com"] }),
    });
    const groups = groupDomains(verdict, outsidersPolicy);
    expect(Object.values(groups).flat()).toEqual([]);
  });

  it("matches trusted and blocked patterns with wildcards", () => {
    const p = policy({ trustedDomains: ["*.partner.org"], blockedDomains: ["*.webmail.example"] });
    const verdict = verdictFor(message({ to: [person("a@eu.partner.org"), person("b@x.webmail.example"), person("c@partner.org")] }), { policy: p });
    const groups = groupDomains(verdict, p);
    expect(groups.trusted).toEqual(["eu.partner.org"]);
    expect(groups.blocked).toEqual(["x.webmail.example"]);
    expect(groups.external).toEqual(["partner.org"]);
  });

  it("still names a look-alike when the policy only warns about it, from its reason", () => {
    const p = policy({ lookalike: "warn" });
    const verdict = verdictFor(message({ to: [person("x@c0ntoso.com")] }), { policy: p });
    expect(groupDomains(verdict, p).lookalike).toEqual(["c0ntoso.com"]);
  });

  it("files a domain that is external but allowed by policy under external", () => {
    const p = policy({ external: "allow" });
    const verdict = verdictFor(message({ to: [person("x@example.org")] }), { policy: p });
    expect(verdict.reasons).toEqual([]);
    expect(groupDomains(verdict, p).external).toEqual(["example.org"]);
  });

  it("puts each domain in one group only, blocked first, and sorts each group", () => {
    const verdict = {
      audience: { ...verdictFor(message()).audience, externalDomains: ["zeta.org", "alpha.org", "gmail.com"] },
      reasons: [
        { code: "blocked-domain" as const, action: "block" as const, message: "", domains: ["gmail.com"] },
        { code: "lookalike-domain" as const, action: "block" as const, message: "", domains: ["gmail.com"] },
        { code: "external-recipients" as const, action: "warn" as const, message: "", domains: ["zeta.org", "alpha.org"] },
      ],
    };
    expect(groupDomains(verdict, policy())).toEqual({ blocked: ["gmail.com"], lookalike: [], external: ["alpha.org", "zeta.org"], trusted: [] });
  });

  it("finds external domains inside enumerated lists", () => {
    const p = policy({ trustedDomains: ["partner.org"] });
    const verdict = verdictFor(message({ to: [list("team@contoso.com")] }), {
      policy: p,
      lists: [{ ...counted("team@contoso.com", 2, 1), source: "enumerated", members: ["a@contoso.com", "g@partner.org"] }],
    });
    expect(groupDomains(verdict, p).trusted).toEqual(["partner.org"]);
  });
});
