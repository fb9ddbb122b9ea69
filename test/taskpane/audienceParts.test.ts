import fc from "fast-check";
import { bccOnlyBounds } from "../../src/taskpane/audienceParts";

describe("bccOnlyBounds", () => {
  const inf = Number.POSITIVE_INFINITY;
  it.each([
    [{ lower: 10, upper: 10 }, { lower: 4, upper: 4 }, { lower: 6, upper: 6 }],
    [{ lower: 840_001, upper: 840_001 }, { lower: 840_001, upper: 840_001 }, { lower: 0, upper: 0 }],
    [{ lower: 100, upper: inf }, { lower: 1, upper: 1 }, { lower: 99, upper: inf }],
    [{ lower: 100, upper: inf }, { lower: 100, upper: inf }, { lower: 0, upper: inf }],
    [{ lower: 50, upper: 80 }, { lower: 10, upper: 60 }, { lower: 0, upper: 70 }],
  ])("total %j, To+Cc %j → only in Bcc %j", (total, visible, expected) => {
    expect(bccOnlyBounds(total, visible)).toEqual(expected);
  });

  it("always holds the true number of people reached only through Bcc", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(50), fc.nat(50), fc.boolean(), (visible, bccOnly, slackLow, slackHigh, open) => {
        const total = visible + bccOnly;
        const b = bccOnlyBounds(
          { lower: Math.max(0, total - slackLow), upper: open ? inf : total + slackHigh },
          { lower: Math.max(0, visible - slackLow), upper: visible + slackHigh },
        );
        return b.lower <= bccOnly && bccOnly <= b.upper && b.lower >= 0;
      }),
    );
  });
});
