/**
 * `npm run bench`: measures the check's cost against the fake Graph server on loopback.
 *
 *  1. The engine alone: `guard check` on 1,000 direct recipients (no lists), `stats.elapsedMs`.
 *  2. One list of 10 … 840,000 people at 0 and 50 ms of injected latency: Graph requests and the
 *     median time of a cold check, next to naive full paging of `transitiveMembers`.
 *  3. The look-alike classification of one recipient domain: every domain of the look-alike corpus
 *     (test/core/lookalikeCorpus) once, cold, under the company policy that protects five domains.
 *  4. The task pane's first useful paint in headless Chromium, in the simulator (`--no-browser` skips it).
 *  5. The fault matrix (tools/bench/faultMatrix.ts): its size, whether every case holds, and the worst
 *     deadline overrun (elapsed time past `timeoutMs`; negative = every check answered before its deadline).
 *  6. Per Outlook client profile, the built launch-event script: bytes and time to a verdict for a cold
 *     Send and a Send after a recipients change, at 50/150/300 ms and 1 Mbit/s / 256 kbit/s
 *     (clientBench.ts; builds dist/ first if needed; `--no-clients` skips it).
 *  7. Tenant scale (./tenantScale.ts): Graph resource units per Send, the Sends per second the
 *     tenant's budget sustains, and a day in an 840,000-user tenant, with and without the list index.
 *
 * Prints a table, or JSON with `--json`. Targets are checked and reported; the exit status is 1 when
 * one is missed. Times are wall-clock on this machine: compare ratios within one run, not across runs.
 */
import { parseArgs } from "node:util";
import { checkMessage } from "../../src/directory/checkMessage";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { validatePolicy } from "../../src/core/policy";
import type { Policy } from "../../src/core/policy";
import type { MessageSnapshot, RecipientInput } from "../../src/core/types";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import type { FakeGraphServer } from "../fake-graph/FakeGraphServer";
import { runScenario } from "../cli/runScenario";
import { addressClassifier, domainSetsFor } from "../../src/core/classify";
import { ORGANISATIONS, readPermutations } from "../../test/core/lookalikeCorpus/corpus";
import type { PaintRun } from "./paint";
import { measureTaskPanePaint } from "./paint";
import { faultCases, runFaultMatrix } from "./faultMatrix";
import { clientBench, clientTable, clientTargets } from "./clientBench";
import { ensureBuilt } from "../simulator/ensureBuilt";
import { tenantScaleBench, tenantScaleTable, tenantScaleTargets } from "./tenantScale";

const SIZES = [10, 1_000, 100_000, 840_000];
const LATENCIES = [0, 50];
/** Paging is measured when it takes at most this many pages × latency; beyond, it is computed. */
const MEASURED_PAGING_BUDGET_MS = 6_000;
const PAGE_SIZE = 999;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function policyOf(input: Record<string, unknown>): Policy {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error("bench policy invalid");
  return result.policy;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function engineBench(): Promise<{ recipients: number; medianElapsedMs: number; runs: number }> {
  const to: RecipientInput[] = Array.from({ length: 1_000 }, (_, i) => ({
    emailAddress: i % 10 === 0 ? `guest${i}@partner${i % 7}.example` : `person${i}@contoso.com`,
    displayName: `Person ${i}`,
    // Every one typed a person, so that this measures the engine alone: a recipient Outlook types
    // `externalUser` or `other` is asked of the directory as a possible list, costing the round trips
    // the list rows below measure.
    recipientType: "user",
  }));
  const scenario = { policy: policyOf({}), message: { composeType: "new" as const, from: "megan@contoso.com", to, cc: [], bcc: [] } };
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const out = (await runScenario(scenario)) as { stats: { elapsedMs: number } };
    times.push(out.stats.elapsedMs);
  }
  return { recipients: 1_000, medianElapsedMs: median(times), runs: times.length };
}

/** Classifies every corpus domain once with a fresh classifier (no cache hit), 5 runs; the median per domain. */
function lookalikeBench(): { domains: number; medianMicroseconds: number; runs: number } {
  const company = ORGANISATIONS["company"];
  if (!company) throw new Error("no company policy in the corpus");
  const policy = policyOf(company.policy);
  const domains = [...readPermutations().values()].flatMap((byClass) => [...byClass.values()].flat());
  const perDomain: number[] = [];
  for (let run = 0; run < 6; run++) {
    const classify = addressClassifier(domainSetsFor(policy, company.sender), policy.lookalike);
    const start = performance.now();
    for (const domain of domains) classify(domain);
    // The first run also compiles the code and builds the tables: left out.
    if (run > 0) perDomain.push(((performance.now() - start) * 1000) / domains.length);
  }
  return { domains: domains.length, medianMicroseconds: median(perDomain), runs: perDomain.length };
}

interface ListRow {
  people: number;
  latencyMs: number;
  checkRequests: number;
  checkMedianMs: number;
  pagingRequests: number;
  pagingMs: number;
  pagingMeasured: boolean;
}

function message(): MessageSnapshot {
  return {
    composeType: "replyAll",
    from: "megan@contoso.com",
    to: [{ emailAddress: "everyone@contoso.com", displayName: "Everyone", recipientType: "distributionList" }],
    cc: [],
    bcc: [],
  };
}

/** A cold check: a new adapter each time (no remembered group ids), as at the first Send of a session. */
async function coldCheck(server: FakeGraphServer, policy: Policy): Promise<{ ms: number; requests: number }> {
  const directory = new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider("bench") });
  server.resetRequestCount();
  const started = performance.now();
  const result = await checkMessage({ message: message(), policy, directory });
  const ms = performance.now() - started;
  if (result.directoryFailure) throw new Error(`check failed: ${result.directoryFailure}`);
  return { ms, requests: server.requestCount };
}

/** Naive full paging of transitiveMembers, as an add-in without counts would do. */
async function naivePaging(server: FakeGraphServer): Promise<{ ms: number; requests: number }> {
  const headers = { Authorization: "Bearer bench", ConsistencyLevel: "eventual" };
  server.resetRequestCount();
  const started = performance.now();
  const lookup = (await (await fetch(`${server.url}/groups?$filter=mail eq 'everyone@contoso.com'&$select=id`, { headers })).json()) as { value: { id: string }[] };
  let next: string | undefined = `${server.url}/groups/${lookup.value[0]?.id ?? ""}/transitiveMembers/microsoft.graph.user?$select=mail&$top=${PAGE_SIZE}&$count=true`;
  let people = 0;
  while (next) {
    const page = (await (await fetch(next, { headers })).json()) as { value: unknown[]; "@odata.nextLink"?: string };
    people += page.value.length;
    next = page["@odata.nextLink"];
  }
  if (people === 0) throw new Error("paging read nobody");
  return { ms: performance.now() - started, requests: server.requestCount };
}

async function listBench(): Promise<ListRow[]> {
  const policy = policyOf({});
  const rows: ListRow[] = [];
  for (const latencyMs of LATENCIES) {
    for (const people of SIZES) {
      const server = await startFakeGraph({
        directory: {
          tenantDomains: ["contoso.com"],
          groups: [{ mail: "everyone@contoso.com", displayName: "Everyone", generate: [{ pattern: "staff{n}@contoso.com", from: 1, count: people }] }],
        },
        network: { latencyMs },
      });
      try {
        await coldCheck(server, policy); // warm the JIT and the loopback connection pool
        const runs: { ms: number; requests: number }[] = [];
        for (let i = 0; i < (latencyMs === 0 ? 25 : 9); i++) runs.push(await coldCheck(server, policy));
        const pages = Math.ceil(people / PAGE_SIZE);
        const pagingRequests = 1 + pages;
        let pagingMs: number;
        let pagingMeasured = pagingRequests * latencyMs <= MEASURED_PAGING_BUDGET_MS && (latencyMs > 0 || people <= 100_000);
        if (pagingMeasured) {
          const paged = await naivePaging(server);
          pagingMs = paged.ms;
          if (paged.requests !== pagingRequests) throw new Error(`paging took ${paged.requests} requests, expected ${pagingRequests}`);
        } else {
          // Computed: every page is one sequential round trip.
          const perPage = latencyMs > 0 ? latencyMs : (rows.find((r) => r.latencyMs === 0 && r.pagingMeasured && r.people === 100_000)?.pagingMs ?? 0) / Math.ceil(100_000 / PAGE_SIZE);
          pagingMs = pagingRequests * perPage;
          pagingMeasured = false;
        }
        rows.push({
          people,
          latencyMs,
          checkRequests: Math.max(...runs.map((r) => r.requests)),
          checkMedianMs: median(runs.map((r) => r.ms)),
          pagingRequests,
          pagingMs,
          pagingMeasured,
        });
      } finally {
        await server.close();
      }
    }
  }
  return rows;
}

interface FaultMatrixRun {
  cases: number;
  verdicts: number;
  broken: number;
  /** Largest elapsed − timeoutMs over the cases, ms. */
  worstOverrunMs: number;
  worstOverrunCase: string;
  /** Largest elapsed / timeoutMs over the cases. */
  worstRatio: number;
}

async function faultMatrixBench(): Promise<FaultMatrixRun> {
  const outcomes = await runFaultMatrix();
  let worst = outcomes[0];
  for (const o of outcomes) if (worst === undefined || o.elapsedMs - o.timeoutMs > worst.elapsedMs - worst.timeoutMs) worst = o;
  return {
    cases: faultCases().length,
    verdicts: outcomes.length,
    broken: outcomes.filter((o) => o.problem !== undefined).length,
    worstOverrunMs: worst ? worst.elapsedMs - worst.timeoutMs : 0,
    worstOverrunCase: worst ? `${worst.name} (timeoutMs ${worst.timeoutMs})` : "",
    worstRatio: Math.max(...outcomes.map((o) => o.elapsedMs / o.timeoutMs)),
  };
}

interface Target {
  name: string;
  met: boolean;
  detail: string;
}

/** What one run measured, for its targets and its table. */
interface CoreRun {
  engine: Awaited<ReturnType<typeof engineBench>>;
  rows: ListRow[];
  paint: PaintRun[] | undefined;
  faults: FaultMatrixRun;
  lookalike: ReturnType<typeof lookalikeBench>;
}

function targets({ engine, rows, paint, faults, lookalike }: CoreRun): Target[] {
  const at = (people: number, latencyMs: number): ListRow => {
    const row = rows.find((r) => r.people === people && r.latencyMs === latencyMs);
    if (!row) throw new Error(`no row for ${people} at ${latencyMs} ms`);
    return row;
  };
  const requests = new Set(rows.map((r) => r.checkRequests));
  const out: Target[] = [
    { name: "engine: 1,000 direct recipients under 50 ms", met: engine.medianElapsedMs < 50, detail: `${round(engine.medianElapsedMs)} ms median` },
    { name: "requests per check constant in list size and ≤ 3", met: requests.size === 1 && Math.max(...requests) <= 3, detail: `${[...requests].join(", ")} request(s)` },
  ];
  for (const latencyMs of LATENCIES) {
    const ratio = at(840_000, latencyMs).checkMedianMs / at(10, latencyMs).checkMedianMs;
    out.push({ name: `840,000 check within 1.2× the 10-person check (${latencyMs} ms latency)`, met: ratio <= 1.2, detail: `${round(ratio, 2)}×` });
  }
  const fewer = at(840_000, 0).pagingRequests / at(840_000, 0).checkRequests;
  out.push({ name: "≥ 280× fewer requests than paging at 840,000", met: fewer >= 280, detail: `${round(fewer)}×` });
  out.push({
    name: "look-alike classification of one domain under 0.1 ms",
    met: lookalike.medianMicroseconds < 100,
    detail: `${round(lookalike.medianMicroseconds)} µs median = ${round(lookalike.medianMicroseconds / 100, 2)} of the budget`,
  });
  const cold = Math.max(...rows.filter((r) => r.latencyMs === 50).map((r) => r.checkMedianMs));
  out.push({ name: "cold check at 50 ms latency under 3 round trips (150 ms)", met: cold < 150, detail: `${round(cold)} ms worst median = ${round(cold / 50, 2)} round trips` });
  out.push({ name: "fault matrix: never weaker than fault-free or directoryFailure", met: faults.broken === 0, detail: `${faults.verdicts - faults.broken} of ${faults.verdicts} verdicts hold` });
  out.push({
    name: "fault matrix: no check answers past its deadline",
    met: faults.worstOverrunMs <= 0,
    detail: `worst overrun ${Math.round(faults.worstOverrunMs)} ms, ${round(faults.worstRatio, 2)}× timeoutMs at most`,
  });
  if (paint) {
    const useful = median(paint.map((p) => p.firstUsefulPaintMs));
    out.push({ name: "task pane first useful paint under 1 s", met: useful < 1000, detail: `${Math.round(useful)} ms median = ${round(useful / 1000, 2)} of the budget` });
  }
  return out;
}

function table({ engine, rows, paint, faults, lookalike }: CoreRun, results: Target[]): string {
  const lines = [
    `Engine: guard check on ${engine.recipients.toLocaleString("en-US")} direct recipients: median stats.elapsedMs ${round(engine.medianElapsedMs)} ms over ${engine.runs} runs`,
    `Look-alikes: ${lookalike.domains.toLocaleString("en-US")} corpus domains against 5 protected ones: median ${round(lookalike.medianMicroseconds)} µs per domain over ${lookalike.runs} runs`,
    "",
    "| people | latency | check requests | check median | paging requests | paging time | requests saved |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.people.toLocaleString("en-US")} | ${r.latencyMs} ms | ${r.checkRequests} | ${round(r.checkMedianMs)} ms | ${r.pagingRequests.toLocaleString("en-US")} | ${r.pagingMeasured ? "" : "≈ "}${Math.round(r.pagingMs).toLocaleString("en-US")} ms${r.pagingMeasured ? "" : " (computed)"} | ${round(r.pagingRequests / r.checkRequests)}× |`,
    ),
    "",
    ...(paint
      ? [
          `Task pane in headless Chromium (simulator, demo reply-all to 840,000), ${paint.length} runs, first cold:`,
          `  first contentful paint ${paint.map((p) => Math.round(p.firstContentfulPaintMs)).join(", ")} ms`,
          `  first useful paint     ${paint.map((p) => Math.round(p.firstUsefulPaintMs)).join(", ")} ms (verdict and people reached on screen)`,
          "",
        ]
      : []),
    `Fault matrix: ${faults.cases} cases (scenario × endpoint × fault or refused permission, timeoutMs 500–10,000) × 3 directoryFailure = ${faults.verdicts} verdicts;`,
    `  worst deadline overrun ${Math.round(faults.worstOverrunMs)} ms: ${faults.worstOverrunCase}`,
    "",
    ...results.map((t) => `${t.met ? "met " : "MISS"}  ${t.name}: ${t.detail}`),
  ];
  return lines.join("\n");
}

/** `--json`, `--no-browser` and `--no-clients`, by `node:util`'s `parseArgs`; anything else is refused (exit 2). */
function readArgs(argv: readonly string[]): { json: boolean; browser: boolean; clientsToo: boolean } {
  try {
    const options = { json: { type: "boolean" }, "no-browser": { type: "boolean" }, "no-clients": { type: "boolean" } } as const;
    const { values } = parseArgs({ args: [...argv], options, strict: true });
    return { json: values.json === true, browser: values["no-browser"] !== true, clientsToo: values["no-clients"] !== true };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: npm run bench -- [--json] [--no-browser] [--no-clients]\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { json, browser, clientsToo } = readArgs(process.argv.slice(2));
  const engine = await engineBench();
  const lookalike = lookalikeBench();
  const rows = await listBench();
  const paint = browser ? await measureTaskPanePaint(7) : undefined;
  const faults = await faultMatrixBench();
  const run: CoreRun = { engine, rows, paint, faults, lookalike };
  const tenantScale = await tenantScaleBench();
  let clients: Awaited<ReturnType<typeof clientBench>> | undefined;
  if (clientsToo) {
    await ensureBuilt();
    clients = await clientBench();
  }
  const results = [...targets(run), ...tenantScaleTargets(tenantScale), ...(clients ? clientTargets(clients) : [])];
  if (json) {
    const report = { engine, lookalike, lists: rows, taskPanePaint: paint, faultMatrix: faults, tenantScale, clients: clients?.rows, targets: results };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const clientPart = clients ? `${clientTable(clients)}\n\n` : "";
    process.stdout.write(`${clientPart}${tenantScaleTable(tenantScale)}\n\n${table(run, results)}\n`);
  }
  if (results.some((t) => !t.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
