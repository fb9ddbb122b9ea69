import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { startFakeGraph } from "./FakeGraphServer";
import { DirectorySpecSchema, NetworkSpecSchema, formatIssue } from "./types";

/**
 * `tsx tools/fake-graph/main.ts FILE [--port N]` (`npm run fake-graph -- FILE`): serves a
 * scenario's `directory` and `network` on loopback, prints the Graph base URL on stdout, and runs
 * until SIGINT or SIGTERM. Exit 2 when the arguments or the scenario are invalid.
 */

const USAGE = "usage: tsx tools/fake-graph/main.ts SCENARIO.json [--port N]";

/** Only `directory` and `network` matter here; the rest of the scenario is the CLI's business. */
const ScenarioPart = z.looseObject({
  directory: DirectorySpecSchema.optional(),
  network: NetworkSpecSchema.optional(),
});

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(2);
}

/** The arguments, by `node:util`'s `parseArgs`: one scenario file, `--port N`, `--help`. */
function readArgs(argv: readonly string[]): { file: string; port: number } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { port: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail([(error as Error).message, USAGE]);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [file, ...rest] = parsed.positionals;
  if (rest.length > 0) fail([`unexpected argument: ${rest[0] ?? ""}`, USAGE]);
  if (file === undefined) fail([USAGE]);
  const portText = parsed.values.port ?? "0";
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) fail([`--port needs a number 0..65535`, USAGE]);
  return { file, port };
}

async function main(): Promise<void> {
  const { file, port } = readArgs(process.argv.slice(2));
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    fail([`${file}: ${(error as Error).message}`]);
  }
  const parsed = ScenarioPart.safeParse(document);
  if (!parsed.success) fail([`${file} is not a valid scenario:`, ...parsed.error.issues.map((issue) => `  ${formatIssue(issue)}`)]);

  const server = await startFakeGraph({ directory: parsed.data.directory, network: parsed.data.network, port });
  console.log(server.url);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
