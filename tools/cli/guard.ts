#!/usr/bin/env node
/**
 * `guard`: check a scenario, validate a policy, print the policy JSON Schema (CONTRACT.md §2).
 * Exit 0 when the command did its job (whatever the verdict), 2 when its input is invalid.
 */
import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { formatPolicyProblems, policyJsonSchema, validatePolicy } from "../../src/core/policy";
import type { PolicyProblem } from "../../src/core/policy";
import { runScenario } from "./runScenario";
import { loadScenario } from "../scenario/scenario";
import { INDEX_USAGE, IndexUsageError, indexBuild } from "./indexCommand";

const USAGE = `Usage:
  guard check FILE [--locale TAG] [--index DIR]
                                    evaluate a scenario file; prints one JSON verdict
                                    (--index: consult a published list index first)
${INDEX_USAGE}
  guard policy validate FILE        validate a policy file
  guard policy schema               print the policy JSON Schema`;

class UsageError extends Error {}

function fail(problems: readonly PolicyProblem[], what: string): number {
  process.stderr.write(`${what} is invalid:\n${formatPolicyProblems(problems)}\n`);
  return 2;
}

/**
 * One subcommand's arguments, by `node:util`'s `parseArgs` (strict: an unknown option or a missing
 * value is a usage error). Options may come before or after the positionals.
 */
function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `check`'s options. */
const CHECK_OPTIONS = { locale: { type: "string" }, index: { type: "string" } } as const;

async function check(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, CHECK_OPTIONS);
  const locale = values.locale;
  const indexDir = values.index;
  const [file, ...rest] = positionals;
  if (!file || rest.length > 0) throw new UsageError("check takes exactly one FILE");
  const parsed = await loadScenario(file);
  if (!parsed.ok) return fail(parsed.problems, file);
  const output = await runScenario(parsed.scenario, { ...(locale ? { locale } : {}), ...(indexDir !== undefined ? { indexDir } : {}) });
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

async function validate(args: readonly string[]): Promise<number> {
  const [file, ...rest] = parse(args, {}).positionals;
  if (!file || rest.length > 0) throw new UsageError("policy validate takes exactly one FILE");
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    return fail([{ path: "", message: (error as Error).message }], file);
  }
  const result = validatePolicy(input);
  if (!result.ok) return fail(result.problems, file);
  process.stdout.write(`${file}: valid\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === "check") return await check(args);
    if (command === "index" && args[0] === "build") return await indexBuild(args.slice(1));
    if (command === "policy" && args[0] === "validate") return await validate(args.slice(1));
    if (command === "policy" && args[0] === "schema") {
      if (parse(args.slice(1), {}).positionals.length > 0) throw new UsageError("policy schema takes no FILE");
      process.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
      return 0;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    throw new UsageError(command ? `unknown command: ${[command, ...args].join(" ")}` : "no command given");
  } catch (error) {
    if (error instanceof UsageError || error instanceof IndexUsageError) {
      process.stderr.write(`guard: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`guard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
