/**
 * Tenant scale (`npm run bench`, section "Tenant scale"): what Sends cost against the tenant's
 * shared Graph budget, and whether a large tenant's day fits in it, with and without the tenant list
 * index.
 *
 * Microsoft Graph throttles the identity service per application and tenant in resource units: a
 * large tenant has 8,000 units per 10 seconds, shared by every copy of the add-in (concepts/
 * throttling-limits.md in microsoftgraph/microsoft-graph-docs-contrib, "Identity and access service
 * limits": application+tenant pair L 8,000 per 10 seconds; `GET groups/{id}/transitiveMembers` 5, any
 * identity path not listed 1, `$select` −1, never below 1). The units are the fake Graph server's
 * accounting of exactly that table (tools/fake-graph/throttling.ts), for the real pipeline's requests.
 * Mail tips go to the Outlook service, not this budget.
 *
 * The recipients-changed prefetch is measured through the real ExpansionCache over an in-memory
 * `item.sessionData`, a fresh adapter per event where the client starts a runtime per event; the
 * person's list cache through the real RememberingDirectory over an in-memory client storage.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkMessage } from "../../src/directory/checkMessage";
import { CachingDirectory } from "../../src/directory/CachingDirectory";
import type { Directory } from "../../src/directory/Directory";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { withListIndex } from "../../src/directory/listIndex/withListIndex";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { validatePolicy, type Policy } from "../../src/core/policy";
import type { ListExpansion, MessageSnapshot } from "../../src/core/types";
import { countPlan } from "../../src/directory/countPlan";
import { RememberingDirectory, type ListSizeStore } from "../../src/directory/RememberingDirectory";
import { ExpansionCache, carryLists } from "../../src/office/ExpansionCache";
import { recipientDigest } from "../../src/office/recipientDigest";
import { startFakeGraph, type FakeGraphServer } from "../fake-graph/FakeGraphServer";
import { DEFAULT_RESOURCE_UNIT_BUDGET, RESOURCE_UNIT_WINDOW_MS } from "../fake-graph/throttling";
import { buildListIndex } from "../index/buildListIndex";
import { serveIndex } from "../index/serveIndex";

const LIST_COUNTS = [1, 3, 10] as const;
const PEOPLE_PER_LIST = 5_000;

/** The day being modelled. Every number is an assumption, printed beside the result. */
export const DAY_ASSUMPTIONS = Object.freeze({
  tenantUsers: 840_000,
  /** Messages a person sends on a working day. */
  sendsPerPersonPerDay: 20,
  /** Share of Sends addressed to at least one list (or an address that may be one). */
  shareWithLists: 0.2,
  /** Share of the day's Sends in its busiest hour (mornings: ~8 working hours, front-loaded). */
  peakHourShare: 0.12,
  /** How list Sends split by number of lists: one, three, ten. */
  listMix: { 1: 0.75, 3: 0.2, 10: 0.05 },
  /** With the index: share of looked-up lists it lacks or holds past maxAgeHours (new lists, dynamic lists, aliases added since the last run). */
  indexMissRate: 0.02,
  /** Lists in the tenant, for the job's cost. */
  tenantLists: 30_000,
  /**
   * Share of list Sends whose every list the sender already sized within `directory.listCacheHours`
   * (24 h) on the same client: the team list, the ward, the department, written to day after day.
   */
  repeatListShare: 0.5,
});

export interface SendCost {
  lists: number;
  /** Units of a Send with a fresh adapter (no remembered group ids): the first Send of a session. */
  cold: number;
  /** Units of a Send after the group ids are remembered. */
  warm: number;
  /** Graph requests of the cold and the warm Send (`$batch` counts once), beside their units. */
  requests: { cold: number; warm: number };
  /**
   * Units of a Send whose lists were looked up as they were added (recipients-changed, one event per
   * list added), in one runtime that keeps its cache; the Send itself then asks nothing.
   */
  prefetchedShared: number;
  /**
   * The same when every event starts a new runtime (classic Outlook): only `item.sessionData` survives,
   * where the prefetch keeps lists by address, so each event asks for the list it adds; Send included.
   */
  prefetchedPerEvent: number;
  /** A second message to the same lists in the same runtime (web, new Outlook, Mac), with the person's list cache. */
  secondMessage: number;
  /** A second message to the same lists after a restart of classic Outlook, which keeps the list cache in its storage. */
  afterRestart: number;
  /** A cold Send under a policy whose countPlan spares the outsiders' count (external allowed, nothing blocked, look-alikes allowed). */
  coldSpared: number;
  /** Units of the same Send with the list index. */
  indexed: number;
  /** Sends per second the budget sustains, per measurement (Infinity when a Send costs nothing). */
  sustainedPerSecond: { cold: number; warm: number; prefetchedShared: number; prefetchedPerEvent: number; indexed: number };
}

export interface DayModel {
  assumptions: typeof DAY_ASSUMPTIONS;
  peakSendsPerSecond: number;
  peakListSendsPerSecond: number;
  /** Units a list Send costs on average, by the mix, without the index (runtime per event: the worst measured). */
  unitsPerListSendWithout: number;
  /** The same when one runtime keeps its cache across the recipients-changed events and the Send (the best measured). */
  unitsPerListSendWithoutShared: number;
  peakUnitsPer10sWithoutShared: number;
  /** Runtime per event, with the person's list cache answering `repeatListShare` of list Sends. */
  unitsPerListSendWithPersonCache: number;
  peakUnitsPer10sWithPersonCache: number;
  dayUnitsWithPersonCache: number;
  unitsPerListSendWith: number;
  /** Units asked per 10-second window at the peak, and that as a share of the budget. */
  peakUnitsPer10sWithout: number;
  peakUnitsPer10sWith: number;
  budgetPer10s: number;
  dayUnitsWithout: number;
  dayUnitsWith: number;
  /** The index job's own cost for a full run over `tenantLists` (its own application's budget). */
  jobUnitsPerList: number;
  jobFullRunUnits: number;
  jobFullRunMinutesAtBudget: number;
}

export interface TenantScaleResult {
  budgetPer10s: number;
  sends: SendCost[];
  day: DayModel;
  job: { lists: number; graphRequests: number; graphResourceUnits: number; incrementalResourceUnits: number };
}

function policyOf(input: Record<string, unknown>): Policy {
  const result = validatePolicy(input);
  if (!result.ok) throw new Error("bench policy invalid");
  return result.policy;
}

function listAddress(i: number): string {
  return `list${i}@contoso.com`;
}

function messageTo(lists: number): MessageSnapshot {
  return {
    composeType: "new",
    from: "megan@contoso.com",
    to: Array.from({ length: lists }, (_, i) => ({ emailAddress: listAddress(i), displayName: `List ${i}`, recipientType: "distributionList" as const })),
    cc: [],
    bcc: [],
  };
}

async function unitsOf(server: FakeGraphServer, run: () => Promise<unknown>): Promise<number> {
  return (await costOf(server, run)).units;
}

async function costOf(server: FakeGraphServer, run: () => Promise<unknown>): Promise<{ units: number; requests: number }> {
  server.resetRequestCount();
  await run();
  return { units: server.resourceUnits, requests: server.requestCount };
}

async function send(directory: Directory, policy: Policy, message: MessageSnapshot, known?: readonly ListExpansion[]): Promise<ListExpansion[]> {
  const result = await checkMessage({ message, policy, directory, ...(known ? { known } : {}) });
  if (result.directoryFailure) throw new Error(`check failed: ${result.directoryFailure}`);
  return result.lists;
}

/** `item.sessionData` of one compose window, as the prefetch reads and writes it. */
function sessionData(): ExpansionCache {
  const data = new Map<string, string>();
  return new ExpansionCache({
    mailbox: {
      getSessionData: (key) => Promise.resolve(data.get(key)),
      setSessionData: (key, value) => {
        data.set(key, value);
        return Promise.resolve();
      },
    },
  });
}

/** One event of the launch-event handlers: the prefetch entry read by address, the check, what it learned saved. */
async function prefetchEvent(cache: ExpansionCache, directory: Directory, policy: Policy, message: MessageSnapshot): Promise<void> {
  const digest = recipientDigest(message);
  const held = await cache.readFor(digest);
  const lists = await send(directory, policy, message, held.lists);
  await cache.write({ digest, savedAt: Date.now(), ...carryLists(held, lists) });
}

/** The client's storage (OfficeRuntime.storage), kept by the client across runtimes. */
function clientStorage(): ListSizeStore {
  let text: string | undefined;
  return {
    load: () => Promise.resolve(text),
    save: (value) => {
      text = value;
      return Promise.resolve();
    },
  };
}

const DAY_MS = 24 * 3_600_000;
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Measures every Send shape on one tenant of ten lists of PEOPLE_PER_LIST people, without and with the index. */
export async function tenantScaleBench(): Promise<TenantScaleResult> {
  const server = await startFakeGraph({
    directory: {
      tenantDomains: ["contoso.com"],
      groups: Array.from({ length: 10 }, (_, i) => ({
        mail: listAddress(i),
        displayName: `List ${i}`,
        generate: [{ pattern: `staff{n}@contoso.com`, from: i * PEOPLE_PER_LIST + 1, count: PEOPLE_PER_LIST }],
      })),
    },
    // The bench measures cost, not throttling: the quota is lifted so nothing is refused mid-run.
    network: { resourceUnitBudget: 1_000_000 },
  });
  const folder = await mkdtemp(join(tmpdir(), "guard-bench-index-"));
  try {
    const policy = policyOf({});
    // Nothing about outsiders can fire: countPlan spares their count.
    const sparing = policyOf({ external: "allow", blockedDomains: [], lookalike: "allow" });
    if (countPlan(sparing).outsiders) throw new Error("bench policy does not spare outsiders");
    const graph = (): GraphDirectory => new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider("bench") });

    server.resetRequestCount();
    const built = await buildListIndex({ graphBaseUrl: server.url, tokenProvider: new StaticTokenProvider("job"), outDir: join(folder, "index"), statePath: join(folder, "state.json") });
    const jobUnits = server.resourceUnits;
    const jobRequests = server.requestCount;
    server.resetRequestCount();
    await buildListIndex({ graphBaseUrl: server.url, tokenProvider: new StaticTokenProvider("job"), outDir: join(folder, "index"), statePath: join(folder, "state.json") });
    const incrementalUnits = server.resourceUnits;
    const host = await serveIndex(join(folder, "index"));

    const sends: SendCost[] = [];
    try {
      for (const lists of LIST_COUNTS) {
        const message = messageTo(lists);
        const coldCost = await costOf(server, () => send(graph(), policy, message));
        const warmDirectory = graph();
        await send(warmDirectory, policy, message);
        const warmCost = await costOf(server, () => send(warmDirectory, policy, message));
        const cold = coldCost.units;
        const warm = warmCost.units;
        const shared = new CachingDirectory({ directory: graph() });
        const prefetchedShared = await unitsOf(server, async () => {
          for (let k = 1; k <= lists; k++) await send(shared, policy, messageTo(k));
          await send(shared, policy, message);
        });
        const prefetchedPerEvent = await unitsOf(server, async () => {
          const cache = sessionData();
          for (let k = 1; k <= lists; k++) await prefetchEvent(cache, graph(), policy, messageTo(k));
          await prefetchEvent(cache, graph(), policy, message);
        });
        // The person's list cache: a first message sizes the lists; the second, to the same lists, asks nothing.
        const oneRuntime = new RememberingDirectory({ directory: graph(), ttlMs: DAY_MS });
        await send(oneRuntime, policy, message);
        const secondMessage = await unitsOf(server, () => send(oneRuntime, policy, message));
        const storage = clientStorage();
        await send(new RememberingDirectory({ directory: graph(), store: storage, ttlMs: DAY_MS }), policy, message);
        await settle();
        const afterRestart = await unitsOf(server, () => send(new RememberingDirectory({ directory: graph(), store: storage, ttlMs: DAY_MS }), policy, message));
        const coldSpared = await unitsOf(server, () =>
          send(new GraphDirectory({ baseUrl: server.url, tokenProvider: new StaticTokenProvider("bench"), countOutsiders: countPlan(sparing).outsiders }), sparing, message),
        );
        const indexedDirectory = withListIndex(graph(), { url: host.url, maxAgeHours: 24 }, { addinBaseUrl: host.url });
        const indexed = await unitsOf(server, () => send(indexedDirectory, policy, message));
        const perSecond = (units: number): number => (units === 0 ? Number.POSITIVE_INFINITY : DEFAULT_RESOURCE_UNIT_BUDGET / (RESOURCE_UNIT_WINDOW_MS / 1000) / units);
        sends.push({
          lists,
          cold,
          warm,
          requests: { cold: coldCost.requests, warm: warmCost.requests },
          prefetchedShared,
          prefetchedPerEvent,
          secondMessage,
          afterRestart,
          coldSpared,
          indexed,
          sustainedPerSecond: {
            cold: perSecond(cold),
            warm: perSecond(warm),
            prefetchedShared: perSecond(prefetchedShared),
            prefetchedPerEvent: perSecond(prefetchedPerEvent),
            indexed: perSecond(indexed),
          },
        });
      }
    } finally {
      await host.close();
    }
    return {
      budgetPer10s: DEFAULT_RESOURCE_UNIT_BUDGET,
      sends,
      day: dayModel(sends, built.lists > 0 ? jobUnits / built.lists : 0),
      job: { lists: built.lists, graphRequests: jobRequests, graphResourceUnits: jobUnits, incrementalResourceUnits: incrementalUnits },
    };
  } finally {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The day of DAY_ASSUMPTIONS, priced with the measured units. */
export function dayModel(sends: readonly SendCost[], jobUnitsPerList: number): DayModel {
  const a = DAY_ASSUMPTIONS;
  const daySends = a.tenantUsers * a.sendsPerPersonPerDay;
  const peakSendsPerSecond = (daySends * a.peakHourShare) / 3600;
  const peakListSendsPerSecond = peakSendsPerSecond * a.shareWithLists;
  const mix = (pick: (s: SendCost) => number): number =>
    sends.reduce((sum, s) => sum + (a.listMix[s.lists as (typeof LIST_COUNTS)[number]] ?? 0) * pick(s), 0);
  // Without the index, the worst measured shape: every recipients-changed event in a new runtime.
  const unitsPerListSendWithout = mix((s) => Math.max(s.prefetchedPerEvent, s.cold));
  const unitsPerListSendWithoutShared = mix((s) => s.prefetchedShared);
  // With the person's cache, repeated Sends cost what a second message measured; the rest, the worst shape.
  const unitsPerListSendWithPersonCache = mix((s) => (1 - a.repeatListShare) * Math.max(s.prefetchedPerEvent, s.cold) + a.repeatListShare * Math.max(s.secondMessage, s.afterRestart));
  // With it, only the lists it lacks reach Graph, each at a cold Send's price.
  const unitsPerListSendWith = mix((s) => s.indexed + a.indexMissRate * Math.max(s.prefetchedPerEvent, s.cold));
  const windowSeconds = RESOURCE_UNIT_WINDOW_MS / 1000;
  const dayListSends = daySends * a.shareWithLists;
  const jobFullRunUnits = jobUnitsPerList * a.tenantLists;
  return {
    assumptions: a,
    peakSendsPerSecond,
    peakListSendsPerSecond,
    unitsPerListSendWithout,
    unitsPerListSendWithoutShared,
    peakUnitsPer10sWithoutShared: peakListSendsPerSecond * unitsPerListSendWithoutShared * windowSeconds,
    unitsPerListSendWithPersonCache,
    peakUnitsPer10sWithPersonCache: peakListSendsPerSecond * unitsPerListSendWithPersonCache * windowSeconds,
    dayUnitsWithPersonCache: dayListSends * unitsPerListSendWithPersonCache,
    unitsPerListSendWith,
    peakUnitsPer10sWithout: peakListSendsPerSecond * unitsPerListSendWithout * windowSeconds,
    peakUnitsPer10sWith: peakListSendsPerSecond * unitsPerListSendWith * windowSeconds,
    budgetPer10s: DEFAULT_RESOURCE_UNIT_BUDGET,
    dayUnitsWithout: dayListSends * unitsPerListSendWithout,
    dayUnitsWith: dayListSends * unitsPerListSendWith,
    jobUnitsPerList,
    jobFullRunUnits,
    jobFullRunMinutesAtBudget: jobFullRunUnits / DEFAULT_RESOURCE_UNIT_BUDGET / (60 / windowSeconds),
  };
}

/** Whether the day fits: without the index it may not (that is the finding); with it, it must. */
export function tenantScaleTargets(result: TenantScaleResult): { name: string; met: boolean; detail: string }[] {
  const { day } = result;
  const indexFree = result.sends.every((s) => s.indexed === 0);
  const perEventNearShared = result.sends.every((s) => s.prefetchedPerEvent <= s.prefetchedShared);
  const cacheFree = result.sends.every((s) => s.secondMessage === 0 && s.afterRestart === 0);
  return [
    {
      name: "a runtime per event prefetches for no more than one runtime does",
      met: perEventNearShared,
      detail: result.sends.map((s) => `${s.lists} list(s): ${s.prefetchedPerEvent} vs ${s.prefetchedShared}`).join(", "),
    },
    {
      name: "a second message to the same lists within listCacheHours costs 0 Graph units, after a classic restart too",
      met: cacheFree,
      detail: result.sends.map((s) => `${s.lists} list(s): ${s.secondMessage} / ${s.afterRestart}`).join(", "),
    },
    { name: "with the index, a Send whose lists are all indexed costs 0 Graph units", met: indexFree, detail: result.sends.map((s) => `${s.lists} list(s): ${s.indexed}`).join(", ") },
    {
      name: "with the index, the 840,000-user peak fits the tenant's budget",
      met: day.peakUnitsPer10sWith <= day.budgetPer10s,
      detail: `${Math.round(day.peakUnitsPer10sWith).toLocaleString("en-US")} of ${day.budgetPer10s.toLocaleString("en-US")} units per 10 s (${pct(day.peakUnitsPer10sWith / day.budgetPer10s)})`,
    },
  ];
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
const rate = (x: number): string => (Number.isFinite(x) ? (Math.round(x * 10) / 10).toLocaleString("en-US") : "not limited by Graph");

export function tenantScaleTable(result: TenantScaleResult): string {
  const { day } = result;
  const a = day.assumptions;
  const n = (x: number): string => Math.round(x).toLocaleString("en-US");
  return [
    `Tenant scale: Graph identity budget ${n(result.budgetPer10s)} resource units per 10 s per application and tenant (large tenant), shared by every copy of the add-in`,
    "",
    "| lists | cold (requests) | warm (requests) | prefetched, one runtime | prefetched, runtime per event | 2nd message, same lists | 2nd after classic restart | cold, outsiders spared | with index | Sends/s: cold | warm | prefetched (per event) | with index |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.sends.map(
      (s) =>
        `| ${s.lists} | ${s.cold} (${s.requests.cold}) | ${s.warm} (${s.requests.warm}) | ${s.prefetchedShared} | ${s.prefetchedPerEvent} | ${s.secondMessage} | ${s.afterRestart} | ${s.coldSpared} | ${s.indexed} | ${rate(s.sustainedPerSecond.cold)} | ${rate(s.sustainedPerSecond.warm)} | ${rate(s.sustainedPerSecond.prefetchedPerEvent)} | ${rate(s.sustainedPerSecond.indexed)} |`,
    ),
    "(units per Send; prefetched = the recipients-changed events adding one list each, then the Send; 2nd message = the person's list cache within directory.listCacheHours;",
    " outsiders spared = a policy under which no outsider rule can fire (countPlan); Sends/s = 800 units per second ÷ units per Send)",
    "",
    `A day in a ${n(a.tenantUsers)}-user tenant (assumed: ${a.sendsPerPersonPerDay} Sends per person per day, ${pct(a.shareWithLists)} with lists, ${pct(a.peakHourShare)} of the day in the peak hour,`,
    `  lists per list Send 1/3/10 = ${pct(a.listMix[1])}/${pct(a.listMix[3])}/${pct(a.listMix[10])}, index misses ${pct(a.indexMissRate)} of lists, ${pct(a.repeatListShare)} of list Sends to lists the sender sized within 24 h;`,
    "  Sends without lists cost no identity units)",
    `  peak: ${n(day.peakSendsPerSecond)} Sends/s, ${n(day.peakListSendsPerSecond)} with lists`,
    `  without the index, runtime per event: ${day.unitsPerListSendWithout.toFixed(1)} units per list Send → ${n(day.peakUnitsPer10sWithout)} units per 10 s at the peak = ${pct(day.peakUnitsPer10sWithout / day.budgetPer10s)} of the budget; ${n(day.dayUnitsWithout)} units in the day`,
    `  without the index, one runtime:       ${day.unitsPerListSendWithoutShared.toFixed(1)} units per list Send → ${n(day.peakUnitsPer10sWithoutShared)} units per 10 s at the peak = ${pct(day.peakUnitsPer10sWithoutShared / day.budgetPer10s)} of the budget`,
    `  without the index, person's cache:    ${day.unitsPerListSendWithPersonCache.toFixed(1)} units per list Send → ${n(day.peakUnitsPer10sWithPersonCache)} units per 10 s at the peak = ${pct(day.peakUnitsPer10sWithPersonCache / day.budgetPer10s)} of the budget; ${n(day.dayUnitsWithPersonCache)} units in the day`,
    `  with the index:                       ${day.unitsPerListSendWith.toFixed(2)} units per list Send → ${n(day.peakUnitsPer10sWith)} units per 10 s at the peak = ${pct(day.peakUnitsPer10sWith / day.budgetPer10s)} of the budget; ${n(day.dayUnitsWith)} units in the day`,
    `  the index job (its own application, its own budget): ${day.jobUnitsPerList.toFixed(1)} units per list on a full run → ${n(day.jobFullRunUnits)} units for ${n(a.tenantLists)} lists ≈ ${day.jobFullRunMinutesAtBudget.toFixed(1)} min at the full budget; measured here: ${n(result.job.graphResourceUnits)} units for ${result.job.lists} lists, ${n(result.job.incrementalResourceUnits)} for a run with no changes`,
  ].join("\n");
}
