import fc from "fast-check";
import type { AudienceEntry } from "../../src/core/audience";
import { computeAudience } from "../../src/core/audience";
import { boundsFromJson, boundsToJson, capBounds, isUndecided, unionBounds } from "../../src/core/bounds";
import type { ListExpansion, RecipientField } from "../../src/core/types";

const FIELDS: RecipientField[] = ["to", "cc", "bcc"];
const isExternal = (address: string): boolean => !address.endsWith("@contoso.com");
const isExternalDomain = (domain: string): boolean => domain !== "contoso.com";

/** A random tenant: people (some external), lists as subsets of them, a message naming some of each. */
const world = fc
  .record({
    universe: fc.integer({ min: 1, max: 60 }),
    externalEvery: fc.integer({ min: 2, max: 7 }),
  })
  .chain(({ universe, externalEvery }) => {
    const address = (i: number): string => (i % externalEvery === 0 ? `p${i}@partner.org` : `p${i}@contoso.com`);
    const index = fc.integer({ min: 0, max: universe - 1 });
    const list = fc.record({
      members: fc.uniqueArray(index, { maxLength: universe }),
      field: fc.constantFrom(...FIELDS),
      knowledge: fc.constantFrom("exact", "loose", "enumerated", "unknown"),
      slackDown: fc.nat({ max: 5 }),
      slackUp: fc.nat({ max: 5 }),
    });
    const direct = fc.array(fc.record({ who: index, field: fc.constantFrom(...FIELDS) }), { maxLength: 30 });
    return fc.record({ lists: fc.array(list, { maxLength: 6 }), direct }).map((w) => ({ ...w, address }));
  });

describe("computeAudience", () => {
  it("always contains the true number of people, visible people and external people", () => {
    fc.assert(
      fc.property(world, ({ lists, direct, address }) => {
        const byAddress = new Map<string, Set<RecipientField>>();
        for (const d of direct) {
          const a = address(d.who);
          byAddress.set(a, (byAddress.get(a) ?? new Set()).add(d.field));
        }
        const people: AudienceEntry[] = [...byAddress].map(([a, fields]) => ({ address: a, fields, external: isExternal(a) }));
        const expansions = lists.map((l, i) => {
          const members = l.members.map(address);
          const n = members.length;
          const ext = members.filter(isExternal).length;
          const expansion: ListExpansion =
            l.knowledge === "enumerated"
              ? { address: `l${i}@contoso.com`, people: { lower: n, upper: n }, external: { lower: ext, upper: ext }, source: "enumerated", members }
              : l.knowledge === "exact"
                ? { address: `l${i}@contoso.com`, people: { lower: n, upper: n }, external: { lower: ext, upper: ext }, source: "groupCounts" }
                : l.knowledge === "loose"
                  ? {
                      address: `l${i}@contoso.com`,
                      people: { lower: Math.max(0, n - l.slackDown), upper: n + l.slackUp },
                      external: { lower: Math.max(0, ext - l.slackDown), upper: ext + l.slackUp },
                      source: "mailTips",
                    }
                  : { address: `l${i}@contoso.com`, people: { lower: 0, upper: Infinity }, external: { lower: 0, upper: Infinity }, source: "unknown" };
          return { entry: { address: `l${i}@contoso.com`, fields: new Set([l.field]), external: false }, expansion, members };
        });

        const truth = (inPart: (f: RecipientField) => boolean): Set<string> => {
          const all = new Set<string>();
          for (const d of direct) if (inPart(d.field)) all.add(address(d.who));
          for (const l of expansions) if ([...l.entry.fields].some(inPart)) for (const m of l.members) all.add(m);
          return all;
        };
        const total = truth(() => true);
        const visible = truth((f) => f !== "bcc");
        const summary = computeAudience({ people, lists: expansions, isExternal, isExternalDomain });
        const within = (b: { lower: number; upper: number }, n: number): boolean => b.lower <= n && n <= b.upper;
        expect(within(summary.total, total.size)).toBe(true);
        expect(within(summary.visible, visible.size)).toBe(true);
        expect(within(summary.external, [...total].filter(isExternal).length)).toBe(true);
        expect(summary.visible.lower).toBeLessThanOrEqual(summary.total.upper);
        if (expansions.every((l) => l.expansion.members)) expect(summary.total).toEqual({ lower: total.size, upper: total.size });
      }),
      { numRuns: 500 },
    );
  });

  it("is exact when there are no lists, and deduplicates people named in several fields", () => {
    const fields = new Set<RecipientField>(["to", "bcc"]);
    const s = computeAudience({
      people: [
        { address: "a@contoso.com", fields, external: false },
        { address: "b@partner.org", fields: new Set(["bcc"]), external: true },
      ],
      lists: [],
      isExternal,
      isExternalDomain,
    });
    expect(s).toEqual({ total: { lower: 2, upper: 2 }, visible: { lower: 1, upper: 1 }, external: { lower: 1, upper: 1 }, externalDomains: ["partner.org"] });
  });

  it("lists domains of external members of enumerated lists", () => {
    const s = computeAudience({
      people: [],
      lists: [
        {
          entry: { address: "l@contoso.com", fields: new Set(["to"]), external: false },
          expansion: { address: "l@contoso.com", people: { lower: 2, upper: 2 }, external: { lower: 1, upper: 1 }, source: "enumerated", members: ["a@contoso.com", "g@guest.example"] },
        },
      ],
      isExternal,
      isExternalDomain,
    });
    expect(s.externalDomains).toEqual(["guest.example"]);
  });
});

describe("bounds", () => {
  it("unionBounds follows max(list) ≤ |union| ≤ Σ lists + known", () => {
    expect(unionBounds(3, [{ lower: 10, upper: 10 }, { lower: 4, upper: 6 }])).toEqual({ lower: 10, upper: 19 });
    expect(unionBounds(0, [])).toEqual({ lower: 0, upper: 0 });
    expect(unionBounds(1, [{ lower: 0, upper: Infinity }])).toEqual({ lower: 1, upper: Infinity });
  });

  it("caps external people by people", () => {
    expect(capBounds({ lower: 5, upper: Infinity }, { lower: 2, upper: 3 })).toEqual({ lower: 3, upper: 3 });
  });

  it.each([
    [{ lower: 400, upper: 800 }, 500, true],
    [{ lower: 400, upper: 800 }, 350, false],
    [{ lower: 400, upper: 800 }, 800, false],
    [{ lower: 400, upper: 400 }, 400, false],
    [{ lower: 0, upper: Infinity }, 5, true],
    [{ lower: 0, upper: Infinity }, null, false],
  ])("isUndecided(%j, %p) is %p", (b, t, expected) => {
    expect(isUndecided(b, t)).toBe(expected);
  });

  it("writes an open upper bound as null in JSON and reads it back", () => {
    fc.assert(
      fc.property(fc.nat(), fc.option(fc.nat(), { nil: Infinity }), (lower, upper) => {
        const b = { lower, upper };
        expect(boundsFromJson(boundsToJson(b))).toEqual(b);
      }),
    );
  });
});
