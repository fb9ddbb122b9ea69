/**
 * `npm run bench`: measures the check's cost against the fake Graph server on loopback.
 *
 *  1. The engine alone: `guard check` on 1,000 direct recipients (no lists), `stats.elapsedMs`.
 *  2. One list of 10 … 840,000 people at 0 and 50 ms of injected latency: Graph requests and the
 *     median time of a cold check, next to naive full paging of `transitiveMembers`.
 *  3. The task pane's first useful paint in headless Chromium, in the simulator (`--no-browser` skips it).
 *  4. Tenant scale (./tenantScale.ts): Graph resource units per Send, the Sends per second the
 *     tenant's budget sustains, and a day in an 840,000-user tenant, with and without the list index.
 *
 * Prints a table, or JSON with `--json`. Targets are checked and reported; the exit status is 1 when
 * one is missed. Times are wall-clock on this machine: compare ratios within one run, not across runs.
 */
import { checkMessage } from "../../src/directory/checkMessage";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { validatePolicy } from "../../src/core/policy";
import type { Policy } from "../../src/core/policy";
import type { MessageSnapshot, RecipientInput } from "../../src/core/types";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import type { FakeGraphServer } from "../fake-graph/FakeGraphServer";
import { runScenario } from "../cli/runScenario";
import type { PaintRun } from "./paint";
import { measureTaskPanePaint } from "./paint";
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
    recipientType: i % 10 === 0 ? "externalUser" : "user",
  }));
  const scenario = { policy: policyOf({}), message: { composeType: "new" as const, from: "megan@contoso.com", to, cc: [], bcc: [] } };
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const out = (await runScenario(scenario)) as { stats: { elapsedMs: number } };
    times.push(out.stats.elapsedMs);
  }
  return { recipients: 1_000, medianElapsedMs: median(times), runs: times.length };
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
  const policy = policyOf({ directory: { graphBaseUrl: "http://127.0.0.1:1/v1.0" } });
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

interface Target {
  name: string;
  met: boolean;
  detail: string;
}

function targets(engine: Awaited<ReturnType<typeof engineBench>>, rows: ListRow[], paint: PaintRun[] | undefined): Target[] {
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
  const cold = Math.max(...rows.filter((r) => r.latencyMs === 50).map((r) => r.checkMedianMs));
  out.push({ name: "cold check at 50 ms latency under 3 round trips (150 ms)", met: cold < 150, detail: `${round(cold)} ms worst median = ${round(cold / 50, 2)} round trips` });
  if (paint) {
    const useful = median(paint.map((p) => p.firstUsefulPaintMs));
    out.push({ name: "task pane first useful paint under 1 s", met: useful < 1000, detail: `${Math.round(useful)} ms median = ${round(useful / 1000, 2)} of the budget` });
  }
  return out;
}

function table(engine: Awaited<ReturnType<typeof engineBench>>, rows: ListRow[], paint: PaintRun[] | undefined, results: Target[]): string {
  const lines = [
    `Engine: guard check on ${engine.recipients.toLocaleString("en-US")} direct recipients: median stats.elapsedMs ${round(engine.medianElapsedMs)} ms over ${engine.runs} runs`,
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
    ...results.map((t) => `${t.met ? "met " : "MISS"}  ${t.name}: ${t.detail}`),
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const engine = await engineBench();
  const rows = await listBench();
  const paint = process.argv.includes("--no-browser") ? undefined : await measureTaskPanePaint(7);
  const tenantScale = await tenantScaleBench();
  const results = [...targets(engine, rows, paint), ...tenantScaleTargets(tenantScale)];
  if (json) process.stdout.write(`${JSON.stringify({ engine, lists: rows, taskPanePaint: paint, tenantScale, targets: results }, null, 2)}\n`);
  else process.stdout.write(`${table(engine, rows, paint, results)}\n\n${tenantScaleTable(tenantScale)}\n`);
  if (results.some((t) => !t.met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
