import fc from "fast-check";
import { RangeSet, type NumberRange } from "../../tools/fake-graph/RangeSet";
import { matchAddress, parsePattern, patternsMayCollide, renderAddress, type GeneratedPattern } from "../../tools/fake-graph/GeneratedPattern";

const rangeArb = fc.tuple(fc.nat(200), fc.nat(40)).map(([start, length]): NumberRange => ({ start, end: start + length }));

function naive(ranges: readonly NumberRange[]): number[] {
  const set = new Set<number>();
  for (const r of ranges) for (let n = r.start; n < r.end; n++) set.add(n);
  return [...set].sort((a, b) => a - b);
}

function pattern(text: string): GeneratedPattern {
  const parsed = parsePattern(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.pattern;
}

describe("RangeSet", () => {
  it("holds exactly the union of its ranges, in order", () => {
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 12 }), (ranges) => {
        const set = RangeSet.of(ranges);
        const expected = naive(ranges);
        expect(set.size).toBe(expected.length);
        expect(expected.map((_, i) => set.at(i))).toEqual(expected);
        for (let n = 0; n < 250; n++) expect(set.has(n)).toBe(expected.includes(n));
      }),
    );
  });

  it("keeps ranges sorted, disjoint and not adjacent", () => {
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 12 }), (ranges) => {
        const merged = RangeSet.of(ranges).ranges;
        for (let i = 1; i < merged.length; i++) expect((merged[i] as NumberRange).start).toBeGreaterThan((merged[i - 1] as NumberRange).end);
      }),
    );
  });

  it("removes numbers without touching the rest", () => {
    fc.assert(
      fc.property(fc.array(rangeArb, { maxLength: 8 }), fc.array(fc.nat(250), { maxLength: 20 }), (ranges, points) => {
        const set = RangeSet.of(ranges).without(points);
        const expected = naive(ranges).filter((n) => !points.includes(n));
        expect(set.size).toBe(expected.length);
        expect(expected.map((_, i) => set.at(i))).toEqual(expected);
      }),
    );
  });

  it("holds 840,000 numbers as one range", () => {
    const set = RangeSet.of([{ start: 1, end: 840_001 }]);
    expect(set.ranges).toHaveLength(1);
    expect(set.size).toBe(840_000);
    expect(set.at(839_999)).toBe(840_000);
  });

  it("refuses positions outside the set", () => {
    expect(() => RangeSet.of([{ start: 0, end: 2 }]).at(2)).toThrow(RangeError);
  });
});

describe("GeneratedPattern", () => {
  it("renders and recognises its own addresses, case-insensitively", () => {
    const p = pattern("User{n}@NHS.net");
    fc.assert(
      fc.property(fc.nat(10_000_000), (n) => {
        const address = renderAddress(p, n);
        expect(matchAddress(p, address)).toBe(n);
        expect(matchAddress(p, address.toLowerCase())).toBe(n);
      }),
    );
  });

  it.each([
    ["user01@nhs.net", "a leading zero is another address"],
    ["user@nhs.net", "no number"],
    ["userx1@nhs.net", "not digits"],
    ["user1@nhs.net.evil", "another domain"],
  ])("does not claim %s (%s)", (address) => {
    expect(matchAddress(pattern("user{n}@nhs.net"), address)).toBeUndefined();
  });

  it.each([
    ["user", "must contain {n} exactly once"],
    ["u{n}{n}@x.org", "must contain {n} exactly once"],
    ["user@{n}.org", "before the @"],
    ["{n}", "before the @"],
  ])("refuses the pattern %s", (text, problem) => {
    const parsed = parsePattern(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });

  it.each([
    ["u{n}@x.org", "u1{n}@x.org", true],
    ["u{n}1@x.org", "u{n}@x.org", true],
    ["u{n}@x.org", "v{n}@x.org", false],
    ["u{n}@x.org", "u{n}@y.org", false],
    ["a{n}b@x.org", "a{n}@x.org", false],
    ["u{n}@x.org", "U{n}@X.org", false],
  ])("knows whether %s and %s can make one address (%s)", (a, b, expected) => {
    expect(patternsMayCollide(pattern(a), pattern(b))).toBe(expected);
  });
});
