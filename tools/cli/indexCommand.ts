import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { StaticTokenProvider } from "../../src/directory/StaticTokenProvider";
import type { TokenProvider } from "../../src/directory/Directory";
import { startFakeGraph } from "../fake-graph/FakeGraphServer";
import { buildListIndex, type BuildSummary } from "../index/buildListIndex";
import { MsalAppTokenProvider, type AppCredential } from "../index/MsalAppTokenProvider";
import { loadScenario } from "../scenario/scenario";
import { formatPolicyProblems } from "../../src/core/policy";

/**
 * `guard index build`: the tenant list index job (CONTRACT.md §7, docs/deploying.md).
 *
 *   guard index build FILE --out DIR [--state FILE] [--full]
 *       builds from a scenario's directory through the fake Graph server (as in tests and demos);
 *   guard index build --tenant ID --client-id ID (--certificate PEM --thumbprint SHA256 | --client-secret-env NAME)
 *                     --out DIR [--state FILE] [--full] [--graph URL] [--refresh-after-hours N]
 *       builds from a real tenant with an app-only token (MSAL for Node).
 *
 * Prints one JSON summary on stdout; progress goes to stderr. Returns the exit status.
 */

export const INDEX_USAGE = `  guard index build FILE --out DIR [--state FILE] [--full]
                                    build the tenant list index from a scenario's directory (fake Graph)
  guard index build --tenant ID --client-id ID (--certificate PEM --thumbprint HEX | --client-secret-env NAME)
                    --out DIR [--state FILE] [--full] [--graph URL] [--refresh-after-hours N]
                                    build it from a real tenant, with application permissions`;

export class IndexUsageError extends Error {}

function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new IndexUsageError(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function takeFlag(args: string[], name: string): boolean {
  const at = args.indexOf(name);
  if (at < 0) return false;
  args.splice(at, 1);
  return true;
}

/** The state file's default place: beside the published folder, never inside it. */
export function defaultStatePath(outDir: string): string {
  const absolute = resolve(outDir);
  return join(dirname(absolute), `${basename(absolute)}.state.json`);
}

const GRAPH_ROOTS = ["https://graph.microsoft.com/v1.0", "https://graph.microsoft.us/v1.0", "https://dod-graph.microsoft.us/v1.0", "https://microsoftgraph.chinacloudapi.cn/v1.0"];

export async function indexBuild(argv: readonly string[]): Promise<number> {
  const args = argv.slice();
  const out = takeOption(args, "--out");
  if (out === undefined) throw new IndexUsageError("index build needs --out DIR");
  const statePath = takeOption(args, "--state") ?? defaultStatePath(out);
  const full = takeFlag(args, "--full");
  const refreshText = takeOption(args, "--refresh-after-hours");
  const refreshAfterHours = refreshText === undefined ? undefined : Number(refreshText);
  if (refreshAfterHours !== undefined && !(Number.isFinite(refreshAfterHours) && refreshAfterHours > 0)) throw new IndexUsageError("--refresh-after-hours needs a number of hours > 0");
  const tenant = takeOption(args, "--tenant");
  const progress = (line: string): void => {
    process.stderr.write(`index: ${line}\n`);
  };
  const common = { outDir: out, statePath, full, progress, ...(refreshAfterHours !== undefined ? { refreshAfterHours } : {}) };

  if (tenant !== undefined) {
    const clientId = takeOption(args, "--client-id");
    const certificate = takeOption(args, "--certificate");
    const thumbprint = takeOption(args, "--thumbprint");
    const secretEnv = takeOption(args, "--client-secret-env");
    const graph = takeOption(args, "--graph") ?? GRAPH_ROOTS[0];
    if (args.length > 0) throw new IndexUsageError(`unexpected: ${args.join(" ")}`);
    if (clientId === undefined) throw new IndexUsageError("--tenant needs --client-id");
    if (!GRAPH_ROOTS.includes(graph as string)) throw new IndexUsageError(`--graph must be one of ${GRAPH_ROOTS.join(", ")}`);
    let credential: AppCredential;
    if (certificate !== undefined && thumbprint !== undefined && secretEnv === undefined) {
      credential = { kind: "certificate", privateKeyPem: await readFile(certificate, "utf8"), thumbprintSha256: thumbprint };
    } else if (secretEnv !== undefined && certificate === undefined) {
      const secret = process.env[secretEnv];
      if (!secret) throw new IndexUsageError(`the environment variable ${secretEnv} is empty`);
      credential = { kind: "secret", secret };
    } else {
      throw new IndexUsageError("give either --certificate PEM with --thumbprint HEX, or --client-secret-env NAME");
    }
    const graphBaseUrl = graph as string;
    const tokenProvider: TokenProvider = new MsalAppTokenProvider({ tenantId: tenant, clientId, credential, graphResource: new URL(graphBaseUrl).origin });
    const summary = await buildListIndex({ ...common, graphBaseUrl, tokenProvider });
    printSummary(summary);
    return summary.failed > 0 ? 1 : 0;
  }

  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new IndexUsageError("index build takes exactly one FILE (or --tenant …)");
  const parsed = await loadScenario(file);
  if (!parsed.ok) {
    process.stderr.write(`${file} is invalid:\n${formatPolicyProblems(parsed.problems)}\n`);
    return 2;
  }
  const { scenario } = parsed;
  const server = await startFakeGraph({
    ...(scenario.directory ? { directory: scenario.directory } : {}),
    ...(scenario.network ? { network: scenario.network } : {}),
  });
  try {
    const summary = await buildListIndex({ ...common, graphBaseUrl: server.url, tokenProvider: new StaticTokenProvider("index-job-token") });
    // The fake's own counts: what Graph would have seen and charged.
    printSummary({ ...summary, graphRequests: server.requestCount, graphResourceUnits: server.resourceUnits });
    return 0;
  } finally {
    await server.close();
  }
}

function printSummary(summary: BuildSummary): void {
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
