import { verdictToJson } from "../../src/core/verdictJson";
import { checkMessage } from "../../src/directory/checkMessage";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { DEFAULT_INDEX_MAX_AGE_HOURS } from "../../src/core/policy";
import { withListIndex } from "../../src/directory/listIndex/withListIndex";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import { serveIndex, type IndexServer } from "../index/serveIndex";
import type { Scenario } from "../scenario/scenario";

/**
 * Runs the real pipeline on a scenario: the fake Graph server on a loopback port, loaded with the
 * scenario's directory and network, the real Graph adapter pointed at it, the real evaluation.
 * `stats.graphRequests` and `stats.graphResourceUnits` are the server's own accounting. With `indexDir`, a published list index is served
 * over loopback HTTP, as from the add-in's origin, and consulted before Graph (the policy's
 * `directory.index.maxAgeHours` applies; its URL is replaced by the loopback one).
 */
export async function runScenario(scenario: Scenario, options: { locale?: string; indexDir?: string } = {}): Promise<Record<string, unknown>> {
  const indexServer: IndexServer | undefined = options.indexDir !== undefined ? await serveIndex(options.indexDir) : undefined;
  const server = await startFakeGraph({
    ...(scenario.directory ? { directory: scenario.directory } : {}),
    ...(scenario.network ? { network: scenario.network } : {}),
  });
  try {
    const { policy } = scenario;
    const graph = new GraphDirectory({
      baseUrl: server.url,
      tokenProvider: new StaticTokenProvider("scenario-token"),
      mailTips: policy.directory.mailTips,
      groupCounts: policy.directory.groupCounts,
      externalMemberBudget: policy.directory.externalMemberBudget,
    });
    const directory = indexServer
      ? withListIndex(graph, { url: indexServer.url, maxAgeHours: policy.directory.index?.maxAgeHours ?? DEFAULT_INDEX_MAX_AGE_HOURS }, { addinBaseUrl: indexServer.url })
      : graph;
    const result = await checkMessage({ message: scenario.message, policy, directory, ...(options.locale ? { locale: options.locale } : {}) });
    return verdictToJson(result.verdict, { graphRequests: server.requestCount, graphResourceUnits: server.resourceUnits, elapsedMs: result.elapsedMs });
  } finally {
    await server.close();
    await indexServer?.close();
  }
}
