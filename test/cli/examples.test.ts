import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runScenario } from "../../tools/cli/runScenario";
import { parseScenario } from "../../tools/scenario/scenario";

/**
 * Golden test: every example scenario of the repository (`examples/`) through the real pipeline —
 * the fake Graph server on loopback, the real Graph adapter, the real evaluation — judged against
 * its expectation file (format in examples/README.md). Files named `error.*` must be refused.
 */
const EXAMPLES = resolve(__dirname, "../../examples");
const names = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".scenario.json"))
  .map((f) => f.replace(/\.scenario\.json$/, ""))
  .sort();

interface Range {
  exact?: number;
  contains?: number;
  lowerAbove?: number;
  upperAtMost?: number;
}
interface Expectation {
  exit?: number;
  action?: string;
  actionNot?: string[];
  reasons?: string[];
  absentReasons?: string[];
  fixes?: string[];
  total?: Range;
  visible?: Range;
  external?: Range;
  externalDomains?: string[];
  maxGraphRequests?: number;
  maxElapsedMs?: number;
}
type Bound = { lower: number; upper: number | null };
interface VerdictJson {
  action: string;
  audience: Record<"total" | "visible" | "external", Bound> & { externalDomains: string[] };
  reasons: { code: string }[];
  fixes: { code: string }[];
  stats: { graphRequests: number; elapsedMs: number };
}

const read = <T>(file: string): T => JSON.parse(readFileSync(join(EXAMPLES, file), "utf8")) as T;

describe("example scenarios", () => {
  it("exist, and every one has an expectation", () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) expect(() => read(`${name}.expect.json`)).not.toThrow();
  });

  it("name the refused ones error.*", () => {
    for (const name of names) expect(name.startsWith("error.")).toBe((read<Expectation>(`${name}.expect.json`).exit ?? 0) !== 0);
  });

  it.each(names)("%s", async (name) => {
    const expected = read<Expectation>(`${name}.expect.json`);
    const parsed = parseScenario(read<unknown>(`${name}.scenario.json`));
    if ((expected.exit ?? 0) !== 0) {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problems.length).toBeGreaterThan(0);
      return;
    }
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const v = (await runScenario(parsed.scenario)) as unknown as VerdictJson;
    if (expected.action) expect(v.action).toBe(expected.action);
    for (const a of expected.actionNot ?? []) expect(v.action).not.toBe(a);
    const reasons = v.reasons.map((r) => r.code);
    for (const c of expected.reasons ?? []) expect(reasons).toContain(c);
    for (const c of expected.absentReasons ?? []) expect(reasons).not.toContain(c);
    for (const c of expected.fixes ?? []) expect(v.fixes.map((f) => f.code)).toContain(c);
    for (const key of ["total", "visible", "external"] as const) {
      const range = expected[key];
      if (!range) continue;
      const b = v.audience[key];
      const upper = b.upper ?? Infinity;
      if (range.exact !== undefined) expect(b).toEqual({ lower: range.exact, upper: range.exact });
      if (range.contains !== undefined) expect(b.lower <= range.contains && range.contains <= upper).toBe(true);
      if (range.lowerAbove !== undefined) expect(b.lower).toBeGreaterThan(range.lowerAbove);
      if (range.upperAtMost !== undefined) expect(upper).toBeLessThanOrEqual(range.upperAtMost);
    }
    for (const d of expected.externalDomains ?? []) expect(v.audience.externalDomains).toContain(d);
    if (expected.maxGraphRequests !== undefined) expect(v.stats.graphRequests).toBeLessThanOrEqual(expected.maxGraphRequests);
    if (expected.maxElapsedMs !== undefined) expect(v.stats.elapsedMs).toBeLessThanOrEqual(expected.maxElapsedMs);
  }, 20_000);
});

describe("guard command", () => {
  const guard = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), resolve(__dirname, "../../tools/cli/guard.ts"), ...args], { encoding: "utf8", timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it("refuses an invalid scenario with exit 2 and every problem, with its path, on stderr", () => {
    const run = guard("check", join(EXAMPLES, "error.contradictory-policy.scenario.json"));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("policy.limits.new");
    expect(run.stderr).toContain("litware.com");
    expect(run.stderr).toContain("colour");
  }, 60_000);

  it("prints one JSON verdict and exits 0 whatever the verdict", () => {
    const run = guard("check", join(EXAMPLES, "lookalike-domains.scenario.json"));
    expect(run.status).toBe(0);
    const verdict = JSON.parse(run.stdout) as VerdictJson;
    expect(verdict.action).toBe("block");
    // The look-alikes are typed externalUser, so the directory is asked whether they are lists: mail tips and one lookup batch.
    expect(verdict.stats.graphRequests).toBe(2);
  }, 60_000);

  it("prints the policy JSON Schema, and validates a policy file", () => {
    const schema = guard("policy", "schema");
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema" });
    const bad = guard("policy", "validate", join(EXAMPLES, "README.md"));
    expect(bad.status).toBe(2);
    expect(bad.stderr.length).toBeGreaterThan(0);
  }, 60_000);

  it("answers an unknown command with usage and exit 2", () => {
    const run = guard("frobnicate");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage:");
  }, 60_000);
});
