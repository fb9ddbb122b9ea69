import fc from "fast-check";
import { applyFix, evaluate } from "../../src/core/evaluate";
import type { ListExpansion, RecipientInput } from "../../src/core/types";
import { message, policy } from "../fixtures/builders";

const domains = ["contoso.com", "sales.contoso.com", "fabrikam.com", "gmail.com", "c0ntoso.com", "tailspintoys.com", "contoso.com.evil.net", "bücher.de"];

const recipient: fc.Arbitrary<RecipientInput> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ local: fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/), domain: fc.constantFrom(...domains), list: fc.boolean() }).map(
    ({ local, domain, list }): RecipientInput => ({ emailAddress: `${local}@${domain}`, recipientType: list ? "distributionList" : "user" }),
  ) },
  { weight: 1, arbitrary: fc.record({ emailAddress: fc.string(), displayName: fc.option(fc.string(), { nil: undefined }), recipientType: fc.constantFrom("user", "distributionList", "externalUser", "other") }).map((r) => (r.displayName === undefined ? { emailAddress: r.emailAddress, recipientType: r.recipientType } : (r as RecipientInput))) },
);

const composeType = fc.constantFrom("new", "reply", "replyAll", "forward" as const);
const testPolicy = policy({ internalDomains: ["contoso.com", "*.contoso.com"], trustedDomains: ["fabrikam.com"], blockedDomains: ["gmail.com"] });

function listsFor(recipients: RecipientInput[], sizes: number[]): ListExpansion[] {
  return recipients
    .filter((r) => r.recipientType === "distributionList" && r.emailAddress.includes("@"))
    .map((r, i) => {
      const n = sizes[i % Math.max(1, sizes.length)] ?? 10;
      return { address: r.emailAddress.toLowerCase(), people: { lower: n, upper: n }, external: { lower: 0, upper: 0 }, source: "groupCounts" as const };
    });
}

describe("evaluate (properties)", () => {
  it("is total: any recipients (up to 1,000), any compose type, gives a verdict with consistent bounds", () => {
    fc.assert(
      fc.property(
        composeType,
        fc.array(recipient, { maxLength: 1000 }),
        fc.array(recipient, { maxLength: 20 }),
        fc.array(fc.nat({ max: 2_000_000 }), { maxLength: 5 }),
        (type, to, cc, sizes) => {
          const msg = message({ composeType: type, to, cc });
          const v = evaluate({ message: msg, policy: testPolicy, lists: listsFor([...to, ...cc], sizes) });
          expect(["allow", "warn", "block"]).toContain(v.action);
          expect(v.audience.total.lower).toBeLessThanOrEqual(v.audience.total.upper);
          expect(v.audience.visible.upper).toBeLessThanOrEqual(v.audience.total.upper);
          for (const reason of v.reasons) expect(reason.message.length).toBeLessThanOrEqual(500);
          if (v.action !== "allow") expect(v.reasons.some((r) => r.action === v.action)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("applying any fix it offers clears the reason that fix targets", () => {
    fc.assert(
      fc.property(composeType, fc.array(recipient, { maxLength: 40 }), fc.array(recipient, { maxLength: 5 }), fc.array(fc.nat({ max: 5000 }), { maxLength: 3 }), (type, to, cc, sizes) => {
        const msg = message({ composeType: type, to, cc });
        const lists = listsFor([...to, ...cc], sizes);
        const v = evaluate({ message: msg, policy: testPolicy, lists });
        for (const fix of v.fixes) {
          const after = evaluate({ message: applyFix(msg, fix), policy: testPolicy, lists });
          expect(after.reasons.map((r) => r.code)).not.toContain(fix.resolves);
        }
      }),
      { numRuns: 300 },
    );
  });
});
