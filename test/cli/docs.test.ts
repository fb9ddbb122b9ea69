import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { validatePolicy } from "../../src/core/policy";

/** Every policy example in the guides must be a valid policy: IT copies them. */
describe("docs/policy.md", () => {
  const text = readFileSync(resolve(__dirname, "../../docs/policy.md"), "utf8");
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

  it("has worked examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((b, i) => [i, b]))("example %i is a valid policy", (_i, block) => {
    const result = validatePolicy(JSON.parse(block));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it("documents every top-level policy key", () => {
    const defaults = validatePolicy({});
    if (!defaults.ok) throw new Error("defaults invalid");
    for (const key of Object.keys(defaults.policy)) expect(text).toContain(`\`${key}`);
  });
});
