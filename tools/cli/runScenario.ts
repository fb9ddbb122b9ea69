import { verdictToJson } from "../../src/core/verdictJson";
import { checkMessage } from "../../src/directory/checkMessage";
import { GraphDirectory } from "../../src/directory/GraphDirectory";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import type { Scenario } from "../scenario/scenario";

/**
 * Runs the real pipeline on a scenario: the fake Graph server on a loopback port, loaded with the
 * scenario's directory and network, the real Graph adapter pointed at it, the real evaluation.
 * `stats.graphRequests` and `stats.graphResourceUnits` are the server's own accounting.
 */
export async function runScenario(scenario: Scenario, options: { locale?: string } = {}): Promise<Record<string, unknown>> {
  const server = await startFakeGraph({
    ...(scenario.directory ? { directory: scenario.directory } : {}),
    ...(scenario.network ? { network: scenario.network } : {}),
  });
  try {
    const { policy } = scenario;
    const directory = new GraphDirectory({
      baseUrl: server.url,
      tokenProvider: new StaticTokenProvider("scenario-token"),
      mailTips: policy.directory.mailTips,
      groupCounts: policy.directory.groupCounts,
      externalMemberBudget: policy.directory.externalMemberBudget,
    });
    const result = await checkMessage({ message: scenario.message, policy, directory, ...(options.locale ? { locale: options.locale } : {}) });
    return verdictToJson(result.verdict, { graphRequests: server.requestCount, graphResourceUnits: server.resourceUnits, elapsedMs: result.elapsedMs });
  } finally {
    await server.close();
  }
}
