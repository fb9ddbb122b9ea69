import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { runScenario } from "../../tools/cli/runScenario";
import { startFakeGraph } from "../../tools/fake-graph/FakeGraphServer";
import { buildListIndex } from "../../tools/index/buildListIndex";
import { loadScenario, type Scenario } from "../../tools/scenario/scenario";

/**
 * The storm scenarios with the tenant list index: the same verdicts as through Graph, with no
 * Graph request at all where every list is indexed.
 */
const ROOT = resolve(__dirname, "../..");

async function scenario(file: string): Promise<Scenario> {
  const parsed = await loadScenario(join(ROOT, file));
  if (!parsed.ok) throw new Error(`${file} is invalid`);
  return parsed.scenario;
}

/** Builds the index of a scenario's directory (without its injected latency, to keep the test quick). */
async function buildFor(s: Scenario, folder: string): Promise<string> {
  const server = await startFakeGraph(s.directory ? { directory: s.directory } : {});
  try {
    await buildListIndex({ graphBaseUrl: server.url, tokenProvider: new StaticTokenProvider("job"), outDir: join(folder, "index"), statePath: join(folder, "state.json") });
  } finally {
    await server.close();
  }
  return join(folder, "index");
}

type Verdict = Record<string, unknown> & { stats: { graphRequests: number }; audience: { lists: Record<string, unknown>[] } };

/** The verdict without what must differ: where the sizes came from, how old they are, and the stats. */
function comparable(v: Verdict): unknown {
  const { stats: _stats, ...rest } = v;
  return { ...rest, audience: { ...v.audience, lists: v.audience.lists.map(({ source: _s, asOf: _a, ...list }) => list) } };
}

describe("the storm scenarios with the tenant list index", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "guard-storm-"));
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it.each(["tools/simulator/demo.scenario.json", "examples/reply-all-to-everyone.scenario.json"])(
    "%s: decides with 0 Graph requests and the same verdict",
    async (file) => {
      const s = await scenario(file);
      const index = await buildFor(s, folder);
      const without = (await runScenario(s)) as Verdict;
      const withIndex = (await runScenario(s, { indexDir: index })) as Verdict;
      expect(without.stats.graphRequests).toBeGreaterThan(0);
      expect(withIndex.stats.graphRequests).toBe(0);
      expect(comparable(withIndex)).toEqual(comparable(without));
      expect(withIndex.audience.lists.every((l) => l.source === "index" && typeof l.asOf === "string")).toBe(true);
      expect(withIndex.action).toBe("block");
    },
    60_000,
  );

  it("asks Graph only for what the index cannot answer: member-by-member reads of overlapping lists", async () => {
    const s = await scenario("examples/overlapping-lists.scenario.json");
    const index = await buildFor(s, folder);
    const without = (await runScenario(s)) as Verdict;
    const withIndex = (await runScenario(s, { indexDir: index })) as Verdict;
    expect(comparable(withIndex)).toEqual(comparable(without));
    // The index holds no members: deciding the overlap still reads them from Graph (without the index
    // the adapter reads such small lists whole with its counts, so the two may cost alike).
    expect(withIndex.stats.graphRequests).toBeGreaterThan(0);
    expect(withIndex.audience.lists.every((l) => l.source === "enumerated")).toBe(true);
  });

  it("works as the guard command: index build prints its summary, check --index decides without Graph", async () => {
    const file = join(ROOT, "examples/reply-all-to-everyone.scenario.json");
    const out = join(folder, "published");
    const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "tools/cli/guard.ts"), ...args], { encoding: "utf8" });
    const built = run(["index", "build", file, "--out", out]);
    expect(built.status).toBe(0);
    const summary = JSON.parse(built.stdout) as Record<string, number>;
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(["lists", "files", "bytes", "graphRequests", "graphResourceUnits", "elapsedMs"]));
    expect(summary.lists).toBe(1);
    expect(JSON.parse(await readFile(join(out, "index.json"), "utf8"))).toMatchObject({ format: "audience-guard-list-index" });
    const checked = run(["check", file, "--index", out]);
    expect(checked.status).toBe(0);
    expect((JSON.parse(checked.stdout) as Verdict).stats.graphRequests).toBe(0);
    expect(run(["index", "build", file]).status).toBe(2);
  }, 60_000);
});
