import { faultCases, faultFreeVerdicts, judgeFaulted, runFaultMatrix, type FaultOutcome } from "../../tools/bench/faultMatrix";

/**
 * The fault matrix through the real pipeline (real GraphDirectory, fake Graph server on loopback):
 * a fault never makes the verdict weaker than the fault-free verdict or the policy's directoryFailure.
 */

describe("fault matrix", () => {
  let outcomes: FaultOutcome[];

  beforeAll(async () => {
    outcomes = await runFaultMatrix();
  }, 180_000);

  it("covers every scenario, endpoint, fault and directoryFailure", () => {
    expect(outcomes).toHaveLength(faultCases().length * 3);
    expect(new Set(outcomes.map((o) => o.directoryFailure))).toEqual(new Set(["allow", "warn", "block"]));
  });

  it("is never weaker than the fault-free verdict or directoryFailure", () => {
    const broken = outcomes.filter((o) => o.problem !== undefined).map((o) => `${o.name} (directoryFailure ${o.directoryFailure}): ${o.problem ?? ""}`);
    expect(broken).toEqual([]);
  });

  it("records why it allowed when the policy allows a directory failure", () => {
    const allowed = outcomes.filter((o) => o.directoryFailure === "allow" && o.verdict.reasons.some((r) => r.code === "directory-failure"));
    expect(allowed.length).toBeGreaterThan(0);
    for (const o of allowed) expect(o.verdict.reasons.find((r) => r.code === "directory-failure")?.action).toBe("allow");
  });

  it("answers a refusal of both permissions with the policy's block", () => {
    const both = outcomes.filter((o) => o.name.endsWith("403 on both") && o.directoryFailure === "block");
    expect(both.length).toBeGreaterThan(0);
    for (const o of both) expect(o.verdict.action).toBe("block");
  });
});

describe("fault matrix scenarios", () => {
  it("say, without faults, what they are about", async () => {
    const verdicts = await faultFreeVerdicts();
    const summary = [...verdicts].map(([name, v]) => `${name}: ${v.action} [${v.reasons.map((r) => r.code).sort().join(",")}]`);
    expect(summary).toEqual([
      "reply-all to 840,000: block [large-audience]",
      "a stranger's guest inside a list, external blocks: block [external-recipients]",
      "small reply, allowed: allow []",
      "dynamic list sized by mail tips: warn [bcc-advised,large-audience,unknown-list]",
      "Microsoft 365 group typed other: warn [large-audience]",
    ]);
  }, 60_000);
});

describe("judgeFaulted", () => {
  const verdict = (action: "allow" | "warn" | "block", codes: string[]) =>
    ({ action, reasons: codes.map((code) => ({ code, action, message: "" })), fixes: [], audience: {}, locale: "en-US" }) as never;

  it.each([
    ["the fault-free verdict", verdict("block", ["large-audience"]), verdict("block", ["large-audience"]), "warn", true],
    ["a weaker verdict without a directory-failure reason", verdict("block", ["large-audience"]), verdict("warn", ["unknown-list"]), "warn", false],
    ["directory-failure at the policy's action", verdict("block", ["large-audience"]), verdict("warn", ["directory-failure"]), "warn", true],
    ["directory-failure weaker than the policy", verdict("allow", []), verdict("warn", ["directory-failure"]), "block", false],
    ["an allow that records the failure", verdict("warn", ["large-audience"]), verdict("allow", ["directory-failure"]), "allow", true],
  ] as const)("%s", (_name, free, faulted, directoryFailure, holds) => {
    expect(judgeFaulted(free, faulted, directoryFailure) === undefined).toBe(holds);
  });
});
